/**
 * The door of every API route: who is asking (a login session's cookie, or an
 * enrolled device's token), and may they. The rules themselves are the one
 * table in `domain/access.ts`; this file only applies them to requests.
 *
 * Credentials travel as HttpOnly cookies (`dt_session` for a person logged in
 * on the office PC, `dt_device` for an enrolled tablet): the app's JavaScript
 * never holds them, so a script injected into a page cannot carry them off, and
 * the browser sends them with fetch and with the live channel's EventSource
 * alike. `Authorization: Bearer <device token>` is accepted too, for clients
 * that are not browsers.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERASED_NAME, IDENTIFYING_FIELDS, hasAnyRole, mayWrite, redactForRoles, textKindOf, type Role } from '../../domain/access.ts';
import type { Change, LoggedChange } from '../../protocol/index.ts';
import { ApiError } from '../errors.ts';
import type { Accounts, Principal } from './accounts.ts';

export const SESSION_COOKIE = 'dt_session';
export const DEVICE_COOKIE = 'dt_device';
/** A device token lasts until it is revoked; the cookie is renewed on every enrolment. 400 days is the browsers' cap. */
const DEVICE_COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;

export function readCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name && !out.has(name)) out.set(name, value);
  }
  return out;
}

/** HttpOnly, SameSite=Strict, Secure when the request came over HTTPS (directly or through a trusted proxy). */
export function cookie(request: FastifyRequest, name: string, value: string, maxAgeS: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${name}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${secure}`;
}

export function setDeviceCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.header('Set-Cookie', cookie(request, DEVICE_COOKIE, token, DEVICE_COOKIE_MAX_AGE_S));
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export interface Guard {
  /** Who is asking, or null. Never throws. */
  who(request: FastifyRequest): Promise<Principal | null>;
  /** Who is asking; 401 `unauthorized` when nobody is (with `details.problem`: `no_credentials`, `device_revoked`, `session_expired`). */
  require(request: FastifyRequest): Promise<Principal>;
  /**
   * As `require`, and one of `roles`, else 403 `forbidden`. `personOnly`: a
   * person who logged in with a password, not a device token (managing
   * accounts and devices is never done by a tablet left on a table).
   */
  requireRole(request: FastifyRequest, roles: readonly Role[], personOnly?: boolean): Promise<Principal>;
}

export function makeGuard(accounts: Accounts): Guard {
  const credentials = (request: FastifyRequest): { device?: string; session?: string } => {
    const cookies = readCookies(request.headers.cookie);
    const auth = request.headers.authorization;
    const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const device = bearer ?? cookies.get(DEVICE_COOKIE);
    const session = cookies.get(SESSION_COOKIE);
    return {
      ...(device !== undefined && TOKEN.test(device) ? { device } : {}),
      ...(session !== undefined && TOKEN.test(session) ? { session } : {}),
    };
  };
  const who = async (request: FastifyRequest): Promise<Principal | null> => {
    const c = credentials(request);
    // A device token first: a tablet's sync is the device's, even if someone also logged in on it.
    if (c.device) {
      const p = await accounts.devicePrincipal(c.device);
      if (p) return p;
    }
    if (c.session) return accounts.sessionPrincipal(c.session);
    return null;
  };
  const require = async (request: FastifyRequest): Promise<Principal> => {
    const p = await who(request);
    if (p) return p;
    const c = credentials(request);
    const problem = c.device
      ? (await accounts.isRevokedDevice(c.device))
        ? 'device_revoked'
        : 'unknown_device'
      : c.session
        ? 'session_expired'
        : 'no_credentials';
    throw new ApiError(401, 'unauthorized', { problem });
  };
  return {
    who,
    require,
    async requireRole(request, roles, personOnly = false) {
      const p = await require(request);
      if (!hasAnyRole(p.roles, roles)) throw new ApiError(403, 'forbidden', { problem: 'role', needs: roles });
      if (personOnly && p.kind !== 'session') throw new ApiError(403, 'forbidden', { problem: 'login_required' });
      return p;
    },
  };
}

// ---------------------------------------------------------------- sync

/** A unit other than the principal's own: 403, whatever the operation. */
export function checkUnit(principal: Principal, unitId: string): void {
  if (unitId !== principal.unitId) throw new ApiError(403, 'forbidden', { problem: 'other_unit' });
}

/**
 * The per-change check of a push (the store asks it inside its transaction,
 * with the record's current state): the unit, then the role table.
 */
export function authorizeChange(principal: Principal) {
  return (
    change: Change,
    current: { readonly unitId: string; readonly fields?: Readonly<Record<string, unknown>> } | undefined,
  ): { reason: 'forbidden'; details: unknown } | null => {
    if (change.unitId !== principal.unitId || (current && current.unitId !== principal.unitId)) {
      return { reason: 'forbidden', details: { problem: 'other_unit' } };
    }
    // A person's data erased on request stays erased: a device that still held the old values
    // (offline during the erasure) cannot write them back into the record or the log.
    if (change.kind === 'record' && current?.fields && isErased(change.table, current.fields)) {
      const identifying = IDENTIFYING_FIELDS[change.table] ?? [];
      const field = Object.keys(change.fields).find((f) => identifying.includes(f));
      if (field !== undefined) return { reason: 'forbidden', details: { problem: 'erased', field } };
    }
    const decision =
      change.kind === 'text'
        ? mayWrite(principal.roles, textKindOf(change.docId), [], current !== undefined)
        : mayWrite(principal.roles, change.table, Object.keys(change.fields), current !== undefined);
    if (decision.ok) return null;
    return {
      reason: 'forbidden',
      details: decision.field === undefined ? { problem: 'role' } : { problem: 'role', field: decision.field },
    };
  };
}

function isErased(table: string, fields: Readonly<Record<string, unknown>>): boolean {
  return (table === 'registrations' && fields.fullName === ERASED_NAME) || (table === 'attendees' && fields.name === ERASED_NAME);
}

/** A pull page as this principal may receive it: personal data blanked for roles that do not need it. */
export function redactChanges(principal: Principal, changes: readonly LoggedChange[]): LoggedChange[] {
  return changes.map((c) => {
    if (c.kind !== 'record') return c;
    const fields = redactForRoles(principal.roles, c.table, c.fields);
    return fields === c.fields ? c : { ...c, fields: { ...fields } };
  });
}
