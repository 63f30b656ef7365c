/**
 * The stores every server sync test runs against: SQLite always, PostgreSQL
 * when DATABASE_URL_TEST names a server where that role may create databases
 * (`.ci/run` sets it up; e.g. postgres://doithoai_test:doithoai_test@127.0.0.1/doithoai_test).
 *
 * Each PostgreSQL store gets its own fresh database, dropped afterwards, so a
 * test starts from a truly empty server. Under CI (CI=true) a missing
 * PostgreSQL is an error, never a quiet skip: the suite must prove both stores.
 */
import path from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../../src/server/store/postgres.ts';
import { openSqliteStore } from '../../src/server/store/sqlite.ts';
import type { Store, StoreKind } from '../../src/server/store/types.ts';
import { tempDir } from './helpers.ts';

export const PG_URL = process.env.DATABASE_URL_TEST || undefined;

if (!PG_URL) {
  if (process.env.CI === 'true') {
    throw new Error('CI=true but DATABASE_URL_TEST is not set: the server suite must run against PostgreSQL too (see .ci/run)');
  }
  console.warn('Server sync tests: DATABASE_URL_TEST not set, running against SQLite only');
}

/** The store kinds this run covers. */
export const STORE_KINDS: StoreKind[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** Runs one statement on the server named by DATABASE_URL_TEST (CREATE/DROP DATABASE cannot run in a pool transaction). */
export async function pgAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

let counter = 0;

export interface TestStore {
  store: Store;
  /** What `main.ts` needs to open the same data: DATA_DIR or DATABASE_URL. */
  env: Record<string, string>;
  /** Opens a second store on the same data (another connection or pool). */
  reopen(): Store;
  /** Closes the store and removes its data. */
  dispose(): Promise<void>;
}

/** A fresh, migrated store of `kind`. */
export async function freshStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'sqlite') {
    const tmp = tempDir('sync');
    const dataDir = path.join(tmp.dir, 'data');
    const open = () => openSqliteStore({ dataDir });
    const store = open();
    await store.migrate();
    return {
      store,
      env: { DATA_DIR: dataDir, DATABASE_URL: '' },
      reopen: open,
      async dispose() {
        await store.close();
        tmp.remove();
      },
    };
  }
  if (!PG_URL) throw new Error('no PostgreSQL for this test (DATABASE_URL_TEST)');
  const database = `doithoai_test_${process.pid}_${Date.now()}_${counter++}`;
  await pgAdmin(`create database "${database}"`);
  const u = new URL(PG_URL);
  u.pathname = `/${database}`;
  const url = u.toString();
  const open = () => openPostgresStore({ connectionString: url });
  const store = open();
  await store.migrate();
  return {
    store,
    env: { DATABASE_URL: url },
    reopen: open,
    async dispose() {
      await store.close();
      // WITH (FORCE): a killed server's connections may linger for a moment.
      await pgAdmin(`drop database if exists "${database}" with (force)`);
    },
  };
}
