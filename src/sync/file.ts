/**
 * A conference, or everything a device holds for its unit, as a file, and
 * back: how data moves with no network at all (a commune with no office
 * server, a tablet that cannot sync, a revoked device whose data must still
 * reach the office).
 *
 * The file is JSON (optionally gzip):
 *
 *   { "header": { app: 'doithoai', kind: 'export', format: 1, protocolVersion,
 *                 recordSchemaVersion, unitId, conferenceId?, exportedAt, deviceId },
 *     "body":   { "tables": { <table>: [stored record, …] },
 *                 "texts":  [{ docId, unitId, conferenceId, update (base64) }] },
 *     "checksum": "sha256:<hex>" }
 *
 * Records are stored as the device holds them: every field with its HLC stamp,
 * tombstones included (a delete must reach the other device, or the older copy
 * there would live on). Each minutes document is ONE Yjs update, all of its rows
 * merged. The checksum is SHA-256 (WebCrypto) of `JSON.stringify(header) + "\n"
 * + JSON.stringify(body)`: JSON.parse then JSON.stringify gives back exactly the
 * text this writer produced, so a truncated or edited file is detected, header
 * included.
 *
 * Why the schemas live here and not in `src/protocol`: the protocol is what the
 * app and the office server say to each other; no server reads these files (a
 * device imports, then syncs), so the format is the app's own and stays out of
 * the server's bundle. Its version is `FILE_FORMAT`; the record shapes inside
 * are the protocol's `RECORD_SCHEMA_VERSION`.
 *
 * Import is all or nothing: everything is read, parsed and checked first (the
 * header, versions, checksum, every record against its schema, every stamp,
 * every text update), and only a file that passes all of it is applied, in ONE
 * transaction, by the same remote-apply path as a pull (`storage/remote.ts`
 * `importChanges`). A refused file changes nothing and says why, naming the
 * record when one is at fault.
 */
import * as v from 'valibot';
import { v7 as uuidv7 } from 'uuid';
import * as Y from 'yjs';
import { MAX_DRIFT_MS, isHlc, parseHlc, type Hlc } from '../domain/clock.ts';
import { highestStamp, type Stored } from '../domain/merge.ts';
import { sessionIdOfMinutesDoc } from '../domain/minutesDoc.ts';
import { TABLE_NAMES, type MessageCode, type TableName } from '../domain/model.ts';
import { validateRecord } from '../domain/validate.ts';
import { PROTOCOL_VERSION, RECORD_SCHEMA_VERSION, RecordChangeSchema, fromBase64, toBase64, type RecordChange, type TextChange } from '../protocol/index.ts';
import type { DoiThoaiDb } from '../storage/db.ts';
import { importChanges } from '../storage/remote.ts';
import { effectiveConferenceId } from '../storage/textScope.ts';
import { deviceId as readDeviceId } from '../storage/write.ts';

/** The version of this file's layout. A file with a higher one is refused: "update the app". */
export const FILE_FORMAT = 1;
/** Far above a whole year of conferences with their minutes; a bigger file is not ours or is damaged. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const Int = v.pipe(v.number(), v.integer());

export const FileHeaderSchema = v.object({
  app: v.literal('doithoai'),
  kind: v.literal('export'),
  format: v.pipe(Int, v.minValue(1)),
  protocolVersion: Int,
  recordSchemaVersion: Int,
  unitId: Id,
  /** Absent: everything the device held for the unit. */
  conferenceId: v.optional(Id),
  /** Epoch ms, the exporting device's room clock. */
  exportedAt: v.number(),
  deviceId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
});
export type FileHeader = v.InferOutput<typeof FileHeaderSchema>;

/** The bookkeeping every stored record carries; its own fields are checked by the table's schema. */
const FileRecordSchema = v.looseObject({
  id: Id,
  unitId: Id,
  conferenceId: v.optional(Id),
  stamps: v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(64)), v.custom<Hlc>(isHlc, 'invalid_hlc')),
  updatedAt: v.string(),
  deleted: v.boolean(),
});

const FileTextSchema = v.object({
  docId: Id,
  unitId: Id,
  conferenceId: v.optional(v.nullable(Id)),
  update: v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]*={0,2}$/)),
});
type FileText = v.InferOutput<typeof FileTextSchema>;

const FileBodySchema = v.object({
  tables: v.record(v.string(), v.array(v.unknown())),
  texts: v.array(v.unknown()),
});
type FileBody = { tables: Partial<Record<TableName, Stored<Record<string, unknown>>[]>>; texts: FileText[] };

