/**
 * Accounts and devices on the real server (in-process, SQLite in memory):
 * first run with the one-time setup code, login throttling and lockout,
 * secrets never in the database or the log, enrolment and revocation, a
 * record's history, one person's data exported and erased.
 */
import { Writable } from 'node:stream';
import Sqlite from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, RECORD_SCHEMA_VERSION, SYNC_API, type PullResponse, type WireError } from '../../src/protocol/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { LOCKOUT } from '../../src/server/auth/accounts.ts';
import { ERASED_NAME } from '../../src/server/auth/records.ts';
import { KyselyStore } from '../../src/server/store/kysely-store.ts';
import { PASSWORD, accessServer, cookieOf, createAccount, enrolDevice, enrolmentCode, login, type AccessServer } from './access-helpers.ts';
import { registrationFields } from './access-fixtures.ts';
import { Device, seedUnit } from './sync-fixtures.ts';

let s: AccessServer | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const hello = (app: AccessServer['app'], cookie: string, deviceId: string) =>
  app.inject({
    method: 'POST',
    url: SYNC_API.hello,
    headers: { cookie },
    payload: { protocolVersion: PROTOCOL_VERSION, recordSchemaVersion: RECORD_SCHEMA_VERSION, deviceId },
  });

describe('first run', () => {
  it('creates no account by itself; the setup code works once, only from the office PC', async () => {
    const { startServer } = await import('../sync/inProcess.ts');
    const server = await startServer(Date.now, { access: true });
    try {
      expect(server.setupCode).toMatch(/^[A-Z2-9]{8}$/);
      expect((await server.app.inject({ method: 'GET', url: '/api/auth/setup-state' })).json()).toEqual({ needsSetup: true });
      expect(await server.store.db.selectFrom('accounts').selectAll().execute()).toEqual([]);

      // The code is shown only to loopback; a tablet on the Wi-Fi sees neither it nor the form.
      const page = await server.app.inject({ method: 'GET', url: '/setup' });
      expect(page.body).toContain(server.setupCode);
      const remote = await server.app.inject({ method: 'GET', url: '/setup', remoteAddress: '192.168.1.23' });
      expect(remote.statusCode).toBe(403);
      expect(remote.body).not.toContain(server.setupCode);
      const body = { code: server.setupCode, username: 'quantri', displayName: 'Quản trị', password: PASSWORD };
      expect(
        (await server.app.inject({ method: 'POST', url: '/api/auth/setup', payload: body, remoteAddress: '192.168.1.23' })).statusCode,
      ).toBe(403);

      const wrong = await server.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { ...body, code: 'AAAAAAAA' } });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json<WireError>().details).toMatchObject({ problem: 'wrong_setup_code', field: 'code' });
      const short = await server.app.inject({ method: 'POST', url: '/api/auth/setup', payload: { ...body, password: 'ngắn' } });
      expect(short.json<WireError>()).toMatchObject({ status: 400, details: { problem: 'password_too_short', field: 'password' } });

      const ok = await server.app.inject({ method: 'POST', url: '/api/auth/setup', payload: body });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ me: { roles: ['admin'], kind: 'session' } });
      expect(String(ok.headers['set-cookie'])).toMatch(/^dt_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
      const again = await server.app.inject({ method: 'POST', url: '/api/auth/setup', payload: body });
      expect(again.statusCode).toBe(409);
      expect((await server.app.inject({ method: 'GET', url: '/setup' })).statusCode).toBe(303);
    } finally {
      await server.close();
    }
  });
});

