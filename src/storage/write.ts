/**
 * The one write path. Every change to synced data goes through `commit`, which
 * in ONE IndexedDB transaction:
 *   1. reads the device's clock and the records being changed,
 *   2. stamps each written field with a fresh HLC,
 *   3. validates the resulting record against the shared schema,
 *   4. writes the record and an outbox entry for the sync engine.
 * If anything throws, IndexedDB aborts the transaction and neither the record
 * nor its outbox entry exists: the outbox can never claim a change the table
 * does not have, nor the table hold a change sync will never send.
 *
 * Nothing else writes synced tables: `remote.ts` `applyRemote` writes what
 * comes *from* the server (and no outbox entries). The outbox entry is the
 * protocol's `RecordChange` itself, with a fresh operation id: the server
 * applies each op at most once, so the sync engine may resend it freely.
 */
import { v7 as uuidv7 } from 'uuid';
import { tick, type Hlc } from '../domain/clock.ts';
import { highestStamp, mergeFields, type Stored } from '../domain/merge.ts';
import type { TableName } from '../domain/model.ts';
import { toNfc } from '../domain/personName.ts';
import { validateRecord } from '../domain/validate.ts';
import { MissingRecordError, ValidationError, type Change, type Scope } from './changes.ts';
import { outboxEntry, type DoiThoaiDb } from './db.ts';
import { addTextRows } from './textRows.ts';
import { TEXT_SCOPE_TABLES, scopeOfDoc, scopeOfDocCached, type DocScope } from './textScope.ts';

export * from './changes.ts';

interface DeviceClock {
  deviceId: string;
  last: Hlc | null;
}

export const CLOCK_KEY = 'clock';

/** What every commit writes besides the records themselves: the outbox and the device clock. */
const WRITE_PATH_TABLES = ['outbox', 'meta'] as const;

/** The device id is made once per browser profile and kept: it is the HLC tie-break and the outbox's author. */
async function readClock(db: DoiThoaiDb): Promise<DeviceClock> {
  const row = await db.meta.get(CLOCK_KEY);
  if (row) return row.value as DeviceClock;
  return { deviceId: uuidv7().replace(/-/g, '').slice(-12), last: null };
}

export async function deviceId(db: DoiThoaiDb): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const clock = await readClock(db);
    await db.meta.put({ key: CLOCK_KEY, value: clock });
    return clock.deviceId;
  });
}

const sameValue = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * Write `changes` atomically. `now` is injected so tests can drive the clock;
 * the app passes `Date.now`. Returns the ids written, in order.
 */
export async function commit(db: DoiThoaiDb, changes: readonly Change[], now: () => number = Date.now): Promise<string[]> {
  if (changes.length > 0 && changes.every((c) => c.kind === 'text')) return commitText(db, changes);
  const tables = new Set<string>(WRITE_PATH_TABLES);
  for (const c of changes) {
    if (c.kind !== 'text') tables.add(c.table);
    // A text row carries its session's (or conference's) unit and conference, read in the same transaction.
    else for (const t of ['textUpdates', ...TEXT_SCOPE_TABLES]) tables.add(t);
  }

  return db.transaction('rw', [...tables], async () => {
    const clock = await readClock(db);
    const written: string[] = [];
    for (const change of changes) {
      if (change.kind === 'text') {
        // CRDT text merges by itself; the row is both the record and, while pending, its outbox entry.
        const scope = await scopeOfDoc(db, change.docId);
        const seq = await db.textUpdates.add({ docId: change.docId, update: change.update, pending: 1, op: uuidv7(), ...scope });
        written.push(String(seq));
        continue;
      }
      const table = db.table(change.table);
      const existing = (await table.get(change.id)) as Stored<Record<string, unknown>> | undefined;
      if (change.kind !== 'create' && !existing) throw new MissingRecordError(change.table, change.id);

      // Text is stored in NFC, whatever keyboard typed it (composed or decomposed marks): one form of each name.
      const given = change.kind === 'delete' ? {} : toNfc(change.fields as Record<string, unknown>);
      const fields: Record<string, unknown> = change.kind === 'delete' ? { deleted: true } : change.kind === 'create' ? { ...given, deleted: false } : { ...given };
      // A field given as `undefined` (an optional one left out, e.g. a follow-up's `registrationId` for a turn
      // without a form) is not written: the wire is JSON, which has no undefined, so its stamp would reach the
      // server without its field and the whole change would be refused (`stamp_without_field`).
      for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
      // Only fields whose value really changes get a stamp: re-saving a form must not outvote another device's edit.
      for (const key of Object.keys(fields)) if (existing && sameValue(existing[key], fields[key])) delete fields[key];
      if (Object.keys(fields).length === 0) {
        written.push(change.id);
        continue;
      }
      // One tick per change: every field it writes carries the change's stamp. Fields of one change need
      // no order among themselves (each is merged on its own), and the outbox then keeps no stamps at all.
      clock.last = tick(clock.last, now(), clock.deviceId);
      const stamps: Record<string, Hlc> = {};
      for (const key of Object.keys(fields)) stamps[key] = clock.last;
      // conferenceId stays in: a session carries it both as its scope and as one of its own fields, and
      // the schema drops it for every table that does not have such a field.
      const { id: _id, unitId: _u, stamps: oldStamps, updatedAt: _t, deleted: _d, ...content } = existing ?? ({} as Stored<Record<string, unknown>>);
      const merged = mergeFields({ ...content, deleted: existing?.deleted ?? false }, oldStamps, { fields, stamps });
      const { deleted, ...raw } = merged.record;
      let recordFields = raw;
      if (!deleted) {
        const check = validateRecord(change.table, raw);
        if (!check.ok) throw new ValidationError(change.table, check.issues);
        // Store the schema's output (trimmed, unknown keys dropped), and send the same in the outbox.
        recordFields = check.value as Record<string, unknown>;
        for (const key of Object.keys(fields)) if (key in recordFields) fields[key] = recordFields[key];
      }
      const scope: Scope = existing ? { unitId: existing.unitId, ...(existing.conferenceId ? { conferenceId: existing.conferenceId } : {}) } : (change as { scope: Scope }).scope;
      const record = {
        ...recordFields,
        id: change.id,
        ...scope,
        stamps: merged.stamps,
        updatedAt: highestStamp(merged.stamps),
        deleted: Boolean(deleted),
      };
      await table.put(record);
      const entry = outboxEntry({
        kind: 'record',
        op: uuidv7(),
        table: change.table,
        id: change.id,
        ...scope,
        fields,
        stamps,
        deviceId: clock.deviceId,
        hlc: clock.last,
      });
      await db.outbox.add(entry);
      written.push(change.id);
    }
    await db.meta.put({ key: CLOCK_KEY, value: clock });
    return written;
  });
}

