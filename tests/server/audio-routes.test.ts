/**
 * The audio upload routes (issue 11 item 5) on the real server, SQLite and
 * PostgreSQL: resumable and idempotent per chunk, a changed chunk refused,
 * a part confirmed only whole, and voices heard only by the roles
 * `AUDIO_TABLE` lets hear them, in their own unit.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_TABLE, ROLES, type Role } from '../../src/domain/access.ts';
import { AUDIO_API, AUDIO_LIMITS, CHUNK_SHA256_HEADER, type AudioPartStatus } from '../../src/protocol/audio.ts';
import { accessServer, createAccount, login, type AccessServer } from './access-helpers.ts';
import { STORE_KINDS } from './stores.ts';

const NOW = Date.UTC(2026, 3, 10, 1, 0);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bytes = (seed: number, n = 3000) => Uint8Array.from({ length: n }, (_, i) => (seed * 31 + i * 7) % 256);

type Who = Role | 'otherUnit' | 'nobody';
const WHO: readonly Who[] = [...ROLES, 'otherUnit', 'nobody'];

describe.each(STORE_KINDS)('audio upload routes (%s)', (kind) => {
  let s: AccessServer;
  const cookies = new Map<Who, string>();

  const declaration = (extra: Record<string, unknown> = {}) => ({
    unitId: 'unit-A',
    conferenceId: 'conf-1',
    sessionId: 'ses-1',
    mimeType: 'audio/webm;codecs=opus',
    startedAt: NOW,
    ...extra,
  });
  const declare = (who: Who, partId: string, body: unknown = declaration()) =>
    s.app.inject({ method: 'PUT', url: AUDIO_API.part(partId), headers: cookieHeader(who), payload: body as object });
  const putChunk = (who: Who, partId: string, seg: number, chunk: number, data: Uint8Array, claimed = sha(data)) =>
    s.app.inject({
      method: 'PUT',
      url: AUDIO_API.chunk(partId, seg, chunk),
      headers: { ...cookieHeader(who), 'content-type': 'application/octet-stream', [CHUNK_SHA256_HEADER]: claimed },
      payload: Buffer.from(data),
    });
  const status = (who: Who, partId: string, hashes = false) =>
    s.app.inject({ method: 'GET', url: `${AUDIO_API.part(partId)}${hashes ? '?hashes=1' : ''}`, headers: cookieHeader(who) });
  const segment = (who: Who, partId: string, seg: number) => s.app.inject({ method: 'GET', url: AUDIO_API.segment(partId, seg), headers: cookieHeader(who) });
  function cookieHeader(who: Who): Record<string, string> {
    const c = cookies.get(who);
    return c ? { cookie: c } : {};
  }
  const chunkRows = async () => (await s.store.db.selectFrom('audio_chunks').select(['part_id', 'segment_index', 'chunk_index', 'sha256']).execute()).length;

  beforeAll(async () => {
    s = await accessServer(() => NOW, 'unit-A', kind);
    cookies.set('admin', s.admin);
    for (const role of ROLES) {
      if (role === 'admin') continue;
      await createAccount(s.app, s.admin, `nguoi.${role}`, [role]);
      cookies.set(role, await login(s.app, `nguoi.${role}`));
    }
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/admin/accounts',
      headers: { cookie: s.admin },
      payload: { username: 'quantri.b', displayName: 'Quản trị xã B', password: 'mật khẩu đủ dài 2026', roles: [...ROLES].filter((r) => r !== 'viewer'), newUnitId: 'unit-B' },
    });
    expect(res.statusCode).toBe(200);
    cookies.set('otherUnit', await login(s.app, 'quantri.b'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('an upload cut midway resumes from the status; a re-sent chunk is a no-op; the server ends with the exact bytes', async () => {
    const partId = randomUUID();
    expect((await declare('secretary', partId)).statusCode).toBe(200);
    const chunks = [bytes(1, 4000), bytes(2), bytes(3), bytes(4, 1200)];
    // The first two arrive, then the Wi-Fi goes.
    for (const [i, c] of chunks.slice(0, 2).entries()) expect((await putChunk('secretary', partId, 0, i, c)).json()).toEqual({ status: 'stored', sha256: sha(c) });
    const held = (await status('secretary', partId)).json<AudioPartStatus>();
    expect(held).toMatchObject({ final: false, complete: false, segments: [{ index: 0, chunks: [0, 1], bytes: 7000 }] });
    // After the reload the device starts from what the server says, and re-sends chunk 1 (its answer was lost).
    expect((await putChunk('secretary', partId, 0, 1, chunks[1]!)).json()).toMatchObject({ status: 'duplicate' });
    for (const [i, c] of chunks.entries()) if (i >= 2) expect((await putChunk('secretary', partId, 0, i, c)).statusCode).toBe(200);
    // Not confirmed before the part has ended and said how much it holds.
    expect((await status('secretary', partId)).json<AudioPartStatus>().complete).toBe(false);
    const total = chunks.reduce((n, c) => n + c.byteLength, 0);
    const final = await declare('secretary', partId, declaration({ segments: [{ index: 0, chunks: 4, bytes: total }] }));
    expect(final.json<AudioPartStatus>()).toMatchObject({ final: true, complete: true });
    const withHashes = (await status('chair', partId, true)).json<AudioPartStatus>();
    expect(withHashes.segments[0]!.hashes).toEqual(chunks.map(sha));
    // Declaring the same again is a no-op.
    expect((await declare('secretary', partId, declaration({ segments: [{ index: 0, chunks: 4, bytes: total }] }))).statusCode).toBe(200);

    const file = await segment('office', partId, 0);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('audio/webm');
    expect(file.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.compare(file.rawPayload, Buffer.concat(chunks.map((c) => Buffer.from(c))))).toBe(0);
  });

  it('a part is not confirmed while a chunk of a segment is missing', async () => {
    const partId = randomUUID();
    const a = bytes(7);
    await declare('chair', partId, declaration({ segments: [{ index: 0, chunks: 1, bytes: a.byteLength }, { index: 1, chunks: 2, bytes: 6000 }] }));
    await putChunk('chair', partId, 0, 0, a);
    await putChunk('chair', partId, 1, 1, bytes(8));
    expect((await status('chair', partId)).json<AudioPartStatus>().complete).toBe(false);
    // A segment file stops at its first gap: chunk 0 of segment 1 is missing, so nothing of it plays.
    expect((await segment('chair', partId, 1)).statusCode).toBe(404);
    await putChunk('chair', partId, 1, 0, bytes(9));
    expect((await status('chair', partId)).json<AudioPartStatus>().complete).toBe(true);
    // A chunk beyond the declared totals has no place in the part.
    const outside = await putChunk('chair', partId, 1, 2, bytes(10));
    expect(outside.statusCode).toBe(409);
    expect(outside.json()).toMatchObject({ reason: 'conflict', details: { problem: 'outside_part' } });
  });

  it('other bytes for a chunk already held are refused with 409, and the held bytes stay', async () => {
    const partId = randomUUID();
    await declare('secretary', partId);
    const first = bytes(20);
    await putChunk('secretary', partId, 0, 0, first);
    const res = await putChunk('secretary', partId, 0, 0, bytes(21));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ reason: 'conflict', details: { problem: 'chunk_differs', segment: 0, chunk: 0, held: sha(first) } });
    expect(Buffer.compare((await segment('secretary', partId, 0)).rawPayload, Buffer.from(first))).toBe(0);
  });

  it('a changed declaration, a damaged chunk, a chunk of an unknown part and oversized or malformed requests are 4xx with a reason', async () => {
    const partId = randomUUID();
    await declare('secretary', partId, declaration({ segments: [{ index: 0, chunks: 1, bytes: 10 }] }));
    const before = await chunkRows();
    const moved = await declare('secretary', partId, declaration({ sessionId: 'ses-2' }));
    expect(moved.statusCode).toBe(409);
    expect(moved.json()).toMatchObject({ reason: 'conflict', details: { problem: 'part_differs', field: 'session_id' } });
    const totals = await declare('secretary', partId, declaration({ segments: [{ index: 0, chunks: 2, bytes: 10 }] }));
    expect(totals.json()).toMatchObject({ status: 409, details: { problem: 'totals_differ' } });

    const damaged = await putChunk('secretary', partId, 0, 0, bytes(30), sha(bytes(31)));
    expect(damaged.json()).toMatchObject({ status: 400, reason: 'validation_failed', details: { problem: 'checksum_mismatch' } });
    const unknown = await putChunk('secretary', randomUUID(), 0, 0, bytes(32));
    expect(unknown.json()).toMatchObject({ status: 404, reason: 'not_found', details: { problem: 'part_unknown' } });
    const tooBig = await putChunk('secretary', partId, 0, 0, new Uint8Array(AUDIO_LIMITS.chunkBytes + 1));
    expect(tooBig.json()).toMatchObject({ status: 413, reason: 'payload_too_large' });
    const badIndex = await putChunk('secretary', partId, -1 as number, 0, bytes(33));
    expect(badIndex.json()).toMatchObject({ status: 400, reason: 'validation_failed' });
    const noHash = await s.app.inject({
      method: 'PUT',
      url: AUDIO_API.chunk(partId, 0, 0),
      headers: { ...cookieHeader('secretary'), 'content-type': 'application/octet-stream' },
      payload: Buffer.from(bytes(34)),
    });
    expect(noHash.json()).toMatchObject({ status: 400, reason: 'validation_failed' });
    const badMime = await declare('secretary', randomUUID(), declaration({ mimeType: 'text/html' }));
    expect(badMime.json()).toMatchObject({ status: 400, reason: 'validation_failed', details: { issues: [{ field: 'body.mimeType' }] } });
    const badId = await declare('secretary', 'a/../b');
    expect(badId.statusCode).toBeGreaterThanOrEqual(400);
    expect(badId.statusCode).toBeLessThan(500);
    expect(await chunkRows()).toBe(before);
  });

  describe('every route × every role × own unit and another unit', () => {
    let partId: string;
    const data = bytes(40);
    beforeAll(async () => {
      partId = randomUUID();
      await declare('secretary', partId);
      await putChunk('secretary', partId, 0, 0, data);
    });
    const sends = (who: Who) => who !== 'nobody' && who !== 'otherUnit' && AUDIO_TABLE[who].sends;
    const hears = (who: Who) => who !== 'nobody' && who !== 'otherUnit' && AUDIO_TABLE[who].hears;
    const denied = (who: Who, allowed: boolean) => (who === 'nobody' ? 401 : allowed ? 200 : 403);

    it.each(WHO)('%s', async (who) => {
      const before = await chunkRows();
      const cases: [string, Awaited<ReturnType<typeof declare>>, number][] = [
        ['declare a part of unit A', await declare(who, randomUUID()), denied(who, sends(who))],
        ['re-send a held chunk', await putChunk(who, partId, 0, 0, data), denied(who, sends(who))],
        ['send a new chunk', await putChunk(who, partId, 0, 1 + ROLES.indexOf(who as Role) + 10, bytes(41)), denied(who, sends(who))],
        ['read the status', await status(who, partId), denied(who, sends(who) || hears(who))],
        ['hear a segment', await segment(who, partId, 0), denied(who, hears(who))],
      ];
      for (const [what, res, expected] of cases) {
        expect.soft(res.statusCode, `${who}: ${what}`).toBe(expected);
        if (expected !== 200) {
          const body = res.json<{ reason: string; details?: { problem?: string } }>();
          expect.soft(body.reason, `${who}: ${what}`).toBe(expected === 401 ? 'unauthorized' : 'forbidden');
          if (who === 'otherUnit') expect.soft(body.details?.problem, `${who}: ${what}`).toBe('other_unit');
        }
      }
      // A refused sender changed nothing; an allowed one added exactly its one new chunk.
      expect(await chunkRows()).toBe(before + (sends(who) ? 1 : 0));
    });

    it('another unit may not declare a part in its own name under an id unit A holds', async () => {
      const res = await declare('otherUnit', partId, declaration({ unitId: 'unit-B' }));
      expect(res.json()).toMatchObject({ status: 403, reason: 'forbidden', details: { problem: 'other_unit' } });
    });
  });
});
