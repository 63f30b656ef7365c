/**
 * SQLite adapter: the default, one file per office, nothing to install.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { SqliteDialect, type SqliteDatabase } from 'kysely';
import { KyselyStore } from './kysely-store.ts';
import { sqliteBulkPath } from './sqlite-bulk.ts';

export const SQLITE_FILE_NAME = 'doithoai.sqlite';

/** WAL pages (4 KiB each) before a commit checkpoints by itself: about 64 MiB, some 20,000 changes. */
export const WAL_CHECKPOINT_PAGES = 16_384;

export function sqliteFilePath(dataDir: string): string {
  return path.join(dataDir, SQLITE_FILE_NAME);
}

export function openSqliteStore(opts: { dataDir: string }): KyselyStore {
  const file = sqliteFilePath(opts.dataDir);
  // First run on a fresh office PC: the data folder does not exist yet.
  mkdirSync(opts.dataDir, { recursive: true });
  const database = new Sqlite(file);
  // WAL: readers (pulls) do not block the writer (pushes), and a power cut loses
  // at most the last transactions instead of corrupting the file.
  database.pragma('journal_mode = WAL');
  // FULL: a push is on disk before the device hears "acknowledged". With NORMAL a
  // power cut could lose the last commits, and a device that was told they were
  // acknowledged has already let them go (its outbox entries are deleted), so the
  // office's system of record would lack them for good. It costs one flush per group
  // commit, as PostgreSQL's default does: the two stores promise the same.
  database.pragma('synchronous = FULL');
  // The WAL is checkpointed when pushes pause (sqlite-bulk.ts); SQLite's own checkpoint, inside
  // the commit that reaches this many pages, is only the bound for pushes that never pause.
  database.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  database.pragma('foreign_keys = ON');
  // better-sqlite3 is synchronous and Kysely serialises on one connection, but a
  // backup tool or a second process may hold the lock briefly: wait, don't fail.
  database.pragma('busy_timeout = 5000');
  return sqliteStoreOn(database, file);
}

/** The store over an open SQLite database (a file, or `:memory:` in tests): Kysely for the queries, prepared statements for a push. */
export function sqliteStoreOn(database: Sqlite.Database, location: string): KyselyStore {
  return new KyselyStore('sqlite', location, new SqliteDialect({ database: withStatementCache(database) }), sqliteBulkPath(database));
}

/** Distinct statements kept prepared: the sync queries are a few dozen shapes (IN lists vary in length). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely asks better-sqlite3 to prepare every query afresh, which on a busy
 * server is a tenth of the work of a push. Prepared statements are reusable
 * (and better-sqlite3 runs each to completion before the next), so keep the
 * most recent ones by their SQL text.
 */
function withStatementCache(database: Sqlite.Database): SqliteDatabase {
  const cache = new Map<string, Sqlite.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (stmt) {
        // Most recently used last, so the first entry is the one to drop.
        cache.delete(sqlText);
      } else {
        stmt = database.prepare(sqlText);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
      cache.set(sqlText, stmt);
      return stmt;
    },
  } as SqliteDatabase;
}
