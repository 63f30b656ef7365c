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
 * head before the rows (see `pull`).
 */
import { randomUUID } from 'node:crypto';
import { Kysely, Migrator, sql, type Dialect, type Selectable } from 'kysely';
import type { Hlc } from '../../domain/clock.ts';
import { highestStamp } from '../../domain/merge.ts';
import type { Change, LoggedChange, PushResult, RecordChange, TextChange } from '../../protocol/index.ts';
import {
  EMPTY_UPDATE,
  decideRecordChange,
  decideTextChange,
  isStateVector,
  sessionOfDoc,
  textDiffOf,
  type RecordState,
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
  type SyncLogTable,
  type TextDiff,
} from './types.ts';

/** The PostgreSQL advisory lock every push holds: one number for this application ("DT" + 2026). */
const PUSH_LOCK_KEY = 0x4454_2026;
/** Ids per `in (...)` list: far below SQLite's and PostgreSQL's parameter limits. */
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

const recordKey = (table: string, id: string) => `${table}\u0000${id}`;

export class KyselyStore implements Store {
  readonly db: Db;
  #closed = false;
  #serverId: string | undefined;

  constructor(
    readonly kind: StoreKind,
    readonly location: string,
    dialect: Dialect,
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

  push(changes: readonly Change[], ctx: PushContext): Promise<PushOutcome> {
    return this.#serialised((db) => pushIn(db, changes, ctx));
  }

  async pull(unitId: string, after: number, limit: number): Promise<PullPage> {
    // The head first, then only rows up to it. Rows at or below a head we have
    // seen are all committed (pushes commit in seq order), so handing out
    // `head` as the cursor can never skip one that commits later.
    const head = await headOf(this.db);
    if (after > head) throw new StoreRefusal('stale_cursor', { head });
    const rows = await this.db
      .selectFrom('sync_log')
      .selectAll()
      .where('unit_id', '=', unitId)
      .where('seq', '>', after)
      .where('seq', '<=', head)
      .orderBy('seq')
      .limit(limit + 1)
      .execute();
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    // With nothing more for this unit, the cursor moves to the head: the device
    // then compares its cursor with a live event's head and knows it is current.
    const next = more ? page[page.length - 1]!.seq : head;
    return { changes: page.map(toLoggedChange), next, more };
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

  /** Runs `fn` holding the write lock, in one transaction (see the file comment). */
  async #serialised<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (this.kind === 'postgres') {
      return this.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${sql.lit(PUSH_LOCK_KEY)})`.execute(trx);
        return fn(trx);
      });
    }
    // SQLite has one connection (Kysely queues everything else behind it);
    // IMMEDIATE also takes the file's write lock at once, so a second process
    // (a backup tool) cannot slip a write between our read and our write.
    return this.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
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

/** The body of a push, inside the serialised transaction. */
async function pushIn(db: Db, changes: readonly Change[], ctx: PushContext): Promise<PushOutcome> {
  const records = changes.filter((c): c is RecordChange => c.kind === 'record');
  const texts = changes.filter((c): c is TextChange => c.kind === 'text');

  // Read everything the batch touches in a few queries, then decide in memory.
  const seenOps = new Set<string>();
  for (const part of chunks([...new Set(changes.map((c) => c.op))])) {
    const rows = await db.selectFrom('sync_log').select('op').where('op', 'in', part).execute();
    for (const r of rows) seenOps.add(r.op);
  }

  const recordStates = new Map<string, RecordState>();
  const sessionIds = texts.map((t) => sessionOfDoc(t.docId)).filter((s): s is string => s !== undefined);
  for (const part of chunks([...new Set([...records.map((r) => r.id), ...sessionIds])])) {
    const rows = await db.selectFrom('records').selectAll().where('record_id', 'in', part).execute();
    for (const r of rows) {
      recordStates.set(recordKey(r.table_name, r.record_id), {
        unitId: r.unit_id,
        conferenceId: r.conference_id,
        fields: JSON.parse(r.fields) as Record<string, unknown>,
        stamps: JSON.parse(r.stamps) as Record<string, Hlc>,
      });
    }
  }

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

  const results: PushResult[] = [];
  const dirtyRecords = new Map<string, { table: string; id: string; seq: number }>();
  const dirtyDocs = new Map<string, number>();
  const changedUnits = new Set<string>();
  let head = 0;

  for (const change of changes) {
    if (seenOps.has(change.op)) {
      results.push({ op: change.op, status: 'duplicate' });
      continue;
    }
    let row: Omit<SyncLogTable, 'seq'>;
    const common = {
      op: change.op,
      unit_id: change.unitId,
      conference_id: change.conferenceId ?? null,
      device_id: change.deviceId,
      sent_by: ctx.deviceId,
      account_id: ctx.accountId ?? null,
      received_at: ctx.now,
    };
    if (change.kind === 'record') {
      const key = recordKey(change.table, change.id);
      const decision = decideRecordChange(recordStates.get(key), change, ctx.now);
      if (!decision.ok) {
        results.push({ op: change.op, status: 'refused', reason: decision.reason, ...(decision.details === undefined ? {} : { details: decision.details }) });
        continue;
      }
      recordStates.set(key, decision.state);
      row = {
        ...common,
        kind: 'record',
        table_name: change.table,
        record_id: change.id,
        fields: JSON.stringify(change.fields),
        stamps: JSON.stringify(change.stamps),
        hlc: change.hlc,
        text_update: null,
      };
    } else {
      const update = Buffer.from(change.update, 'base64');
      const session = sessionOfDoc(change.docId);
      const sessionUnit = session === undefined ? undefined : recordStates.get(recordKey('sessions', session))?.unitId;
      const decision = decideTextChange(docStates.get(change.docId), change, update, sessionUnit);
      if (!decision.ok) {
        results.push({ op: change.op, status: 'refused', reason: decision.reason, ...(decision.details === undefined ? {} : { details: decision.details }) });
        continue;
      }
      docStates.set(change.docId, decision.state);
      row = {
        ...common,
        kind: 'text',
        table_name: null,
        record_id: change.docId,
        fields: null,
        stamps: null,
        hlc: null,
        text_update: update,
      };
    }
    const { seq } = await db.insertInto('sync_log').values(row).returning('seq').executeTakeFirstOrThrow();
    seenOps.add(change.op); // the same op twice in one batch: the second is a duplicate
    head = seq;
    changedUnits.add(change.unitId);
    results.push({ op: change.op, status: 'applied', seq });
    if (change.kind === 'record') dirtyRecords.set(recordKey(change.table, change.id), { table: change.table, id: change.id, seq });
    else dirtyDocs.set(change.docId, seq);
  }

  for (const [key, { table, id, seq }] of dirtyRecords) {
    const state = recordStates.get(key)!;
    const values = {
      unit_id: state.unitId,
      conference_id: state.conferenceId,
      fields: JSON.stringify(state.fields),
      stamps: JSON.stringify(state.stamps),
      updated_at: highestStamp(state.stamps),
      deleted: state.fields.deleted === true ? 1 : 0,
      last_seq: seq,
    };
    await db
      .insertInto('records')
      .values({ table_name: table, record_id: id, ...values })
      .onConflict((oc) => oc.columns(['table_name', 'record_id']).doUpdateSet(values))
      .execute();
  }
  for (const [docId, seq] of dirtyDocs) {
    const doc = docStates.get(docId)!;
    const values = {
      unit_id: doc.unitId,
      conference_id: doc.conferenceId,
      state: toBuffer(doc.state),
      merges_since_compact: doc.mergesSinceCompact,
      last_seq: seq,
    };
    await db
      .insertInto('text_docs')
      .values({ doc_id: docId, ...values })
      .onConflict((oc) => oc.column('doc_id').doUpdateSet(values))
      .execute();
  }

  return { results, head: head || (await headOf(db)), changedUnits: [...changedUnits] };
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
