/**
 * At least 10,000 generated bad requests per run against every JSON route of
 * the server with access control on (fast-check, through Fastify's inject):
 * malformed JSON, wrong types, missing and extra fields, huge strings and
 * arrays, wrong ids, other units' ids, no / random / revoked / logged-out /
 * another unit's credentials, a replayed enrolment code. Every answer is a
 * 4xx with a known reason code, never a 5xx, and the database is byte for
 * byte as it was: on SQLite the database file's bytes, on PostgreSQL a dump
 * of every table, row by row (`access-helpers.ts` `state`), after each request.
 *
 * ACCESS_FUZZ_RUNS sets the total of the run (default 10,000), shared between
 * the stores the run covers (SQLite, and PostgreSQL when DATABASE_URL_TEST is
 * set, as in CI, where 7,500 go to SQLite and 2,500 to PostgreSQL): the parts
 * add up to at least the total, checked by the last test.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, RECORD_SCHEMA_VERSION, REASONS, SYNC_API, type WireError } from '../../src/protocol/index.ts';
import { ACCESS_API } from '../../src/server/auth/routes.ts';
import { accessServer, createAccount, enrolDevice, enrolmentCode, login, type AccessServer } from './access-helpers.ts';
import { Device, seedUnit } from './sync-fixtures.ts';
import { STORE_KINDS } from './stores.ts';

const TOTAL = Number(process.env.ACCESS_FUZZ_RUNS ?? 10_000);
/**
 * Each store's part of the total. PostgreSQL's is the smaller: the generated requests and the
 * server's code are the same on both, and each of its checks dumps every table (a few round trips,
 * where SQLite's compares the file's bytes), so a quarter keeps the run near its SQLite-only length.
 */
const SHARE: Record<(typeof STORE_KINDS)[number], number> = { sqlite: 3, postgres: 1 };
const shares = STORE_KINDS.reduce((sum, kind) => sum + SHARE[kind], 0);
const runsOn = (kind: (typeof STORE_KINDS)[number]) => Math.ceil((TOTAL * SHARE[kind]) / shares);
/** Requests sent, per store: the last test checks that the run reached its total. */
const sent = new Map<string, number>();
const NOW = Date.UTC(2026, 4, 12, 1, 0, 0);

let s: AccessServer;
const credentials: Record<string, string> = {};
let before: string;
let seed: ReturnType<typeof seedUnit>;
let usedCode = '';

/** A server on `kind` with two units, every kind of credential, and data to leave untouched. */
async function prepare(kind: (typeof STORE_KINDS)[number]): Promise<void> {
  s = await accessServer(() => NOW, 'unit-A', kind);
  const viewer = await createAccount(s.app, s.admin, 'nguoi.xem', ['viewer']);
  const secretary = await createAccount(s.app, s.admin, 'thu.ky', ['secretary']);
  const viewerDevice = await enrolDevice(s.app, s.admin, viewer, 'tab-viewer');
  const secretaryDevice = await enrolDevice(s.app, s.admin, secretary, 'tab-secretary');
  const adminDevice = await enrolDevice(
    s.app,
    s.admin,
    (await s.app.inject({ method: 'GET', url: ACCESS_API.me, headers: { cookie: s.admin } })).json<{ me: { accountId: string } }>().me
      .accountId,
    'tab-admin',
  );
  const revoked = await enrolDevice(s.app, s.admin, viewer, 'tab-lost');
  await s.app.inject({ method: 'POST', url: `/api/admin/devices/${revoked.id}/revoke`, headers: { cookie: s.admin } });
  const loggedOut = await login(s.app, 'thu.ky');
  await s.app.inject({ method: 'POST', url: ACCESS_API.logout, headers: { cookie: loggedOut } });
  usedCode = await enrolmentCode(s.app, s.admin, viewer);
  await s.app.inject({ method: 'POST', url: ACCESS_API.enrol, payload: { code: usedCode, deviceId: 'first-user' } });
  // Another unit, and its administrator's device.
  await s.app.inject({
    method: 'POST',
    url: ACCESS_API.accounts,
    headers: { cookie: s.admin },
    payload: { username: 'quantri.b', displayName: 'Quản trị B', password: 'mật khẩu đủ dài 2026', roles: ['admin'], newUnitId: 'unit-B' },
  });
  const otherAdmin = await login(s.app, 'quantri.b');
  const otherId = (await s.app.inject({ method: 'GET', url: ACCESS_API.me, headers: { cookie: otherAdmin } })).json<{
    me: { accountId: string };
  }>().me.accountId;
  const otherDevice = await enrolDevice(s.app, otherAdmin, otherId, 'tab-other');

  // Data to leave untouched.
  const device = new Device('tab-admin', () => NOW);
  seed = seedUnit(device, 'unit-A');
  await s.app.inject({
    method: 'POST',
    url: SYNC_API.push,
    headers: { cookie: adminDevice.cookie },
    payload: { deviceId: device.id, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes: seed.changes },
  });

  Object.assign(credentials, {
    none: '',
    viewerDevice: viewerDevice.cookie,
    secretaryDevice: secretaryDevice.cookie,
    revokedDevice: revoked.cookie,
    loggedOutSession: loggedOut,
    otherUnitDevice: otherDevice.cookie,
    otherUnitSession: otherAdmin,
    randomDevice: `dt_device=${'A'.repeat(43)}`,
    randomSession: `dt_session=${'b'.repeat(43)}`,
    garbage: 'dt_device=%%%; dt_session=;;;=',
  });
  // Every credential has been seen once, so "last sync" writes are behind us: from here nothing may change.
  for (const cookie of Object.values(credentials)) {
    await s.app.inject({
      method: 'POST',
      url: SYNC_API.hello,
      headers: { cookie },
      payload: { protocolVersion: PROTOCOL_VERSION, recordSchemaVersion: RECORD_SCHEMA_VERSION, deviceId: 'warm' },
    });
  }
  before = await s.state();
}

