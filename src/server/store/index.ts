/**
 * Picks the store from the environment: PostgreSQL if DATABASE_URL is set,
 * otherwise a SQLite file in the data folder.
 *
 * The adapters are imported lazily so that a PostgreSQL deployment never loads
 * the native better-sqlite3 module (and still starts if it failed to build), and
 * an office PC never loads pg.
 */
import type { Store } from './types.ts';

export type { Store, StoreKind, Database } from './types.ts';

export async function openStore(opts: { dataDir: string; databaseUrl?: string | undefined }): Promise<Store> {
  if (opts.databaseUrl) {
    const { openPostgresStore } = await import('./postgres.ts');
    return openPostgresStore({ connectionString: opts.databaseUrl });
  }
  const { openSqliteStore } = await import('./sqlite.ts');
  return openSqliteStore({ dataDir: opts.dataDir });
}
