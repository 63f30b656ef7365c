/**
 * Runs only against a PostgreSQL you provide: set DATABASE_URL_TEST to a server
 * where that user may create databases (e.g. postgres://postgres@127.0.0.1/postgres).
 * Each run creates its own empty database, so it starts from a truly fresh
 * server state, and drops it afterwards.
 *
 * (Not a schema per run: Kysely's migrator looks for its own tables in every
 * schema but queries them through search_path, so leftovers in `public` would
 * make a schema-isolated run fail for reasons production never meets.)
 */
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/server/store/postgres.ts';
import type { Store } from '../../src/server/store/types.ts';

const url = process.env.DATABASE_URL_TEST;
const SKIP_REASON = 'PostgreSQL store: DATABASE_URL_TEST not set, skipping (no PostgreSQL server for tests)';

// Say why in the run's output, not only as a skipped count; under CI a missing PostgreSQL is a failure.
if (!url && process.env.CI === 'true') throw new Error('CI=true but DATABASE_URL_TEST is not set (see .ci/run)');
if (!url) console.warn(SKIP_REASON);

/** Runs one statement on the server named by DATABASE_URL_TEST (CREATE/DROP DATABASE cannot run in a pool transaction). */
async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe.skipIf(!url)(url ? 'PostgreSQL store' : SKIP_REASON, () => {
  const database = `doithoai_test_${process.pid}_${Date.now()}`;
  let store: Store;

  function testDatabaseUrl(): string {
    const u = new URL(url!);
    u.pathname = `/${database}`;
    return u.toString();
  }

  beforeAll(async () => {
    await admin(`create database "${database}"`);
    store = openPostgresStore({ connectionString: testDatabaseUrl() });
  });

  afterAll(async () => {
    await store?.close();
    await admin(`drop database if exists "${database}"`);
  });

  it('does not print the password in its location', () => {
    expect(store.kind).toBe('postgres');
    expect(store.location).not.toMatch(/:[^/@]*@/);
  });

  it('migrates a fresh database from two servers at once, then again idempotently', async () => {
    // Two servers starting together on one database: the migration lock must serialise them.
    const other = openPostgresStore({ connectionString: testDatabaseUrl() });
    try {
      await Promise.all([store.migrate(), other.migrate()]);
    } finally {
      await other.close();
    }
    await store.migrate();
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
    expect(applied.rows.map((r) => r.name)).toEqual(['0001_meta_and_changes', '0002_sync_log_records_text', '0003_accounts_devices', '0004_synce2e_documents_scope', '0005_audioupload_audio']);
  });

  it('stores meta values', async () => {
    await store.setMeta('k', 'one');
    await store.setMeta('k', 'hai');
    expect(await store.meta('k')).toBe('hai');
    expect(await store.meta('missing')).toBeUndefined();
  });

  it('returns bigint columns as numbers, like SQLite', async () => {
    const received = Date.now();
    const { seq } = await store.db
      .insertInto('sync_log')
      .values({
        op: 'op-1',
        kind: 'record',
        unit_id: 'u1',
        conference_id: 'c1',
        table_name: 'conferences',
        record_id: 'c1',
        fields: '{}',
        stamps: '{}',
        hlc: '0000000000a-00000-dev1',
        text_update: null,
        device_id: 'dev1',
        sent_by: 'dev1',
        account_id: null,
        received_at: received,
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    expect(typeof seq).toBe('number');
    const row = await store.db.selectFrom('sync_log').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
    expect(row.received_at).toBe(received);
  });
});