const json = fc.jsonValue({ maxDepth: 3 });
const hugeString = fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'ệ'.repeat(n));
const hugeArray = fc.integer({ min: 1000, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => i));
const ids = fc.oneof(
  fc.constant('unit-B'),
  fc.constant('unit-A'),
  fc.string({ maxLength: 80 }),
  fc.uuid(),
  fc.constant('__proto__'),
  fc.constant('../../etc/passwd'),
);
const anything = fc.oneof(json, hugeString, hugeArray, ids, fc.constant(undefined));

/** Bodies shaped like the real ones, with one field wrong, missing or extra. */
const shaped = fc.record(
  {
    code: fc
      .oneof(
        fc.constant(() => usedCode),
        fc.string({ maxLength: 12 }).map((x) => () => x),
      )
      .map((f) => f()),
    username: fc.oneof(fc.constant('quantri'), fc.string({ maxLength: 50 })),
    password: fc.oneof(fc.string({ maxLength: 20 }), hugeString),
    displayName: anything,
    roles: fc.oneof(fc.array(fc.string({ maxLength: 12 }), { maxLength: 8 }), anything),
    deviceId: ids,
    unitId: ids,
    accountId: ids,
    deviceName: anything,
    table: fc.oneof(fc.constant('registrations'), fc.constant('attendees'), fc.string({ maxLength: 20 })),
    id: ids,
    newUnitId: ids,
    extra: anything,
    changes: fc.oneof(anything, fc.array(json, { maxLength: 5 })),
    protocolVersion: fc.oneof(fc.constant(PROTOCOL_VERSION), anything),
    recordSchemaVersion: fc.oneof(fc.constant(RECORD_SCHEMA_VERSION), anything),
    stateVector: anything,
    docId: fc.oneof(
      fc.constant(null).map(() => seed.docId),
      ids,
    ),
  },
  { requiredKeys: [] },
);

/** Credentials that are no credentials: every route answers 401 (or refuses the input first). */
const BAD = ['none', 'revokedDevice', 'loggedOutSession', 'randomDevice', 'randomSession', 'garbage'] as const;
/** Real but insufficient: a viewer's device, another unit's administrator's device (a device never administers). */
const LOW = ['viewerDevice', 'otherUnitDevice'] as const;

const POSTS = [
  ACCESS_API.setup,
  ACCESS_API.login,
  ACCESS_API.enrol,
  ACCESS_API.accounts,
  ACCESS_API.enrolmentCodes,
  ACCESS_API.erase,
  SYNC_API.hello,
  SYNC_API.push,
  SYNC_API.text,
  '/api/admin/accounts/x/disable',
  '/api/admin/accounts/x/enable',
  '/api/admin/accounts/x/roles',
  '/api/admin/accounts/x/password',
  '/api/admin/devices/x/revoke',
];
const GETS = [
  ACCESS_API.me,
  ACCESS_API.accounts,
  ACCESS_API.devices,
  ACCESS_API.history,
  ACCESS_API.person,
  SYNC_API.pull,
  SYNC_API.units,
  SYNC_API.events,
  '/api/nothing',
  '/api/admin/../sync/pull',
];
const ADMIN_POSTS = [
  ACCESS_API.accounts,
  ACCESS_API.enrolmentCodes,
  ACCESS_API.erase,
  '/api/admin/accounts/x/disable',
  '/api/admin/accounts/x/enable',
  '/api/admin/accounts/x/roles',
  '/api/admin/accounts/x/password',
  '/api/admin/devices/x/revoke',
];
const ADMIN_GETS = [ACCESS_API.accounts, ACCESS_API.devices, ACCESS_API.history, ACCESS_API.person];

