/**
 * The one remote-apply path: what the office server sends is written here, and
 * only here. Beside `commit()` (local changes) this is the only writer of
 * synced tables. A pull writes no outbox entries: a change that came from the
 * server is not a local change and must never be sent back as one. A file
 * import (`importChanges`) goes through the same inner path and is the one
 * exception: what a file brings may be news to the server too, so it is queued.
 *
 * `applyRemote` runs ONE transaction holding the pulled page AND the cursor
 * that follows it: a crash leaves either the page applied with the cursor
 * moved past it, or neither, so no change is skipped and none matters twice
 * (re-applying a change is a no-op anyway: the merge rule is idempotent).
 */
import * as v from 'valibot';
import { v7 as uuidv7 } from 'uuid';
import { MAX_DRIFT_MS, parseHlc, receive, tick, type Hlc } from '../domain/clock.ts';
import { highestStamp, mergeFields, type Stored } from '../domain/merge.ts';
import { TABLE_NAMES, type TableName } from '../domain/model.ts';
import { validateRecord } from '../domain/validate.ts';
import { ChangeSchema, fromBase64, type Change, type LoggedChange, type RecordChange } from '../protocol/index.ts';
import type { Table } from 'dexie';
import { outboxEntry, wireChange, type DoiThoaiDb, type OutboxEntry, type TextUpdateRow } from './db.ts';
import { TEXT_SCOPE_TABLES, effectiveConferenceId, scopeOfDoc } from './textScope.ts';
import { CLOCK_KEY } from './write.ts';

/** Where pulling stands: which server's log, and the last seq applied from it. */
export interface SyncCursor {
  readonly serverId: string;
  readonly cursor: number;
}

export const CURSOR_KEY = 'syncCursor';

interface DeviceClock {
  deviceId: string;
  last: Hlc | null;
}

export interface RemoteApplyReport {
  /** Record changes that changed at least one field here. */
  readonly applied: number;
  /** Text updates stored (not already held). */
  readonly textStored: number;
  /** Changes not applied because their stamp is implausibly far ahead of the room's clock: reported, never allowed to win. */
  readonly tooFarAhead: readonly LoggedChange[];
  /** Changes that do not have the protocol's shape (a newer or broken server): skipped and reported. */
  readonly malformed: readonly unknown[];
  /** Documents that got new text rows. */
  readonly textDocs: readonly string[];
}

const ALL_TABLES = [...TABLE_NAMES, 'textUpdates', 'meta'];

async function readClock(db: DoiThoaiDb): Promise<DeviceClock> {
  const row = await db.meta.get(CLOCK_KEY);
  if (row) return row.value as DeviceClock;
  // The device id is made by the write path on first use; a device that only ever pulled makes it here.
  return { deviceId: uuidv7().replace(/-/g, '').slice(-12), last: null };
}

export async function readCursor(db: DoiThoaiDb): Promise<SyncCursor | undefined> {
  return (await db.meta.get(CURSOR_KEY))?.value as SyncCursor | undefined;
}

/**
 * Applies one pulled page and moves the cursor to `cursor`, atomically.
 * `now` is the room's clock (device time corrected by the measured server
 * offset): the HLC moves past every applied stamp, and a stamp more than a day
 * ahead of the room's clock is refused, so a device with a wrong year can never
 * win every later edit.
 */
export async function applyRemote(db: DoiThoaiDb, pulled: readonly unknown[], cursor: SyncCursor, now: () => number): Promise<RemoteApplyReport> {
  return db.transaction('rw', ALL_TABLES, async () => {
    const malformed: unknown[] = [];
    const changes: { change: Change; raw: unknown }[] = [];
    for (const raw of pulled) {
      const parsed = v.safeParse(ChangeSchema, raw);
      if (parsed.success) changes.push({ change: parsed.output, raw });
      else malformed.push(raw);
    }
    const report = await applyChanges(db, changes, now, { forward: false });
    await db.meta.put({ key: CURSOR_KEY, value: cursor });
    return {
      applied: report.applied,
      textStored: report.textStored,
      // Reported as the server sent them (with their seq), not as parsed.
      tooFarAhead: report.tooFarAhead.map((c) => c.raw as LoggedChange),
      malformed,
      textDocs: report.textDocs,
    };
  });
}

