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

export function openPostgresStore(opts: { connectionString: string }): KyselyStore {
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: 10 });
  // An idle pooled connection that the database ends (a restart, an administrator's
  // pg_terminate_backend, a dropped test database) emits 'error' on the pool; unhandled, that
  // would end the whole office server. The pool discards the client by itself and the next query
  // opens a new one, so this is a line in the log, not a crash.
  pool.on('error', (err) => {
    console.warn(`PostgreSQL: an idle connection was closed by the server (${err.message})`);
  });
  return new KyselyStore('postgres', describePostgresUrl(opts.connectionString), new PostgresDialect({ pool }));
}
