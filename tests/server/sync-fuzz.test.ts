/**
 * Generated bad requests against the sync endpoints (fast-check, through
 * Fastify's inject), on each store: malformed JSON, missing keys, wrong types,
 * huge strings and arrays, wrong content types, random bytes where Yjs data
 * belongs. Every answer must be a 4xx with a known reason, never a 5xx, and
 * the database must be exactly as it was.
 *
 * FUZZ_RUNS raises the number of cases per property (default 150).
 */
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  RECORD_SCHEMA_VERSION,
  REASONS,
  SYNC_API,
  SERVER_LIMITS,
  SYNC_LIMITS,
  toBase64,
  type WireError,
} from '../../src/protocol/index.ts';
import { buildServer } from '../../src/server/app.ts';
import type { Store } from '../../src/server/store/types.ts';
import { Device, seedUnit, typed } from './sync-fixtures.ts';
import { STORE_KINDS, freshStore, type TestStore } from './stores.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const NOW = Date.UTC(2026, 4, 12, 1, 0, 0);

/** Everything the store holds, as one string: equal strings mean nothing changed. */
async function snapshot(store: Store): Promise<string> {
  const [log, records, docs, meta] = await Promise.all([
    store.db.selectFrom('sync_log').selectAll().orderBy('seq').execute(),
    store.db.selectFrom('records').selectAll().orderBy('table_name').orderBy('record_id').execute(),
    store.db.selectFrom('text_docs').selectAll().orderBy('doc_id').execute(),
    store.db.selectFrom('meta').selectAll().orderBy('key').execute(),
  ]);
  return JSON.stringify({ log, records, docs: docs.map((d) => ({ ...d, state: Buffer.from(d.state).toString('base64') })), meta });
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A value of another JSON type than `like`. */
function wrongTypeFor(like: unknown): fc.Arbitrary<Json> {
  const all: Array<[string, fc.Arbitrary<Json>]> = [
    ['string', fc.string({ maxLength: 20 })],
    ['number', fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.array(fc.integer(), { maxLength: 3 })],
    ['object', fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.integer(), { maxKeys: 3 })],
  ];
  const type = like === null ? 'null' : Array.isArray(like) ? 'array' : typeof like;
  // An array is an object to a record schema (keys '0', '1'): the change is then refused one by one, not the request.
  const excluded = type === 'object' ? ['object', 'array'] : [type];
  return fc.oneof(...all.filter(([t]) => !excluded.includes(t)).map(([, a]) => a));
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function getAt(obj: unknown, path: readonly (string | number)[]): unknown {
  let cur = obj;
  for (const k of path) cur = (cur as Record<string | number, unknown>)[k];
  return cur;
}

function setAt<T>(obj: T, path: readonly (string | number)[], value: unknown): T {
  const copy = structuredClone(obj);
  let cur = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path[path.length - 1]!] = value;
  return copy;
}

function deleteAt<T>(obj: T, path: readonly (string | number)[]): T {
  const copy = structuredClone(obj);
  let cur = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  delete cur[path[path.length - 1]!];
  return copy;
}