describe('login', () => {
  it('slows a guesser, then locks the account even for the right password', async () => {
    let now = Date.UTC(2026, 4, 12, 1);
    s = await accessServer(() => now);
    await createAccount(s.app, s.admin, 'thuky', ['secretary']);
    const attempt = (password: string, remoteAddress = '10.0.0.5') =>
      s!.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'thuky', password }, remoteAddress });
    for (let i = 1; i < LOCKOUT.failures; i++) {
      const res = await attempt(`sai ${i}`);
      expect(res.json<WireError>()).toMatchObject({ status: 401, reason: 'unauthorized', details: { problem: 'wrong_credentials' } });
    }
    const locking = await attempt('sai nữa');
    expect(locking.json<WireError>()).toMatchObject({ status: 429, reason: 'rate_limited', details: { problem: 'account_locked' } });
    // Locked: the right password from another address does not help.
    expect((await attempt(PASSWORD, '10.0.0.6')).json<WireError>().details).toMatchObject({ problem: 'account_locked' });
    now += LOCKOUT.lockMs + 1;
    expect((await attempt(PASSWORD, '10.0.0.7')).statusCode).toBe(200);
  });

  it('limits each address: the 11th try within a minute is refused before any password is checked', async () => {
    s = await accessServer();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: `khong.co.${i}`, password: 'bất kỳ mật khẩu' },
        remoteAddress: '10.9.9.9',
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429)
        expect(res.json<WireError>()).toMatchObject({ reason: 'rate_limited', details: { problem: 'too_many_attempts' } });
    }
    expect(statuses.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('a session can be ended: the cookie stops working', async () => {
    s = await accessServer();
    const cookie = await login(s.app, 'quantri');
    expect((await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200);
    await s.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    const after = await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(after.json<WireError>()).toMatchObject({ status: 401, details: { problem: 'session_expired' } });
  });
});