/**
 * What other devices made, arriving by a file (`sync/file.ts`) instead of a
 * pull: applied by the SAME inner path as a pull (`applyChanges`), in one
 * transaction, so a file merges exactly as sync would (per field by stamp,
 * text by Yjs, the HLC moved past every stamp).
 *
 * One difference, on purpose: what the file brought that this device did not
 * have is queued for the office server (outbox entries, pending text rows).
 * A file is how data leaves a tablet that cannot sync (no server in the
 * commune, a revoked or broken device); if the importing device did not pass
 * it on, the office would never get it. Each forwarded change carries only the
 * fields that won here, with their ORIGINAL stamps (never re-stamped: a
 * forwarded edit must not beat later edits made elsewhere), under the device
 * that made them; the server merges it like any push (the merge is
 * idempotent, so a change the original device also pushes costs a log row,
 * never a different result).
 *
 * A change too far in the future aborts the whole import (`FarFutureError`):
 * the caller checks every stamp before, so this only guards the rule.
 */
export async function importChanges(db: DoiThoaiDb, changes: readonly Change[], now: () => number): Promise<ImportApplyReport> {
  return db.transaction('rw', [...ALL_TABLES, 'outbox'], async () => {
    const report = await applyChanges(db, changes.map((change) => ({ change, raw: change })), now, { forward: true });
    if (report.tooFarAhead.length > 0) throw new FarFutureError(report.tooFarAhead[0]!.change);
    return { applied: report.applied, textStored: report.textStored, textDocs: report.textDocs, records: report.records };
  });
}

export interface ImportApplyReport {
  /** Record changes that changed at least one field here. */
  readonly applied: number;
  /** Records that changed here (several changes to one record count once). */
  readonly records: number;
  readonly textStored: number;
  readonly textDocs: readonly string[];
}

export class FarFutureError extends Error {
  constructor(readonly change: Change) {
    super(`clock_skew: ${change.kind === 'record' ? `${change.table}/${change.id}` : change.docId}`);
    this.name = 'FarFutureError';
  }
}

/**
 * The inner remote-apply path, shared by pulls and file imports; runs inside
 * the caller's transaction. `forward`: queue what changed here for the office
 * server (file imports only; see `importChanges`).
 */
async function applyChanges(
  db: DoiThoaiDb,
  changes: readonly { change: Change; raw: unknown }[],
  now: () => number,
  opts: { forward: boolean },
): Promise<{ applied: number; records: number; textStored: number; textDocs: string[]; tooFarAhead: { change: Change; raw: unknown }[] }> {
  const clock = await readClock(db);
  let applied = 0;
  const tooFarAhead: { change: Change; raw: unknown }[] = [];

  // A page is read and written in bulk, one request per table, not one per change: a device joining a
  // unit pulls its whole history, and a thousand gets and puts in a row are most of the time it takes.
  const records = new Map<string, Map<string, Stored<Record<string, unknown>> | undefined>>();
  for (const { change } of changes) {
    if (change.kind !== 'record') continue;
    let ids = records.get(change.table);
    if (!ids) records.set(change.table, (ids = new Map()));
    ids.set(change.id, undefined);
  }
  for (const [table, ids] of records) {
    const keys = await heldKeys(db.table(table), [...ids.keys()]);
    const rows = keys.length > 0 ? ((await db.table(table).bulkGet(keys)) as (Stored<Record<string, unknown>> | undefined)[]) : [];
    keys.forEach((id, i) => ids.set(id, rows[i]));
  }
  // Our own pushed text comes back in the log too: an update already held under its op is not stored twice.
  const textOps = changes.flatMap(({ change }) => (change.kind === 'text' ? [change.op] : []));
  const held = new Set(textOps.length > 0 ? ((await db.textUpdates.where('op').anyOf(textOps).keys()) as string[]) : []);

  const dirty = new Map<string, Set<string>>();
  const textRows: TextUpdateRow[] = [];
  const outbox: OutboxEntry[] = [];
  for (const entry of changes) {
    const { change } = entry;
    if (change.kind === 'text') {
      if (held.has(change.op)) continue;
      held.add(change.op);
      // An imported update stays pending: the office server may not have it either.
      const pending = opts.forward ? (1 as const) : (0 as const);
      textRows.push({ docId: change.docId, update: fromBase64(change.update), pending, op: change.op, unitId: change.unitId, conferenceId: effectiveConferenceId(change.docId, change.conferenceId) });
      continue;
    }
    const highest = highestStamp(change.stamps);
    const advanced = highest ? receive(clock.last, highest, now(), clock.deviceId) : clock.last;
    if (advanced === null) {
      tooFarAhead.push(entry);
      continue;
    }
    clock.last = advanced;
    const ids = records.get(change.table)!;
    const merged = mergeStored(ids.get(change.id), change);
    if (!merged) continue;
    ids.set(change.id, merged.record);
    let set = dirty.get(change.table);
    if (!set) dirty.set(change.table, (set = new Set()));
    set.add(change.id);
    applied += 1;
    if (opts.forward) outbox.push(forwarded(change, merged));
  }
  for (const [table, ids] of dirty) {
    const rows = records.get(table)!;
    await db.table(table).bulkPut([...ids].map((id) => withDefaults(table as TableName, rows.get(id)!)));
  }
  if (textRows.length > 0) await db.textUpdates.bulkAdd(textRows);
  if (outbox.length > 0) await db.outbox.bulkAdd(outbox);
  await db.meta.put({ key: CLOCK_KEY, value: clock });
  let changedRecords = 0;
  for (const ids of dirty.values()) changedRecords += ids.size;
  return { applied, records: changedRecords, textStored: textRows.length, textDocs: [...new Set(textRows.map((r) => r.docId))], tooFarAhead };
}