describe.each(STORE_KINDS)('bad sync requests on %s', (kind) => {
  let t: TestStore;
  let app: FastifyInstance;
  let before: string;
  const device = new Device('fuzzer', () => NOW);
  let seed: ReturnType<typeof seedUnit>;
  let validPush: { deviceId: string; recordSchemaVersion: number; changes: unknown[] };

  beforeAll(async () => {
    t = await freshStore(kind);
    app = await buildServer({ store: t.store, staticDir: '/nonexistent', now: () => NOW, access: false });
    await app.ready();
    // Some data to leave untouched, including a minutes document.
    seed = seedUnit(device);
    const text = device.text(seed.docId, seed, typed('item:1', 'Nội dung biên bản.').update);
    const res = await app.inject({
      method: 'POST',
      url: SYNC_API.push,
      payload: { deviceId: device.id, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes: [...seed.changes, text] },
    });
    expect(res.statusCode).toBe(200);
    before = await snapshot(t.store);
    // A push that would be applied if it were sent as it is: the base every mutation starts from.
    validPush = {
      deviceId: device.id,
      recordSchemaVersion: RECORD_SCHEMA_VERSION,
      changes: [
        device.change('sessions', seed.sessionId, seed, { venue: 'Hội trường' }),
        device.text(seed.docId, seed, typed('item:2', 'Thêm.').update),
      ],
    };
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  async function expectRefused(res: { statusCode: number; body: string }): Promise<void> {
    expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, res.body).toBeLessThan(500);
    const body = JSON.parse(res.body) as WireError;
    expect(REASONS).toContain(body.reason);
    expect(body.status).toBe(res.statusCode);
    expect(await snapshot(t.store)).toBe(before);
  }

  const post = (url: string, payload: string, contentType = 'application/json') =>
    app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });

  /** Paths of a push whose value has one strict JSON type. */
  const PUSH_PATHS: (string | number)[][] = [
    ['deviceId'],
    ['recordSchemaVersion'],
    ['changes'],
    ['changes', 0],
    ['changes', 0, 'kind'],
    ['changes', 0, 'op'],
    ['changes', 0, 'table'],
    ['changes', 0, 'id'],
    ['changes', 0, 'unitId'],
    ['changes', 0, 'fields'],
    ['changes', 0, 'stamps'],
    ['changes', 0, 'stamps', 'venue'],
    ['changes', 0, 'deviceId'],
    ['changes', 0, 'hlc'],
    ['changes', 1, 'docId'],
    ['changes', 1, 'update'],
    ['changes', 1, 'unitId'],
  ];
  const REQUIRED: (string | number)[][] = PUSH_PATHS.filter(
    (p) => p.length <= 3 && p[p.length - 1] !== 0 && !(p.length === 3 && p[2] === 'venue'),
  );

  it('refuses a push with a value of the wrong type anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PUSH_PATHS).chain((path) => fc.tuple(fc.constant(path), wrongTypeFor(getAt(validPush, path)))),
        async ([path, value]) => {
          await expectRefused(await post(SYNC_API.push, JSON.stringify(setAt(validPush, path, value))));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('refuses a push with a required key missing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...REQUIRED), async (path) => {
        await expectRefused(await post(SYNC_API.push, JSON.stringify(deleteAt(validPush, path))));
      }),
      { numRuns: Math.min(RUNS, REQUIRED.length * 3) },
    );
  });

  it('refuses malformed JSON, and bodies that are not a JSON object', async () => {
    const valid = JSON.stringify(validPush);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // Cut short (a dropped connection), or with garbage spliced in.
          fc.integer({ min: 0, max: valid.length - 1 }).map((n) => valid.slice(0, n)),
          fc
            .tuple(fc.integer({ min: 1, max: valid.length - 1 }), fc.constantFrom('}', '{', ',', '"', ']', '\u0000', 'NaN', '\\'))
            .map(([n, g]) => valid.slice(0, n) + g + valid.slice(n))
            // Garbage inside a string value leaves valid JSON: that is another (valid) request, not this case.
            .filter((text) => !isJson(text)),
          fc
            .jsonValue()
            .filter((j) => j === null || typeof j !== 'object' || Array.isArray(j))
            .map((j) => JSON.stringify(j)),
          fc.string({ maxLength: 50 }),
        ),
        fc.constantFrom(SYNC_API.push, SYNC_API.hello, SYNC_API.text),
        async (payload, url) => {
          const res = await post(url, payload);
          // A cut that happens to leave valid JSON of the wrong shape is still refused (validation).
          await expectRefused(res);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('refuses huge strings and arrays with 400 or 413', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .constantFrom(['deviceId'], ['changes', 0, 'op'], ['changes', 0, 'id'], ['changes', 0, 'unitId'], ['changes', 1, 'docId'])
            .chain((path) => fc.integer({ min: 65, max: 200_000 }).map((n) => setAt(validPush, path, 'x'.repeat(n)))),
          fc
            .integer({ min: SERVER_LIMITS.pushBatch + 1, max: SERVER_LIMITS.pushBatch + 1000 })
            .map((n) => ({ ...validPush, changes: Array.from({ length: n }, () => validPush.changes[0]) })),
          fc
            .integer({ min: 65, max: 500 })
            .map((n) => setAt(validPush, ['changes', 0, 'fields'], Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, i])))),
          fc.constant(setAt(validPush, ['changes', 1, 'update'], 'A'.repeat(SYNC_LIMITS.textUpdateBase64 + 4))),
        ),
        async (body) => {
          await expectRefused(await post(SYNC_API.push, JSON.stringify(body)));
        },
      ),
      { numRuns: Math.max(20, Math.floor(RUNS / 5)) },
    );
  });

  it('refuses a NUL character anywhere (PostgreSQL text cannot hold one), in a body or a query', async () => {
    const withNul = fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}\u0000${b}`.padEnd(8, 'x'));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .constantFrom(
              ['deviceId'],
              ['changes', 0, 'op'],
              ['changes', 0, 'id'],
              ['changes', 0, 'unitId'],
              ['changes', 0, 'deviceId'],
              ['changes', 1, 'docId'],
              ['changes', 1, 'op'],
              ['changes', 0, 'fields', 'venue'],
            )
            .chain((path) => withNul.map((value) => ({ url: SYNC_API.push, body: setAt(validPush, path, value) }))),
          withNul.map((value) => ({ url: SYNC_API.text, body: { unitId: value, docId: seed.docId, stateVector: '' } })),
          withNul.map((value) => ({
            url: `${SYNC_API.pull}?${new URLSearchParams({ unit: value, after: '0' }).toString()}`,
            body: undefined,
          })),
        ),
        async ({ url, body }) => {
          const res = body === undefined ? await app.inject({ method: 'GET', url }) : await post(url, JSON.stringify(body));
          await expectRefused(res);
        },
      ),
      { numRuns: Math.max(30, Math.floor(RUNS / 3)) },
    );
  });

  it('refuses other content types', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/octet-stream',
          'image/png',
        ),
        fc.constantFrom(SYNC_API.push, SYNC_API.hello, SYNC_API.text),
        async (type, url) => {
          await expectRefused(await post(url, JSON.stringify(validPush), type));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('refuses a hello with a wrong version, type or missing key', async () => {
    const valid = { protocolVersion: PROTOCOL_VERSION, recordSchemaVersion: RECORD_SCHEMA_VERSION, deviceId: 'd1', deviceName: 'Máy 1' };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .integer()
            .filter((n) => n !== PROTOCOL_VERSION)
            .map((n) => ({ ...valid, protocolVersion: n })),
          fc.integer({ max: RECORD_SCHEMA_VERSION - 2 }).map((n) => ({ ...valid, recordSchemaVersion: n })),
          fc
            .constantFrom('protocolVersion', 'recordSchemaVersion', 'deviceId')
            .chain((k) =>
              fc.tuple(fc.constant(k), wrongTypeFor(valid[k as keyof typeof valid])).map(([key, value]) => ({ ...valid, [key]: value })),
            ),
          fc.constantFrom('protocolVersion', 'recordSchemaVersion', 'deviceId').map((k) => deleteAt(valid, [k])),
        ),
        async (body) => {
          await expectRefused(await post(SYNC_API.hello, JSON.stringify(body)));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never answers 5xx to random text requests, and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          unitId: fc.oneof(fc.constant(seed.unitId), fc.string({ minLength: 1, maxLength: 10 })),
          docId: fc.oneof(fc.constant(seed.docId), fc.string({ minLength: 1, maxLength: 10 })),
          stateVector: fc.uint8Array({ maxLength: 64 }).map(toBase64),
        }),
        async (body) => {
          const res = await post(SYNC_API.text, JSON.stringify(body));
          expect(res.statusCode, res.body).toBeLessThan(500);
          if (res.statusCode >= 400) expect(REASONS).toContain((JSON.parse(res.body) as WireError).reason);
          expect(await snapshot(t.store)).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('refuses random bytes as a text update, and answers 200 with every change refused for well-formed but wrong changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => device.text(seed.docId, seed, bytes)),
          fc.constant(device.text(seed.docId, { unitId: 'another-unit' }, typed('x', 'y').update)),
          fc
            .integer({ min: 2, max: 10_000 })
            .map((days) => new Device('skewed', () => NOW + days * 86_400_000).change('sessions', seed.sessionId, seed, { venue: 'Sau' })),
          fc
            .constantFrom('end', 'start', 'date', 'venueKind', 'speakingLimitMs')
            .chain((field) =>
              fc
                .string({ maxLength: 8 })
                .map((value) =>
                  device.change('sessions', seed.sessionId, seed, { [field]: field === 'speakingLimitMs' ? value.length : `!${value}` }),
                ),
            ),
          fc.constant(
            device.change('sessions', seed.sessionId, { unitId: 'another-unit', conferenceId: seed.conferenceId }, { venue: 'X' }),
          ),
        ),
        async (change) => {
          const res = await post(
            SYNC_API.push,
            JSON.stringify({ deviceId: device.id, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes: [change] }),
          );
          expect(res.statusCode, res.body).toBe(200);
          const [result] = (JSON.parse(res.body) as { results: Array<{ status: string; reason?: string }> }).results;
          // Random bytes can by chance be a valid, empty-ish Yjs update; anything else must be refused.
          if (result!.status !== 'refused') {
            expect(change.kind).toBe('text');
            before = await snapshot(t.store);
            return;
          }
          expect(REASONS).toContain(result!.reason);
          expect(await snapshot(t.store)).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('never answers 5xx to random pull queries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom('unit', 'after', 'limit', 'x'),
          fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constant('9'.repeat(30))),
        ),
        async (query) => {
          const qs = new URLSearchParams(query).toString();
          const res = await app.inject({ method: 'GET', url: `${SYNC_API.pull}?${qs}` });
          expect(res.statusCode, `${qs}: ${res.body}`).toBeLessThan(500);
          if (res.statusCode >= 400) expect(REASONS).toContain((JSON.parse(res.body) as WireError).reason);
        },
      ),
      { numRuns: RUNS },
    );
    expect(await snapshot(t.store)).toBe(before);
  });
});
