/**
 * The office server's storage contract.
 *
 * Routes talk to a `Store` through named methods (`hello`, `push`, `pull`,
 * `textDiff`, `units`), never to SQLite, PostgreSQL or the query builder: a
 * ward office runs the server on one PC with a SQLite file, a province may host
 * many units on PostgreSQL, and the routes must not care which. Both adapters
 * are thin: they only build a Kysely dialect; the queries, the migrations and
 * every method below are shared (see `kysely-store.ts`), so the two cannot
 * drift apart.
 */
import type { Generated, Kysely } from 'kysely';
import type { Change, LoggedChange, PushResult } from '../../protocol/index.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** Small key/value settings the server keeps about itself (e.g. its id, first-run time). */
export interface MetaTable {
  key: string;
  value: string;
}

/**
 * The change log: one row per change a device pushed and the server accepted,
 * in the order it accepted them. Rows are never updated or deleted.
 *
 * `seq` is the pull cursor: a device asks for "everything after seq N". It is
 * never reused (SQLite AUTOINCREMENT, a PostgreSQL identity) and, because
 * pushes are serialised, rows become visible in seq order: no reader can see
 * seq N+1 before seq N.
 *
 * `fields` and `stamps` are JSON text in both stores: the server relays them
 * verbatim and merges them in TypeScript (`src/domain/merge.ts`), it never
 * queries inside them, and text round-trips identically on both databases.
 */
export interface SyncLogTable {
  seq: Generated<number>;
  /** The device's operation id: UNIQUE, which is what makes a retried push change nothing. */
  op: string;
  kind: 'record' | 'text';
  unit_id: string;
  /** Null for unit-wide records (the unit itself, departments, responders). */
  conference_id: string | null;
  /** The record's table; null for a text change. */
  table_name: string | null;
  /** The record id, or for a text change the document id. */
  record_id: string;
  /** JSON object, field name → value (record changes only). */
  fields: string | null;
  /** JSON object, field name → HLC stamp (record changes only). */
  stamps: string | null;
  /** The highest stamp of the change (record changes only). */
  hlc: string | null;
  /** The Yjs update (text changes only). */
  text_update: Buffer | null;
  /** The device that made the change (the stamps' node). */
  device_id: string;
  /** The device that sent it to us: the same, unless a file was imported and pushed by another device. */
  sent_by: string;
  /** The signed-in account, once accounts exist (issue 8): the audit trail's "who". */
  account_id: string | null;
  /** Server wall time in ms since the epoch, for people reading the history; ordering uses `seq`. */
  received_at: number;
}

/**
 * The current state of every record: what all accepted changes merge to.
 * Kept so a push can be merged and validated without replaying the log, and
 * so the server can answer "what does this record look like now".
 */
export interface RecordsTable {
  table_name: string;
  record_id: string;
  unit_id: string;
  conference_id: string | null;
  /** JSON object of the merged fields, including `deleted`. */
  fields: string;
  /** JSON object of each field's winning stamp. */
  stamps: string;
  /** Highest stamp. */
  updated_at: string;
  /** 1 when tombstoned (an integer on both stores, so both return the same type). */
  deleted: number;
  /** The log row that last changed this state. */
  last_seq: number;
}

/** Each minutes document's merged Yjs state. */
export interface TextDocsTable {
  doc_id: string;
  unit_id: string;
  conference_id: string | null;
  /** Every accepted update merged into one (`Y.mergeUpdates`), compacted now and then. */
  state: Buffer;
  /** Updates merged since the state was last compacted through a Y.Doc. */
  merges_since_compact: number;
  last_seq: number;
}

/** A staff account (issue 8): one unit, one or more roles. */
export interface AccountsTable {
  id: string;
  unit_id: string;
  username: string;
  display_name: string;
  /** Comma-separated roles (`domain/access.ts`). */
  roles: string;
  /** `scrypt$N$r$p$salt$hash` (see `auth/passwords.ts`). */
  password_hash: string;
  failed_logins: number;
  /** Epoch ms; 0 when not locked. */
  locked_until: number;
  disabled: number;
  created_at: number;
}

export interface LoginSessionsTable {
  /** SHA-256 of the cookie's token: a stolen database holds no usable session. */
  token_hash: string;
  account_id: string;
  created_at: number;
  expires_at: number;
  revoked: number;
}

export interface DevicesTable {
  id: string;
  /** SHA-256 of the device's token. */
  token_hash: string;
  /** The person the device was enrolled for: its pushes are theirs in the audit trail. */
  account_id: string;
  unit_id: string;
  name: string;
  app_device_id: string | null;
  created_at: number;
  last_sync_at: number | null;
  revoked: number;
}