/** Below this many ids a page's records are simply read; above, the keys held are looked up first. */
const KEY_SCAN_FROM = 64;

/**
 * Which of `ids` the table holds, as far as worth knowing before reading them:
 * a fresh device joining a unit pulls thousands of records it has none of, and a
 * `get` per record that finds nothing was a fifth of its pull. One key-only read
 * of the ids' range (no values) answers that, and only the records held are read.
 * Ids are strings, which IndexedDB orders as JavaScript does (by UTF-16 code unit).
 * A small page is read as it is: its range could span a large table.
 */
async function heldKeys(table: Table, ids: string[]): Promise<string[]> {
  if (ids.length < KEY_SCAN_FROM) return ids;
  let low = ids[0]!;
  let high = low;
  for (const id of ids) {
    if (id < low) low = id;
    if (id > high) high = id;
  }
  const held = new Set((await table.where(':id').between(low, high, true, true).primaryKeys()) as string[]);
  return held.size === 0 ? [] : ids.filter((id) => held.has(id));
}

/**
 * The part of an imported change this device did not have, as an outbox entry:
 * only the fields that won here, with their own stamps, in the record's scope
 * as stored. `deviceId` is the device that made the newest of those fields
 * (the stamp's node): the server logs who made a change apart from who sent it.
 */
function forwarded(change: RecordChange, merged: { record: Stored<Record<string, unknown>>; applied: readonly string[] }): OutboxEntry {
  const fields: Record<string, unknown> = {};
  const stamps: Record<string, Hlc> = {};
  for (const field of merged.applied) {
    fields[field] = change.fields[field];
    stamps[field] = change.stamps[field]!;
  }
  const hlc = highestStamp(stamps);
  const { unitId, conferenceId } = merged.record;
  return outboxEntry({
    kind: 'record',
    op: uuidv7(),
    table: change.table,
    id: change.id,
    unitId,
    ...(conferenceId ? { conferenceId } : {}),
    fields,
    stamps,
    deviceId: parseHlc(hlc)?.node ?? change.deviceId,
    hlc,
  });
}

/** One record change merged into the record by the one rule (`mergeFields`), with the fields it took; null when none. */
function mergeStored(
  existing: Stored<Record<string, unknown>> | undefined,
  change: RecordChange,
): { record: Stored<Record<string, unknown>>; applied: string[] } | null {
  const { id: _id, unitId: _u, stamps: oldStamps, updatedAt: _t, deleted: oldDeleted, ...content } = existing ?? ({} as Stored<Record<string, unknown>>);
  const merged = mergeFields({ ...content, deleted: oldDeleted ?? false }, oldStamps, { fields: change.fields, stamps: change.stamps });
  if (merged.applied.length === 0) return null;
  const { deleted, ...fields } = merged.record;
  // The scope is the record's own once it exists: a change cannot move a record to another unit.
  const scope = existing
    ? { unitId: existing.unitId, ...(existing.conferenceId ? { conferenceId: existing.conferenceId } : {}) }
    : { unitId: change.unitId, ...(change.conferenceId ? { conferenceId: change.conferenceId } : {}) };
  const record = { ...fields, id: change.id, ...scope, stamps: merged.stamps, updatedAt: highestStamp(merged.stamps), deleted: Boolean(deleted) };
  return { record, applied: merged.applied };
}

/** The schema fills defaults an older device's record lacks; fields it does not know (a newer app's) are kept. */
function withDefaults(table: TableName, record: Stored<Record<string, unknown>>): Stored<Record<string, unknown>> {
  // conferenceId stays in: a session carries it as a field of its own too (the schema drops it elsewhere).
  const { id, unitId, stamps, updatedAt, deleted, ...fields } = record;
  const check = validateRecord(table, fields);
  const content = check.ok ? { ...fields, ...(check.value as Record<string, unknown>) } : fields;
  return { ...content, id, unitId, stamps, updatedAt, deleted };
}