describe('secrets', () => {
  it('no password, token, code or cookie reaches the log or the database in clear', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const database = new Sqlite(':memory:');
    const store = new KyselyStore('sqlite', ':memory:', new SqliteDialect({ database }));
    await store.migrate();
    let setupCode = '';
    const app = await buildServer({
      store,
      staticDir: '/nonexistent',
      logger: { level: 'trace', stream: sink },
      onSetupCode: (c) => (setupCode = c),
    });
    try {
      const setup = await app.inject({
        method: 'POST',
        url: '/api/auth/setup',
        payload: { code: setupCode, username: 'quantri', displayName: 'Quản trị', password: PASSWORD },
      });
      const admin = cookieOf(setup, 'dt_session');
      const account = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin } })).json<{
        me: { accountId: string };
      }>().me.accountId;
      await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'quantri', password: 'mật khẩu sai bét' } });
      const code = await enrolmentCode(app, admin, account);
      const enrol = await app.inject({ method: 'POST', url: '/api/auth/enrol', payload: { code, deviceId: 'tab1' } });
      const device = cookieOf(enrol, 'dt_device');
      await app.inject({
        method: 'POST',
        url: SYNC_API.hello,
        headers: { cookie: device, authorization: `Bearer ${device.split('=')[1]}` },
        payload: { protocolVersion: PROTOCOL_VERSION, recordSchemaVersion: RECORD_SCHEMA_VERSION, deviceId: 'tab1' },
      });

      const log = lines.join('');
      expect(lines.length).toBeGreaterThan(5); // the log did record these requests
      const dbBytes = database.serialize().toString('latin1');
      const secrets = [PASSWORD, 'mật khẩu sai bét', setupCode, code, admin.split('=')[1]!, device.split('=')[1]!];
      for (const secret of secrets) {
        expect(log).not.toContain(secret);
        expect(dbBytes).not.toContain(Buffer.from(secret).toString('latin1'));
      }
      const row = await store.db.selectFrom('accounts').select('password_hash').executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('devices', () => {
  it('enrols once with a code, syncs with its token, shows in the list, and is refused once revoked', async () => {
    s = await accessServer(Date.now, 'unit-A');
    const chair = await createAccount(s.app, s.admin, 'chutri', ['chair']);
    const code = await enrolmentCode(s.app, s.admin, chair, 'Máy tính bảng chủ trì');
    const enrol = await s.app.inject({
      method: 'POST',
      url: '/api/auth/enrol',
      payload: { code: code.toLowerCase().replace(/(....)/, '$1-'), deviceId: 'tabChair' },
    });
    expect(enrol.statusCode).toBe(200);
    expect(enrol.json()).toMatchObject({ deviceName: 'Máy tính bảng chủ trì', me: { unitId: 'unit-A', roles: ['chair'], kind: 'device' } });
    expect(enrol.body).not.toContain(cookieOf(enrol, 'dt_device').split('=')[1]); // the token is in the HttpOnly cookie only
    const cookie = cookieOf(enrol, 'dt_device');
    // A code works once.
    const reuse = await s.app.inject({ method: 'POST', url: '/api/auth/enrol', payload: { code, deviceId: 'thief' } });
    expect(reuse.json<WireError>()).toMatchObject({ status: 401, details: { problem: 'invalid_enrolment_code' } });

    expect((await hello(s.app, cookie, 'tabChair')).statusCode).toBe(200);
    const list = (await s.app.inject({ method: 'GET', url: '/api/admin/devices', headers: { cookie: s.admin } })).json<{
      devices: { id: string; name: string; accountName: string; lastSyncAt: number | null }[];
    }>();
    expect(list.devices).toEqual([
      expect.objectContaining({ name: 'Máy tính bảng chủ trì', accountName: 'Người chutri', lastSyncAt: expect.any(Number) }),
    ]);

    const revoke = await s.app.inject({
      method: 'POST',
      url: `/api/admin/devices/${list.devices[0]!.id}/revoke`,
      headers: { cookie: s.admin },
    });
    expect(revoke.statusCode).toBe(200);
    const refused = await hello(s.app, cookie, 'tabChair');
    expect(refused.json<WireError>()).toMatchObject({ status: 401, reason: 'unauthorized', details: { problem: 'device_revoked' } });
    const pull = await s.app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=unit-A&after=0`, headers: { cookie } });
    expect(pull.statusCode).toBe(401);
  });

  it('notes the last sync of a hall of tablets syncing at once in one write, behind their requests', async () => {
    s = await accessServer(Date.now, 'unit-A');
    const secretary = await createAccount(s.app, s.admin, 'thuky', ['secretary']);
    const tablets = [];
    for (const id of ['tab1', 'tab2', 'tab3', 'tab4']) tablets.push({ ...(await enrolDevice(s.app, s.admin, secretary, id)), id });
    const writes = vi.spyOn(s.store.db, 'transaction');
    const answers = await Promise.all(tablets.map((t) => hello(s!.app, t.cookie, t.id)));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200]);
    const list = (await s.app.inject({ method: 'GET', url: '/api/admin/devices', headers: { cookie: s.admin } })).json<{ devices: { lastSyncAt: number | null }[] }>();
    expect(list.devices.map((d) => typeof d.lastSyncAt)).toEqual(['number', 'number', 'number', 'number']);
    expect(writes).toHaveBeenCalledTimes(1);
    // Within the minute, a device's next sync writes nothing more.
    await hello(s.app, tablets[0]!.cookie, 'tab1');
    await s.app.inject({ method: 'GET', url: '/api/admin/devices', headers: { cookie: s.admin } });
    expect(writes).toHaveBeenCalledTimes(1);
  });

  it('an enrolment code expires after 15 minutes', async () => {
    let now = Date.UTC(2026, 4, 12, 1);
    s = await accessServer(() => now);
    const viewer = await createAccount(s.app, s.admin, 'xem', ['viewer']);
    const code = await enrolmentCode(s.app, s.admin, viewer);
    now += 15 * 60_000 + 1;
    expect((await s.app.inject({ method: 'POST', url: '/api/auth/enrol', payload: { code, deviceId: 'late' } })).statusCode).toBe(401);
  });

  it('a tablet that set up its unit before the office server existed brings its unit id', async () => {
    s = await accessServer();
    const office = await createAccount(s.app, s.admin, 'vanphong', ['office']);
    const { cookie } = await enrolDevice(s.app, s.admin, office, 'tabOffice', 'unit-from-tablet');
    const me = (await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json<{ me: { unitId: string } }>().me;
    expect(me.unitId).toBe('unit-from-tablet');
    // The administrator moved with the unit.
    expect(
      (await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: s.admin } })).json<{ me: { unitId: string } }>().me
        .unitId,
    ).toBe('unit-from-tablet');
    // Once the unit holds records, a second tablet with another unit cannot take it over.
    const device = new Device('tabOffice');
    const seed = seedUnit(device, 'unit-from-tablet');
    await s.app.inject({
      method: 'POST',
      url: SYNC_API.push,
      headers: { cookie },
      payload: { deviceId: device.id, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes: seed.changes },
    });
    const second = await enrolDevice(s.app, s.admin, office, 'tab2', 'some-other-unit');
    const me2 = (await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: second.cookie } })).json<{
      me: { unitId: string };
    }>().me;
    expect(me2.unitId).toBe('unit-from-tablet');
  });
});

describe('audit trail and personal data', () => {
  it("shows who changed a record, from which device, when; exports one person's data and erases it everywhere", async () => {
    const now = Date.UTC(2026, 4, 12, 1);
    s = await accessServer(() => now, 'unit-A');
    const officeId = await createAccount(s.app, s.admin, 'vanphong', ['office']);
    const chairId = await createAccount(s.app, s.admin, 'chutri', ['chair']);
    const office = await enrolDevice(s.app, s.admin, officeId, 'tabOffice');
    const chair = await enrolDevice(s.app, s.admin, chairId, 'tabChair');
    const device = new Device('tabOffice', () => now);
    const seed = seedUnit(device, 'unit-A');
    const scope = { unitId: 'unit-A', conferenceId: seed.conferenceId };
    const push = (changes: unknown[]) =>
      s!.app.inject({
        method: 'POST',
        url: SYNC_API.push,
        headers: { cookie: office.cookie },
        payload: { deviceId: device.id, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes },
      });
    await push([...seed.changes, device.change('registrations', 'reg-1', scope, registrationFields())]);
    await push([device.change('registrations', 'reg-1', scope, { field: 'Hộ tịch' })]);

    const officeLogin = await login(s.app, 'vanphong');
    const history = (
      await s.app.inject({ method: 'GET', url: '/api/access/history?table=registrations&id=reg-1', headers: { cookie: officeLogin } })
    ).json<{ history: { account: string; device: string; at: number; fields: object }[] }>().history;
    expect(history).toHaveLength(2);
    expect(history[1]).toEqual({
      seq: expect.any(Number),
      at: now,
      account: 'Người vanphong',
      device: 'Thiết bị tabOffice',
      fields: { field: 'Hộ tịch' },
    });
    // The chair sees the history too, without the personal data.
    const chairLogin = await login(s.app, 'chutri');
    const chairView = await s.app.inject({
      method: 'GET',
      url: '/api/access/history?table=registrations&id=reg-1',
      headers: { cookie: chairLogin },
    });
    expect(chairView.body).not.toContain('0912 345 678');

    const file = await s.app.inject({
      method: 'GET',
      url: '/api/access/person?table=registrations&id=reg-1',
      headers: { cookie: officeLogin },
    });
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(file.body).toContain('Số điện thoại: 0912 345 678');
    expect(file.body).toContain('Họ và tên: Lê Văn Cường');

    const erase = await s.app.inject({
      method: 'POST',
      url: '/api/access/erase',
      headers: { cookie: officeLogin },
      payload: { table: 'registrations', id: 'reg-1' },
    });
    expect(erase.statusCode).toBe(200);
    // Every device gets the blanked fields at its next sync, the chair's too.
    const pulled = (
      await s.app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=unit-A&after=0`, headers: { cookie: chair.cookie } })
    ).json<PullResponse>();
    const last = pulled.changes.filter((c) => c.kind === 'record' && c.id === 'reg-1').at(-1);
    expect(last?.kind === 'record' && last.fields).toMatchObject({ fullName: ERASED_NAME, phone: '', email: '' });
    // And the server's log keeps who and when, not the old values.
    const log = await s.store.db.selectFrom('sync_log').select('fields').where('record_id', '=', 'reg-1').execute();
    expect(JSON.stringify(log)).not.toMatch(/Lê Văn Cường|0912 345 678|cuong@example\.vn|ngõ 3/);
    const record = await s.store.db.selectFrom('records').select('fields').where('record_id', '=', 'reg-1').executeTakeFirstOrThrow();
    expect(record.fields).not.toContain('0912');
    expect(JSON.parse(record.fields)).toMatchObject({
      fullName: ERASED_NAME,
      field: 'Hộ tịch',
      procedureName: 'Cấp giấy chứng nhận quyền sử dụng đất',
    });
    // A device offline during the erasure that still sends the old phone number is refused: nothing old re-enters the log.
    const stale = new Device('tabStale', () => now - 60_000);
    const late = await push([stale.change('registrations', 'reg-1', scope, { phone: '0912 345 678' })]);
    expect(late.json<{ results: unknown[] }>().results[0]).toMatchObject({ status: 'refused', reason: 'forbidden', details: { problem: 'erased', field: 'phone' } });
    const logAfter = await s.store.db.selectFrom('sync_log').select('fields').where('record_id', '=', 'reg-1').execute();
    expect(JSON.stringify(logAfter)).not.toContain('0912 345 678');
  });
});

