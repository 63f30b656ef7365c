/**
 * The office server's storage contract.
 *
 * Routes talk to a `Store`, never to SQLite or PostgreSQL directly: a ward office
 * runs the server on one PC with a SQLite file, a province may host many units on
 * PostgreSQL, and the routes must not care which. Both adapters are thin: they
 * only build a Kysely dialect; the queries, the migrations and every method below
 * are shared (see `kysely-store.ts`), so the two cannot drift apart.
 *
 * Adding record tables later: declare the row type here, add it to `Database`,
 * add a migration in `migrations.ts`, and add the methods the routes need to
 * `Store` (implemented once, in `KyselyStore`).
 */
import type { Generated, Kysely } from 'kysely';

export type StoreKind = 'sqlite' | 'postgres';

/** Small key/value settings the server keeps about itself (e.g. its id, first-run time). */
export interface MetaTable {
  key: string;
  value: string;
}

/**
 * The change log the sync protocol will serve (next issue): one row per record
 * change a device pushed, in the order the server accepted them.
 *
 * `seq` is the pull cursor: a device asks for "everything after seq N". It must
 * never be reused, which is why SQLite uses AUTOINCREMENT rather than plain rowid.
 * `fields` and `stamps` are JSON text in both stores: the server relays them
 * verbatim and merges them in TypeScript (`src/domain/merge.ts`), it never
 * queries inside them, and text round-trips identically on both databases.
 */
export interface ChangesTable {
  seq: Generated<number>;
  unit_id: string;
  /** Null for unit-level records (departments, the unit itself) that belong to no conference. */
  conference_id: string | null;
  table_name: string;
  record_id: string;
  /** JSON object: field name → new value. */
  fields: string;
  /** JSON object: field name → HLC stamp of that field's value. */
  stamps: string;
  /** The highest stamp in `stamps`, so "newer than" needs no JSON parsing. */
  hlc: string;
  device_id: string;
  /** Server wall time in ms since the epoch, for operators only; ordering uses `seq` and `hlc`. */
  received_at: number;
}

export interface Database {
  meta: MetaTable;
  changes: ChangesTable;
}

export interface Store {
  readonly kind: StoreKind;
  /** Where the data lives, safe to print (no password): a file path or host/database. */
  readonly location: string;
  /**
   * The query builder, for store code and tests. Routes should use named
   * methods on `Store` instead, so the adapter contract stays the one place
   * that knows the schema.
   */
  readonly db: Kysely<Database>;
  /** Brings the schema up to date. Safe to call on every start and from several processes. */
  migrate(): Promise<void>;
  /** Closes the connection or pool. The store is unusable afterwards. */
  close(): Promise<void>;
  meta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
}
