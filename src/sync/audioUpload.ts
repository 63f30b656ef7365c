/**
 * Sends the hall's audio to the office server in the background (issue 11 item 5).
 *
 * One pass walks the device's parts, oldest first: declare the part, ask the
 * server which chunks it already holds (so a reload or a lost Wi-Fi resumes
 * where it stopped, with nothing kept about it on the device), send the others
 * in order, ONE request in flight and a pause between two (the secretary's
 * typing and the recorder's writes come first), and once a part has ended,
 * declare its totals and compare every chunk's checksum the server holds with
 * the device's own. Only then is the part marked confirmed, and only a
 * confirmed part may be freed on the device (`freePartAudio`).
 *
 * Only over the office LAN, or when both the office and this device allow any
 * network (`domain/audioUpload.ts`). No Solid here: the UI reads `progress`.
 */
import { audioUploadPolicy, isLanHost, mayUploadAudio, missingChunks, sentTime, type AudioUploadPolicy, type SegmentSending } from '../domain/audioUpload.ts';
import {
  AUDIO_API,
  CHUNK_SHA256_HEADER,
  type AudioChunkReceipt,
  type AudioPartDeclaration,
  type AudioPartStatus,
  type AudioSettings,
} from '../protocol/audio.ts';
import type { Reason } from '../protocol/index.ts';
import { allAudioParts, chunkBytes, markPartConfirmed, partSegments, type AudioPartRow } from '../storage/audio.ts';
import type { DoiThoaiDb } from '../storage/db.ts';
import { getMeta } from '../storage/queries.ts';

/** Where this device's own "send audio over any network" choice is kept in `meta`. */
export const AUDIO_ANY_NETWORK_KEY = 'audioUploadAnyNetwork';

export interface AudioTransport {
  settings(): Promise<AudioSettings>;
  declare(partId: string, declaration: AudioPartDeclaration): Promise<AudioPartStatus>;
  status(partId: string, hashes: boolean): Promise<AudioPartStatus>;
  putChunk(partId: string, segment: number, chunk: number, data: Uint8Array, sha256: string): Promise<AudioChunkReceipt>;
}