describe('security headers and limits', () => {
  it('every reply carries a strict CSP, nosniff and no-referrer; bodies are limited per route; timeouts are set', async () => {
    s = await accessServer();
    const res = await s.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    // A login body is a few names: 8 KiB is plenty, more is refused before any work.
    const big = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'y'.repeat(9000) } });
    expect(big.json<WireError>()).toMatchObject({ status: 413, reason: 'payload_too_large' });
    expect(s.app.server.requestTimeout).toBe(30_000);
    expect(s.app.initialConfig.connectionTimeout).toBe(60_000);
    expect(s.app.initialConfig.keepAliveTimeout).toBe(5_000);
  });
});

describe('the office PC page for personal data', () => {
  it('finds a person by name without accents, offers the export, and erases on request', async () => {
    const now = Date.UTC(2026, 4, 12, 1);
    s = await accessServer(() => now, 'unit-A');
    const officeId = await createAccount(s.app, s.admin, 'vanphong', ['office']);
    const office = await enrolDevice(s.app, s.admin, officeId, 'tabOffice');
    const device = new Device('tabOffice', () => now);
    const seed = seedUnit(device, 'unit-A');
    await s.app.inject({
      method: 'POST',
      url: SYNC_API.push,
      headers: { cookie: office.cookie },
      payload: {
        deviceId: device.id,
        recordSchemaVersion: RECORD_SCHEMA_VERSION,
        changes: [
          ...seed.changes,
          device.change('registrations', 'reg-1', { unitId: 'unit-A', conferenceId: seed.conferenceId }, registrationFields()),
        ],
      },
    });
    const found = await s.app.inject({ method: 'GET', url: '/admin?person=le%20van%20cuong', headers: { cookie: s.admin } });
    expect(found.body).toContain('Lê Văn Cường');
    expect(found.body).toContain('/api/access/person?table=registrations&amp;id=reg-1');
    const erased = await s.app.inject({
      method: 'POST',
      url: '/admin/erase',
      headers: { cookie: s.admin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'table=registrations&id=reg-1',
    });
    expect(erased.body).toContain('Đã xoá dữ liệu cá nhân');
    const record = await s.store.db.selectFrom('records').select('fields').where('record_id', '=', 'reg-1').executeTakeFirstOrThrow();
    expect(JSON.parse(record.fields)).toMatchObject({ fullName: ERASED_NAME, phone: '' });
    // A person without the administrator's session gets the login form, not the page.
    const anonymous = await s.app.inject({
      method: 'POST',
      url: '/admin/erase',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'table=registrations&id=reg-1',
    });
    expect(anonymous.body).toContain('Đăng nhập quản trị');
  });
});

describe('behind a reverse proxy', () => {
  it('believes X-Forwarded-For and -Proto from the trusted proxy only: the setup page is not the office PC, cookies get Secure', async () => {
    const store = new KyselyStore('sqlite', ':memory:', new SqliteDialect({ database: new Sqlite(':memory:') }));
    await store.migrate();
    let setupCode = '';
    const app = await buildServer({ store, staticDir: '/nonexistent', trustProxy: '127.0.0.1', onSetupCode: (c) => (setupCode = c) });
    try {
      const viaProxy = await app.inject({ method: 'GET', url: '/setup', headers: { 'x-forwarded-for': '192.168.1.50', 'x-forwarded-proto': 'https' } });
      expect(viaProxy.statusCode).toBe(403);
      expect(viaProxy.body).not.toContain(setupCode);
      // From another address the headers are not believed: a tablet cannot claim to be the office PC.
      const spoofed = await app.inject({ method: 'GET', url: '/setup', remoteAddress: '192.168.1.50', headers: { 'x-forwarded-for': '127.0.0.1' } });
      expect(spoofed.statusCode).toBe(403);
      const direct = await app.inject({ method: 'POST', url: '/api/auth/setup', headers: { 'x-forwarded-proto': 'https' }, payload: { code: setupCode, username: 'quantri', displayName: 'Quản trị', password: PASSWORD } });
      expect(String(direct.headers['set-cookie'])).toContain('; Secure');
    } finally {
      await app.close();
      await store.close();
    }
  });
});
