/**
 * A push's reads and writes on SQLite as a handful of statements prepared
 * once, run on the store's own connection inside the push's transaction
 * (`KyselyStore.#serialised` holds `BEGIN IMMEDIATE` on that same connection).
 *
 * Why not Kysely here: building a 500-row multi-row insert through the query
 * builder (parsing every row's columns, compiling, binding 7,500 parameters)
 * cost more than SQLite's own work of inserting the rows; a door tablet pushing
 * its 10,000 check-ins waited mostly on that. better-sqlite3 runs a prepared
 * statement synchronously, so one `run` per row inside the transaction is the
 * cheapest way in: no SQL text, no parsing, nothing to compile.
 *
 * The lookups take their keys as ONE JSON array (`json_each`), whatever the
 * group's size: one statement instead of one per 500 ids.
 *
 * This module does the same reads and writes as the portable Kysely path in
 * `kysely-store.ts` (`readState`, `writeRows`), with the same results; that
 * path stays for any other dialect.
 */
import type Sqlite from 'better-sqlite3';
import type { RecordState } from '../sync-rules.ts';
import { recordKey, recordState, type BulkPath, type StateRead } from './kysely-store.ts';

/**
 * How long the push queue stays empty before the WAL is checkpointed: longer than a tablet takes
 * between the pushes of one burst, as a checkpoint between them would hold up the next. SQLite's
 * own automatic checkpoint runs inside the commit that passes its threshold, so a tablet pushing a long list
 * waited for a checkpoint (copying the WAL into the database file, and a disk flush) in every
 * push or two. Done here once pushes pause, it copies each page once for the whole burst, and
 * no push waits for it; `WAL_CHECKPOINT_PAGES` (sqlite.ts) still bounds the WAL if pushes never pause.
 */
export const CHECKPOINT_IDLE_MS = 1000;

export function sqliteBulkPath(database: Sqlite.Database): BulkPath {
  // Prepared on first use, not here: the tables exist only once the store has migrated.
  let statements: ReturnType<typeof prepare> | undefined;
  const prepare = () => ({
    seenOps: database.prepare<[string], { op: string }>('select op from sync_log where op in (select value from json_each(?))'),
    records: database.prepare<[string, string], { table_name: string; record_id: string; unit_id: string; conference_id: string | null; fields: string; stamps: string }>(
      `select table_name, record_id, unit_id, conference_id, fields, stamps from records
       where table_name = ? and record_id in (select value from json_each(?))`,
    ),
    insertLog: database.prepare(
      `insert into sync_log (op, kind, unit_id, conference_id, table_name, record_id, fields, stamps, hlc, text_update, device_id, sent_by, account_id, received_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    upsertRecord: database.prepare(
      `insert into records (table_name, record_id, unit_id, conference_id, fields, stamps, updated_at, deleted, last_seq)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (table_name, record_id) do update set
         unit_id = excluded.unit_id, conference_id = excluded.conference_id, fields = excluded.fields, stamps = excluded.stamps,
         updated_at = excluded.updated_at, deleted = excluded.deleted, last_seq = excluded.last_seq`,
    ),
  });
  const use = () => (statements ??= prepare());
  let checkpoint: ReturnType<typeof setTimeout> | undefined;

  return {
    idle() {
      clearTimeout(checkpoint);
      checkpoint = setTimeout(() => {
        checkpoint = undefined;
        // A push that began meanwhile holds its transaction: its own end re-arms this.
        if (!database.open || database.inTransaction) return;
        try {
          // PASSIVE: copies what no reader still needs, never waits for one, never blocks a writer.
          database.pragma('wal_checkpoint(PASSIVE)');
        } catch (err) {
          // A busy or read-only file: SQLite's own checkpoint still runs at its threshold.
          console.warn('sqlite: checkpoint skipped', err);
        }
      }, CHECKPOINT_IDLE_MS);
      // A pending checkpoint never keeps the process alive.
      checkpoint.unref?.();
    },

    close() {
      clearTimeout(checkpoint);
      checkpoint = undefined;
    },

    readState(ops, idsByTable): StateRead {
      const s = use();
      const seenOps = new Set<string>();
      if (ops.length > 0) for (const r of s.seenOps.all(JSON.stringify(ops))) seenOps.add(r.op);
      const recordStates = new Map<string, RecordState>();
      for (const [table, ids] of idsByTable) {
        for (const r of s.records.all(table, JSON.stringify([...ids]))) recordStates.set(recordKey(r.table_name, r.record_id), recordState(r));
      }
      return { seenOps, recordStates };
    },

    write(logRows, recordRows) {
      const s = use();
      const seqOf = new Map<string, number>();
      for (const r of logRows) {
        const { lastInsertRowid } = s.insertLog.run(
          r.op,
          r.kind,
          r.unit_id,
          r.conference_id,
          r.table_name,
          r.record_id,
          r.fields,
          r.stamps,
          r.hlc,
          r.text_update,
          r.device_id,
          r.sent_by,
          r.account_id,
          r.received_at,
        );
        seqOf.set(r.op, Number(lastInsertRowid));
      }
      for (const r of recordRows) {
        s.upsertRecord.run(r.table_name, r.record_id, r.unit_id, r.conference_id, r.fields, r.stamps, r.updated_at, r.deleted, seqOf.get(r.op)!);
      }
      return seqOf;
    },
  };
}