export class AudioTransportError extends Error {
  constructor(
    readonly reason: Reason | 'network',
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(`audio: ${reason} (${status})`);
    this.name = 'AudioTransportError';
  }
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** HTTP to the office server the app was loaded from; the device's cookie goes with every request. */
export class HttpAudioTransport implements AudioTransport {
  constructor(
    private readonly origin = '',
    private readonly fetchFn: FetchLike = (input, init) => fetch(input, init),
    private readonly timeoutMs = 20_000,
  ) {}
  settings(): Promise<AudioSettings> {
    return this.call('GET', AUDIO_API.settings);
  }
  declare(partId: string, declaration: AudioPartDeclaration): Promise<AudioPartStatus> {
    return this.call('PUT', AUDIO_API.part(partId), JSON.stringify(declaration), { 'content-type': 'application/json' });
  }
  status(partId: string, hashes: boolean): Promise<AudioPartStatus> {
    return this.call('GET', `${AUDIO_API.part(partId)}${hashes ? '?hashes=1' : ''}`);
  }
  putChunk(partId: string, segment: number, chunk: number, data: Uint8Array, sha256: string): Promise<AudioChunkReceipt> {
    return this.call('PUT', AUDIO_API.chunk(partId, segment, chunk), data as Uint8Array<ArrayBuffer>, {
      'content-type': 'application/octet-stream',
      [CHUNK_SHA256_HEADER]: sha256,
    });
  }
  private async call<T>(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<T> {
    let res: Response;
    try {
      res = await this.fetchFn(`${this.origin}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new AudioTransportError('network', 0);
    }
    const json = (await res.json().catch(() => null)) as unknown;
    if (!res.ok) {
      const wire = json as { reason?: Reason; details?: unknown } | null;
      throw new AudioTransportError(wire?.reason ?? 'bad_request', res.status, wire?.details);
    }
    return json as T;
  }
}

export type AudioUploadState = 'idle' | 'sending' | 'waiting_network' | 'not_allowed' | 'error';

export interface AudioUploadProgress {
  readonly state: AudioUploadState;
  /** Recorded time the server holds, and all recorded time on this device (freed parts included), ms. */
  readonly sentMs: number;
  readonly totalMs: number;
  /** Why it is not sending (`not_allowed`), or the last failure. */
  readonly policy: AudioUploadPolicy | null;
  readonly lastError: Reason | 'network' | null;
}

export interface AudioUploaderOptions {
  readonly db: DoiThoaiDb;
  readonly transport: AudioTransport;
  /** The server's host name, for the LAN rule (`location.hostname` in the app). */
  readonly serverHost: string;
  /** The device clock, for `confirmedAt` (a note for people, never compared across devices). */
  readonly now?: () => number;
  /** Between two chunks: gives the page's thread back (default: a macrotask, or an idle callback in a browser). */
  readonly pause?: () => Promise<void>;
  /** Between passes (default 15 s): a recording part's new chunks go a pass later. */
  readonly intervalMs?: number;
}

async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

const defaultPause = (): Promise<void> =>
  new Promise((resolve) => {
    const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
    if (idle) idle(() => resolve(), { timeout: 200 });
    else setTimeout(resolve, 0);
  });

export class AudioUploader {
  private readonly opts: Required<AudioUploaderOptions>;
  private progressNow: AudioUploadProgress = { state: 'idle', sentMs: 0, totalMs: 0, policy: null, lastError: null };
  private readonly listeners = new Set<(p: AudioUploadProgress) => void>();
  private running: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;

  constructor(options: AudioUploaderOptions) {
    this.opts = { now: Date.now, pause: defaultPause, intervalMs: 15_000, ...options };
  }

  get progress(): AudioUploadProgress {
    return this.progressNow;
  }

  subscribe(listener: (p: AudioUploadProgress) => void): () => void {
    this.listeners.add(listener);
    listener(this.progressNow);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<AudioUploadProgress>): void {
    this.progressNow = { ...this.progressNow, ...patch };
    for (const l of this.listeners) l(this.progressNow);
  }

  /** Passes now and every `intervalMs`, and at once when the browser comes back online. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (typeof window !== 'undefined') window.addEventListener('online', this.poke);
    this.poke();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    if (typeof window !== 'undefined') window.removeEventListener('online', this.poke);
  }

  /** A pass soon (after a recording stopped, on reconnect). */
  readonly poke = (): void => {
    clearTimeout(this.timer);
    void this.run().finally(() => {
      if (!this.stopped) this.timer = setTimeout(this.poke, this.opts.intervalMs);
    });
  };

  /** One pass; a pass asked for while one runs shares it. */
  run(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    const { db, transport } = this.opts;
    const parts = await allAudioParts(db);
    const held = new Map<string, number>();
    await this.report(parts, held);
    if (!parts.some((p) => !p.confirmedAt)) return this.set({ state: 'idle', lastError: null });
    try {
      const settings = await transport.settings();
      const policy = audioUploadPolicy({
        onLan: isLanHost(this.opts.serverHost),
        officeAllows: settings.uploadOverAnyNetwork,
        deviceAllows: (await getMeta<boolean>(db, AUDIO_ANY_NETWORK_KEY)) === true,
      });
      if (!mayUploadAudio(policy)) return this.set({ state: 'not_allowed', policy });
      this.set({ state: 'sending', policy, lastError: null });
      for (const part of parts) {
        if (part.confirmedAt) continue;
        await this.sendPart(part, held, parts);
      }
      this.set({ state: 'idle' });
    } catch (error) {
      const reason = error instanceof AudioTransportError ? error.reason : 'network';
      this.set({ state: reason === 'network' ? 'waiting_network' : 'error', lastError: reason });
    }
  }

  private async sendPart(part: AudioPartRow, held: Map<string, number>, parts: readonly AudioPartRow[]): Promise<void> {
    const { db, transport, pause } = this.opts;
    const segments = await partSegments(db, part.id);
    const ended = part.status !== 'recording';
    const base = { unitId: part.unitId, conferenceId: part.conferenceId, sessionId: part.sessionId, mimeType: part.mimeType, startedAt: part.startedAt };
    const status = await transport.declare(part.id, { ...base, segments: null });
    const onServer = new Map(status.segments.map((s) => [s.index, new Set(s.chunks)]));
    for (const seg of segments) held.set(seg.id, onServer.get(seg.index)?.size ?? 0);
    await this.report(parts, held);
    for (const seg of segments) {
      const have = onServer.get(seg.index) ?? new Set<number>();
      for (const index of missingChunks(seg.chunks, have)) {
        const data = await chunkBytes(db, seg.id, index);
        // A chunk lost in a crash can only be a segment's last: the segment ends before it.
        if (!data) break;
        await transport.putChunk(part.id, seg.index, index, data, await sha256Hex(data));
        held.set(seg.id, (held.get(seg.id) ?? 0) + 1);
        await this.report(parts, held);
        await pause();
      }
    }
    if (!ended) return;
    // The totals are what the device holds in order (up to a crash's gap), never more.
    const totals = [];
    for (const seg of segments) {
      let chunks = 0;
      let bytes = 0;
      for (; chunks < seg.chunks; chunks++) {
        const data = await chunkBytes(db, seg.id, chunks);
        if (!data) break;
        bytes += data.byteLength;
      }
      totals.push({ index: seg.index, chunks, bytes });
    }
    const final = await transport.declare(part.id, { ...base, segments: totals });
    if (!final.complete) return;
    // Confirmed only when the server's checksum of every chunk is the device's own.
    const hashed = await transport.status(part.id, true);
    for (const seg of segments) {
      const server = hashed.segments.find((s) => s.index === seg.index);
      const total = totals.find((t) => t.index === seg.index)!;
      for (let i = 0; i < total.chunks; i++) {
        const at = server?.chunks.indexOf(i) ?? -1;
        const data = await chunkBytes(db, seg.id, i);
        if (at < 0 || !data || server?.hashes?.[at] !== (await sha256Hex(data))) return;
      }
    }
    await markPartConfirmed(db, part.id, this.opts.now());
  }

  /** Progress in recorded time over every part; a confirmed part counts whole. */
  private async report(parts: readonly AudioPartRow[], held: ReadonlyMap<string, number>): Promise<void> {
    const list: SegmentSending[] = [];
    for (const part of parts) {
      for (const seg of await partSegments(this.opts.db, part.id)) {
        list.push({ startedAt: seg.startedAt, endedAt: seg.endedAt, chunks: seg.chunks, held: part.confirmedAt ? seg.chunks : (held.get(seg.id) ?? 0) });
      }
    }
    const { sentMs, totalMs } = sentTime(list);
    if (sentMs !== this.progressNow.sentMs || totalMs !== this.progressNow.totalMs) this.set({ sentMs, totalMs });
  }
}

/** The uploader of the app: the server it was loaded from, started with the sync engine on an enrolled device. */
export function startAudioUpload(db: DoiThoaiDb): AudioUploader {
  const uploader = new AudioUploader({ db, transport: new HttpAudioTransport(''), serverHost: location.hostname });
  uploader.start();
  return uploader;
}
