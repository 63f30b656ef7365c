/**
 * The one remote-apply path: what the office server sends is written here, and
 * only here. Beside `commit()` (local changes) this is the only writer of
 * synced tables. It writes no outbox entries: a change that came from the
 * server is not a local change and must never be sent back as one.
 *
 * `applyRemote` runs ONE transaction holding the pulled page AND the cursor
 * that follows it: a crash leaves either the page applied with the cursor
 * moved past it, or neither, so no change is skipped and none matters twice
 * (re-applying a change is a no-op anyway: the merge rule is idempotent).
 */
import * as v from 'valibot';
import * as Y from 'yjs';
import { v7 as uuidv7 } from 'uuid';
import { MAX_DRIFT_MS, parseHlc, receive, tick, type Hlc } from '../domain/clock.ts';
import { highestStamp, mergeFields, type Stored } from '../domain/merge.ts';
import { TABLE_NAMES, type TableName } from '../domain/model.ts';
import { validateRecord } from '../domain/validate.ts';
import { ChangeSchema, fromBase64, type Change, type LoggedChange, type RecordChange } from '../protocol/index.ts';
import type { DoiThoaiDb, OutboxEntry, TextUpdateRow } from './db.ts';
import { scopeOfDoc } from './textScope.ts';
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
    const clock = await readClock(db);
    let applied = 0;
    const tooFarAhead: LoggedChange[] = [];
    const malformed: unknown[] = [];
    const changes: { change: Change; raw: unknown }[] = [];
    for (const raw of pulled) {
      const parsed = v.safeParse(ChangeSchema, raw);
      if (parsed.success) changes.push({ change: parsed.output, raw });
      else malformed.push(raw);
    }

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
      const keys = [...ids.keys()];
      const rows = (await db.table(table).bulkGet(keys)) as (Stored<Record<string, unknown>> | undefined)[];
      keys.forEach((id, i) => ids.set(id, rows[i]));
    }
    // Our own pushed text comes back in the log too: an update already held under its op is not stored twice.
    const textOps = changes.flatMap(({ change }) => (change.kind === 'text' ? [change.op] : []));
    const held = new Set(textOps.length > 0 ? ((await db.textUpdates.where('op').anyOf(textOps).keys()) as string[]) : []);

    const dirty = new Map<string, Set<string>>();
    const textRows: TextUpdateRow[] = [];
    for (const { change, raw } of changes) {
      if (change.kind === 'text') {
        if (held.has(change.op)) continue;
        held.add(change.op);
        textRows.push({ docId: change.docId, update: fromBase64(change.update), pending: 0, op: change.op, unitId: change.unitId, conferenceId: change.conferenceId ?? null });
        continue;
      }
      const highest = highestStamp(change.stamps);
      const advanced = highest ? receive(clock.last, highest, now(), clock.deviceId) : clock.last;
      if (advanced === null) {
        tooFarAhead.push(raw as LoggedChange);
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
    }
    for (const [table, ids] of dirty) {
      const rows = records.get(table)!;
      await db.table(table).bulkPut([...ids].map((id) => withDefaults(table as TableName, rows.get(id)!)));
    }
    if (textRows.length > 0) await db.textUpdates.bulkAdd(textRows);
    await db.meta.put({ key: CLOCK_KEY, value: clock });
    await db.meta.put({ key: CURSOR_KEY, value: cursor });
    return { applied, textStored: textRows.length, tooFarAhead, malformed, textDocs: [...new Set(textRows.map((r) => r.docId))] };
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

export interface ImportedText {
  readonly docId: string;
  readonly unitId: string;
  readonly conferenceId: string | null;
  readonly update: Uint8Array;
}

/**
 * Merges what a file brought (transfer.ts) by the same rules as a pull, in one
 * transaction, and queues for the office server exactly what it changed here:
 * the fields it took, with their original stamps, and the minutes text this
 * device did not have. A record stamped implausibly far ahead is skipped, as in
 * a pull.
 */
export async function applyImported(
  db: DoiThoaiDb,
  changes: readonly RecordChange[],
  texts: readonly ImportedText[],
  now: () => number,
): Promise<{ records: number; documents: number; skipped: number }> {
  return db.transaction('rw', [...TABLE_NAMES, 'outbox', 'textUpdates', 'meta'], async () => {
    const clock = await readClock(db);
    const records = new Map<string, Map<string, Stored<Record<string, unknown>> | undefined>>();
    for (const c of changes) {
      let ids = records.get(c.table);
      if (!ids) records.set(c.table, (ids = new Map()));
      ids.set(c.id, undefined);
    }
    for (const [table, ids] of records) {
      const keys = [...ids.keys()];
      const rows = (await db.table(table).bulkGet(keys)) as (Stored<Record<string, unknown>> | undefined)[];
      keys.forEach((id, i) => ids.set(id, rows[i]));
    }
    const dirty = new Map<string, Set<string>>();
    const outbox: OutboxEntry[] = [];
    let skipped = 0;
    for (const change of changes) {
      const advanced = receive(clock.last, change.hlc, now(), clock.deviceId);
      if (advanced === null) {
        skipped += 1;
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
      const fields: Record<string, unknown> = {};
      const stamps: Record<string, Hlc> = {};
      for (const f of merged.applied) {
        fields[f] = change.fields[f];
        stamps[f] = change.stamps[f]!;
      }
      outbox.push({ ...change, fields, stamps, hlc: highestStamp(stamps) });
    }
    for (const [table, ids] of dirty) {
      const rows = records.get(table)!;
      await db.table(table).bulkPut([...ids].map((id) => withDefaults(table as TableName, rows.get(id)!)));
    }
    if (outbox.length > 0) await db.outbox.bulkAdd(outbox);
    let documents = 0;
    for (const t of texts) {
      const held = Y.mergeUpdates((await db.textUpdates.where('docId').equals(t.docId).toArray()).map((r) => r.update));
      const missing = Y.diffUpdate(t.update, Y.encodeStateVectorFromUpdate(held));
      const decoded = Y.decodeUpdate(missing);
      if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) continue;
      // Pending: the office server may not have it either.
      await db.textUpdates.add({ docId: t.docId, update: missing, pending: 1, op: uuidv7(), unitId: t.unitId, conferenceId: t.conferenceId });
      documents += 1;
    }
    await db.meta.put({ key: CLOCK_KEY, value: clock });
    let changed = 0;
    for (const ids of dirty.values()) changed += ids.size;
    return { records: changed, documents, skipped };
  });
}

/** Stores a text update the server sent in answer to a state vector (not in the log, so it has no op of its own). */
export async function applyRemoteText(db: DoiThoaiDb, docId: string, update: Uint8Array): Promise<void> {
  await db.transaction('rw', [db.textUpdates, db.sessions, db.units], async () => {
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
    const restamp = async (entry: OutboxEntry): Promise<OutboxEntry> => {
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
      return { ...entry, stamps, hlc: highestStamp(stamps) };
    };
    for (const entry of outbox) if (Object.values(entry.stamps).some(ahead)) await db.outbox.put(await restamp(entry));
    for (const row of refused) {
      const { seq: _s, ...change } = row.change as OutboxEntry;
      await db.outbox.add(await restamp(change));
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
