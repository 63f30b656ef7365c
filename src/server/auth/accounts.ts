/**
 * Accounts, login sessions, enrolled devices and enrolment codes: the office
 * server's answer to "who is asking". Store code (it queries `store.db`); the
 * routes only call the named methods below.
 *
 * Secrets: a password is kept as its scrypt hash; a session token, a device
 * token and an enrolment code as their SHA-256 (they are long and random, so
 * nobody can guess them from the hash). The first-run setup code lives only in
 * memory and on the console of the office PC.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { isRole, type Role } from '../../domain/access.ts';
import type { Store } from '../store/types.ts';
import { dummyHash, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts';

/** Failed logins in a row before an account is locked, and for how long. */
export const LOCKOUT = { failures: 5, lockMs: 15 * 60_000 } as const;
/** A login lasts a working day and a half; the office logs in again the next morning. */
export const SESSION_MS = 12 * 60 * 60_000;
/** An enrolment code is typed within minutes of being shown, and works once. */
export const ENROLMENT_CODE_MS = 15 * 60_000;
/** Letters and digits nobody confuses when reading them off a screen (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ENROLMENT_CODE_LENGTH = 8;
/** How long a resolved device token is trusted without asking the database again (revocation in this process clears it at once). */
const PRINCIPAL_CACHE_MS = 10_000;
/** A device's "last sync" is written at most this often: 200 tablets syncing must not mean 200 extra writes a second. */
const LAST_SYNC_WRITE_MS = 60_000;

export interface Principal {
  readonly kind: 'session' | 'device';
  readonly accountId: string;
  readonly accountName: string;
  readonly unitId: string;
  readonly roles: readonly Role[];
  /** The enrolled device (`devices.id`), for device tokens. */
  readonly deviceId?: string;
}

export interface AccountView {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly unitId: string;
  readonly roles: readonly Role[];
  readonly locked: boolean;
  /** Until when a run of wrong passwords locks the account (ms), while it does; else null. */
  readonly lockedUntil: number | null;
  readonly disabled: boolean;
}

export interface DeviceView {
  readonly id: string;
  readonly name: string;
  readonly accountName: string;
  readonly lastSyncAt: number | null;
  readonly createdAt: number;
  readonly revoked: boolean;
}

/** Why an account operation was refused: the route turns it into a 4xx with this code as the reason's detail. */
export class AccessRefusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 409 | 429,
    readonly problem: string,
    readonly field?: string,
  ) {
    super(problem);
    this.name = 'AccessRefusal';
  }
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');
const newToken = (): string => randomBytes(32).toString('base64url');

export function newEnrolmentCode(): string {
  let code = '';
  for (let i = 0; i < ENROLMENT_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** What people type: spaces, dashes and lower case are forgiven. */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '');
}

const USERNAME = /^[a-z0-9._-]{3,40}$/;

export interface NewAccount {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  readonly roles: readonly string[];
}

function checkNewAccount(a: NewAccount): Role[] {
  if (!USERNAME.test(a.username)) throw new AccessRefusal(400, 'invalid_username', 'username');
  if (a.displayName.trim() === '' || a.displayName.length > 100) throw new AccessRefusal(400, 'invalid_display_name', 'displayName');
  if (a.password.length < MIN_PASSWORD_LENGTH) throw new AccessRefusal(400, 'password_too_short', 'password');
  if (a.password.length > MAX_PASSWORD_LENGTH) throw new AccessRefusal(400, 'password_too_long', 'password');
  const roles = [...new Set(a.roles)];
  if (roles.length === 0 || !roles.every(isRole)) throw new AccessRefusal(400, 'invalid_roles', 'roles');
  return roles as Role[];
}

const parseRoles = (text: string): Role[] => text.split(',').filter(isRole);

