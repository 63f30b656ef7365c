/**
 * PostgreSQL adapter: chosen when DATABASE_URL is set, for a hosted server that
 * serves many units.
 */
import pg from 'pg';
import { PostgresDialect } from 'kysely';
import { KyselyStore } from './kysely-store.ts';

// int8 (bigint, OID 20) comes back as a string by default because it can exceed
// 2^53. Our bigints are seq numbers and ms timestamps, far below that, and the
// SQLite adapter returns numbers: parse them so both stores return the same types.
pg.types.setTypeParser(20, Number);

/** host/database of a connection string, without user or password, for logs. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(DATABASE_URL)';
  }
}

/** Connections the server keeps to PostgreSQL: pushes take one at a time (the push lock), pulls the rest. */
const POOL_SIZE = 10;
/**
 * How long an idle connection stays open. pg's default, 10 s, closes them between two syncs of a
 * quiet hall, and the next burst pays for new ones; ten idle connections cost the database little.
 */
const IDLE_CONNECTION_MS = 10 * 60_000;

export function openPostgresStore(opts: { connectionString: string }): KyselyStore {
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: POOL_SIZE, idleTimeoutMillis: IDLE_CONNECTION_MS });
  // An idle pooled connection that the database ends (a restart, an administrator's
  // pg_terminate_backend, a dropped test database) emits 'error' on the pool; unhandled, that
  // would end the whole office server. The pool discards the client by itself and the next query
  // opens a new one, so this is a line in the log, not a crash.
  pool.on('error', (err) => {
    console.warn(`PostgreSQL: an idle connection was closed by the server (${err.message})`);
  });
  // Every connection opened now, not in the first burst: a hall's tablets coming back online at once
  // would otherwise each wait behind a new backend and its password exchange (SCRAM, in JavaScript).
  // If the database is not there yet, the store's first query reports it; this only logs.
  // Every connection that did open goes back to the pool, even if another failed: one kept would be lost to it.
  void Promise.allSettled(Array.from({ length: POOL_SIZE }, () => pool.connect())).then((opened) => {
    for (const o of opened) if (o.status === 'fulfilled') o.value.release();
    const failed = opened.find((o) => o.status === 'rejected');
    if (failed) console.warn(`PostgreSQL: could not open the connection pool ahead (${String((failed.reason as Error)?.message ?? failed.reason)})`);
  });
  return new KyselyStore('postgres', describePostgresUrl(opts.connectionString), new PostgresDialect({ pool }));
}
