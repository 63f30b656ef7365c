/**
 * The access API: first-run setup, login, accounts, device enrolment and
 * revocation, a record's history, one person's data (export, erasure). JSON
 * under `/api/auth`, `/api/admin` and `/api/access`; the office PC's pages
 * (`pages.ts`) call the same `Accounts` methods.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { MANAGES_PERSONAL_DATA, SEES_HISTORY, type Role } from '../../domain/access.ts';
import { ApiError, parseInput } from '../errors.ts';
import type { Store } from '../store/types.ts';
import { AccessRefusal, SESSION_MS, type Accounts, type Principal } from './accounts.ts';
import { eraseRecord, personExport, recordHistory } from './records.ts';
import { cookie, readCookies, SESSION_COOKIE, setDeviceCookie, type Guard } from './guard.ts';
import { MAX_PASSWORD_LENGTH } from './passwords.ts';

export const ACCESS_API = {
  setupState: '/api/auth/setup-state',
  setup: '/api/auth/setup',
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  me: '/api/auth/me',
  enrol: '/api/auth/enrol',
  accounts: '/api/admin/accounts',
  disableAccount: '/api/admin/accounts/:id/disable',
  enableAccount: '/api/admin/accounts/:id/enable',
  accountRoles: '/api/admin/accounts/:id/roles',
  accountPassword: '/api/admin/accounts/:id/password',
  enrolmentCodes: '/api/admin/enrolment-codes',
  devices: '/api/admin/devices',
  revokeDevice: '/api/admin/devices/:id/revoke',
  history: '/api/access/history',
  person: '/api/access/person',
  erase: '/api/access/erase',
} as const;

/** Small bodies only: none of these carries more than a few names. */
const ACCESS_BODY_LIMIT = 8 * 1024;

/** Per address, on the routes that take a secret: slows a guesser long before the account lockout. */
export const LOGIN_RATE = { max: 10, timeWindow: 60_000 } as const;

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const RolesField = v.pipe(v.array(Text(20)), v.maxLength(5));

const SetupSchema = v.strictObject({
  code: Text(40),
  username: Text(40),
  displayName: Text(100),
  password: Text(MAX_PASSWORD_LENGTH + 1),
  roles: v.optional(RolesField, []),
  unitId: v.optional(Id),
});
const LoginSchema = v.strictObject({ username: Text(40), password: Text(MAX_PASSWORD_LENGTH + 1) });
const NewAccountSchema = v.strictObject({
  username: Text(40),
  displayName: Text(100),
  password: Text(MAX_PASSWORD_LENGTH + 1),
  roles: RolesField,
  /** A province's server keeps several units: the administrator opens a new one by creating its first account. */
  newUnitId: v.optional(Id),
});
const EnrolmentCodeSchema = v.strictObject({ accountId: Id, deviceName: Text(100) });
const EnrolSchema = v.strictObject({ code: Text(40), deviceId: Id, unitId: v.optional(Id) });
const RecordQuerySchema = v.strictObject({
  table: v.picklist(['registrations', 'attendees', 'speakerTurns', 'followUps', 'agendaItems', 'sessions', 'conferences']),
  id: Id,
});
const PersonSchema = v.strictObject({ table: v.picklist(['registrations', 'attendees']), id: Id });

/** An `AccessRefusal` as a wire error: the reason code by status, the problem (and field) in the details. */
export function refusalToApi(err: unknown): never {
  if (err instanceof AccessRefusal) {
    const reason =
      err.status === 401
        ? 'unauthorized'
        : err.status === 403
          ? 'forbidden'
          : err.status === 409
            ? 'conflict'
            : err.status === 429
              ? 'rate_limited'
              : 'validation_failed';
    throw new ApiError(err.status, reason, err.field === undefined ? { problem: err.problem } : { problem: err.problem, field: err.field });
  }
  throw err;
}

/** The office PC itself: the setup code is shown and used only there. Behind a proxy this is the proxy's view of the client. */
export function isLoopback(request: FastifyRequest): boolean {
  const ip = request.ip;
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.header('Set-Cookie', cookie(request, SESSION_COOKIE, token, SESSION_MS / 1000));
}

function view(p: Principal) {
  return {
    accountId: p.accountId,
    accountName: p.accountName,
    unitId: p.unitId,
    roles: p.roles,
    kind: p.kind,
    ...(p.deviceId ? { deviceId: p.deviceId } : {}),
  };
}

export interface AccessRoutesOptions {
  readonly store: Store;
  readonly accounts: Accounts;
  readonly guard: Guard;
  readonly now: () => number;
  /** Base URL tablets use to reach this server (the QR code's target), e.g. https://192.168.1.10:8443. */
  readonly publicUrl: () => string;
}

