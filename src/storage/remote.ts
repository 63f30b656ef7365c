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
import { v7 as uuidv7 } from 'uuid';
import { MAX_DRIFT_MS, parseHlc, receive, tick, type Hlc } from '../domain/clock.ts';
import { highestStamp, mergeFields, type Stored } from '../domain/merge.ts';
import { TABLE_NAMES } from '../domain/model.ts';
import { validateRecord } from '../domain/validate.ts';
import { ChangeSchema, fromBase64, type Change, type LoggedChange, type RecordChange } from '../protocol/index.ts';
import type { DoiThoaiDb, OutboxEntry } from './db.ts';
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
    // The parsed change keeps only the protocol's fields; what is reported is the change as the server sent it (with its seq).
    const pulledAs = new Map<Change, LoggedChange>();
    const malformed: unknown[] = [];
    for (const raw of pulled) {
      const parsed = v.safeParse(ChangeSchema, raw);
      if (parsed.success) pulledAs.set(parsed.output, raw as LoggedChange);
      else malformed.push(raw);
    }
    const { applied, textStored, textDocs, tooFarAhead } = await applyChanges(db, [...pulledAs.keys()], now, { forward: false });
    await db.meta.put({ key: CURSOR_KEY, value: cursor });
    return { applied, textStored, textDocs, malformed, tooFarAhead: tooFarAhead.map((c) => pulledAs.get(c)!) };
  });
}

/**
 * What other devices made, arriving by a file (`sync/file.ts`) instead of a
 * pull: applied by the SAME inner path as a pull, in one transaction, so a
 * file merges exactly as sync would (per field by stamp, text by Yjs, the HLC
 * moved past every stamp).
 *
 * One difference, on purpose: what the file brought that this device did not
 * have is queued for the office server (outbox entries, pending text rows).
 * A file is how data leaves a tablet that cannot sync (no server in the
 * commune, a revoked or broken device); if the importing device did not pass
 * it on, the office would never get it. Each forwarded change carries the
 * fields exactly as the file had them, with their ORIGINAL stamps (never
 * re-stamped: a forwarded edit must not beat later edits made elsewhere) and
 * the device that made them; the server merges it like any push (the merge is
 * idempotent, so a change the original device also pushes costs a log row,
 * never a different result).
 *
 * A change too far in the future aborts the whole import (`FarFutureError`):
 * the caller checks for it before, so this only guards the rule.
 */
export async function importChanges(db: DoiThoaiDb, changes: readonly Change[], now: () => number): Promise<ImportApplyReport> {
  return db.transaction('rw', [...ALL_TABLES, 'outbox'], async () => {
    const report = await applyChanges(db, changes, now, { forward: true });
    if (report.tooFarAhead.length > 0) throw new FarFutureError(report.tooFarAhead[0]!);
    return report;
  });
}

export interface ImportApplyReport {
  readonly applied: number;
  readonly textStored: number;
  readonly textDocs: readonly string[];
  readonly tooFarAhead: readonly Change[];
  /** Record changes that changed a field here, by table. */
  readonly appliedByTable: Readonly<Partial<Record<string, number>>>;
}

export class FarFutureError extends Error {
  constructor(readonly change: Change) {
    super(`clock_skew: ${change.kind === 'record' ? `${change.table}/${change.id}` : change.docId}`);
    this.name = 'FarFutureError';
  }
}

/**
 * The inner remote-apply path, shared by pulls and file imports; runs inside
 * the caller's transaction. `forward`: queue what changed here for the server
 * (imports only; see `importChanges`).
 */
