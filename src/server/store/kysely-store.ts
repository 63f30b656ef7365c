/**
 * The one implementation of `Store`, over any Kysely dialect. The SQLite and
 * PostgreSQL adapters only construct the dialect and pass it here.
 *
 * The danger this file guards against: a pull cursor skipping a row. A device
 * that has pulled "up to seq 40" never asks for 40 or below again, so if seq 40
 * became visible while seq 39 was still uncommitted, 39 would be lost to that
 * device forever. Every push therefore runs in ONE transaction that holds the
 * database's write lock from its first statement (SQLite `BEGIN IMMEDIATE` on
 * the single connection; PostgreSQL `pg_advisory_xact_lock`, held to commit),
 * so seqs are handed out and committed strictly in order, and a pull reads the
 * head before the rows (see `pull`). Pushes that queue up while a transaction
 * runs share the next one (group commit, see `push`).
 */
import { randomUUID } from 'node:crypto';
import { Kysely, Migrator, sql, type Dialect, type Selectable } from 'kysely';
import type { Hlc } from '../../domain/clock.ts';
import { highestStamp } from '../../domain/merge.ts';
import type { Change, LoggedChange, PushResult, RecordChange, TextChange } from '../../protocol/index.ts';
import {
  EMPTY_UPDATE,
  conferenceOfDoc,
  decideRecordChange,
  parentsOf,
  decideTextChange,
  isStateVector,
  sessionOfDoc,
  textDiffOf,
  withDocumentScope,
  type RecordState,
  type Refusal,
  type TextDocState,
} from '../sync-rules.ts';
import { migrationProvider } from './migrations.ts';
import {
  StoreRefusal,
  type Database,
  type PullPage,
  type PushContext,
  type PushOutcome,
  type Store,
  type StoreKind,
  type RecordsTable,
  type SyncLogTable,
  type TextDiff,
} from './types.ts';

/** The PostgreSQL advisory lock every push holds: one number for this application ("DT" + 2026). */
export const PUSH_LOCK_KEY = 0x4454_2026;
/**
 * The next turn of the event loop, taken once at load: a test that fakes the
 * clock (vi.useFakeTimers) around an in-process server must not freeze its writes.
 */
const nextTurn: (fn: () => void) => void = globalThis.setImmediate.bind(globalThis);

/** A pull page stops growing past this many bytes of fields, stamps and text (and at `limit` changes). */
export const PULL_PAGE_BYTES = 8 * 1024 * 1024;
/** Ids per `in (...)` list and rows per multi-row insert: 500 rows × 15 columns stays far below SQLite's 32,766 parameters. */
const IN_CHUNK = 500;

const SERVER_ID_KEY = 'server_id';

type Db = Kysely<Database>;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_CHUNK) out.push(items.slice(i, i + IN_CHUNK));
  return out;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const recordKey = (table: string, id: string) => `${table}\u0000${id}`;

/**
 * A push's reads and writes as statements an adapter prepared itself
 * (`sqlite-bulk.ts`), with the same results as this file's portable Kysely
 * statements (`readState`, `writeRows`), which run where there is none.
 * Called inside the push's transaction, on the same connection.
 */
export interface BulkPath {
  readState(ops: readonly string[], idsByTable: ReadonlyMap<string, ReadonlySet<string>>): StateRead;
  /** Inserts the log rows in their order (seqs handed out in that order) and upserts the records; returns each op's seq. */
  write(logRows: readonly LogRow[], recordRows: readonly RecordRow[]): Map<string, number>;
  /** The push queue has emptied: time for housekeeping that must not hold up a push (SQLite: the WAL checkpoint). */
  idle?(): void;
  /** The store is closing: whatever housekeeping is still waiting is dropped. */
  close?(): void;
}

export class KyselyStore implements Store {
  readonly db: Db;
  #closed = false;
  #serverId: string | undefined;
  readonly #queue: QueuedPush[] = [];
  #writing = false;