export function registerAccessRoutes(app: FastifyInstance, opts: AccessRoutesOptions): void {
  const { accounts, guard, store, now } = opts;
  const limited = { bodyLimit: ACCESS_BODY_LIMIT, config: { rateLimit: LOGIN_RATE } };
  const small = { bodyLimit: ACCESS_BODY_LIMIT };
  const admin: readonly Role[] = ['admin'];

  app.get(ACCESS_API.setupState, async () => ({ needsSetup: !(await accounts.hasAccounts()) }));

  app.post(ACCESS_API.setup, limited, async (request, reply) => {
    if (!isLoopback(request)) throw new ApiError(403, 'forbidden', { problem: 'setup_only_on_office_pc' });
    const body = parseInput(SetupSchema, request.body);
    const created = await accounts.createFirstAdmin(body.code, body, body.unitId).catch(refusalToApi);
    const { token, principal } = await accounts.login(body.username, body.password).catch(refusalToApi);
    setSessionCookie(request, reply, token);
    return { account: created, me: view(principal) };
  });

  app.post(ACCESS_API.login, limited, async (request, reply) => {
    const body = parseInput(LoginSchema, request.body);
    const { token, principal } = await accounts.login(body.username, body.password).catch(refusalToApi);
    setSessionCookie(request, reply, token);
    return { me: view(principal) };
  });

  app.post(ACCESS_API.logout, small, async (request, reply) => {
    const token = readCookies(request.headers.cookie).get(SESSION_COOKIE);
    if (token) await accounts.logout(token);
    reply.header('Set-Cookie', cookie(request, SESSION_COOKIE, '', 0));
    return { ok: true };
  });

  app.get(ACCESS_API.me, async (request) => ({ me: view(await guard.require(request)) }));

  app.post(ACCESS_API.enrol, limited, async (request, reply) => {
    const body = parseInput(EnrolSchema, request.body);
    const { token, principal, deviceName } = await accounts.enrol(body.code, body.deviceId, body.unitId).catch(refusalToApi);
    setDeviceCookie(request, reply, token);
    // The token itself goes only into the HttpOnly cookie: the app never sees it.
    return { me: view(principal), deviceName };
  });

  // ---------------------------------------------------------------- administration

  app.get(ACCESS_API.accounts, async (request) => {
    const p = await guard.requireRole(request, admin, true);
    return { accounts: await accounts.listAccounts(p.unitId) };
  });

  app.post(ACCESS_API.accounts, small, async (request) => {
    const p = await guard.requireRole(request, admin, true);
    const body = parseInput(NewAccountSchema, request.body);
    return { account: await accounts.createAccount(p, body, body.newUnitId).catch(refusalToApi) };
  });

  app.post(ACCESS_API.disableAccount, small, async (request) => {
    const p = await guard.requireRole(request, admin, true);
    const { id } = parseInput(v.strictObject({ id: Id }), request.params, 'query');
    await accounts.disableAccount(p, id).catch(refusalToApi);
    return { ok: true };
  });

  app.post(ACCESS_API.enableAccount, small, async (request) => {
    const p = await guard.requireRole(request, admin, true);
    const { id } = parseInput(v.strictObject({ id: Id }), request.params, 'query');
    await accounts.enableAccount(p, id).catch(refusalToApi);
    return { ok: true };
  });

  app.post(ACCESS_API.accountRoles, small, async (request) => {
    const p = await guard.requireRole(request, admin, true);
    const { id } = parseInput(v.strictObject({ id: Id }), request.params, 'query');
    const body = parseInput(v.strictObject({ roles: RolesField }), request.body);
    return { roles: await accounts.setRoles(p, id, body.roles).catch(refusalToApi) };
  });

  app.post(ACCESS_API.accountPassword, limited, async (request) => {
    const p = await guard.requireRole(request, admin, true);
    const { id } = parseInput(v.strictObject({ id: Id }), request.params, 'query');
    const body = parseInput(v.strictObject({ password: Text(MAX_PASSWORD_LENGTH + 1) }), request.body);
    await accounts.resetPassword(p, id, body.password).catch(refusalToApi);
    return { ok: true };
  });

  app.post(ACCESS_API.enrolmentCodes, small, async (request) => {
    const p = await guard.requireRole(request, admin, true);
    const body = parseInput(EnrolmentCodeSchema, request.body);
    const { code, expiresAt } = await accounts.createEnrolmentCode(p, body.accountId, body.deviceName).catch(refusalToApi);
    const url = enrolmentUrl(opts.publicUrl(), code);
    return { code, expiresAt, url, qrSvg: await qrSvg(url) };
  });

  app.get(ACCESS_API.devices, async (request) => {
    const p = await guard.requireRole(request, admin, true);
    return { devices: await accounts.listDevices(p.unitId) };
  });

  app.post(ACCESS_API.revokeDevice, small, async (request) => {
    const p = await guard.requireRole(request, admin, true);
    const { id } = parseInput(v.strictObject({ id: Id }), request.params, 'query');
    await accounts.revokeDevice(p, id).catch(refusalToApi);
    return { ok: true };
  });

  // ---------------------------------------------------------------- records and personal data

  app.get(ACCESS_API.history, async (request) => {
    const p = await guard.requireRole(request, SEES_HISTORY);
    const q = parseInput(RecordQuerySchema, request.query, 'query');
    return { history: await recordHistory(store, accounts, p, q.table, q.id) };
  });

  app.get(ACCESS_API.person, async (request, reply) => {
    const p = await guard.requireRole(request, MANAGES_PERSONAL_DATA);
    const q = parseInput(PersonSchema, request.query, 'query');
    const text = await personExport(store, accounts, p, q.table, q.id);
    return reply
      .header('Content-Disposition', `attachment; filename="du-lieu-ca-nhan-${q.id.replace(/[^A-Za-z0-9-]/g, '')}.txt"`)
      .header('Cache-Control', 'no-store')
      .type('text/plain; charset=utf-8')
      .send(text);
  });

  app.post(ACCESS_API.erase, small, async (request) => {
    const p = await guard.requireRole(request, MANAGES_PERSONAL_DATA);
    const body = parseInput(PersonSchema, request.body);
    return eraseRecord(store, p, body.table, body.id, now());
  });
}

export function enrolmentUrl(base: string, code: string): string {
  return `${base.replace(/\/$/, '')}/enrol?code=${encodeURIComponent(code)}`;
}

export async function qrSvg(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
