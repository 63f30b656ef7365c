/**
 * The sync endpoints over HTTP (Fastify's inject, and a real socket for the
 * live events), on each store: the handshake, push and pull round trips, the
 * text exchange, refusals as `{status, reason, details}`, per-route body
 * limits, and the server-sent events.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SERVER_LIMITS,
  OLDEST_ACCEPTED_RECORD_SCHEMA_VERSION,
  PROTOCOL_VERSION,
  RECORD_SCHEMA_VERSION,
  REASONS,
  SYNC_API,
  fromBase64,
  toBase64,
  type HelloResponse,
  type PullResponse,
  type PushResponse,
  type TextDiffResponse,
  type UnitsResponse,
  type WireError,
} from '../../src/protocol/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { SYNC_BODY_LIMITS } from '../../src/server/sync-routes.ts';
import { Device, seedUnit, typed } from './sync-fixtures.ts';
import { STORE_KINDS, freshStore, type TestStore } from './stores.ts';

const NOW = Date.UTC(2026, 4, 12, 1, 0, 0);

function expectWireError(res: { statusCode: number; json: () => unknown }, status: number, reason: string): WireError {
  expect(res.statusCode).toBe(status);
  const body = res.json() as WireError;
  expect(body.status).toBe(status);
  expect(body.reason).toBe(reason);
  expect(REASONS).toContain(body.reason);
  return body;
}

describe.each(STORE_KINDS)('sync routes on %s', (kind) => {
  let t: TestStore;
  let app: FastifyInstance;
  const device = new Device('tabletA', () => NOW);

  beforeAll(async () => {
    t = await freshStore(kind);
    app = await buildServer({ store: t.store, staticDir: '/nonexistent', now: () => NOW, access: false });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  const hello = (body: unknown) => app.inject({ method: 'POST', url: SYNC_API.hello, payload: body as object });
  const pushBody = (changes: unknown[]) => ({ deviceId: device.id, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes });

  it('greets a current app with the server id, the head and the server time', async () => {
    const res = await hello({
      protocolVersion: PROTOCOL_VERSION,
      recordSchemaVersion: RECORD_SCHEMA_VERSION,
      deviceId: device.id,
      deviceName: 'Máy tính bảng chủ tọa',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<HelloResponse>();
    expect(body).toEqual({
      protocolVersion: PROTOCOL_VERSION,
      recordSchemaVersion: RECORD_SCHEMA_VERSION,
      serverId: expect.any(String),
      head: 0,
      // Bigger batches than SYNC_LIMITS, which a client keeps to with a server that announces none.
      limits: { pushBatch: SERVER_LIMITS.pushBatch, pullPage: SERVER_LIMITS.pullPage, pushBytes: SYNC_BODY_LIMITS.push },
      serverTime: NOW,
    });
  });

  it('tells an app speaking another protocol, or with too old records, to update', async () => {
    const other = await hello({ protocolVersion: PROTOCOL_VERSION + 1, recordSchemaVersion: RECORD_SCHEMA_VERSION, deviceId: device.id });
    expect(expectWireError(other, 400, 'unsupported_protocol').details).toEqual({ protocolVersion: PROTOCOL_VERSION });
    const old = await hello({
      protocolVersion: PROTOCOL_VERSION,
      recordSchemaVersion: OLDEST_ACCEPTED_RECORD_SCHEMA_VERSION - 1,
      deviceId: device.id,
    });
    expectWireError(old, 400, 'schema_too_old');
    // The previous record version is still accepted.
    const previous = await hello({
      protocolVersion: PROTOCOL_VERSION,
      recordSchemaVersion: OLDEST_ACCEPTED_RECORD_SCHEMA_VERSION,
      deviceId: device.id,
    });
    expect(previous.statusCode).toBe(200);
    const oldPush = await app.inject({
      method: 'POST',
      url: SYNC_API.push,
      payload: { ...pushBody(seedUnit(device).changes), recordSchemaVersion: 0 },
    });
    expectWireError(oldPush, 400, 'schema_too_old');
  });

  it('pushes, answers per change, and pulls the same changes back with a cursor', async () => {
    const seed = seedUnit(device);
    const res = await app.inject({ method: 'POST', url: SYNC_API.push, payload: pushBody(seed.changes) });
    expect(res.statusCode).toBe(200);
    const body = res.json<PushResponse>();
    expect(body.serverTime).toBe(NOW);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(body.head).toBeGreaterThanOrEqual(3);

    const pulled = await app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=${seed.unitId}&after=0` });
    expect(pulled.statusCode).toBe(200);
    const page = pulled.json<PullResponse>();
    expect(page).toMatchObject({ more: false, next: body.head, serverTime: NOW });
    expect(page.changes.map((c) => c.op)).toEqual(seed.changes.map((c) => c.op));

    const small = (await app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=${seed.unitId}&after=0&limit=2` })).json<PullResponse>();
    expect(small.changes).toHaveLength(2);
    expect(small.more).toBe(true);
    expect(small.next).toBe(small.changes[1]!.seq);

    const units = (await app.inject({ method: 'GET', url: SYNC_API.units })).json<UnitsResponse>();
    expect(units.units).toContainEqual({ id: seed.unitId, name: 'UBND xã Thanh Trì' });
    expect(units.serverTime).toBe(NOW);

    const retry = (await app.inject({ method: 'POST', url: SYNC_API.push, payload: pushBody(seed.changes) })).json<PushResponse>();
    expect(retry.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
  });

  it('refuses a cursor beyond the head with 409 stale_cursor, and a bad query with 400', async () => {
    const head = (await app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=u&after=0` })).json<PullResponse>().next;
    const stale = await app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=u&after=${head + 10}` });
    expect(expectWireError(stale, 409, 'stale_cursor').details).toEqual({ head });
    for (const q of [
      'unit=u',
      'after=0',
      'unit=u&after=-1',
      'unit=u&after=x',
      'unit=u&after=0&limit=0',
      'unit=u&after=0&limit=100000',
      'unit=&after=0',
      'unit=u&after=1&after=2',
    ]) {
      expectWireError(await app.inject({ method: 'GET', url: `${SYNC_API.pull}?${q}` }), 400, 'validation_failed');
    }
  });

  it('exchanges minutes text by state vector', async () => {
    const seed = seedUnit(device);
    const mine = typed('item:a', 'Ý kiến của bà Lan về cấp sổ đỏ.');
    await app.inject({
      method: 'POST',
      url: SYNC_API.push,
      payload: pushBody([...seed.changes, device.text(seed.docId, seed, mine.update)]),
    });
    const fresh = new Y.Doc();
    const res = await app.inject({
      method: 'POST',
      url: SYNC_API.text,
      payload: { unitId: seed.unitId, docId: seed.docId, stateVector: toBase64(Y.encodeStateVector(fresh)) },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<TextDiffResponse>();
    expect(body.docId).toBe(seed.docId);
    Y.applyUpdate(fresh, fromBase64(body.update));
    expect(fresh.getText('item:a').toString()).toBe('Ý kiến của bà Lan về cấp sổ đỏ.');
    expect(fromBase64(body.stateVector)).toEqual(Y.encodeStateVector(fresh));

    const wrongUnit = await app.inject({
      method: 'POST',
      url: SYNC_API.text,
      payload: { unitId: 'other', docId: seed.docId, stateVector: '' },
    });
    expectWireError(wrongUnit, 409, 'scope_mismatch');
    const badVector = await app.inject({
      method: 'POST',
      url: SYNC_API.text,
      payload: { unitId: seed.unitId, docId: seed.docId, stateVector: toBase64(new Uint8Array([200, 200, 200])) },
    });
    expectWireError(badVector, 400, 'validation_failed');
  });

  it('names the field of a malformed push, and changes nothing', async () => {
    const headBefore = (await app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=u&after=0` })).json<PullResponse>().next;
    const seed = seedUnit(device);
    const broken = { ...seed.changes[0]!, stamps: { name: 'not-a-stamp' } };
    const res = await app.inject({ method: 'POST', url: SYNC_API.push, payload: pushBody([seed.changes[1], broken]) });
    const err = expectWireError(res, 400, 'validation_failed');
    expect(err.details).toEqual({ issues: [{ field: 'body.changes.1.stamps.name', message: 'invalid_hlc' }] });
    const headAfter = (await app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=u&after=0` })).json<PullResponse>().next;
    expect(headAfter).toBe(headBefore);
  });

  it('has a body limit per route: a hello is small, a push may carry a large text update', async () => {
    const big = await hello({
      protocolVersion: PROTOCOL_VERSION,
      recordSchemaVersion: RECORD_SCHEMA_VERSION,
      deviceId: device.id,
      deviceName: 'x'.repeat(SYNC_BODY_LIMITS.hello),
    });
    expectWireError(big, 413, 'payload_too_large');
    const seed = seedUnit(device);
    await app.inject({ method: 'POST', url: SYNC_API.push, payload: pushBody(seed.changes) });
    // About 2 MB of typing in one update (above the app-wide 1 MiB, within the push route's limit).
    const long = typed('item:long', 'Biên bản hội nghị. '.repeat(100_000));
    const res = await app.inject({ method: 'POST', url: SYNC_API.push, payload: pushBody([device.text(seed.docId, seed, long.update)]) });
    expect(res.statusCode).toBe(200);
    expect(res.json<PushResponse>().results[0]!.status).toBe('applied');
    const tooBig = await app.inject({
      method: 'POST',
      url: SYNC_API.push,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(pushBody([{ ...device.text(seed.docId, seed, long.update), update: 'A'.repeat(SYNC_BODY_LIMITS.push) }])),
    });
    expectWireError(tooBig, 413, 'payload_too_large');
  });
});

describe('live events', () => {
  let t: TestStore;
  let app: FastifyInstance;
  let port: number;
  const device = new Device('tabletA');

  beforeAll(async () => {
    t = await freshStore('sqlite');
    app = await buildServer({ store: t.store, staticDir: '/nonexistent', maxListeners: 3, access: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  /** Opens an event stream and collects its text; `until` resolves once the text matches. */
  function listen(unit: string) {
    let text = '';
    const waiters: Array<{ re: RegExp; resolve: () => void }> = [];
    let response: http.IncomingMessage | undefined;
    const ended = new Promise<void>((resolveEnd) => {
      const req = http.get({ host: '127.0.0.1', port, path: `${SYNC_API.events}?unit=${unit}` }, (res) => {
        response = res;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          for (const w of [...waiters]) if (w.re.test(text)) w.resolve();
        });
        res.on('end', () => resolveEnd());
        res.on('close', () => resolveEnd());
      });
      req.on('error', () => resolveEnd());
    });
    return {
      text: () => text,
      status: () => response?.statusCode,
      headers: () => response?.headers,
      ended,
      until: (re: RegExp) =>
        new Promise<void>((resolve) => {
          if (re.test(text)) resolve();
          else waiters.push({ re, resolve });
        }),
      close: () => response?.destroy(),
    };
  }

  it('sends the head at once, then a change event to the unit whose log grew, and not to others', async () => {
    const seed = seedUnit(device);
    const mine = listen(seed.unitId);
    const theirs = listen('another-unit');
    await mine.until(/event: change\ndata: \{"head":0\}\n\n/);
    await theirs.until(/event: change\ndata: \{"head":0\}\n\n/);
    expect(mine.headers()?.['content-type']).toBe('text/event-stream; charset=utf-8');

    const res = await app.inject({
      method: 'POST',
      url: SYNC_API.push,
      payload: { deviceId: device.id, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes: seed.changes },
    });
    const head = res.json<PushResponse>().head;
    await mine.until(new RegExp(`data: \\{"head":${head}\\}`));
    // The other unit's stream got nothing since its first event (checked after ours arrived).
    expect(theirs.text().match(/event: change/g)).toHaveLength(1);
    mine.close();
    theirs.close();
  });

  it('bounds the number of streams with 429 rate_limited', async () => {
    const streams = [listen('u1'), listen('u2'), listen('u3')];
    await Promise.all(streams.map((s) => s.until(/event: change/)));
    const res = await fetch(`http://127.0.0.1:${port}${SYNC_API.events}?unit=u4`);
    expect(res.status).toBe(429);
    expect(((await res.json()) as WireError).reason).toBe('rate_limited');
    for (const s of streams) s.close();
  });

  it('refuses a stream without a unit', async () => {
    const res = await fetch(`http://127.0.0.1:${port}${SYNC_API.events}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as WireError).reason).toBe('validation_failed');
  });

  it('ends the streams when the server closes, so closing does not hang', async () => {
    const own = await buildServer({ store: t.store, staticDir: '/nonexistent', access: false });
    await own.listen({ port: 0, host: '127.0.0.1' });
    const ownPort = (own.server.address() as AddressInfo).port;
    const stream = await new Promise<http.IncomingMessage>((resolve) =>
      http.get({ host: '127.0.0.1', port: ownPort, path: `${SYNC_API.events}?unit=u` }, resolve),
    );
    const ended = new Promise<void>((resolve) => stream.on('close', () => resolve()));
    stream.resume();
    await own.close();
    await ended;
  });
});