// ---------------------------------------------------------------- refusals

export type FileRefusalCode =
  | 'empty'
  | 'too_large'
  | 'corrupt'
  | 'truncated'
  | 'gzip_unsupported'
  | 'foreign'
  | 'newer_version'
  | 'checksum_mismatch'
  | 'invalid_record'
  | 'wrong_scope'
  | 'future_stamp'
  | 'invalid_text'
  | 'other_unit';

/** The record a refusal is about, so the message can name it. */
export interface RefusedRecord {
  readonly table: TableName | 'texts' | string;
  readonly id: string;
  /** Its title or name, when it has one. */
  readonly label: string;
  readonly field?: string;
  readonly code?: MessageCode | string;
}

/** Why a file was not imported; nothing on the device changed. */
export class FileRefusal extends Error {
  constructor(
    readonly code: FileRefusalCode,
    readonly record?: RefusedRecord,
    /** For `other_unit`: the file's unit, to ask the person before going on. */
    readonly unit?: { readonly id: string; readonly name: string },
  ) {
    super(`file_refused: ${code}${record ? ` ${record.table}/${record.id}${record.field ? ` ${record.field}:${record.code}` : ''}` : ''}`);
    this.name = 'FileRefusal';
  }
}

// ---------------------------------------------------------------- export

export interface ExportOptions {
  /** One conference; absent: everything of the device's unit. */
  readonly conferenceId?: string;
  readonly gzip?: boolean;
  readonly now?: () => number;
}

export interface ExportedFile {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly mimeType: string;
  readonly records: number;
  readonly texts: number;
  /** The conference's title, or the unit's name for everything. */
  readonly title: string;
}

export class ExportError extends Error {
  constructor(readonly code: 'no_unit' | 'no_conference') {
    super(`export_failed: ${code}`);
    this.name = 'ExportError';
  }
}

type AnyRecord = Stored<Record<string, unknown>>;

/** Whether gzip can be written here (CompressionStream is missing on older tablets' browsers). */
export function canGzip(): boolean {
  return typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';
}

export async function exportFile(db: DoiThoaiDb, opts: ExportOptions = {}): Promise<ExportedFile> {
  const now = opts.now ?? Date.now;
  const device = await readDeviceId(db);
  // One read transaction: the file is one consistent picture, even while the secretary types.
  const picked = await db.transaction('r', [...TABLE_NAMES, 'textUpdates'], async () => {
    const units = (await db.table('units').toArray()) as AnyRecord[];
    let unitId: string;
    let title: string;
    if (opts.conferenceId) {
      const conference = (await db.conferences.get(opts.conferenceId)) as AnyRecord | undefined;
      if (!conference || conference.deleted) throw new ExportError('no_conference');
      unitId = conference.unitId;
      title = String(conference['title'] ?? '');
    } else {
      const unit = units.filter((u) => !u.deleted).sort((a, b) => (a.id < b.id ? -1 : 1))[0];
      if (!unit) throw new ExportError('no_unit');
      unitId = unit.id;
      title = String(unit['name'] ?? '');
    }
    const sessionIds = new Set<string>();
    const inScope = (table: TableName, r: AnyRecord): boolean => {
      if (r.unitId !== unitId) return false;
      if (!opts.conferenceId) return true;
      // Unit-wide records go with every conference: the receiving device needs the unit, its departments and responders.
      if (table === 'units' || table === 'departments' || table === 'responders') return true;
      if (table === 'conferences') return r.id === opts.conferenceId;
      if (r.conferenceId !== undefined) return r.conferenceId === opts.conferenceId;
      const sessionId = r['sessionId'];
      return typeof sessionId === 'string' && sessionIds.has(sessionId);
    };
    const tables: Partial<Record<TableName, AnyRecord[]>> = {};
    // Sessions first: records that name only their session are picked by it.
    for (const table of ['sessions', ...TABLE_NAMES.filter((t) => t !== 'sessions')] as TableName[]) {
      const rows = ((await db.table(table).toArray()) as AnyRecord[]).filter((r) => inScope(table, r));
      if (table === 'sessions') for (const s of rows) sessionIds.add(s.id);
      if (rows.length) tables[table] = rows.sort((a, b) => (a.id < b.id ? -1 : 1));
    }
    const textRows = (await db.textUpdates.toArray()).filter((row) => {
      const sessionId = sessionIdOfMinutesDoc(row.docId);
      if (sessionId && sessionIds.has(sessionId)) return true;
      if (row.unitId !== unitId) return false;
      // A conference's documents are the conference's, also in rows written before they carried it.
      return opts.conferenceId ? effectiveConferenceId(row.docId, row.conferenceId) === opts.conferenceId : true;
    });
    return { unitId, title, tables, textRows };
  });

  const byDoc = new Map<string, typeof picked.textRows>();
  for (const row of picked.textRows) byDoc.set(row.docId, [...(byDoc.get(row.docId) ?? []), row]);
  const texts: FileText[] = [...byDoc.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([docId, rows]) => {
      const first = rows[0]!;
      return { docId, unitId: first.unitId || picked.unitId, conferenceId: effectiveConferenceId(docId, first.conferenceId), update: toBase64(Y.mergeUpdates(rows.map((r) => r.update))) };
    });
  const header: FileHeader = {
    app: 'doithoai',
    kind: 'export',
    format: FILE_FORMAT,
    protocolVersion: PROTOCOL_VERSION,
    recordSchemaVersion: RECORD_SCHEMA_VERSION,
    unitId: picked.unitId,
    ...(opts.conferenceId ? { conferenceId: opts.conferenceId } : {}),
    exportedAt: now(),
    deviceId: device,
  };
  const body: FileBody = { tables: picked.tables, texts };
  const text = `{"header":${JSON.stringify(header)},"body":${JSON.stringify(body)},"checksum":"sha256:${await checksumOf(header, body)}"}`;
  let bytes: Uint8Array = new TextEncoder().encode(text);
  const gzip = opts.gzip === true && canGzip();
  if (gzip) bytes = await pipeThrough(bytes, new CompressionStream('gzip'));
  const records = Object.values(picked.tables).reduce((n, rows) => n + rows.length, 0);
  return {
    bytes,
    fileName: `doithoai-${slug(picked.title) || (opts.conferenceId ? 'hoi-nghi' : 'du-lieu')}-${vietnamDate(header.exportedAt)}.json${gzip ? '.gz' : ''}`,
    mimeType: gzip ? 'application/gzip' : 'application/json',
    records,
    texts: texts.length,
    title: picked.title,
  };
}

