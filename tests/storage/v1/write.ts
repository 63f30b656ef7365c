// Frozen copy of the released (schema version 1) storage code, as it shipped in 0.1.0: the upgrade test
// writes a database with exactly this code and opens it with today's. Never edit it.
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
 * Nothing else writes synced tables (the sync engine's `applyRemote` writes
 * records that come *from* the server, and no outbox entries).
 */
import { v7 as uuidv7 } from 'uuid';
import { tick, type Hlc } from '../../../src/domain/clock.ts';
import { highestStamp, mergeFields, type Stored } from '../../../src/domain/merge.ts';
import { validateRecord } from '../../../src/domain/validate.ts';
import { MissingRecordError, ValidationError, type Change, type Scope } from './changes.ts';
import type { DoiThoaiDb, OutboxEntry } from './db.ts';

export * from './changes.ts';

interface DeviceClock {
  deviceId: string;
  last: Hlc | null;
}

export const CLOCK_KEY = 'clock';

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
  const tables = new Set<string>(['outbox', 'meta']);
  for (const c of changes) tables.add(c.kind === 'text' ? 'textUpdates' : c.table);

  return db.transaction('rw', [...tables], async () => {
    const clock = await readClock(db);
    const written: string[] = [];
    for (const change of changes) {
      if (change.kind === 'text') {
        // CRDT text merges by itself; the row is both the record and, while pending, its outbox entry.
        const seq = await db.textUpdates.add({ docId: change.docId, update: change.update, pending: 1 });
        written.push(String(seq));
        continue;
      }
      const table = db.table(change.table);
      const existing = (await table.get(change.id)) as Stored<Record<string, unknown>> | undefined;
      if (change.kind !== 'create' && !existing) throw new MissingRecordError(change.table, change.id);

      const fields: Record<string, unknown> =
        change.kind === 'delete' ? { deleted: true } : change.kind === 'create' ? { ...change.fields, deleted: false } : { ...change.fields };
      // Only fields whose value really changes get a stamp: re-saving a form must not outvote another device's edit.
      for (const key of Object.keys(fields)) if (existing && sameValue(existing[key], fields[key])) delete fields[key];
      if (Object.keys(fields).length === 0) {
        written.push(change.id);
        continue;
      }
      const stamps: Record<string, Hlc> = {};
      for (const key of Object.keys(fields)) {
        clock.last = tick(clock.last, now(), clock.deviceId);
        stamps[key] = clock.last;
      }
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
      const entry: OutboxEntry = {
        table: change.table,
        id: change.id,
        ...scope,
        fields,
        stamps,
        deviceId: clock.deviceId,
        hlc: clock.last!,
      };
      await db.outbox.add(entry);
      written.push(change.id);
    }
    await db.meta.put({ key: CLOCK_KEY, value: clock });
    return written;
  });
}
