import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/server/store/index.ts';
import { openSqliteStore, sqliteFilePath } from '../../src/server/store/sqlite.ts';
import type { Store } from '../../src/server/store/types.ts';
import { tempDir } from './helpers.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function freshDataDir(): string {
  const tmp = tempDir('sqlite');
  cleanups.push(tmp.remove);
  // Nested and not yet existing, as on a fresh office PC.
  return path.join(tmp.dir, 'nested', 'data');
}

function track(store: Store): Store {
  cleanups.push(() => store.close());
  return store;
}

describe('SQLite store', () => {
  it('creates the data folder and the file on first run, and reopens it on the second', async () => {
    const dataDir = freshDataDir();
    const file = sqliteFilePath(dataDir);
    expect(existsSync(file)).toBe(false);

    const first = openSqliteStore({ dataDir });
    expect(first.kind).toBe('sqlite');
    expect(first.location).toBe(file);
    await first.migrate();
    await first.setMeta('server_id', 'office-1');
    await first.close();
    expect(existsSync(file)).toBe(true);

    const second = track(openSqliteStore({ dataDir }));
    await second.migrate();
    expect(await second.meta('server_id')).toBe('office-1');
  });

  it('is what openStore picks when DATABASE_URL is not set', async () => {
    const dataDir = freshDataDir();
    const store = track(await openStore({ dataDir, databaseUrl: undefined }));
    expect(store.kind).toBe('sqlite');
    expect(store.location).toBe(path.join(dataDir, 'doithoai.sqlite'));
  });

  it('runs in WAL mode', async () => {
    const store = track(openSqliteStore({ dataDir: freshDataDir() }));
    const { rows } = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    expect(rows[0]?.journal_mode).toBe('wal');
  });

  it('flushes every commit to disk (synchronous FULL): an acknowledged push survives a power cut', async () => {
    const store = track(openSqliteStore({ dataDir: freshDataDir() }));
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(store.db);
    expect(rows[0]?.synchronous).toBe(2);
  });

  it('migrates idempotently: running again changes nothing', async () => {
    const store = track(openSqliteStore({ dataDir: freshDataDir() }));
    await store.migrate();
    await store.migrate();
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
    expect(applied.rows.map((r) => r.name)).toEqual(['0001_meta_and_changes', '0002_sync_log_records_text', '0003_accounts_devices', '0004_synce2e_documents_scope', '0005_audioupload_audio']);
    const tables = await sql<{ name: string }>`
      select name from sqlite_master where type = 'table' and name in ('meta', 'changes', 'sync_log', 'records', 'text_docs') order by name`.execute(
      store.db,
    );
    expect(tables.rows.map((r) => r.name)).toEqual(['meta', 'records', 'sync_log', 'text_docs']);
  });

  it('overwrites a meta value and returns undefined for a missing key', async () => {
    const store = track(openSqliteStore({ dataDir: freshDataDir() }));
    await store.migrate();
    expect(await store.meta('missing')).toBeUndefined();
    await store.setMeta('k', 'one');
    await store.setMeta('k', 'hai — Đối thoại');
    expect(await store.meta('k')).toBe('hai — Đối thoại');
  });

  it('never hands out a log seq twice, even after the newest row is gone (AUTOINCREMENT)', async () => {
    const store = track(openSqliteStore({ dataDir: freshDataDir() }));
    await store.migrate();
    const row = (op: string) => ({
      op,
      kind: 'record' as const,
      unit_id: 'u1',
      conference_id: null,
      table_name: 'departments',
      record_id: 'd1',
      fields: JSON.stringify({ name: 'Phòng Kinh tế' }),
      stamps: JSON.stringify({ name: '0000000000a-00000-dev1' }),
      hlc: '0000000000a-00000-dev1',
      text_update: null,
      device_id: 'dev1',
      sent_by: 'dev1',
      account_id: null,
      received_at: Date.now(),
    });
    const a = await store.db.insertInto('sync_log').values(row('op-a')).returning('seq').executeTakeFirstOrThrow();
    const b = await store.db.insertInto('sync_log').values(row('op-b')).returning('seq').executeTakeFirstOrThrow();
    expect(b.seq).toBeGreaterThan(a.seq);
    expect(typeof b.seq).toBe('number');
    await store.db.deleteFrom('sync_log').where('seq', '=', b.seq).execute();
    const c = await store.db.insertInto('sync_log').values(row('op-c')).returning('seq').executeTakeFirstOrThrow();
    expect(c.seq).toBeGreaterThan(b.seq);
    // The op is unique: the database itself refuses a second row for one operation.
    await expect(store.db.insertInto('sync_log').values(row('op-a')).execute()).rejects.toThrow(/UNIQUE/);
  });

  it('close() twice is harmless', async () => {
    const store = openSqliteStore({ dataDir: freshDataDir() });
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });
});
