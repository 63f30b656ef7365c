import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, PROTOCOL_VERSION, REASONS, type HealthResponse, type WireError } from '../../src/protocol/index.ts';
import { BODY_LIMIT_BYTES, buildServer } from '../../src/server/app.ts';
import { ApiError } from '../../src/server/errors.ts';
import { openSqliteStore } from '../../src/server/store/sqlite.ts';
import type { Store } from '../../src/server/store/types.ts';
import { FAKE_INDEX_HTML, tempDir, writeFakeDist } from './helpers.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  tmp = tempDir('app');
  const staticDir = path.join(tmp.dir, 'dist');
  writeFakeDist(staticDir);
  store = openSqliteStore({ dataDir: path.join(tmp.dir, 'data') });
  await store.migrate();
  app = await buildServer({ store, staticDir });

  // Test-only routes, registered before the instance is ready, to drive the one
  // error handler through each kind of failure a real route can produce.
  app.post(
    '/api/test/validated',
    {
      schema: {
        body: {
          type: 'object',
          required: ['title'],
          properties: {
            title: { type: 'string' },
            items: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } },
          },
        },
      },
    },
    async () => ({ ok: true }),
  );
  app.get('/api/test/boom', async () => {
    throw new Error('secret connection string postgres://admin:hunter2@db');
  });
  app.get('/api/test/conflict', async () => {
    throw new ApiError(409, 'conflict', { recordId: 'r1' });
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  tmp?.remove();
});

function expectWireError(body: unknown, status: number, reason: string): WireError {
  const err = body as WireError;
  expect(err.status).toBe(status);
  expect(err.reason).toBe(reason);
  expect(REASONS).toContain(err.reason);
  return err;
}

describe('GET /api/health', () => {
  it('reports the protocol version, the store kind and the app version', async () => {
    const res = await app.inject({ method: 'GET', url: API.health });
    expect(res.statusCode).toBe(200);
    const body = res.json<HealthResponse>();
    expect(body).toEqual({
      status: 'ok',
      protocolVersion: PROTOCOL_VERSION,
      app: 'doithoai',
      store: 'sqlite',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });
});

describe('serving the app', () => {
  it('sends the pre-compressed copy to browsers that accept it, the plain file to others', async () => {
    const br = await app.inject({ method: 'GET', url: '/assets/index-B1a2c3D4.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe('console.log("app");');
    const plain = await app.inject({ method: 'GET', url: '/assets/index-B1a2c3D4.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe('console.log("app");');
  });

  it('serves index.html at / with no-cache', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(FAKE_INDEX_HTML);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it('falls back to index.html for client routes, so a reload or deep link loads the app', async () => {
    for (const url of ['/conferences/x', '/conferences/abc/minutes?tab=2', '/settings']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toBe(FAKE_INDEX_HTML);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('answers HEAD on a client route like GET, without a body', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/conferences/x' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
  });

  it('revalidates sw.js and manifest.webmanifest on every load', async () => {
    for (const url of ['/sw.js', '/manifest.webmanifest', '/index.html']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year as immutable', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-B1a2c3D4.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log("app");');
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('revalidates other public files (icons)', async () => {
    const res = await app.inject({ method: 'GET', url: '/icons/icon-192.png' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('does not answer a missing asset or file with the app shell', async () => {
    for (const url of ['/assets/index-deleted.js', '/icons/missing.png', '/favicon.ico']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expectWireError(res.json(), 404, 'not_found');
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('refuses path traversal out of the static folder', async () => {
    const res = await app.inject({ method: 'GET', url: '/../data/doithoai.sqlite' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.body).not.toContain('SQLite format');
  });
});

describe('errors', () => {
  it('answers an unknown /api route with a JSON 404, not the app shell', async () => {
    for (const [method, url] of [
      ['GET', '/api/nope'],
      ['POST', '/api/nope'],
      ['GET', '/api'],
    ] as const) {
      const res = await app.inject({ method, url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^application\/json/);
      expect(res.json(), url).toEqual({ status: 404, reason: 'not_found' });
    }
  });

  it('answers a non-GET to a client route with 404', async () => {
    const res = await app.inject({ method: 'POST', url: '/conferences/x', payload: {} });
    expectWireError(res.json(), 404, 'not_found');
  });

  it('answers malformed JSON with 400 bad_request', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/test/validated',
      headers: { 'content-type': 'application/json' },
      payload: '{"title": "Hội nghị",',
    });
    expect(res.statusCode).toBe(400);
    expectWireError(res.json(), 400, 'bad_request');
  });

  it('answers an empty JSON body with 400 bad_request', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/test/validated',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expectWireError(res.json(), 400, 'bad_request');
  });

  it('answers a schema violation with 400 validation_failed naming the field', async () => {
    const missing = await app.inject({ method: 'POST', url: '/api/test/validated', payload: { items: [] } });
    expect(missing.statusCode).toBe(400);
    const err = expectWireError(missing.json(), 400, 'validation_failed');
    expect(err.details).toEqual({ issues: [{ field: 'body.title', message: expect.any(String) }] });

    const nested = await app.inject({
      method: 'POST',
      url: '/api/test/validated',
      payload: { title: 'x', items: [{ n: 1 }, { n: 'two' }] },
    });
    const err2 = expectWireError(nested.json(), 400, 'validation_failed');
    expect(err2.details).toEqual({ issues: [{ field: 'body.items.1.n', message: expect.any(String) }] });
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/test/validated',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'x'.repeat(BODY_LIMIT_BYTES) }),
    });
    expect(res.statusCode).toBe(413);
    expectWireError(res.json(), 413, 'payload_too_large');
  });

  it('answers an unsupported content type with 415 and a known reason', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/test/validated',
      headers: { 'content-type': 'application/x-unknown' },
      payload: 'x',
    });
    expectWireError(res.json(), 415, 'bad_request');
  });

  it('sends an ApiError as it was thrown', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/conflict' });
    expect(res.json()).toEqual({ status: 409, reason: 'conflict', details: { recordId: 'r1' } });
  });

  it('answers an unexpected error with 500 internal and leaks nothing', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ status: 500, reason: 'internal' });
    expect(res.body).not.toMatch(/hunter2|stack|at \S+ \(/);
  });
});

describe('without a built app', () => {
  it('still serves the API, and answers page requests with 404', async () => {
    const empty = tempDir('nodist');
    const bare = await buildServer({ store, staticDir: path.join(empty.dir, 'dist') });
    try {
      expect((await bare.inject({ method: 'GET', url: API.health })).statusCode).toBe(200);
      const page = await bare.inject({ method: 'GET', url: '/conferences/x' });
      expect(page.statusCode).toBe(404);
      expectWireError(page.json(), 404, 'not_found');
    } finally {
      await bare.close();
      empty.remove();
    }
  });
});
