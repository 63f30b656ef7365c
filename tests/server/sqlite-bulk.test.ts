/**
 * The SQLite push path's prepared statements (`sqlite-bulk.ts`) against the
 * portable Kysely statements they replace on SQLite: the same pushes give the
 * same answers, the same log and the same record states, including retries,
 * refusals, edits of held records, text between records and a group larger
 * than one `in (...)` chunk of the portable path.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it, vi } from 'vitest';
import type { Change } from '../../src/protocol/index.ts';
import { KyselyStore } from '../../src/server/store/kysely-store.ts';
import { openSqliteStore, sqliteFilePath, sqliteStoreOn } from '../../src/server/store/sqlite.ts';
import { Device, departmentFields, seedUnit, typed } from './sync-fixtures.ts';

const NOW = Date.UTC(2026, 4, 12, 1, 0, 0);

function pushesOf(): Change[][] {
  const device = new Device('tablet00001', () => NOW);
  const seed = seedUnit(device);
  const scope = { unitId: seed.unitId };
  const departments = Array.from({ length: 1200 }, (_, i) => device.change('departments', uuidv7(), scope, departmentFields(`Phòng ${i + 1}`)));
  const first: Change[] = [...seed.changes, ...departments.slice(0, 700), device.text(seed.docId, { unitId: seed.unitId, conferenceId: seed.conferenceId }, typed('minutes', 'Ý kiến').update)];
  const second: Change[] = [
    ...departments.slice(600), // 100 retries of ops already held, then new ones
    device.change('departments', departments[0]!.id, scope, { name: 'Phòng Kinh tế - Hạ tầng' }), // an edit of a held record
    device.change('departments', uuidv7(), scope, { name: '' }), // a creation the schema refuses
  ];
  return [first, second];
}

async function run(store: KyselyStore, pushes: Change[][]) {
  await store.migrate();
  const results = [];
  for (const changes of pushes) results.push((await store.push(changes, { deviceId: 'tablet00001', now: NOW })).results);
  const log = await store.db.selectFrom('sync_log').selectAll().orderBy('seq').execute();
  const records = await store.db.selectFrom('records').selectAll().orderBy('table_name').orderBy('record_id').execute();
  await store.close();
  return { results, log, records };
}

describe('SQLite push statements (sqlite-bulk.ts)', () => {
  it('give the same answers, log and records as the portable Kysely statements', async () => {
    const pushes = pushesOf();
    const bulk = await run(sqliteStoreOn(new Sqlite(':memory:'), ':memory:'), pushes);
    const portable = await run(new KyselyStore('sqlite', ':memory:', new SqliteDialect({ database: new Sqlite(':memory:') })), pushes);
    expect(bulk.results[1]!.filter((r) => r.status === 'duplicate')).toHaveLength(100);
    expect(bulk.results[1]!.at(-1)!.status).toBe('refused');
    expect(bulk.log.length).toBe(3 + 1200 + 1 + 1);
    expect(bulk).toEqual(portable);
  });
});

describe('the WAL checkpoint (sqlite-bulk.ts)', () => {
  it('is not made inside a push: the pushes land in the WAL, and once they pause the database file gets them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doithoai-wal-'));
    const store = openSqliteStore({ dataDir: dir });
    try {
      await store.migrate();
      const size = () => statSync(sqliteFilePath(dir)).size;
      const before = size();
      for (const changes of pushesOf()) await store.push(changes, { deviceId: 'tablet00001', now: NOW });
      // Both pushes committed (in the WAL); the database file has not been written by either of them.
      expect(size()).toBe(before);
      expect(statSync(`${sqliteFilePath(dir)}-wal`).size).toBeGreaterThan(500_000);
      await vi.waitFor(() => expect(size()).toBeGreaterThan(before + 500_000), { timeout: 10_000, interval: 20 });
      expect((await store.pull((await store.units())[0]!.id, 0, 5000)).changes.length).toBe(3 + 1200 + 1 + 1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
