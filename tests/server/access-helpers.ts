/**
 * The real server with access control on, in-process, and the steps a person
 * takes to get credentials: the first administrator with the setup code,
 * staff accounts, logins and enrolled devices. Every step goes through the
 * HTTP API, as on the office PC.
 */
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../src/domain/access.ts';
import { startServer, type TestServer } from '../sync/inProcess.ts';

export const PASSWORD = 'mật khẩu đủ dài 2026';

export function cookieOf(res: { headers: Record<string, unknown> }, name: string): string {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : [raw];
  for (const c of all) {
    if (typeof c === 'string' && c.startsWith(`${name}=`)) return c.split(';', 1)[0]!;
  }
  throw new Error(`no ${name} cookie in ${JSON.stringify(raw)}`);
}

export interface AccessServer extends TestServer {
  /** The administrator's login cookie. */
  readonly admin: string;
  readonly unitId: string;
}

export async function accessServer(now: () => number = Date.now, unitId?: string): Promise<AccessServer> {
  const server = await startServer(now, { access: true });
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