/** Stores a text update the server sent in answer to a state vector (not in the log, so it has no op of its own). */
export async function applyRemoteText(db: DoiThoaiDb, docId: string, update: Uint8Array): Promise<void> {
  await db.transaction('rw', ['textUpdates', ...TEXT_SCOPE_TABLES], async () => {
    const scope = await scopeOfDoc(db, docId);
    await db.textUpdates.add({ docId, update, pending: 0, op: uuidv7(), ...scope });
  });
}

/** Starts pulling again from the beginning of `serverId`'s log (a new server, a restored backup, a stale cursor). */
export async function resetCursor(db: DoiThoaiDb, serverId: string): Promise<void> {
  await db.meta.put({ key: CURSOR_KEY, value: { serverId, cursor: 0 } satisfies SyncCursor });
}

/**
 * A device whose clock was years ahead stamped its offline edits in that
 * future; the server refuses such stamps (`clock_skew`), and left alone they
 * would never reach it, or win every later edit on this device. Once the
 * server's clock is known, each such pending change is stamped again in the
 * room's time, together with the record it wrote (only where its stamp still
 * holds the field), and the device's HLC restarts from the highest plausible
 * stamp it holds (not from nothing: a re-stamped edit must still come after
 * every edit this device had seen, or it would lose to them on the server
 * while winning here). The
 * change keeps its op (the server never took it) and its place in the queue.
 * Changes refused earlier for `clock_skew` go back into the queue the same way.
 *
 * This is a local correction, not a new edit: it writes no new outbox entries
 * and changes no value, only stamps. Returns how many changes were re-stamped.
 */
export async function restampFarFuture(db: DoiThoaiDb, now: () => number): Promise<number> {
  const limit = now() + MAX_DRIFT_MS - 60_000;
  const ahead = (h: string | null | undefined) => (h ? (parseHlc(h)?.ms ?? 0) > limit : false);
  // The usual case, every run: a read-only look (a read-write transaction over every table would be a
  // disk flush each time, and hold up the typing and the pull behind it).
  const needed = await db.transaction('r', [db.meta, db.refused], async () => {
    const clock = await readClock(db);
    return ahead(clock.last) || (await db.refused.filter((r) => r.reason === 'clock_skew').count()) > 0;
  });
  if (!needed) return 0;
  return db.transaction('rw', [...TABLE_NAMES, 'outbox', 'refused', 'meta'], async () => {
    const clock = await readClock(db);
    const refused = await db.refused.filter((r) => r.reason === 'clock_skew' && r.change.kind === 'record').toArray();
    // Every local stamp is at most the device's HLC: if that is plausible, so is the whole outbox, and
    // the usual run reads no more than the clock and the (small) refused table.
    if (!ahead(clock.last) && !refused.length) return 0;
    const outbox = await db.outbox.toArray();
    if (ahead(clock.last)) clock.last = await highestPlausibleStamp(db, ahead);
    let count = 0;
    const restamp = async (entry: RecordChange): Promise<OutboxEntry> => {
      const stamps: Record<string, Hlc> = { ...entry.stamps };
      const table = db.table(entry.table);
      const record = (await table.get(entry.id)) as Stored<Record<string, unknown>> | undefined;
      const recordStamps: Record<string, Hlc> = { ...(record?.stamps ?? {}) };
      for (const [field, old] of Object.entries(entry.stamps)) {
        if (!ahead(old)) continue;
        clock.last = tick(clock.last, now(), clock.deviceId);
        stamps[field] = clock.last;
        if (recordStamps[field] === old) recordStamps[field] = clock.last;
      }
      if (record) await table.put({ ...record, stamps: recordStamps, updatedAt: highestStamp(recordStamps) });
      count += 1;
      return outboxEntry({ ...entry, stamps, hlc: highestStamp(stamps) });
    };
    for (const entry of outbox) {
      const change = wireChange(entry);
      // Same seq: the change keeps its place in the queue.
      if (Object.values(change.stamps).some(ahead)) await db.outbox.put({ ...(await restamp(change)), seq: entry.seq! });
    }
    for (const row of refused) {
      await db.outbox.add(await restamp(wireChange(row.change as OutboxEntry)));
      await db.refused.delete(row.seq!);
    }
    await db.meta.put({ key: CLOCK_KEY, value: clock });
    return count;
  });
}

/** The highest stamp this device holds that is not implausibly far ahead: where a reset HLC restarts. */
async function highestPlausibleStamp(db: DoiThoaiDb, ahead: (h: string) => boolean): Promise<Hlc | null> {
  let best: Hlc | null = null;
  const consider = (h: Hlc) => {
    if (!ahead(h) && (best === null || h > best)) best = h;
  };
  for (const table of TABLE_NAMES) {
    await db.table(table).each((row: Stored<Record<string, unknown>>) => {
      for (const h of Object.values(row.stamps ?? {})) consider(h);
    });
  }
  return best;
}
