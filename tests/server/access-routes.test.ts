/**
 * Every route × every role × own unit / another unit, driven by tables written
 * out by hand (not computed from `domain/access.ts`, or the test could not
 * disagree with it). A denied case answers 403 (401 without credentials) with
 * a reason code and leaves the database byte for byte as it was; an allowed
 * case works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Role } from '../../src/domain/access.ts';
import {
  PROTOCOL_VERSION,
  RECORD_SCHEMA_VERSION,
  SYNC_API,
  type Change,
  type PullResponse,
  type PushResponse,
  type WireError,
} from '../../src/protocol/index.ts';
import { accessServer, createAccount, enrolDevice, login, type AccessServer } from './access-helpers.ts';
import { attendeeFields, registrationFields, timerFields, turnFields } from './access-fixtures.ts';
import { Device, seedUnit } from './sync-fixtures.ts';
import { STORE_KINDS } from './stores.ts';
import { conferenceDocumentsDocId } from '../../src/domain/minutesDoc.ts';

const NOW = Date.UTC(2026, 4, 12, 1, 0, 0);
const ROLES: Role[] = ['admin', 'chair', 'secretary', 'office', 'viewer'];
type Who = Role | 'otherUnit';
const WHO: Who[] = [...ROLES, 'otherUnit'];

// The whole matrix on each store: the rules are the server's, but the "no row changes" guarantee is the store's.
describe.each(STORE_KINDS)('on %s', (kind) => {
  let s: AccessServer;
  const devices = new Map<Who, { cookie: string; device: Device }>();
  const sessions = new Map<Who, string>();
  let A: ReturnType<typeof seedUnit>;
  let B: ReturnType<typeof seedUnit>;
  let turnId: string;
  let registrationId: string;
  let attendeeId: string;
  /** Targets the destructive routes may act on without spoiling the other cases. */
  let spareAccountId: string;
  let spareDeviceId: string;
  const erasableId = 'att-erase';

  async function push(who: Who, changes: Change[]) {
    const d = devices.get(who)!;
    return s.app.inject({
      method: 'POST',
      url: SYNC_API.push,
      headers: { cookie: d.cookie },
      payload: { deviceId: d.device.id, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes },
    });
  }

  beforeAll(async () => {
    s = await accessServer(() => NOW, 'unit-A', kind);
    const admin = s.admin;
    for (const role of ROLES) {
      const accountId = role === 'admin' ? undefined : await createAccount(s.app, admin, `nguoi.${role}`, [role]);
      if (accountId) sessions.set(role, await login(s.app, `nguoi.${role}`));
      else sessions.set(role, admin);
    }
    // Another commune on the same server, with every role: what it may not do is only about the unit.
    await s.app.inject({
      method: 'POST',
      url: '/api/admin/accounts',
      headers: { cookie: admin },
      payload: {
        username: 'quantri.b',
        displayName: 'Quản trị xã B',
        password: 'mật khẩu đủ dài 2026',
        roles: ['admin', 'chair', 'secretary', 'office'],
        newUnitId: 'unit-B',
      },
    });
    sessions.set('otherUnit', await login(s.app, 'quantri.b'));

    const accounts = (await s.app.inject({ method: 'GET', url: '/api/admin/accounts', headers: { cookie: admin } })).json<{
      accounts: { id: string; username: string }[];
    }>().accounts;
    const idOf = (username: string) => accounts.find((a) => a.username === username)!.id;
    for (const who of WHO) {
      const device = new Device(`tab-${who}`, () => NOW);
      let cookie: string;
      if (who === 'otherUnit') {
        const otherAccounts = (
          await s.app.inject({ method: 'GET', url: '/api/admin/accounts', headers: { cookie: sessions.get('otherUnit')! } })
        ).json<{ accounts: { id: string }[] }>().accounts;
        cookie = (await enrolDevice(s.app, sessions.get('otherUnit')!, otherAccounts[0]!.id, device.id)).cookie;
      } else {
        cookie = (await enrolDevice(s.app, admin, who === 'admin' ? idOf('quantri') : idOf(`nguoi.${who}`), device.id)).cookie;
      }
      devices.set(who, { cookie, device });
    }
    spareAccountId = await createAccount(s.app, admin, 'nguoi.du.phong', ['viewer']);
    spareDeviceId = (await enrolDevice(s.app, admin, spareAccountId, 'tab-spare')).id;

    const adminDevice = devices.get('admin')!.device;
    A = seedUnit(adminDevice, 'unit-A');
    const scope = { unitId: A.unitId, conferenceId: A.conferenceId };
    turnId = 'turn-1';
    registrationId = 'reg-1';
    attendeeId = 'att-1';
    const seeded = await push('admin', [
      ...A.changes,
      adminDevice.change('speakerTurns', turnId, scope, turnFields(A.sessionId)),
      adminDevice.change('registrations', registrationId, scope, registrationFields()),
      adminDevice.change('attendees', attendeeId, scope, attendeeFields(A.sessionId)),
      adminDevice.change('attendees', erasableId, scope, attendeeFields(A.sessionId)),
    ]);
    expect(seeded.json<PushResponse>().results.every((r) => r.status === 'applied')).toBe(true);
    B = seedUnit(devices.get('otherUnit')!.device, 'unit-B');
    const seededB = await push('otherUnit', B.changes);
    expect(seededB.json<PushResponse>().results.every((r) => r.status === 'applied')).toBe(true);
    // Every device has synced once: "last sync" is written, so later refusals must write nothing at all.
    for (const who of WHO) {
      const d = devices.get(who)!;
      await s.app.inject({
        method: 'POST',
        url: SYNC_API.hello,
        headers: { cookie: d.cookie },
        payload: { protocolVersion: PROTOCOL_VERSION, recordSchemaVersion: RECORD_SCHEMA_VERSION, deviceId: d.device.id },
      });
    }
  }, 60_000);

  afterAll(async () => {
    await s?.close();
  });

  /** One kind of write, as the app makes it, in unit A. */
  const OPERATIONS: Record<string, (d: Device) => Change> = {
    'add a turn to the queue': (d) =>
      d.change('speakerTurns', `turn-${d.id}-${d.stamp()}`, { unitId: 'unit-A', conferenceId: A.conferenceId }, turnFields(A.sessionId, 9)),
    'reorder the queue': (d) => d.change('speakerTurns', turnId, { unitId: 'unit-A', conferenceId: A.conferenceId }, { position: 0.5 }),
    'call the next speaker': (d) =>
      d.change('speakerTurns', turnId, { unitId: 'unit-A', conferenceId: A.conferenceId }, { status: 'speaking' }),
    'record a disposition': (d) =>
      d.change('speakerTurns', turnId, { unitId: 'unit-A', conferenceId: A.conferenceId }, { disposition: { kind: 'answered_in_room' } }),
    'run the timer': (d) =>
      d.change(
        'timerEvents',
        `timer-${d.id}-${d.stamp()}`,
        { unitId: 'unit-A', conferenceId: A.conferenceId },
        timerFields(A.sessionId, turnId),
      ),
    'change the speaking limit': (d) =>
      d.change('sessions', A.sessionId, { unitId: 'unit-A', conferenceId: A.conferenceId }, { speakingLimitMs: 240_000 }),
    'enter a registration form': (d) =>
      d.change('registrations', `reg-${d.id}-${d.stamp()}`, { unitId: 'unit-A', conferenceId: A.conferenceId }, registrationFields()),
    'check someone in': (d) =>
      d.change('attendees', attendeeId, { unitId: 'unit-A', conferenceId: A.conferenceId }, { present: true, checkedInAt: NOW }),
    'type the minutes': (d) => {
      const doc = new Y.Doc();
      doc.getText('t').insert(0, `ghi chép của ${d.id}`);
      return d.text(A.docId, { unitId: 'unit-A', conferenceId: A.conferenceId }, Y.encodeStateAsUpdate(doc));
    },
    'edit the notice of results (the conference’s documents)': (d) => {
      const doc = new Y.Doc();
      doc.getMap('notice').set('number', `${d.id}`);
      return d.text(
        conferenceDocumentsDocId(A.conferenceId),
        { unitId: 'unit-A', conferenceId: A.conferenceId },
        Y.encodeStateAsUpdate(doc),
      );
    },
    'delete a registration form': (d) =>
      d.change('registrations', registrationId, { unitId: 'unit-A', conferenceId: A.conferenceId }, { deleted: true }),
  };

  /** Who may do it: the rule as an official would state it. */
  const ALLOWED: Record<keyof typeof OPERATIONS, Who[]> = {
    'add a turn to the queue': ['admin', 'chair'],
    'reorder the queue': ['admin', 'chair'],
    'call the next speaker': ['admin', 'chair'],
    'record a disposition': ['admin', 'chair', 'secretary'],
    'run the timer': ['admin', 'chair'],
    'change the speaking limit': ['admin', 'chair', 'office'],
    'enter a registration form': ['admin', 'office'],
    'check someone in': ['admin', 'office'],
    'type the minutes': ['admin', 'secretary'],
    'edit the notice of results (the conference’s documents)': ['admin', 'secretary', 'office'],
    'delete a registration form': ['admin', 'office'],
  };

  // 'delete' runs last: the other cases need the registration.
  const CASES = Object.keys(OPERATIONS).flatMap((op) => WHO.map((who) => [op, who] as const));

  describe('push: every operation × every role × own unit and another unit', () => {
    it.each(CASES)('%s by %s', async (op, who) => {
      const d = devices.get(who)!;
      const change = OPERATIONS[op]!(d.device);
      const before = await s.state();
      const res = await push(who, [change]);
      expect(res.statusCode).toBe(200);
      const [result] = res.json<PushResponse>().results;
      if (ALLOWED[op]!.includes(who)) {
        expect(result).toMatchObject({ status: 'applied' });
        // The comparison can fail: an applied change shows in it (on each store).
        expect(await s.state()).not.toBe(before);
      } else {
        expect(result).toMatchObject({ status: 'refused', reason: 'forbidden' });
        expect((result as { details: { problem: string } }).details.problem).toBe(who === 'otherUnit' ? 'other_unit' : 'role');
        expect(await s.state()).toBe(before);
      }
    });
  });

  /**
   * "By the record's table, unit and conference": a record that names its own
   * unit (so the unit check passes) but hangs under another unit's conference,
   * session or turn, and a text whose id names another unit's session or
   * conference. Each is pushed by a device whose roles would allow the write
   * in its own unit (unit B's administrator, unit A's administrator), and is
   * refused without a row changing.
   */
  const FOREIGN_PARENT: Record<string, { by: 'otherUnit' | 'admin'; change: (d: Device) => Change; field?: string }> = {
    "unit B's turn in unit A's conference": {
      by: 'otherUnit',
      change: (d) =>
        d.change('speakerTurns', `turn-x-${d.stamp()}`, { unitId: 'unit-B', conferenceId: A.conferenceId }, turnFields(B.sessionId)),
      field: 'conferenceId',
    },
    "unit B's turn, in its own conference, in unit A's session": {
      by: 'otherUnit',
      change: (d) =>
        d.change('speakerTurns', `turn-x-${d.stamp()}`, { unitId: 'unit-B', conferenceId: B.conferenceId }, turnFields(A.sessionId)),
      field: 'sessionId',
    },
    "unit B's check-in list entry in unit A's session": {
      by: 'otherUnit',
      change: (d) =>
        d.change('attendees', `att-x-${d.stamp()}`, { unitId: 'unit-B', conferenceId: B.conferenceId }, attendeeFields(A.sessionId)),
      field: 'sessionId',
    },
    "unit B's timer event on unit A's turn": {
      by: 'otherUnit',
      change: (d) =>
        d.change(
          'timerEvents',
          `timer-x-${d.stamp()}`,
          { unitId: 'unit-B', conferenceId: B.conferenceId },
          timerFields(B.sessionId, turnId),
        ),
      field: 'turnId',
    },
    "unit A's session in unit B's conference": {
      by: 'admin',
      change: (d) =>
        d.change(
          'sessions',
          `sess-x-${d.stamp()}`,
          { unitId: 'unit-A', conferenceId: B.conferenceId },
          { ...A.changes[2]!.fields, conferenceId: B.conferenceId },
        ),
      field: 'conferenceId',
    },
    "unit B's minutes text for unit A's session": {
      by: 'otherUnit',
      change: (d) => {
        const doc = new Y.Doc();
        doc.getText('t').insert(0, 'chen vao bien ban xa A');
        return d.text(A.docId, { unitId: 'unit-B', conferenceId: B.conferenceId }, Y.encodeStateAsUpdate(doc));
      },
    },
    "unit B's edit of unit A's conference documents": {
      by: 'otherUnit',
      change: (d) => {
        const doc = new Y.Doc();
        doc.getMap('notice').set('number', '99/TB-UBND');
        return d.text(
          conferenceDocumentsDocId(A.conferenceId),
          { unitId: 'unit-B', conferenceId: A.conferenceId },
          Y.encodeStateAsUpdate(doc),
        );
      },
    },
  };

  describe("push: a record of our unit under another unit's conference, session or turn", () => {
    it.each(Object.keys(FOREIGN_PARENT))('%s: refused, nothing changes', async (name) => {
      const { by, change, field } = FOREIGN_PARENT[name]!;
      const before = await s.state();
      const res = await push(by, [change(devices.get(by)!.device)]);
      expect(res.statusCode).toBe(200);
      const [result] = res.json<PushResponse>().results;
      expect(result).toMatchObject({ status: 'refused' });
      const { reason, details } = result as { reason: string; details: unknown };
      if (field) {
        expect(reason).toBe('scope_mismatch');
        expect(details).toMatchObject({ field, problem: 'parent_in_other_unit' });
      } else {
        // A text: refused by its session's or conference's unit, or, once unit A's devices have written it, as unit A's document.
        expect(
          reason === 'scope_mismatch' || (reason === 'forbidden' && (details as { problem: string }).problem === 'other_unit'),
          reason,
        ).toBe(true);
      }
      expect(await s.state()).toBe(before);
    });

    it("the same writes under the unit's own parents are applied (so the refusals above are about the parent)", async () => {
      const d = devices.get('otherUnit')!.device;
      const own = { unitId: 'unit-B', conferenceId: B.conferenceId };
      const res = await push('otherUnit', [
        d.change('speakerTurns', 'turn-B-own', own, turnFields(B.sessionId)),
        d.change('timerEvents', 'timer-B-own', own, timerFields(B.sessionId, 'turn-B-own')),
      ]);
      expect(res.json<PushResponse>().results.map((r) => r.status)).toEqual(['applied', 'applied']);
    });
  });

  type Call = { method: 'GET' | 'POST'; url: string; payload?: object };
  type Credential = 'device' | 'session';

  /**
   * Whole requests: who may make them (the rest get 403), and which credential
   * the route wants. `ownUnitOnly`: the route names no unit, it answers about the
   * caller's own; another unit's administrator gets 200 and must not see unit A
   * in it (`notSeen`).
   */
  const ROUTES: { name: string; call: () => Call; allowed: Who[]; credential: Credential; notSeen?: string }[] = [
    {
      name: 'pull own unit',
      call: () => ({ method: 'GET', url: `${SYNC_API.pull}?unit=unit-A&after=0` }),
      allowed: [...ROLES],
      credential: 'device',
    },
    {
      name: 'minutes state vectors',
      call: () => ({ method: 'POST', url: SYNC_API.text, payload: { unitId: 'unit-A', docId: A.docId, stateVector: '' } }),
      allowed: [...ROLES],
      credential: 'device',
    },
    {
      name: 'list accounts',
      call: () => ({ method: 'GET', url: '/api/admin/accounts' }),
      allowed: ['admin', 'otherUnit'],
      credential: 'session',
      notSeen: 'nguoi.',
    },
    {
      name: 'create an account',
      call: () => ({
        method: 'POST',
        url: '/api/admin/accounts',
        payload: {
          username: `moi.${Math.random().toString(36).slice(2, 8)}`,
          displayName: 'Người mới',
          password: 'mật khẩu đủ dài 2026',
          roles: ['viewer'],
        },
      }),
      allowed: ['admin', 'otherUnit'],
      credential: 'session',
    },
    {
      name: 'list devices',
      call: () => ({ method: 'GET', url: '/api/admin/devices' }),
      allowed: ['admin', 'otherUnit'],
      credential: 'session',
      notSeen: 'tab-chair',
    },
    {
      name: 'record history',
      call: () => ({ method: 'GET', url: `/api/access/history?table=speakerTurns&id=${turnId}` }),
      allowed: ['admin', 'chair', 'secretary', 'office'],
      credential: 'session',
    },
    {
      name: "one person's data",
      call: () => ({ method: 'GET', url: `/api/access/person?table=attendees&id=${attendeeId}` }),
      allowed: ['admin', 'office'],
      credential: 'session',
    },
    {
      // Another unit's administrator names an account of unit A: refused as another unit's.
      name: 'make an enrolment code for a unit-A account',
      call: () => ({ method: 'POST', url: '/api/admin/enrolment-codes', payload: { accountId: spareAccountId, deviceName: 'Máy mới' } }),
      allowed: ['admin'],
      credential: 'session',
    },
    {
      name: 'revoke a unit-A device',
      call: () => ({ method: 'POST', url: `/api/admin/devices/${spareDeviceId}/revoke` }),
      allowed: ['admin'],
      credential: 'session',
    },
    {
      name: 'lock a unit-A account',
      call: () => ({ method: 'POST', url: `/api/admin/accounts/${spareAccountId}/disable` }),
      allowed: ['admin'],
      credential: 'session',
    },
    {
      name: 'unlock a unit-A account',
      call: () => ({ method: 'POST', url: `/api/admin/accounts/${spareAccountId}/enable` }),
      allowed: ['admin'],
      credential: 'session',
    },
    {
      name: 'change the roles of a unit-A account',
      call: () => ({ method: 'POST', url: `/api/admin/accounts/${spareAccountId}/roles`, payload: { roles: ['viewer'] } }),
      allowed: ['admin'],
      credential: 'session',
    },
    {
      name: 'reset the password of a unit-A account',
      call: () => ({ method: 'POST', url: `/api/admin/accounts/${spareAccountId}/password`, payload: { password: 'mật khẩu mới đủ dài' } }),
      allowed: ['admin'],
      credential: 'session',
    },
    {
      name: "erase one person's data",
      call: () => ({ method: 'POST', url: '/api/access/erase', payload: { table: 'attendees', id: erasableId } }),
      allowed: ['admin', 'office'],
      credential: 'session',
    },
  ];

  describe('whole requests: every route × every role × own unit and another unit', () => {
    const routeCases = ROUTES.flatMap((r) => WHO.map((who) => [r.name, who] as const));
    it.each(routeCases)('%s by %s', async (name, who) => {
      const route = ROUTES.find((r) => r.name === name)!;
      const cookie = route.credential === 'device' ? devices.get(who)!.cookie : sessions.get(who)!;
      const call = route.call();
      const before = route.allowed.includes(who) ? '' : await s.state();
      const res = await s.app.inject({ ...call, headers: { cookie }, ...(call.payload ? { payload: call.payload } : {}) });
      if (route.allowed.includes(who)) {
        expect(res.statusCode).toBe(200);
        if (who === 'otherUnit' && route.notSeen) expect(res.body).not.toContain(route.notSeen);
        if (who === 'admin' && route.notSeen) expect(res.body).toContain(route.notSeen);
      } else {
        expect(res.statusCode).toBe(403);
        expect(res.json<WireError>().reason).toBe('forbidden');
        expect(await s.state()).toBe(before);
      }
    });

    it.each(ROUTES.map((r) => r.name))('%s without credentials: 401 unauthorized, nothing changes', async (name) => {
      const call = ROUTES.find((r) => r.name === name)!.call();
      const before = await s.state();
      const res = await s.app.inject({ ...call, ...(call.payload ? { payload: call.payload } : {}) });
      expect(res.statusCode).toBe(401);
      expect(res.json<WireError>()).toMatchObject({ reason: 'unauthorized', details: { problem: 'no_credentials' } });
      expect(await s.state()).toBe(before);
    });

    it('sync routes without credentials answer 401 before looking at the body', async () => {
      for (const url of [SYNC_API.hello, SYNC_API.push, SYNC_API.text]) {
        const res = await s.app.inject({ method: 'POST', url, payload: { nonsense: true } });
        expect(res.statusCode).toBe(401);
      }
      expect((await s.app.inject({ method: 'GET', url: SYNC_API.units })).statusCode).toBe(401);
    });

    it('a device token cannot manage accounts or devices, even an administrator’s', async () => {
      const res = await s.app.inject({ method: 'GET', url: '/api/admin/devices', headers: { cookie: devices.get('admin')!.cookie } });
      expect(res.statusCode).toBe(403);
      expect(res.json<WireError>().details).toMatchObject({ problem: 'login_required' });
    });

    it('another unit is refused on every read: pull, minutes, live events, history, its units', async () => {
      const other = devices.get('otherUnit')!.cookie;
      expect(
        (await s.app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=unit-A&after=0`, headers: { cookie: other } })).statusCode,
      ).toBe(403);
      expect(
        (
          await s.app.inject({
            method: 'GET',
            url: `${SYNC_API.pull}?unit=unit-B&after=0`,
            headers: { cookie: devices.get('admin')!.cookie },
          })
        ).statusCode,
      ).toBe(403);
      const units = (await s.app.inject({ method: 'GET', url: SYNC_API.units, headers: { cookie: devices.get('chair')!.cookie } })).json<{
        units: { id: string }[];
      }>().units;
      expect(units.map((u) => u.id)).toEqual(['unit-A']);
      expect((await s.app.inject({ method: 'GET', url: `${SYNC_API.events}?unit=unit-A`, headers: { cookie: other } })).statusCode).toBe(
        403,
      );
      const history = await s.app.inject({
        method: 'GET',
        url: `/api/access/history?table=sessions&id=${B.sessionId}`,
        headers: { cookie: sessions.get('admin')! },
      });
      expect(history.statusCode).toBe(403);
    });
  });

  describe('personal data in pulls', () => {
    const pulled = async (who: Who) => {
      const res = await s.app.inject({
        method: 'GET',
        url: `${SYNC_API.pull}?unit=unit-A&after=0`,
        headers: { cookie: devices.get(who)!.cookie },
      });
      return res.json<PullResponse>().changes.filter((c) => c.kind === 'record' && c.table === 'registrations' && c.id === registrationId);
    };
    it('office and admin receive phone, address and e-mail; chair, secretary and viewer get them blank, names and question kept', async () => {
      for (const who of ['office', 'admin'] as const) {
        const [first] = await pulled(who);
        expect(first?.kind === 'record' && first.fields).toMatchObject({
          phone: '0912 345 678',
          email: 'cuong@example.vn',
          addressDetail: 'ngõ 3, thôn Đông',
        });
      }
      for (const who of ['chair', 'secretary', 'viewer'] as const) {
        const [first] = await pulled(who);
        expect(first?.kind === 'record' && first.fields).toMatchObject({
          phone: '',
          email: '',
          addressDetail: '',
          houseNumber: '',
          fullName: 'Lê Văn Cường',
          village: 'Thôn Đông',
        });
        expect(JSON.stringify(await pulled(who))).not.toContain('0912');
      }
    });
  });
});