/**
 * WebCrypto exists only in a secure context (HTTPS, or localhost): a page opened over plain HTTP on
 * the LAN has none, and then cannot seal or check a file. Said plainly rather than skipping the check.
 */
export class InsecureContextError extends Error {
  constructor() {
    super('insecure_context: no WebCrypto');
    this.name = 'InsecureContextError';
  }
}

async function checksumOf(header: unknown, body: unknown): Promise<string> {
  if (typeof crypto === 'undefined' || !crypto.subtle) throw new InsecureContextError();
  const data = new TextEncoder().encode(`${JSON.stringify(header)}\n${JSON.stringify(body)}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function pipeThrough(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const source = new ReadableStream<BufferSource>({
    start(controller) {
      controller.enqueue(bytes as Uint8Array<ArrayBuffer>);
      controller.close();
    },
  });
  return new Uint8Array(await new Response(source.pipeThrough(transform)).arrayBuffer());
}

/** A file name without diacritics or spaces: some tablets' file pickers mangle them. */
function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 60);
}

/** dd-MM-yyyy in Vietnam time (UTC+7 all year), whatever zone the device is set to. */
function vietnamDate(ms: number): string {
  const iso = new Date(ms + 7 * 3600_000).toISOString();
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
}

// ---------------------------------------------------------------- import

export interface ImportOptions {
  readonly now?: () => number;
  /** The person confirmed importing a file of another unit than this device's. */
  readonly acceptOtherUnit?: boolean;
}

export interface ImportSummary {
  readonly header: FileHeader;
  /** Records in the file. */
  readonly records: number;
  /** Records that changed on this device (new ones, or newer fields). */
  readonly changed: number;
  /** Minutes documents that got text this device did not have. */
  readonly textDocs: number;
  /** The conferences in the file, by title. */
  readonly conferences: readonly { readonly id: string; readonly title: string }[];
  readonly unitName: string;
}

/**
 * Reads a file and, when every check passes, merges it into the device in one
 * transaction. Throws `FileRefusal` (nothing changed) otherwise.
 */
export async function importFile(db: DoiThoaiDb, file: Blob | Uint8Array, opts: ImportOptions = {}): Promise<ImportSummary> {
  const now = opts.now ?? Date.now;
  const { header, body } = await readFile(file);
  const records = checkRecords(header, body, now());
  const texts = body.texts.map((t, i) => checkText(header, t, i));

  const units = (await db.units.toArray()).filter((u) => !u.deleted);
  const fileUnit = body.tables.units?.find((u) => u.id === header.unitId);
  const unitName = String(fileUnit?.['name'] ?? '');
  // A device serves one unit: another unit's file is most likely a mistake, so it goes in only when the person says so.
  if (units.length > 0 && !units.some((u) => u.id === header.unitId) && !opts.acceptOtherUnit) {
    throw new FileRefusal('other_unit', undefined, { id: header.unitId, name: unitName });
  }

  const textChanges = await newText(db, texts, header.deviceId);
  const report = await importChanges(db, [...records, ...textChanges], now);
  const conferences = (body.tables.conferences ?? []).filter((c) => !c.deleted).map((c) => ({ id: c.id, title: String(c['title'] ?? '') }));
  return {
    header,
    records: Object.values(body.tables).reduce((n, rows) => n + rows.length, 0),
    changed: report.applied,
    textDocs: report.textDocs.length,
    conferences,
    unitName,
  };
}

async function readFile(file: Blob | Uint8Array): Promise<{ header: FileHeader; body: FileBody }> {
  // ArrayBuffer.isView, not instanceof: bytes made in another realm (a test's, a worker's) are not this realm's Uint8Array.
  const size = ArrayBuffer.isView(file) ? file.byteLength : file.size;
  if (size === 0) throw new FileRefusal('empty');
  if (size > MAX_FILE_BYTES) throw new FileRefusal('too_large');
  let bytes = ArrayBuffer.isView(file) ? new Uint8Array(file.buffer, file.byteOffset, file.byteLength) : new Uint8Array(await file.arrayBuffer());
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    if (typeof DecompressionStream !== 'function') throw new FileRefusal('gzip_unsupported');
    try {
      bytes = await pipeThrough(bytes, new DecompressionStream('gzip'));
    } catch {
      // A gzip stream that ends early fails here: the file was cut short on the way.
      throw new FileRefusal('truncated');
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new FileRefusal('corrupt');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Our writer always ends the file with the checksum's closing brace; a file that starts like ours and does not is cut short.
    const trimmed = text.trim();
    throw new FileRefusal(trimmed.startsWith('{"header":') && !trimmed.endsWith('}') ? 'truncated' : 'corrupt');
  }
  const file_ = parsed as { header?: Record<string, unknown>; body?: unknown; checksum?: unknown } | null;
  const rawHeader = file_ && typeof file_ === 'object' ? file_.header : undefined;
  if (!rawHeader || typeof rawHeader !== 'object' || rawHeader['app'] !== 'doithoai' || rawHeader['kind'] !== 'export') throw new FileRefusal('foreign');
  // Versions before anything else: a newer layout may not match any schema here, and "update the app" is the useful answer.
  const format = rawHeader['format'];
  const recordVersion = rawHeader['recordSchemaVersion'];
  if ((typeof format === 'number' && format > FILE_FORMAT) || (typeof recordVersion === 'number' && recordVersion > RECORD_SCHEMA_VERSION)) throw new FileRefusal('newer_version');
  const header = v.safeParse(FileHeaderSchema, rawHeader);
  if (!header.success) throw new FileRefusal('corrupt');
  if (typeof file_!.checksum !== 'string' || file_!.checksum !== `sha256:${await checksumOf(rawHeader, file_!.body)}`) throw new FileRefusal('checksum_mismatch');
  const body = v.safeParse(FileBodySchema, file_!.body);
  if (!body.success) throw new FileRefusal('corrupt');
  for (const table of Object.keys(body.output.tables)) {
    if (!(TABLE_NAMES as string[]).includes(table)) throw new FileRefusal('corrupt', { table, id: '', label: '' });
  }
  return { header: header.output, body: body.output as unknown as FileBody };
}

const labelOf = (r: Record<string, unknown> | undefined): string => {
  for (const key of ['title', 'name', 'fullName', 'speakerName', 'topic']) if (typeof r?.[key] === 'string' && r[key]) return r[key];
  return '';
};

/** Every record checked and turned into the protocol's change shape, or the first that fails, named. */
function checkRecords(header: FileHeader, body: FileBody, now: number): RecordChange[] {
  const changes: RecordChange[] = [];
  const futureLimit = now + MAX_DRIFT_MS;
  let n = 0;
  for (const table of TABLE_NAMES) {
    for (const raw of body.tables[table] ?? []) {
      const rawObject = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : undefined;
      const name = (): RefusedRecord => ({ table, id: typeof rawObject?.['id'] === 'string' ? rawObject['id'] : '', label: labelOf(rawObject) });
      const meta = v.safeParse(FileRecordSchema, raw);
      if (!meta.success) throw new FileRefusal('invalid_record', { ...name(), field: String(meta.issues[0]?.path?.[0]?.key ?? ''), code: 'invalid_choice' });
      const record = meta.output as AnyRecord;
      if (record.unitId !== header.unitId) throw new FileRefusal('wrong_scope', name());
      if (header.conferenceId && record.conferenceId !== undefined && record.conferenceId !== header.conferenceId) throw new FileRefusal('wrong_scope', name());
      const { id, unitId, stamps, updatedAt: _t, deleted, ...content } = record;
      // A tombstone is not checked against the schema: the write path does not check a deleted record either.
      if (!deleted) {
        const check = validateRecord(table, content);
        if (!check.ok) throw new FileRefusal('invalid_record', { ...name(), field: check.issues[0]?.field ?? '', code: check.issues[0]?.code ?? 'invalid_choice' });
      }
      const fields: Record<string, unknown> = {};
      const fieldStamps: Record<string, Hlc> = {};
      for (const [field, stamp] of Object.entries(stamps)) {
        if (field === 'deleted') fields[field] = deleted;
        else if (field in content) fields[field] = content[field];
        else continue;
        fieldStamps[field] = stamp;
        if ((parseHlc(stamp)?.ms ?? 0) > futureLimit) throw new FileRefusal('future_stamp', name());
      }
      if (Object.keys(fields).length === 0) continue; // nothing stamped: nothing any device could merge
      const change = {
        kind: 'record' as const,
        op: `file-${String(n++).padStart(8, '0')}`, // not sent: what is forwarded gets an op of its own
        table,
        id,
        unitId,
        ...(record.conferenceId ? { conferenceId: record.conferenceId } : {}),
        fields,
        stamps: fieldStamps,
        deviceId: parseHlc(highestStamp(fieldStamps))?.node.slice(0, 64) || header.deviceId,
        hlc: highestStamp(fieldStamps),
      };
      const wire = v.safeParse(RecordChangeSchema, change);
      if (!wire.success) throw new FileRefusal('invalid_record', { ...name(), field: String(wire.issues[0]?.path?.[0]?.key ?? ''), code: 'invalid_choice' });
      changes.push(wire.output);
    }
  }
  if (header.conferenceId && !(body.tables.conferences ?? []).some((c) => c.id === header.conferenceId)) {
    throw new FileRefusal('corrupt', { table: 'conferences', id: header.conferenceId, label: '' });
  }
  return changes;
}

function checkText(header: FileHeader, raw: unknown, index: number): { text: FileText; update: Uint8Array } {
  const parsed = v.safeParse(FileTextSchema, raw);
  const docId = (raw as { docId?: unknown } | null)?.docId;
  const name: RefusedRecord = { table: 'texts', id: typeof docId === 'string' ? docId : String(index), label: '' };
  if (!parsed.success) throw new FileRefusal('invalid_text', name);
  if (parsed.output.unitId !== header.unitId) throw new FileRefusal('wrong_scope', name);
  try {
    const update = fromBase64(parsed.output.update);
    Y.decodeUpdate(update); // throws on bytes that are not a Yjs update
    return { text: parsed.output, update };
  } catch {
    throw new FileRefusal('invalid_text', name);
  }
}

/**
 * For each document, what the file's text adds to this device's copy (a Yjs
 * diff against the local state), or nothing when this device has it all:
 * importing the same file twice stores no text twice. Reads only; the rows are
 * written with the records, in the one transaction.
 */
async function newText(db: DoiThoaiDb, texts: readonly { text: FileText; update: Uint8Array }[], fallbackDevice: string): Promise<TextChange[]> {
  const out: TextChange[] = [];
  for (const { text, update } of texts) {
    const local = new Y.Doc();
    for (const row of await db.textUpdates.where('docId').equals(text.docId).toArray()) Y.applyUpdate(local, row.update);
    const before = Y.snapshot(local);
    const stateVector = Y.encodeStateVector(local);
    Y.applyUpdate(local, update);
    const changed = !Y.equalSnapshots(before, Y.snapshot(local));
    local.destroy();
    if (!changed) continue;
    out.push({
      kind: 'text',
      op: uuidv7(),
      docId: text.docId,
      unitId: text.unitId,
      conferenceId: effectiveConferenceId(text.docId, text.conferenceId),
      update: toBase64(Y.diffUpdate(update, stateVector)),
      deviceId: fallbackDevice,
    });
  }
  return out;
}