const body = fc.oneof(
  shaped.map((b) => ({ kind: 'json' as const, text: JSON.stringify(b) })),
  json.map((b) => ({ kind: 'json' as const, text: JSON.stringify(b) })),
  fc.string({ maxLength: 200 }).map((text) => ({ kind: 'json' as const, text })),
  fc.string({ maxLength: 200 }).map((text) => ({ kind: 'text' as const, text })),
  fc.constant({ kind: 'json' as const, text: '' }),
  hugeString.map((h) => ({ kind: 'json' as const, text: JSON.stringify({ password: h, username: h }) })),
);
const query = fc.dictionary(
  fc.constantFrom('unit', 'after', 'limit', 'table', 'id', 'x'),
  fc.oneof(ids, fc.string({ maxLength: 30 }), fc.integer().map(String)),
  { maxKeys: 4 },
);
const withIds = (paths: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...paths),
    fc.constantFrom(...paths).chain((p) => ids.map((id) => p.replace('/x/', `/${encodeURIComponent(id)}/`))),
  );

type Req =
  | { method: 'POST'; url: string; credential: string; body: { kind: 'json' | 'text'; text: string } }
  | { method: 'GET'; url: string; credential: string; query: Record<string, string> };

const request: fc.Arbitrary<Req> = fc.oneof(
  // Any route with credentials that are none: 401, or the input refused first.
  fc.record({ method: fc.constant('POST' as const), url: withIds(POSTS), credential: fc.constantFrom(...BAD), body }),
  fc.record({ method: fc.constant('GET' as const), url: fc.constantFrom(...GETS), credential: fc.constantFrom(...BAD), query }),
  // Administration with a real device that may not administer: 403.
  fc.record({ method: fc.constant('POST' as const), url: withIds(ADMIN_POSTS), credential: fc.constantFrom(...LOW), body }),
  fc.record({ method: fc.constant('GET' as const), url: fc.constantFrom(...ADMIN_GETS), credential: fc.constantFrom(...LOW), query }),
  // Another unit's device reading unit A: 403.
  fc.record({
    method: fc.constant('GET' as const),
    url: fc.constantFrom(SYNC_API.pull, SYNC_API.events),
    credential: fc.constant('otherUnitDevice'),
    query: query.map((q) => ({ ...q, unit: 'unit-A' })),
  }),
  fc.record({
    method: fc.constant('POST' as const),
    url: fc.constant(SYNC_API.text),
    credential: fc.constant('otherUnitDevice'),
    body: fc
      .record({ docId: ids, stateVector: fc.oneof(fc.constant(''), fc.string({ maxLength: 20 })) })
      .map((b) => ({ kind: 'json' as const, text: JSON.stringify({ ...b, unitId: 'unit-A' }) })),
  }),
);

describe.each(STORE_KINDS)('generated bad requests with access control on, on %s', (kind) => {
  beforeAll(() => prepare(kind), 120_000);
  afterAll(async () => {
    await s?.close();
  });

  it(`${runsOn(kind)} requests: each a 4xx with a reason code, never a 5xx; the database byte for byte unchanged`, async () => {
    let count = 0;
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        count++;
        const cookie = credentials[r.credential]!;
        const headers: Record<string, string> = cookie ? { cookie } : {};
        let res;
        if (r.method === 'POST') {
          headers['content-type'] = r.body.kind === 'json' ? 'application/json' : 'text/plain';
          res = await s.app.inject({ method: 'POST', url: r.url, headers, payload: r.body.text, remoteAddress: '10.1.2.3' });
        } else {
          const q = new URLSearchParams(r.query).toString();
          // Live events would stream for ever when allowed; no credential generated here is allowed them.
          res = await s.app.inject({ method: 'GET', url: `${r.url}${q ? `?${q}` : ''}`, headers });
        }
        expect(res.statusCode, `${r.method} ${r.url} ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
        const body = JSON.parse(res.body) as WireError;
        expect(REASONS).toContain(body.reason);
        expect(await s.state()).toBe(before);
      }),
      { numRuns: runsOn(kind) },
    );
    expect(count).toBeGreaterThanOrEqual(runsOn(kind));
    sent.set(kind, count);
  }, 600_000);
});

describe('the generated bad requests of this run', () => {
  it(`add up to at least ${TOTAL} over the stores it covers (${STORE_KINDS.join(', ')})`, () => {
    expect([...sent.keys()].sort()).toEqual([...STORE_KINDS].sort());
    expect([...sent.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(TOTAL);
  });
});
