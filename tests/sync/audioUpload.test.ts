/**
 * The background audio uploader (issue 11 item 5) on fake IndexedDB against the
 * real office server in-process, access control on: an upload cut midway
 * resumes after a "reload" from the server's status and ends with the exact
 * bytes the device recorded; only a confirmed part may be freed; a viewer's
 * device sends nothing; outside the LAN nothing goes unless the office and the
 * device both allow it.
 */
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIO_API, CHUNK_SHA256_HEADER, type AudioChunkReceipt, type AudioPartDeclaration, type AudioPartStatus, type AudioSettings } from '../../src/protocol/audio.ts';
import type { Reason } from '../../src/protocol/index.ts';
import { appendChunk, beginPart, beginSegment, endPart, freePartAudio, segmentFile, storedAudioBytes } from '../../src/storage/audio.ts';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { setMeta } from '../../src/storage/queries.ts';
import { AUDIO_ANY_NETWORK_KEY, AudioTransportError, AudioUploader, type AudioTransport } from '../../src/sync/audioUpload.ts';
import { accessServer, createAccount, enrolDevice, type AccessServer } from '../server/access-helpers.ts';

const T0 = Date.UTC(2026, 3, 10, 1, 0);
let s: AccessServer;
const dbs: DoiThoaiDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
  await s?.close();
});

/** The uploader's transport onto the in-process server, with a switch that cuts the connection after `cutAfter` chunks. */
class InjectAudioTransport implements AudioTransport {
  chunksSent = 0;
  cutAfter = Infinity;
  constructor(
    private readonly app: FastifyInstance,
    private readonly cookie: string,
  ) {}
  settings() {
    return this.call<AudioSettings>('GET', AUDIO_API.settings);
  }
  declare(partId: string, declaration: AudioPartDeclaration) {
    return this.call<AudioPartStatus>('PUT', AUDIO_API.part(partId), declaration);
  }
  status(partId: string, hashes: boolean) {
    return this.call<AudioPartStatus>('GET', `${AUDIO_API.part(partId)}${hashes ? '?hashes=1' : ''}`);
  }
  async putChunk(partId: string, segment: number, chunk: number, data: Uint8Array, sha256: string) {
    if (this.chunksSent >= this.cutAfter) throw new AudioTransportError('network', 0);
    const r = await this.call<AudioChunkReceipt>('PUT', AUDIO_API.chunk(partId, segment, chunk), Buffer.from(data), {
      'content-type': 'application/octet-stream',
      [CHUNK_SHA256_HEADER]: sha256,
    });
    this.chunksSent++;
    return r;
  }
  private async call<T>(method: 'GET' | 'PUT', url: string, payload?: object | Buffer, headers: Record<string, string> = {}): Promise<T> {
    const res = await this.app.inject({ method, url, headers: { cookie: this.cookie, ...headers }, ...(payload === undefined ? {} : { payload }) });
    if (res.statusCode >= 400) {
      const wire = res.json<{ reason: Reason; details?: unknown }>();
      throw new AudioTransportError(wire.reason, res.statusCode, wire.details);
    }
    return res.json<T>();
  }
}

async function deviceFor(role: 'secretary' | 'viewer') {
  s = await accessServer(() => T0, 'unit-A');
  const accountId = await createAccount(s.app, s.admin, `nguoi.${role}`, [role]);
  const { cookie } = await enrolDevice(s.app, s.admin, accountId, `tab-${role}`);
  const db = openDatabase(`audio-upload-${Math.random()}`);
  dbs.push(db);
  return { db, transport: new InjectAudioTransport(s.app, cookie) };
}

/** A recording on the device: two segments of `perSegment` one-second chunks each, ended. */
async function record(db: DoiThoaiDb, partId = 'part-1', perSegment = 5, ended = true): Promise<void> {
  await beginPart(db, { id: partId, sessionId: 'ses-1', unitId: 'unit-A', conferenceId: 'conf-1', mimeType: 'audio/webm;codecs=opus', startedAt: T0 });
  for (const index of [0, 1]) {
    const seg = await beginSegment(db, { partId, sessionId: 'ses-1', index, mimeType: 'audio/webm;codecs=opus', startedAt: T0 + index * perSegment * 1000 });
    for (let c = 0; c < perSegment; c++) {
      const data = Uint8Array.from({ length: 2500 + c }, (_, i) => (index * 97 + c * 13 + i) % 256);
      await appendChunk(db, seg, c, data, T0 + (index * perSegment + c + 1) * 1000);
    }
  }
  if (ended) await endPart(db, partId, 'stopped', 'user');
}

const noPause = () => Promise.resolve();

