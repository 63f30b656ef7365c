/**
 * A conference (or everything) in a file, for when there is no network at
 * all: a commune with no office server carries the tablet's data to the
 * office PC, or a broken tablet's to a new one, on a USB stick or by Zalo.
 *
 * The file holds every record with its per-field stamps and each minutes
 * document's whole Yjs state, so importing merges by the same rules as sync:
 * per field the higher stamp wins, text merges by itself, importing twice
 * changes nothing. What the import changed is also queued for the office
 * server (outbox entries with the original stamps, and pending text), so a
 * file imported on a device that syncs reaches everyone.
 *
 * A file that is not ours, is cut short or altered, or comes from a newer app
 * is refused as a whole, with a reason, before anything is written.
 */
import * as v from 'valibot';
import { v7 as uuidv7 } from 'uuid';
import * as Y from 'yjs';
import { isHlc, type Hlc } from '../domain/clock.ts';
import { highestStamp, type Stored } from '../domain/merge.ts';
import { minutesDocId } from '../domain/minutesDoc.ts';
import { TABLE_NAMES, type TableName } from '../domain/model.ts';
import { RECORD_SCHEMA_VERSION, fromBase64, toBase64, type RecordChange } from '../protocol/index.ts';
import type { DoiThoaiDb } from './db.ts';
import { readStoredState } from './minutesText.ts';
import { currentUnit } from './queries.ts';
import { applyImported, type ImportedText } from './remote.ts';

export const EXPORT_FORMAT = 'doithoai-export';
export const EXPORT_VERSION = 1;

/** Tables that belong to the unit as a whole, exported with every conference. */
const UNIT_WIDE: readonly TableName[] = ['units', 'departments', 'responders'];

const Stamp = v.custom<Hlc>(isHlc, 'invalid_hlc');
const FileSchema = v.object({
  format: v.literal(EXPORT_FORMAT),
  version: v.pipe(v.number(), v.integer()),
  recordSchemaVersion: v.pipe(v.number(), v.integer()),
  exportedAt: v.number(),
  deviceId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  unitId: v.pipe(v.string(), v.minLength(1)),
  conferenceId: v.nullable(v.string()),
  records: v.array(
    v.object({
      table: v.picklist(TABLE_NAMES as [TableName, ...TableName[]]),
      id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
      unitId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
      conferenceId: v.nullable(v.string()),
      fields: v.record(v.string(), v.unknown()),
      stamps: v.record(v.string(), Stamp),
    }),
  ),
  text: v.array(v.object({ docId: v.string(), unitId: v.string(), conferenceId: v.nullable(v.string()), update: v.string() })),
  /** FNV-1a of the rest of the file as written: a file cut short or edited by hand is caught before anything is merged. */
  checksum: v.string(),
});
export type ExportFile = v.InferOutput<typeof FileSchema>;

export type ImportRefusal = 'corrupt' | 'foreign' | 'newer' | 'empty';

export class ImportError extends Error {
  constructor(readonly reason: ImportRefusal) {
    super(`import refused: ${reason}`);
    this.name = 'ImportError';
  }
}

export interface ImportReport {
  /** Records in which the file changed at least one field. */
  readonly records: number;
  /** Minutes documents merged. */
  readonly documents: number;
  /** Records with a stamp implausibly far ahead: skipped, as sync skips them. */
  readonly skipped: number;
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** The file's text without its checksum line, exactly as the checksum was computed. */
const body = (file: Omit<ExportFile, 'checksum'>) => JSON.stringify(file);

/** One conference with its unit's records, or (no `conferenceId`) everything on this device. */
export async function exportData(db: DoiThoaiDb, options: { conferenceId?: string; deviceId: string; now: number }): Promise<string> {
  const unit = await currentUnit(db);
  if (!unit) throw new ImportError('empty');
  const cid = options.conferenceId ?? null;
  const records: ExportFile['records'] = [];
  for (const table of TABLE_NAMES) {
    const rows = (await db.table(table).toArray()) as Stored<Record<string, unknown>>[];
    for (const row of rows) {
      const inScope = cid === null || UNIT_WIDE.includes(table) || row.conferenceId === cid || (table === 'conferences' && row.id === cid);
      if (!inScope) continue;
      const { id, unitId, conferenceId, stamps, updatedAt: _u, deleted, ...fields } = row;
      // A session's conferenceId is a field of its own too (it has a stamp): it travels as one.
      const own = 'conferenceId' in stamps && conferenceId !== undefined ? { conferenceId } : {};
      records.push({ table, id, unitId, conferenceId: conferenceId ?? null, fields: { ...fields, ...own, deleted }, stamps });
    }
  }
  const sessions = records.filter((r) => r.table === 'sessions').map((r) => r.id);
  const text: ExportFile['text'] = [];
  for (const sessionId of sessions) {
    const docId = minutesDocId(sessionId);
    const state = await readStoredState(db, docId);
    if (state.byteLength <= 2) continue;
    const session = records.find((r) => r.id === sessionId)!;
    text.push({ docId, unitId: session.unitId, conferenceId: session.conferenceId, update: toBase64(state) });
  }
  const file = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    recordSchemaVersion: RECORD_SCHEMA_VERSION,
    exportedAt: options.now,
    deviceId: options.deviceId,
    unitId: unit.id,
    conferenceId: cid,
    records,
    text,
  } as const;
  return JSON.stringify({ ...file, checksum: fnv1a(body(file)) });
}

/** Reads and checks a file; refuses it whole, with the reason, before anything is written. */
export function parseExport(text: string): ExportFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ImportError('corrupt'); // cut short, or not text we wrote
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== EXPORT_FORMAT) throw new ImportError('foreign');
  const { version, recordSchemaVersion } = json as { version?: unknown; recordSchemaVersion?: unknown };
  if ((typeof version === 'number' && version > EXPORT_VERSION) || (typeof recordSchemaVersion === 'number' && recordSchemaVersion > RECORD_SCHEMA_VERSION)) {
    throw new ImportError('newer');
  }
  const parsed = v.safeParse(FileSchema, json);
  if (!parsed.success) throw new ImportError('corrupt');
  const { checksum, ...rest } = parsed.output;
  if (fnv1a(body(rest)) !== checksum) throw new ImportError('corrupt');
  for (const t of parsed.output.text) {
    try {
      Y.decodeUpdate(fromBase64(t.update));
    } catch {
      throw new ImportError('corrupt');
    }
  }
  return parsed.output;
}

/** Merges a file into this device by the sync rules, in one transaction; queues what it changed for the server. */
export async function importData(db: DoiThoaiDb, text: string, now: () => number): Promise<ImportReport> {
  const file = parseExport(text);
  const changes: RecordChange[] = file.records.map((r) => ({
    kind: 'record',
    op: uuidv7(),
    table: r.table,
    id: r.id,
    unitId: r.unitId,
    conferenceId: r.conferenceId,
    fields: r.fields,
    stamps: r.stamps,
    deviceId: file.deviceId,
    hlc: highestStamp(r.stamps),
  }));
  const texts: ImportedText[] = file.text.map((t) => ({ docId: t.docId, unitId: t.unitId, conferenceId: t.conferenceId, update: fromBase64(t.update) }));
  return applyImported(db, changes, texts, now);
}