export interface EnrolmentCodesTable {
  code_hash: string;
  account_id: string;
  device_name: string;
  expires_at: number;
  used: number;
}

/** A recording part a device declared (issue 11): its metadata; the bytes are in `audio_chunks`. */
export interface AudioPartsTable {
  part_id: string;
  unit_id: string;
  conference_id: string;
  session_id: string;
  mime_type: string;
  /** Room clock, epoch ms. */
  started_at: number;
  /** JSON `AudioSegmentTotal[]` once the part has ended, else null. */
  segments: string | null;
  /** Who uploaded it (the device's account) and from which enrolled device. */
  account_id: string | null;
  device_id: string | null;
  created_at: number;
}

/** One chunk of a segment, as the device's recorder handed it over; never changed once stored. */
export interface AudioChunksTable {
  part_id: string;
  segment_index: number;
  chunk_index: number;
  data: Buffer;
  size: number;
  /** SHA-256 of `data`, hex: what a re-sent chunk is compared by. */
  sha256: string;
  received_at: number;
}

export interface Database {
  meta: MetaTable;
  sync_log: SyncLogTable;
  records: RecordsTable;
  text_docs: TextDocsTable;
  accounts: AccountsTable;
  login_sessions: LoginSessionsTable;
  devices: DevicesTable;
  enrolment_codes: EnrolmentCodesTable;
  audio_parts: AudioPartsTable;
  audio_chunks: AudioChunksTable;
}

/** Who is pushing: the device now; the account too once accounts exist. */
export interface PushContext {
  /** The device that sent the push (`PushRequest.deviceId`). */
  readonly deviceId: string;
  readonly accountId?: string | null;
  /**
   * The role check (issue 8), asked once per new change with the record's
   * current state (`undefined`: the server has not got it): a refusal is that
   * change's result, the others go on. Absent when access control is off.
   */
  readonly authorize?: (
    change: Change,
    current: { readonly unitId: string; readonly fields?: Readonly<Record<string, unknown>> } | undefined,
  ) => { readonly reason: 'forbidden'; readonly details?: unknown } | null;
  /** Server wall time for this push, epoch ms: the clock-skew limit is measured from it. */
  readonly now: number;
}

export interface PushOutcome {
  /** One per change, in the order sent. */
  readonly results: PushResult[];
  /** The newest seq in the log after this push. */
  readonly head: number;
  /** Units whose log grew: their live listeners are told. */
  readonly changedUnits: string[];
}

export interface PullPage {
  readonly changes: LoggedChange[];
  readonly next: number;
  readonly more: boolean;
}

export interface TextDiff {
  /** What the asker's state vector lacks, a Yjs update. */
  readonly update: Uint8Array;
  /** The server's state vector. */
  readonly stateVector: Uint8Array;
}

/** A refusal of a whole store call (not of one change in a push): the route maps it to a 4xx. */
export class StoreRefusal extends Error {
  constructor(
    readonly reason: 'stale_cursor' | 'scope_mismatch' | 'validation_failed',
    readonly details?: unknown,
  ) {
    super(reason);
    this.name = 'StoreRefusal';
  }
}

export interface Store {
  readonly kind: StoreKind;
  /** Where the data lives, safe to print (no password): a file path or host/database. */
  readonly location: string;
  /** The query builder, for store code and tests only; routes use the named methods. */
  readonly db: Kysely<Database>;
  /** Brings the schema up to date and gives the database its id. Safe on every start and from several processes. */
  migrate(): Promise<void>;
  /** Closes the connection or pool. The store is unusable afterwards. */
  close(): Promise<void>;
  meta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  /** This database's stable id and the newest seq. */
  hello(): Promise<{ serverId: string; head: number }>;
  /**
   * Applies a batch of (already schema-parsed) changes in one serialised
   * transaction: each is applied, answered `duplicate`, or refused on its own.
   */
  push(changes: readonly Change[], ctx: PushContext): Promise<PushOutcome>;
  /** The unit's changes after `after`, at most `limit`. Throws `StoreRefusal('stale_cursor')` past the head. */
  pull(unitId: string, after: number, limit: number): Promise<PullPage>;
  /** What a device with `stateVector` lacks of a document (empty vector: all of it). */
  textDiff(unitId: string, docId: string, stateVector: Uint8Array): Promise<TextDiff>;
  /** The units this server keeps (their unit record's name). */
  units(): Promise<{ id: string; name: string }[]>;
  /** The newest seq in the log. */
  head(): Promise<number>;
}