async function serverSegment(app: FastifyInstance, cookie: string, partId: string, seg: number): Promise<Buffer> {
  const res = await app.inject({ method: 'GET', url: AUDIO_API.segment(partId, seg), headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return res.rawPayload;
}

describe('the audio uploader', () => {
  it('resumes an upload cut midway after a reload, ends with the exact bytes, confirms the part, and only then frees it', async () => {
    const { db, transport } = await deviceFor('secretary');
    await record(db);
    expect(await freePartAudio(db, 'part-1', T0)).toBe(false);

    transport.cutAfter = 3;
    const first = new AudioUploader({ db, transport, serverHost: '192.168.1.10', pause: noPause });
    await first.run();
    expect(first.progress).toMatchObject({ state: 'waiting_network', lastError: 'network', totalMs: 10_000, sentMs: 3000 });
    const held = (await s.app.inject({ method: 'GET', url: AUDIO_API.part('part-1'), headers: { cookie: s.admin } })).json<AudioPartStatus>();
    expect(held.segments).toEqual([{ index: 0, chunks: [0, 1, 2], bytes: 2500 + 2501 + 2502 }]);
    expect((await db.audioParts.get('part-1'))?.confirmedAt ?? null).toBeNull();

    // The page reloads: a new uploader knows nothing but what the server says.
    transport.cutAfter = Infinity;
    const sentBefore = transport.chunksSent;
    const second = new AudioUploader({ db, transport, serverHost: '192.168.1.10', pause: noPause, now: () => T0 + 99 });
    await second.run();
    expect(transport.chunksSent - sentBefore).toBe(7);
    expect(second.progress).toMatchObject({ state: 'idle', sentMs: 10_000, totalMs: 10_000, lastError: null });
    expect((await db.audioParts.get('part-1'))?.confirmedAt).toBe(T0 + 99);
    for (const seg of [0, 1]) {
      const local = Buffer.from(await (await segmentFile(db, `part-1:${seg}`))!.arrayBuffer());
      expect(Buffer.compare(await serverSegment(s.app, s.admin, 'part-1', seg), local)).toBe(0);
    }

    // Another pass sends nothing more: the confirmed part is done.
    await second.run();
    expect(transport.chunksSent - sentBefore).toBe(7);

    expect(await freePartAudio(db, 'part-1', T0 + 100)).toBe(true);
    expect(await db.audioChunks.count()).toBe(0);
    expect(await storedAudioBytes(db)).toBe(0);
    expect((await db.audioSegments.toArray()).every((x) => x.freed)).toBe(true);
    // The server still has it all.
    expect((await serverSegment(s.app, s.admin, 'part-1', 1)).byteLength).toBe(2500 + 2501 + 2502 + 2503 + 2504);
  });

  it('sends a part still recording but never confirms it before it has ended', async () => {
    const { db, transport } = await deviceFor('secretary');
    await record(db, 'part-2', 3, false);
    const up = new AudioUploader({ db, transport, serverHost: 'localhost', pause: noPause });
    await up.run();
    expect(transport.chunksSent).toBe(6);
    expect((await db.audioParts.get('part-2'))?.confirmedAt ?? null).toBeNull();
    expect(await freePartAudio(db, 'part-2', T0)).toBe(false);
    await endPart(db, 'part-2', 'interrupted', 'crash');
    await up.run();
    expect((await db.audioParts.get('part-2'))?.confirmedAt).toBeTypeOf('number');
  });

  it("a viewer's device sends nothing: refused, nothing confirmed, nothing freed", async () => {
    const { db, transport } = await deviceFor('viewer');
    await record(db);
    const up = new AudioUploader({ db, transport, serverHost: '10.0.0.2', pause: noPause });
    await up.run();
    expect(up.progress).toMatchObject({ state: 'error', lastError: 'forbidden', sentMs: 0 });
    expect(await s.store.db.selectFrom('audio_chunks').select('part_id').execute()).toHaveLength(0);
    expect(await freePartAudio(db, 'part-1', T0)).toBe(false);
    expect(await db.audioChunks.count()).toBe(10);
  });

  it('outside the LAN sends only when the office and the device both allow it', async () => {
    const { db, transport } = await deviceFor('secretary');
    await record(db);
    const host = 'doithoai.example.vn';
    const up = new AudioUploader({ db, transport, serverHost: host, pause: noPause });
    await up.run();
    // This server keeps the default: LAN only.
    expect(up.progress).toMatchObject({ state: 'not_allowed', policy: 'office_forbids' });
    expect(transport.chunksSent).toBe(0);

    // The same server as an office that set AUDIO_UPLOAD_ANY_NETWORK=1 would answer it.
    const allowing: AudioTransport = {
      settings: async () => ({ ...(await transport.settings()), uploadOverAnyNetwork: true }),
      declare: (...a) => transport.declare(...a),
      status: (...a) => transport.status(...a),
      putChunk: (...a) => transport.putChunk(...a),
    };
    const officeAllows = new AudioUploader({ db, transport: allowing, serverHost: host, pause: noPause });
    await officeAllows.run();
    expect(officeAllows.progress).toMatchObject({ state: 'not_allowed', policy: 'device_forbids' });
    expect(transport.chunksSent).toBe(0);

    await setMeta(db, AUDIO_ANY_NETWORK_KEY, true);
    await officeAllows.run();
    expect(officeAllows.progress).toMatchObject({ state: 'idle', policy: 'allowed', sentMs: 10_000 });
    expect(transport.chunksSent).toBe(10);
  });
});