export class Accounts {
  #setupCode: string | null = null;
  readonly #cache = new Map<string, { principal: Principal | null; at: number }>();
  readonly #lastSyncWritten = new Map<string, number>();
  /** "Last sync" times noted but not yet written, and the write that will take them. */
  readonly #lastSyncDue = new Map<string, number>();
  #lastSyncWrite: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  private get db() {
    return this.store.db;
  }

  // ------------------------------------------------------------ first run

  async hasAccounts(): Promise<boolean> {
    return (await this.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst()) !== undefined;
  }

  /**
   * The one-time setup code while no account exists (made on first call, kept
   * in memory only: a restart before setup prints a new one), else null.
   */
  async setupCode(): Promise<string | null> {
    if (await this.hasAccounts()) {
      this.#setupCode = null;
      return null;
    }
    this.#setupCode ??= newEnrolmentCode();
    return this.#setupCode;
  }

  /** Creates the first administrator with the setup code; the code is spent. */
  async createFirstAdmin(code: string, account: NewAccount, unitId: string | undefined): Promise<AccountView> {
    const expected = await this.setupCode();
    if (expected === null) throw new AccessRefusal(409, 'already_set_up');
    if (normaliseCode(code) !== expected) throw new AccessRefusal(401, 'wrong_setup_code', 'code');
    const roles = checkNewAccount({ ...account, roles: [...account.roles, 'admin'] });
    const unit = unitId && unitId.length <= 64 ? unitId : randomUUID();
    const view = await this.insertAccount(unit, account, roles);
    this.#setupCode = null;
    return view;
  }

  // ------------------------------------------------------------ accounts

  /**
   * An account of the administrator's own unit, or (`newUnitId`) the first
   * account of a unit no account belongs to yet: how a server shared by
   * several communes gets each one's administrator. The administrator gains
   * no access to that unit: access follows the account's own unit only.
   */
  async createAccount(by: Principal, account: NewAccount, newUnitId?: string): Promise<AccountView> {
    const roles = checkNewAccount(account);
    if (newUnitId !== undefined && newUnitId !== by.unitId) {
      const used = await this.db.selectFrom('accounts').select('id').where('unit_id', '=', newUnitId).limit(1).executeTakeFirst();
      if (used) throw new AccessRefusal(403, 'other_unit', 'newUnitId');
      return this.insertAccount(newUnitId, account, roles);
    }
    return this.insertAccount(by.unitId, account, roles);
  }

  private async insertAccount(unitId: string, account: NewAccount, roles: readonly Role[]): Promise<AccountView> {
    const taken = await this.db.selectFrom('accounts').select('id').where('username', '=', account.username).executeTakeFirst();
    if (taken) throw new AccessRefusal(409, 'username_taken', 'username');
    const id = randomUUID();
    await this.db
      .insertInto('accounts')
      .values({
        id,
        unit_id: unitId,
        username: account.username,
        display_name: account.displayName.trim(),
        roles: roles.join(','),
        password_hash: await hashPassword(account.password),
        failed_logins: 0,
        locked_until: 0,
        disabled: 0,
        created_at: this.now(),
      })
      .execute();
    return {
      id,
      username: account.username,
      displayName: account.displayName.trim(),
      unitId,
      roles,
      locked: false,
      lockedUntil: null,
      disabled: false,
    };
  }

  async listAccounts(unitId: string): Promise<AccountView[]> {
    const rows = await this.db.selectFrom('accounts').selectAll().where('unit_id', '=', unitId).orderBy('username').execute();
    const now = this.now();
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      unitId: r.unit_id,
      roles: parseRoles(r.roles),
      locked: Number(r.locked_until) > now,
      lockedUntil: Number(r.locked_until) > now ? Number(r.locked_until) : null,
      disabled: r.disabled === 1,
    }));
  }

  /**
   * Unlocks an account of the admin's unit: a disabled one works again, and a
   * lockout after wrong passwords ends now. Devices revoked when it was
   * disabled stay revoked (a lost tablet must not come back with it): enrol
   * them again.
   */
  async enableAccount(by: Principal, accountId: string): Promise<void> {
    const res = await this.db
      .updateTable('accounts')
      .set({ disabled: 0, failed_logins: 0, locked_until: 0 })
      .where('id', '=', accountId)
      .where('unit_id', '=', by.unitId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AccessRefusal(403, 'other_unit');
    this.#cache.clear();
  }

  /** Gives an account of the admin's unit these roles; an administrator cannot take the role away from themself (nobody would be left to give it back). */
  async setRoles(by: Principal, accountId: string, wanted: readonly string[]): Promise<Role[]> {
    const roles = [...new Set(wanted)];
    if (roles.length === 0 || !roles.every(isRole)) throw new AccessRefusal(400, 'invalid_roles', 'roles');
    if (accountId === by.accountId && !roles.includes('admin')) throw new AccessRefusal(400, 'cannot_remove_own_admin', 'roles');
    const res = await this.db
      .updateTable('accounts')
      .set({ roles: roles.join(',') })
      .where('id', '=', accountId)
      .where('unit_id', '=', by.unitId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AccessRefusal(403, 'other_unit');
    // Cached principals carry the old roles: the next request of every session and device asks again.
    this.#cache.clear();
    return roles;
  }

  /**
   * Sets a new password for an account of the admin's unit (the person forgot
   * theirs, or it was seen): the account's logins end, its devices keep
   * working (a device token is not the password), a lockout ends.
   */
  async resetPassword(by: Principal, accountId: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) throw new AccessRefusal(400, 'password_too_short', 'password');
    if (password.length > MAX_PASSWORD_LENGTH) throw new AccessRefusal(400, 'password_too_long', 'password');
    const res = await this.db
      .updateTable('accounts')
      .set({ password_hash: await hashPassword(password), failed_logins: 0, locked_until: 0 })
      .where('id', '=', accountId)
      .where('unit_id', '=', by.unitId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AccessRefusal(403, 'other_unit');
    await this.db.updateTable('login_sessions').set({ revoked: 1 }).where('account_id', '=', accountId).execute();
    this.#cache.clear();
  }

  /** Disables an account of the admin's unit: its sessions and devices stop working at once. */
  async disableAccount(by: Principal, accountId: string): Promise<void> {
    if (accountId === by.accountId) throw new AccessRefusal(400, 'cannot_disable_self');
    const res = await this.db
      .updateTable('accounts')
      .set({ disabled: 1 })
      .where('id', '=', accountId)
      .where('unit_id', '=', by.unitId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AccessRefusal(403, 'other_unit');
    await this.db.updateTable('login_sessions').set({ revoked: 1 }).where('account_id', '=', accountId).execute();
    await this.db.updateTable('devices').set({ revoked: 1 }).where('account_id', '=', accountId).execute();
    this.#cache.clear();
  }

  // ------------------------------------------------------------ login

  /**
   * Checks a password. Failures are counted per account; after
   * `LOCKOUT.failures` in a row the account is locked for `LOCKOUT.lockMs`,
   * even for the right password (so guessing cannot go on at any speed). The
   * per-address limit is the route's (`@fastify/rate-limit`).
   */
  async login(username: string, password: string): Promise<{ token: string; principal: Principal }> {
    const row = await this.db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
    if (!row) {
      // As slow as a real check: the timing says nothing about which names exist.
      await verifyPassword(password, await dummyHash());
      throw new AccessRefusal(401, 'wrong_credentials');
    }
    const now = this.now();
    if (Number(row.locked_until) > now) throw new AccessRefusal(429, 'account_locked');
    if (row.disabled === 1) throw new AccessRefusal(401, 'wrong_credentials');
    if (password.length > MAX_PASSWORD_LENGTH || !(await verifyPassword(password, row.password_hash))) {
      const failures = row.failed_logins + 1;
      const locked = failures >= LOCKOUT.failures;
      await this.db
        .updateTable('accounts')
        .set({ failed_logins: locked ? 0 : failures, locked_until: locked ? now + LOCKOUT.lockMs : 0 })
        .where('id', '=', row.id)
        .execute();
      throw new AccessRefusal(locked ? 429 : 401, locked ? 'account_locked' : 'wrong_credentials');
    }
    if (row.failed_logins !== 0) await this.db.updateTable('accounts').set({ failed_logins: 0 }).where('id', '=', row.id).execute();
    const token = newToken();
    await this.db
      .insertInto('login_sessions')
      .values({ token_hash: sha256(token), account_id: row.id, created_at: now, expires_at: now + SESSION_MS, revoked: 0 })
      .execute();
    const principal: Principal = {
      kind: 'session',
      accountId: row.id,
      accountName: row.display_name,
      unitId: row.unit_id,
      roles: parseRoles(row.roles),
    };
    return { token, principal };
  }

  async logout(token: string): Promise<void> {
    await this.db.updateTable('login_sessions').set({ revoked: 1 }).where('token_hash', '=', sha256(token)).execute();
    this.#cache.delete(`s:${sha256(token)}`);
  }

  async sessionPrincipal(token: string): Promise<Principal | null> {
    const hash = sha256(token);
    return this.cached(`s:${hash}`, async () => {
      const row = await this.db
        .selectFrom('login_sessions as s')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .select(['a.id', 'a.display_name', 'a.unit_id', 'a.roles', 'a.disabled', 's.expires_at', 's.revoked'])
        .where('s.token_hash', '=', hash)
        .executeTakeFirst();
      if (!row || row.revoked === 1 || row.disabled === 1 || Number(row.expires_at) <= this.now()) return null;
      return { kind: 'session', accountId: row.id, accountName: row.display_name, unitId: row.unit_id, roles: parseRoles(row.roles) };
    });
  }

  // ------------------------------------------------------------ devices

  /** A one-time code with which a tablet enrols for `accountId` (an account of the admin's unit). */
  async createEnrolmentCode(by: Principal, accountId: string, deviceName: string): Promise<{ code: string; expiresAt: number }> {
    const name = deviceName.trim();
    if (name === '' || name.length > 100) throw new AccessRefusal(400, 'invalid_device_name', 'deviceName');
    const account = await this.db
      .selectFrom('accounts')
      .select(['id', 'disabled'])
      .where('id', '=', accountId)
      .where('unit_id', '=', by.unitId)
      .executeTakeFirst();
    if (!account || account.disabled === 1) throw new AccessRefusal(403, 'other_unit', 'accountId');
    const code = newEnrolmentCode();
    const expiresAt = this.now() + ENROLMENT_CODE_MS;
    await this.db
      .insertInto('enrolment_codes')
      .values({ code_hash: sha256(code), account_id: accountId, device_name: name, expires_at: expiresAt, used: 0 })
      .execute();
    return { code, expiresAt };
  }

  /**
   * A tablet enrols with a code: it gets its own token (returned once, kept
   * hashed here). `localUnitId`: the unit the tablet already works for. If the
   * server holds no record of the account's unit yet (a new office server and
   * a commune that set up its unit on a tablet first), the server's accounts
   * take the tablet's unit id, so the tablet's records are its unit's.
   */
  async enrol(
    code: string,
    appDeviceId: string,
    localUnitId: string | undefined,
  ): Promise<{ token: string; principal: Principal; deviceName: string }> {
    const hash = sha256(normaliseCode(code));
    const now = this.now();
    const row = await this.db
      .selectFrom('enrolment_codes as c')
      .innerJoin('accounts as a', 'a.id', 'c.account_id')
      .select(['c.code_hash', 'c.device_name', 'c.expires_at', 'c.used', 'a.id', 'a.display_name', 'a.unit_id', 'a.roles', 'a.disabled'])
      .where('c.code_hash', '=', hash)
      .executeTakeFirst();
    if (!row || row.used === 1 || Number(row.expires_at) <= now || row.disabled === 1)
      throw new AccessRefusal(401, 'invalid_enrolment_code', 'code');
    // Spend the code first: two tablets typing the same code at once get one device, not two.
    const spent = await this.db
      .updateTable('enrolment_codes')
      .set({ used: 1 })
      .where('code_hash', '=', hash)
      .where('used', '=', 0)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) === 0) throw new AccessRefusal(401, 'invalid_enrolment_code', 'code');

    let unitId = row.unit_id;
    if (localUnitId && localUnitId !== unitId && localUnitId.length <= 64) {
      const held = await this.db.selectFrom('records').select('record_id').where('unit_id', '=', unitId).limit(1).executeTakeFirst();
      const taken = await this.db.selectFrom('accounts').select('id').where('unit_id', '=', localUnitId).limit(1).executeTakeFirst();
      if (!held && !taken) {
        await this.db.updateTable('accounts').set({ unit_id: localUnitId }).where('unit_id', '=', unitId).execute();
        await this.db.updateTable('devices').set({ unit_id: localUnitId }).where('unit_id', '=', unitId).execute();
        unitId = localUnitId;
        this.#cache.clear();
      }
    }
    const token = newToken();
    const id = randomUUID();
    await this.db
      .insertInto('devices')
      .values({
        id,
        token_hash: sha256(token),
        account_id: row.id,
        unit_id: unitId,
        name: row.device_name,
        app_device_id: appDeviceId,
        created_at: now,
        last_sync_at: null,
        revoked: 0,
      })
      .execute();
    return {
      token,
      deviceName: row.device_name,
      principal: { kind: 'device', accountId: row.id, accountName: row.display_name, unitId, roles: parseRoles(row.roles), deviceId: id },
    };
  }

  async devicePrincipal(token: string): Promise<Principal | null> {
    const hash = sha256(token);
    return this.cached(`d:${hash}`, async () => {
      const row = await this.db
        .selectFrom('devices as d')
        .innerJoin('accounts as a', 'a.id', 'd.account_id')
        .select(['d.id as device', 'd.revoked', 'a.id', 'a.display_name', 'a.unit_id', 'a.roles', 'a.disabled'])
        .where('d.token_hash', '=', hash)
        .executeTakeFirst();
      if (!row || row.revoked === 1 || row.disabled === 1) return null;
      return {
        kind: 'device',
        accountId: row.id,
        accountName: row.display_name,
        unitId: row.unit_id,
        roles: parseRoles(row.roles),
        deviceId: row.device,
      };
    });
  }

  /** Is this token a device that was revoked (so the app can say so, rather than "not enrolled")? */
  async isRevokedDevice(token: string): Promise<boolean> {
    const row = await this.db.selectFrom('devices').select('revoked').where('token_hash', '=', sha256(token)).executeTakeFirst();
    return row?.revoked === 1;
  }

  /**
   * Notes a device's sync, at most once a minute per device. Written behind the request, not in
   * it: the request does not wait for it, and the devices noted in one turn of the event loop are
   * written in one transaction. When a hall's 20 tablets (or a commune's 200) come back online at
   * once, that is one commit, where it was one commit each, each a disk flush on PostgreSQL,
   * queued in front of their pushes.
   */
  touchDevice(deviceId: string): void {
    const now = this.now();
    const last = this.#lastSyncWritten.get(deviceId);
    if (last !== undefined && now - last < LAST_SYNC_WRITE_MS) return;
    this.#lastSyncWritten.set(deviceId, now);
    this.#lastSyncDue.set(deviceId, now);
    this.#scheduleLastSyncWrite();
  }

  #scheduleLastSyncWrite(): void {
    if (this.#lastSyncWrite) return;
    this.#lastSyncWrite = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#writeLastSync())
      // A lost "last sync" time is a stale line in /admin, not a reason to fail anything.
      .catch((err: unknown) => console.warn(`could not note devices' last sync (${err instanceof Error ? err.message : String(err)})`))
      .finally(() => {
        this.#lastSyncWrite = null;
        // Noted while that write ran (it had taken its list already): the next write takes them.
        if (this.#lastSyncDue.size > 0) this.#scheduleLastSyncWrite();
      });
  }

  async #writeLastSync(): Promise<void> {
    const due = [...this.#lastSyncDue];
    this.#lastSyncDue.clear();
    await this.db.transaction().execute(async (tx) => {
      for (const [id, at] of due) await tx.updateTable('devices').set({ last_sync_at: at }).where('id', '=', id).execute();
    });
  }

  /** Resolves once every "last sync" noted so far is written (the device list shows them; tests). */
  async settleLastSync(): Promise<void> {
    while (this.#lastSyncWrite) await this.#lastSyncWrite;
  }

  async listDevices(unitId: string): Promise<DeviceView[]> {
    await this.settleLastSync();
    const rows = await this.db
      .selectFrom('devices as d')
      .innerJoin('accounts as a', 'a.id', 'd.account_id')
      .select(['d.id', 'd.name', 'd.last_sync_at', 'd.created_at', 'd.revoked', 'a.display_name'])
      .where('d.unit_id', '=', unitId)
      .orderBy('d.created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      accountName: r.display_name,
      lastSyncAt: r.last_sync_at === null ? null : Number(r.last_sync_at),
      createdAt: Number(r.created_at),
      revoked: r.revoked === 1,
    }));
  }

  async revokeDevice(by: Principal, deviceId: string): Promise<void> {
    const res = await this.db
      .updateTable('devices')
      .set({ revoked: 1 })
      .where('id', '=', deviceId)
      .where('unit_id', '=', by.unitId)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AccessRefusal(403, 'other_unit', 'deviceId');
    // Every cached token of this process is dropped: the next request of that device asks the database.
    this.#cache.clear();
  }

  async accountNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('accounts')
      .select(['id', 'display_name'])
      .where('id', 'in', [...ids])
      .execute();
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  async deviceNames(appDeviceIds: readonly string[]): Promise<Map<string, string>> {
    if (appDeviceIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('devices')
      .select(['app_device_id', 'name'])
      .where('app_device_id', 'in', [...appDeviceIds])
      .execute();
    return new Map(rows.filter((r) => r.app_device_id !== null).map((r) => [r.app_device_id!, r.name]));
  }

  private async cached(key: string, load: () => Promise<Principal | null>): Promise<Principal | null> {
    const now = this.now();
    const hit = this.#cache.get(key);
    if (hit && now - hit.at < PRINCIPAL_CACHE_MS) return hit.principal;
    const principal = await load();
    // Bounded: a flood of random tokens must not grow the map without end.
    if (this.#cache.size > 5000) this.#cache.clear();
    this.#cache.set(key, { principal, at: now });
    return principal;
  }
}