  constructor(
    readonly kind: StoreKind,
    readonly location: string,
    dialect: Dialect,
    private readonly bulk?: BulkPath,
  ) {
    this.db = new Kysely<Database>({ dialect });
  }

  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.kind) });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      // Keep the database error as the cause: it is what an operator needs to read.
      throw new Error(`migration ${failed ?? '(before any migration ran)'} failed on ${this.kind}`, {
        cause: error,
      });
    }
    // The database's id, made once: several servers starting together agree on the first one written.
    await this.db
      .insertInto('meta')
      .values({ key: SERVER_ID_KEY, value: randomUUID() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }

  async close(): Promise<void> {
    // Signal handlers and test teardown may both close; the second must be a no-op.
    if (this.#closed) return;
    this.#closed = true;
    this.bulk?.close?.();
    await this.db.destroy();
  }

  async meta(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  // ---------------------------------------------------------------- sync

  async head(): Promise<number> {
    return headOf(this.db);
  }

  async hello(): Promise<{ serverId: string; head: number }> {
    this.#serverId ??= await this.meta(SERVER_ID_KEY);
    if (this.#serverId === undefined) throw new Error('the store has not been migrated (no server id)');
    return { serverId: this.#serverId, head: await this.head() };
  }

  async units(): Promise<{ id: string; name: string }[]> {
    const rows = await this.db
      .selectFrom('records')
      .select(['record_id', 'fields'])
      .where('table_name', '=', 'units')
      .where('deleted', '=', 0)
      .orderBy('record_id')
      .execute();
    return rows.map((r) => {
      const name = (JSON.parse(r.fields) as { name?: unknown }).name;
      return { id: r.record_id, name: typeof name === 'string' ? name : '' };
    });
  }

  /**
   * Pushes wait in one queue; whatever queued while a transaction ran goes into
   * the next one together (group commit). Each push still gets its own results,
   * decided in arrival order exactly as if it had run alone, but ten tablets
   * pushing at once cost one lock, one commit and one disk flush instead of ten:
   * what keeps a hall's burst of check-ins from queueing behind fsync.
   */
  push(changes: readonly Change[], ctx: PushContext): Promise<PushOutcome> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ changes, ctx, resolve, reject });
      // Start on the next turn, not now: requests that arrived in the same burst of I/O join this group.
      if (!this.#writing) {
        this.#writing = true;
        nextTurn(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const group = takeGroup(this.#queue);
        try {
          const outcomes = await this.#serialised((db) => pushIn(db, this.kind, group, this.bulk));
          group.forEach((p, i) => p.resolve(outcomes[i]!));
        } catch (err) {
          if (group.length === 1) {
            group[0]!.reject(err);
            continue;
          }
          // One push that breaks the transaction (a bug, a database error) must not fail the others with it.
          for (const p of group) {
            try {
              const [outcome] = await this.#serialised((db) => pushIn(db, this.kind, [p], this.bulk));
              p.resolve(outcome!);
            } catch (alone) {
              p.reject(alone);
            }
          }
        }
      }
    } finally {
      this.#writing = false;
      this.bulk?.idle?.();
    }
  }

  async pull(unitId: string, after: number, limit: number): Promise<PullPage> {
    // The head and the page's sizes in ONE statement, so from ONE snapshot: every
    // row it shows is at or below that head, and rows at or below a head we have
    // seen are all committed (pushes commit in seq order), so handing out `head`
    // as the cursor can never skip one that commits later. (One round trip less
    // than asking for the head first: on PostgreSQL each is a wait for the database.)
    // Sizes first, so a page of large text updates is cut by bytes before any of them is read
    // (text travels as base64: a third more than its bytes).
    const { rows: sized } = await sql<{ seq: number; bytes: number }>`
      select coalesce(max(seq), 0) as seq, -1 as bytes from sync_log
      union all
      select * from (
        select seq, coalesce(length(fields), 0) + coalesce(length(stamps), 0) + coalesce(length(text_update), 0) * 4 / 3 as bytes
        from sync_log where unit_id = ${unitId} and seq > ${after} order by seq limit ${limit + 1}
      ) page`.execute(this.db);
    const head = Number(sized.find((r) => Number(r.bytes) === -1)?.seq ?? 0);
    if (after > head) throw new StoreRefusal('stale_cursor', { head });
    const sizes = sized.filter((r) => Number(r.bytes) !== -1).sort((a, b) => Number(a.seq) - Number(b.seq));
    let take = 0;
    let bytes = 0;
    while (take < Math.min(limit, sizes.length)) {
      bytes += Number(sizes[take]!.bytes);
      // At least one change per page, however large, or a device could never get past it.
      if (take > 0 && bytes > PULL_PAGE_BYTES) break;
      take++;
    }
    const more = sizes.length > take;
    const last = take > 0 ? Number(sizes[take - 1]!.seq) : after;
    const rows =
      take === 0
        ? []
        : await this.db
            .selectFrom('sync_log')
            .selectAll()
            .where('unit_id', '=', unitId)
            .where('seq', '>', after)
            .where('seq', '<=', last)
            .orderBy('seq')
            .execute();
    // With nothing more for this unit, the cursor moves to the head: the device
    // then compares its cursor with a live event's head and knows it is current.
    const next = more ? last : head;
    return { changes: rows.map(toLoggedChange), next, more };
  }

  async textDiff(unitId: string, docId: string, stateVector: Uint8Array): Promise<TextDiff> {
    if (!isStateVector(stateVector)) throw new StoreRefusal('validation_failed', { problem: 'invalid_state_vector', field: 'stateVector' });
    const row = await this.db.selectFrom('text_docs').selectAll().where('doc_id', '=', docId).executeTakeFirst();
    if (row && row.unit_id !== unitId) throw new StoreRefusal('scope_mismatch', { docId });
    try {
      return textDiffOf(row ? new Uint8Array(row.state) : EMPTY_UPDATE, stateVector);
    } catch {
      // A vector that decodes but names impossible clocks: the device's copy is broken, not the server.
      throw new StoreRefusal('validation_failed', { problem: 'invalid_state_vector', field: 'stateVector' });
    }
  }

  /**
   * Runs `fn` holding the write lock, in one transaction (see the file comment),
   * on one connection. SQLite: the only connection (Kysely queues everything
   * else behind it), and IMMEDIATE takes the file's write lock at once, so a
   * second process (a backup tool) cannot slip a write between our read and our
   * write. PostgreSQL: BEGIN and the advisory lock in one round trip (no
   * parameters, so the simple protocol, which allows two statements).
   */
  async #serialised<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    const begin = this.kind === 'postgres' ? `begin; select pg_advisory_xact_lock(${PUSH_LOCK_KEY})` : 'begin immediate';
    return this.db.connection().execute(async (conn) => {
      try {
        // Inside the try: a lock that fails leaves an open, aborted transaction to roll back.
        await sql.raw(begin).execute(conn);
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (err) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw err;
      }
    });
  }
}

async function headOf(db: Db): Promise<number> {
  const row = await db
    .selectFrom('sync_log')
    .select((eb) => eb.fn.max('seq').as('head'))
    .executeTakeFirst();
  return Number(row?.head ?? 0);
}

interface QueuedPush {
  readonly changes: readonly Change[];
  readonly ctx: PushContext;
  resolve(outcome: PushOutcome): void;
  reject(err: unknown): void;
}

/** Pushes per group transaction, and changes: bounds how long one transaction holds the lock. */
const GROUP_PUSHES = 64;
const GROUP_CHANGES = 4 * 500;

function takeGroup(queue: QueuedPush[]): QueuedPush[] {
  const group: QueuedPush[] = [];
  let changes = 0;
  while (queue.length > 0 && group.length < GROUP_PUSHES) {
    const next = queue[0]!;
    if (group.length > 0 && changes + next.changes.length > GROUP_CHANGES) break;
    group.push(queue.shift()!);
    changes += next.changes.length;
  }
  return group;
}

export type LogRow = Omit<SyncLogTable, 'seq'>;

/**
 * The body of a group of pushes, inside one serialised transaction: read what
 * the group touches in a few queries, decide every change in memory in arrival
 * order (a later change sees the state an earlier one left), then write the log
 * rows and the new states in a few multi-row statements.
 */
async function pushIn(
  db: Db,
  kind: StoreKind,
  group: readonly { changes: readonly Change[]; ctx: PushContext }[],
  bulk: BulkPath | undefined,
): Promise<PushOutcome[]> {
  const all = group.flatMap((p) => p.changes);
  const records = all.filter((c): c is RecordChange => c.kind === 'record');
  const texts = all.filter((c): c is TextChange => c.kind === 'text');

  // By table, so the lookup uses the (table_name, record_id) key.
  const idsByTable = new Map<string, Set<string>>();
  const want = (table: string, id: string) => {
    let ids = idsByTable.get(table);
    if (!ids) idsByTable.set(table, (ids = new Set()));
    ids.add(id);
  };
  for (const r of records) {
    want(r.table, r.id);
    for (const parent of parentsOf(r)) want(parent.table, parent.id);
  }
  for (const t of texts) {
    const session = sessionOfDoc(t.docId);
    if (session !== undefined) want('sessions', session);
    const conference = conferenceOfDoc(t.docId);
    if (conference !== undefined) want('conferences', conference);
  }
  const ops = [...new Set(all.map((c) => c.op))];
  const { seenOps, recordStates } = bulk
    ? bulk.readState(ops, idsByTable)
    : kind === 'postgres'
      ? await readStatePostgres(db, ops, idsByTable)
      : await readState(db, ops, idsByTable);

  const docStates = new Map<string, TextDocState>();
  for (const part of chunks([...new Set(texts.map((t) => t.docId))])) {
    const rows = await db.selectFrom('text_docs').selectAll().where('doc_id', 'in', part).execute();
    for (const r of rows) {
      docStates.set(r.doc_id, {
        unitId: r.unit_id,
        conferenceId: r.conference_id,
        state: new Uint8Array(r.state),
        mergesSinceCompact: r.merges_since_compact,
      });
    }
  }

  // A parent made earlier in the same group is seen too: recordStates follows the decisions.
  const unitOfParent = (table: string, id: string) => recordStates.get(recordKey(table, id))?.unitId;

  // Decide, in arrival order. `pending` holds, per applied change, where its result waits for its seq.
  const results: PushResult[][] = [];
  const logRows: LogRow[] = [];
  const pending: Array<{ push: number; index: number }> = [];
  const dirtyRecords = new Map<string, { table: string; id: string; op: string }>();
  const dirtyDocs = new Map<string, string>();
  const changedUnits: Set<string>[] = [];
  // A record the server did not have is, once decided, exactly the change's fields and stamps: its
  // row reuses the log row's JSON instead of serialising the same values again (for a door
  // tablet's list of new people, half of the push's JSON work). Keyed by the state object: a
  // later change to the record in the same group makes a new state, serialised as usual.
  const serialised = new Map<RecordState, { fields: string; stamps: string | null }>();

  group.forEach(({ changes, ctx }, pushIndex) => {
    const out: PushResult[] = [];
    const units = new Set<string>();
    results.push(out);
    changedUnits.push(units);
    for (const sent of changes) {
      const change = withDocumentScope(sent);
      if (seenOps.has(change.op)) {
        out.push({ op: change.op, status: 'duplicate' });
        continue;
      }
      if (ctx.authorize) {
        const current = change.kind === 'record' ? recordStates.get(recordKey(change.table, change.id)) : docStates.get(change.docId);
        const denied = ctx.authorize(change, current);
        if (denied) {
          out.push(refusedResult(change.op, { ok: false, ...denied }));
          continue;
        }
      }
      let row: LogRow;
      if (change.kind === 'record') {
        const key = recordKey(change.table, change.id);
        const current = recordStates.get(key);
        const decision = decideRecordChange(current, change, ctx.now, unitOfParent);
        if (!decision.ok) {
          out.push(refusedResult(change.op, decision));
          continue;
        }
        recordStates.set(key, decision.state);
        dirtyRecords.set(key, { table: change.table, id: change.id, op: change.op });
        const fields = JSON.stringify(change.fields);
        const stamps = JSON.stringify(change.stamps);
        // Merged into nothing, the record's fields are the change's, in the change's order; its
        // stamps follow the fields' order, so the change's stamps serialise the same only in that order.
        if (current === undefined) serialised.set(decision.state, { fields, stamps: sameKeyOrder(change.fields, change.stamps) ? stamps : null });
        row = logRow(change, ctx, { kind: 'record', table_name: change.table, record_id: change.id, fields, stamps, hlc: change.hlc, text_update: null });
      } else {
        const update = Buffer.from(change.update, 'base64');
        const session = sessionOfDoc(change.docId);
        const sessionUnit = session === undefined ? undefined : recordStates.get(recordKey('sessions', session))?.unitId;
        const conference = conferenceOfDoc(change.docId);
        const conferenceUnit = conference === undefined ? undefined : recordStates.get(recordKey('conferences', conference))?.unitId;
        const decision = decideTextChange(docStates.get(change.docId), change, update, sessionUnit, conferenceUnit);
        if (!decision.ok) {
          out.push(refusedResult(change.op, decision));
          continue;
        }
        docStates.set(change.docId, decision.state);
        dirtyDocs.set(change.docId, change.op);
        row = logRow(change, ctx, { kind: 'text', table_name: null, record_id: change.docId, fields: null, stamps: null, hlc: null, text_update: update });
      }
      seenOps.add(change.op); // the same op twice (in one push or two of the group): the second is a duplicate
      logRows.push(row);
      units.add(change.unitId);
      pending.push({ push: pushIndex, index: out.length });
      out.push({ op: change.op, status: 'applied', seq: 0 });
    }
  });

  const recordRows = [...dirtyRecords].map(([key, { table, id, op }]) => {
    const state = recordStates.get(key)!;
    const known = serialised.get(state);
    return {
      table_name: table,
      record_id: id,
      unit_id: state.unitId,
      conference_id: state.conferenceId,
      fields: known?.fields ?? JSON.stringify(state.fields),
      stamps: known?.stamps ?? JSON.stringify(state.stamps),
      updated_at: highestStamp(state.stamps),
      deleted: state.fields.deleted === true ? 1 : 0,
      op,
    };
  });
  // The log rows, in decision order: seqs are handed out in that order (one writer).
  const seqOf = bulk ? bulk.write(logRows, recordRows) : kind === 'postgres' ? await writePostgres(db, logRows, recordRows) : await writeRows(db, logRows, recordRows);
  for (const { push, index } of pending) {
    const r = results[push]![index]!;
    results[push]![index] = { op: r.op, status: 'applied', seq: seqOf.get(r.op)! };
  }

  for (const [docId, op] of dirtyDocs) {
    const doc = docStates.get(docId)!;
    const values = {
      unit_id: doc.unitId,
      conference_id: doc.conferenceId,
      state: toBuffer(doc.state),
      merges_since_compact: doc.mergesSinceCompact,
      last_seq: seqOf.get(op)!,
    };
    await db
      .insertInto('text_docs')
      .values({ doc_id: docId, ...values })
      .onConflict((oc) => oc.column('doc_id').doUpdateSet(values))
      .execute();
  }

  const head = logRows.length > 0 ? Math.max(...seqOf.values()) : await headOf(db);
  return group.map((_, i) => ({ results: results[i]!, head, changedUnits: [...changedUnits[i]!] }));
}

/**
 * One log row, written out property by property. Not `{ ...common, kind, … }`: V8 builds an
 * object spread and then extended by seven more properties on a slow path, which for a
 * 10,000-change push cost more than serialising the changes' fields.
 */
function logRow(
  change: Change,
  ctx: PushContext,
  own: Pick<LogRow, 'kind' | 'table_name' | 'record_id' | 'fields' | 'stamps' | 'hlc' | 'text_update'>,
): LogRow {
  return {
    op: change.op,
    unit_id: change.unitId,
    conference_id: change.conferenceId ?? null,
    device_id: change.deviceId,
    sent_by: ctx.deviceId,
    account_id: ctx.accountId ?? null,
    received_at: ctx.now,
    kind: own.kind,
    table_name: own.table_name,
    record_id: own.record_id,
    fields: own.fields,
    stamps: own.stamps,
    hlc: own.hlc,
    text_update: own.text_update,
  };
}

/** Whether two objects list the same keys in the same order (JSON.stringify writes them in that order). */
function sameKeyOrder(a: object, b: object): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

export type StateRead = { seenOps: Set<string>; recordStates: Map<string, RecordState> };
export type RecordRow = Omit<Selectable<RecordsTable>, 'last_seq'> & { op: string };

export function recordState(r: { unit_id: string; conference_id: string | null; fields: string; stamps: string }): RecordState {
  return {
    unitId: r.unit_id,
    conferenceId: r.conference_id,
    fields: JSON.parse(r.fields) as Record<string, unknown>,
    stamps: JSON.parse(r.stamps) as Record<string, Hlc>,
  };
}

/** The ops already in the log and the records the group touches, a few queries per 500 (SQLite: each is a call, not a round trip). */
async function readState(db: Db, ops: readonly string[], idsByTable: ReadonlyMap<string, ReadonlySet<string>>): Promise<StateRead> {
  const seenOps = new Set<string>();
  for (const part of chunks(ops)) {
    const rows = await db.selectFrom('sync_log').select('op').where('op', 'in', part).execute();
    for (const r of rows) seenOps.add(r.op);
  }
  const recordStates = new Map<string, RecordState>();
  for (const [table, ids] of idsByTable) {
    for (const part of chunks([...ids])) {
      const rows = await db.selectFrom('records').selectAll().where('table_name', '=', table).where('record_id', 'in', part).execute();
      for (const r of rows) recordStates.set(recordKey(r.table_name, r.record_id), recordState(r));
    }
  }
  return { seenOps, recordStates };
}

/**
 * The same read on PostgreSQL in ONE round trip, whatever the group's size: the
 * ops and keys go as two arrays, the answer comes back as JSON. Every round trip
 * is made holding the push lock, so each one is paid by every tablet waiting behind
 * it (on a loaded server, each is a wait for the database process to be scheduled).
 * A statement of its own after the lock's, never in the same one: a statement
 * reads the snapshot taken when it started, which could predate the previous
 * push's commit.
 */
async function readStatePostgres(db: Db, ops: readonly string[], idsByTable: ReadonlyMap<string, ReadonlySet<string>>): Promise<StateRead> {
  const tables: string[] = [];
  const ids: string[] = [];
  for (const [table, set] of idsByTable) {
    for (const id of set) {
      tables.push(table);
      ids.push(id);
    }
  }
  const { rows } = await sql<{ ops: string[] | null; records: [string, string, string, string | null, string, string][] | null }>`
    select
      (select json_agg(op) from sync_log where op = any(${ops}::text[])) as ops,
      (select json_agg(json_build_array(r.table_name, r.record_id, r.unit_id, r.conference_id, r.fields, r.stamps))
         from records r join unnest(${tables}::text[], ${ids}::text[]) as k(table_name, record_id)
           on r.table_name = k.table_name and r.record_id = k.record_id) as records`.execute(db);
  const row = rows[0];
  const recordStates = new Map<string, RecordState>();
  for (const [table_name, record_id, unit_id, conference_id, fields, stamps] of row?.records ?? []) {
    recordStates.set(recordKey(table_name, record_id), recordState({ unit_id, conference_id, fields, stamps }));
  }
  return { seenOps: new Set(row?.ops ?? []), recordStates };
}

/** The log rows and the new record states, a multi-row statement per 500; returns each op's seq. */
async function writeRows(db: Db, logRows: readonly LogRow[], recordRows: readonly RecordRow[]): Promise<Map<string, number>> {
  const seqOf = new Map<string, number>();
  for (const part of chunks(logRows)) {
    const inserted = await db.insertInto('sync_log').values(part).returning(['op', 'seq']).execute();
    for (const r of inserted) seqOf.set(r.op, r.seq);
  }
  for (const part of chunks(recordRows)) {
    await db
      .insertInto('records')
      .values(part.map(({ op, ...row }) => ({ ...row, last_seq: seqOf.get(op)! })))
      .onConflict((oc) =>
        oc.columns(['table_name', 'record_id']).doUpdateSet((eb) => ({
          unit_id: eb.ref('excluded.unit_id'),
          conference_id: eb.ref('excluded.conference_id'),
          fields: eb.ref('excluded.fields'),
          stamps: eb.ref('excluded.stamps'),
          updated_at: eb.ref('excluded.updated_at'),
          deleted: eb.ref('excluded.deleted'),
          last_seq: eb.ref('excluded.last_seq'),
        })),
      )
      .execute();
  }
  return seqOf;
}

/**
 * The same writes on PostgreSQL in ONE statement (one round trip under the
 * lock): the log rows and the record states travel as two JSON arrays; the log
 * insert hands out seqs in the rows' order (`ord`) and the record upsert takes
 * each record's `last_seq` from it, in the same statement.
 */
async function writePostgres(db: Db, logRows: readonly LogRow[], recordRows: readonly RecordRow[]): Promise<Map<string, number>> {
  const seqOf = new Map<string, number>();
  if (logRows.length === 0) return seqOf;
  const log = jsonForPostgres(
    logRows.map((r, ord) => ({ ...r, ord, text_update: r.text_update === null ? null : Buffer.from(r.text_update).toString('base64') })),
  );
  const { rows } = await sql<{ op: string; seq: number }>`
    with log as (
      insert into sync_log (op, kind, unit_id, conference_id, table_name, record_id, fields, stamps, hlc, text_update, device_id, sent_by, account_id, received_at)
      select op, kind, unit_id, conference_id, table_name, record_id, fields, stamps, hlc, decode(text_update, 'base64'), device_id, sent_by, account_id, received_at
      from json_to_recordset(${log}::json) as x(ord int, op text, kind text, unit_id text, conference_id text, table_name text, record_id text,
        fields text, stamps text, hlc text, text_update text, device_id text, sent_by text, account_id text, received_at bigint)
      order by ord
      returning op, seq
    ), state as (
      insert into records (table_name, record_id, unit_id, conference_id, fields, stamps, updated_at, deleted, last_seq)
      select r.table_name, r.record_id, r.unit_id, r.conference_id, r.fields, r.stamps, r.updated_at, r.deleted, log.seq
      from json_to_recordset(${jsonForPostgres(recordRows)}::json) as r(table_name text, record_id text, unit_id text, conference_id text,
        fields text, stamps text, updated_at text, deleted int, op text)
      join log on log.op = r.op
      on conflict (table_name, record_id) do update set
        unit_id = excluded.unit_id, conference_id = excluded.conference_id, fields = excluded.fields, stamps = excluded.stamps,
        updated_at = excluded.updated_at, deleted = excluded.deleted, last_seq = excluded.last_seq
    )
    select op, seq from log`.execute(db);
  for (const r of rows) seqOf.set(r.op, Number(r.seq));
  return seqOf;
}

/**
 * JSON that PostgreSQL turns back into the same text a parameter would have
 * carried. A lone UTF-16 surrogate (valid in a JS string, so in an id a broken
 * client sent) becomes a `\udXXX` escape that PostgreSQL refuses to convert to
 * text, where a parameter's UTF-8 encoding would have made it U+FFFD: do that
 * here, so a garbage id is stored as garbage, never answered with a 500.
 */
function jsonForPostgres(rows: readonly object[]): string {
  return JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'string' ? value.replace(LONE_SURROGATE, '\ufffd') : value));
}
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function refusedResult(op: string, refusal: Refusal): PushResult {
  return refusal.details === undefined
    ? { op, status: 'refused', reason: refusal.reason }
    : { op, status: 'refused', reason: refusal.reason, details: refusal.details };
}

function toLoggedChange(row: Selectable<SyncLogTable>): LoggedChange {
  const scope = row.conference_id === null ? {} : { conferenceId: row.conference_id };
  if (row.kind === 'text') {
    return {
      kind: 'text',
      op: row.op,
      docId: row.record_id,
      unitId: row.unit_id,
      ...scope,
      update: Buffer.from(row.text_update ?? new Uint8Array()).toString('base64'),
      deviceId: row.device_id,
      seq: row.seq,
      receivedAt: row.received_at,
    };
  }
  return {
    kind: 'record',
    op: row.op,
    table: row.table_name as RecordChange['table'],
    id: row.record_id,
    unitId: row.unit_id,
    ...scope,
    fields: JSON.parse(row.fields ?? '{}') as Record<string, unknown>,
    stamps: JSON.parse(row.stamps ?? '{}') as Record<string, Hlc>,
    deviceId: row.device_id,
    hlc: row.hlc as Hlc,
    seq: row.seq,
    receivedAt: row.received_at,
  };
}
