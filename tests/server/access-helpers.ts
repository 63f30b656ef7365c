/**
 * The real server with access control on, in-process, and the steps a person
 * takes to get credentials: the first administrator with the setup code,
 * staff accounts, logins and enrolled devices. Every step goes through the
 * HTTP API, as on the office PC.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Role } from '../../src/domain/access.ts';
import { buildServer } from '../../src/server/app.ts';
import type { KyselyStore } from '../../src/server/store/kysely-store.ts';
import type { StoreKind } from '../../src/server/store/types.ts';
import { startServer, type TestServer } from '../sync/inProcess.ts';
import { freshStore } from './stores.ts';

export const PASSWORD = 'mật khẩu đủ dài 2026';

export function cookieOf(res: { headers: Record<string, unknown> }, name: string): string {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : [raw];
  for (const c of all) {
    if (typeof c === 'string' && c.startsWith(`${name}=`)) return c.split(';', 1)[0]!;
  }
  throw new Error(`no ${name} cookie in ${JSON.stringify(raw)}`);
}

export interface AccessServer extends Omit<TestServer, 'snapshot'> {
  /** The administrator's login cookie. */
  readonly admin: string;
  readonly unitId: string;
  /**
   * Everything the database holds, as one string: equal strings mean no row changed anywhere.
   * SQLite: the database file's bytes. PostgreSQL: every table of the database, row by row.
   */
  state(): Promise<string>;
}

/**
 * Every table of a PostgreSQL database (migrations' own included), each row as
 * JSON, rows sorted: a table-by-table dump that does not depend on the order
 * PostgreSQL happens to return rows in.
 */
async function dumpPostgres(store: KyselyStore): Promise<string> {
  // Read every time, not cached: a table a request created would be a change too.
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(store.db);
  // One statement for the whole dump: a round trip per table would make the matrix slow on PostgreSQL.
  const union = sql.join(
    tables.rows.map(({ table_name }) => sql`select ${table_name} as t, row_to_json(x)::text as r from ${sql.table(table_name)} x`),
    sql` union all `,
  );
  const rows = await sql<{ t: string; r: string }>`select t, r from (${union}) d order by t, r`.execute(store.db);
  return rows.rows.map((row) => `${row.t}\t${row.r}`).join('\n');
}

/** The real server on a fresh in-memory SQLite, or on a fresh PostgreSQL database (`DATABASE_URL_TEST`). */
async function serverOn(kind: StoreKind, now: () => number): Promise<Omit<AccessServer, 'admin' | 'unitId'>> {
  if (kind === 'sqlite') {
    const { snapshot, ...server } = await startServer(now, { access: true });
    return { ...server, state: async () => snapshot().toString('latin1') };
  }
  const t = await freshStore('postgres');
  const store = t.store as KyselyStore;
  let setupCode: string | null = null;
  const app = await buildServer({ store, staticDir: '/nonexistent', now, access: true, onSetupCode: (c) => (setupCode = c) });
  await app.ready();
  return {
    app,
    store,
    setupCode,
    state: () => dumpPostgres(store),
    close: async () => {
      await app.close();
      await t.dispose();
    },
  };
}

export async function accessServer(now: () => number = Date.now, unitId?: string, kind: StoreKind = 'sqlite'): Promise<AccessServer> {
  const server = await serverOn(kind, now);
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/auth/setup',
    payload: {
      code: server.setupCode,
      username: 'quantri',
      displayName: 'Quản trị viên',
      password: PASSWORD,
      ...(unitId ? { unitId } : {}),
    },
  });
  if (res.statusCode !== 200) throw new Error(`setup failed: ${res.body}`);
  const body = res.json() as { me: { unitId: string } };
  return { ...server, admin: cookieOf(res, 'dt_session'), unitId: body.me.unitId };
}

export async function createAccount(app: FastifyInstance, admin: string, username: string, roles: readonly Role[]): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/admin/accounts',
    headers: { cookie: admin },
    payload: { username, displayName: `Người ${username}`, password: PASSWORD, roles },
  });
  if (res.statusCode !== 200) throw new Error(`account failed: ${res.body}`);
  return (res.json() as { account: { id: string } }).account.id;
}

export async function login(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
  return cookieOf(res, 'dt_session');
}

export async function enrolmentCode(app: FastifyInstance, admin: string, accountId: string, deviceName = 'Máy tính bảng'): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/admin/enrolment-codes',
    headers: { cookie: admin },
    payload: { accountId, deviceName },
  });
  if (res.statusCode !== 200) throw new Error(`code failed: ${res.body}`);
  return (res.json() as { code: string }).code;
}

/** An enrolled device for `accountId`: its cookie and its id on the server. */
export async function enrolDevice(
  app: FastifyInstance,
  admin: string,
  accountId: string,
  deviceId: string,
  unitId?: string,
): Promise<{ cookie: string; id: string }> {
  const code = await enrolmentCode(app, admin, accountId, `Thiết bị ${deviceId}`);
  const res = await app.inject({ method: 'POST', url: '/api/auth/enrol', payload: { code, deviceId, ...(unitId ? { unitId } : {}) } });
  if (res.statusCode !== 200) throw new Error(`enrol failed: ${res.body}`);
  return { cookie: cookieOf(res, 'dt_device'), id: (res.json() as { me: { deviceId: string } }).me.deviceId };
}