async function applyChanges(db: DoiThoaiDb, changes: readonly Change[], now: () => number, opts: { forward: boolean }): Promise<ImportApplyReport> {
  const clock = await readClock(db);
  let applied = 0;
  let textStored = 0;
  const tooFarAhead: Change[] = [];
  const textDocs = new Set<string>();
  const appliedByTable: Partial<Record<string, number>> = {};
  for (const change of changes) {
    if (change.kind === 'text') {
      // Our own pushed updates come back in the log too: a row already held under that op is not stored twice.
      if ((await db.textUpdates.where('op').equals(change.op).count()) > 0) continue;
      const row = { docId: change.docId, update: fromBase64(change.update), pending: opts.forward ? (1 as const) : (0 as const), op: change.op };
      await db.textUpdates.add({ ...row, unitId: change.unitId, conferenceId: change.conferenceId ?? null });
      textStored += 1;
      textDocs.add(change.docId);
      continue;
    }
    const highest = highestStamp(change.stamps);
    const advanced = highest ? receive(clock.last, highest, now(), clock.deviceId) : clock.last;
    if (advanced === null) {
      tooFarAhead.push(change);
      continue;
    }
    clock.last = advanced;
    const merged = await mergeInto(db, change);
    if (!merged) continue;
    applied += 1;
    appliedByTable[change.table] = (appliedByTable[change.table] ?? 0) + 1;
    if (opts.forward) await db.outbox.add(forwarded(change, merged));
  }
  await db.meta.put({ key: CLOCK_KEY, value: clock });
  return { applied, textStored, tooFarAhead, textDocs: [...textDocs], appliedByTable };
}

/**
 * The part of an imported change this device did not have, as an outbox entry:
 * only the fields that won here, with their own stamps, in the record's scope
 * as stored. `deviceId` is the device that made the newest of those fields
 * (the stamp's node): the server logs who made a change apart from who sent it.
 */
function forwarded(change: RecordChange, merged: { applied: readonly string[]; scope: { unitId: string; conferenceId?: string } }): OutboxEntry {
  const fields: Record<string, unknown> = {};
  const stamps: Record<string, Hlc> = {};
  for (const field of merged.applied) {
    fields[field] = change.fields[field];
    stamps[field] = change.stamps[field]!;
  }
  const hlc = highestStamp(stamps);
  return {
    kind: 'record',
    op: uuidv7(),
    table: change.table,
    id: change.id,
    ...merged.scope,
    fields,
    stamps,
    deviceId: parseHlc(hlc)?.node ?? change.deviceId,
    hlc,
  };
}

/** Merges one record change into its record by the one rule (`mergeFields`); what changed, or null when nothing did. */
async function mergeInto(db: DoiThoaiDb, change: RecordChange): Promise<{ applied: string[]; scope: { unitId: string; conferenceId?: string } } | null> {
  const table = db.table(change.table);
  const existing = (await table.get(change.id)) as Stored<Record<string, unknown>> | undefined;
  const { id: _id, unitId: _u, stamps: oldStamps, updatedAt: _t, deleted: oldDeleted, ...content } = existing ?? ({} as Stored<Record<string, unknown>>);
  const merged = mergeFields({ ...content, deleted: oldDeleted ?? false }, oldStamps, { fields: change.fields, stamps: change.stamps });
  if (merged.applied.length === 0) return null;
  const { deleted, ...raw } = merged.record;
  // The schema fills defaults an older device's record lacks; fields it does not know (a newer app's) are kept.
  const check = validateRecord(change.table, raw);
  const recordFields = check.ok ? { ...raw, ...(check.value as Record<string, unknown>) } : raw;
  const scope = existing
    ? { unitId: existing.unitId, ...(existing.conferenceId ? { conferenceId: existing.conferenceId } : {}) }
    : { unitId: change.unitId, ...(change.conferenceId ? { conferenceId: change.conferenceId } : {}) };
  await table.put({
    ...recordFields,
    id: change.id,
    ...scope,
    stamps: merged.stamps,
    updatedAt: highestStamp(merged.stamps),
    deleted: Boolean(deleted),
  });
  return { applied: merged.applied, scope };
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
  return db.transaction('rw', [...TABLE_NAMES, 'outbox', 'refused', 'meta'], async () => {
    const clock = await readClock(db);
    const refused = await db.refused.filter((r) => r.reason === 'clock_skew' && r.change.kind === 'record').toArray();
    const outbox = await db.outbox.toArray();
    if (!ahead(clock.last) && !refused.length && !outbox.some((e) => ahead(e.hlc))) return 0;
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