/**
 * Minutes text alone: no clock to read or stamp (Yjs orders its own updates) and no outbox entry
 * (the row is its own, while pending). Its transaction holds `textUpdates` only, so what the
 * secretary types never waits behind another tab's or the sync engine's write of other records.
 */
async function commitText(db: DoiThoaiDb, changes: readonly Extract<Change, { kind: 'text' }>[]): Promise<string[]> {
  // The row's unit and conference are its session's: read before (and remembered), not inside, so the
  // transaction still holds `textUpdates` alone.
  const scopes = new Map<string, DocScope>();
  for (const c of changes) if (!scopes.has(c.docId)) scopes.set(c.docId, await scopeOfDocCached(db, c.docId));
  // In a transaction that commits as soon as the rows are handed over, not after this tab's main thread
  // gets back to it: another tab typing in the same minutes must not wait behind this one (textRows.ts).
  const keys = await addTextRows(
    db,
    changes.map((change) => ({ docId: change.docId, update: change.update, pending: 1 as const, op: uuidv7(), ...scopes.get(change.docId)! })),
  );
  return keys.map(String);
}

/** A decision taken inside the transaction: what to write, and what to tell the caller. */
export interface Decision<R> {
  readonly changes: readonly Change[];
  readonly result: R;
}

export interface Action<S, R> {
  /** Every table the action reads or may write: Dexie refuses any other inside the transaction. */
  readonly tables: readonly TableName[];
  /** Reads the records the decision needs, inside the transaction. */
  readonly read: () => Promise<S>;
  /** Pure: the records as they are now, and the time, to what to write. */
  readonly decide: (state: S, now: number) => Decision<R>;
}

/**
 * Read, decide and write in ONE transaction. A decision taken on what a screen
 * last showed can be stale by the time it is written: another tab, or a change
 * from sync, may have called the next speaker meanwhile, and writing the stale
 * decision would leave two people "speaking". IndexedDB runs read-write
 * transactions over the same tables one after another, so the records `read`
 * returns are the ones the changes land on.
 *
 * The writing is `commit` itself: called inside this transaction, Dexie runs it
 * as a sub-transaction of it (its tables must be among `tables`, or it throws),
 * so there is still one write path.
 */
export async function commitAction<S, R>(db: DoiThoaiDb, action: Action<S, R>, now: () => number = Date.now, at: number = now()): Promise<R> {
  const tables = new Set<string>([...WRITE_PATH_TABLES, ...action.tables]);
  // `at` is when the action was asked for, not when its transaction got its turn behind other writes:
  // the chair's "pause" must stop the clock at the second it was pressed.
  return db.transaction('rw', [...tables], async () => {
    const decision = action.decide(await action.read(), at);
    if (decision.changes.length > 0) await commit(db, decision.changes, now);
    return decision.result;
  });
}
