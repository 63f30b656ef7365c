/**
 * The capture path's encoding and storing (issue 11), on a scripted encoder (WebCodecs is not in
 * Node) and the real WebM muxer: segments are whole files whose first chunk carries the header, one
 * cluster a chunk of about a second, times counted from the samples, rotation by length with nothing
 * lost or doubled, and everything stored by the stop. The real encoder is in the e2e test.
 */
import { describe, expect, it } from 'vitest';
import { EncodePipeline, OPUS_WEBM, type EncoderLike } from '../../src/storage/audioEncode.ts';

const RATE = 48_000;
const PACKET_US = 20_000;

/** Encodes instantly: one 3-byte "packet" per 20 ms of input, timestamps from the input's. */
function scriptedEncoder(made: { packets: number }[]) {
  return (init: AudioEncoderInit): EncoderLike => {
    const stats = { packets: 0 };
    made.push(stats);
    let first = true;
    return {
      configure() {},
      encode(data) {
        const frames = data.numberOfFrames;
        for (let f = 0; f < frames; f += (PACKET_US * RATE) / 1e6) {
          const timestamp = data.timestamp + (f * 1e6) / RATE;
          const bytes = new Uint8Array([1, 2, stats.packets++ % 256]);
          const packet = { type: 'key', timestamp, duration: PACKET_US, byteLength: 3, copyTo: (d: Uint8Array) => d.set(bytes) } as unknown as EncodedAudioChunk;
          init.output(packet, first ? { decoderConfig: { codec: 'opus', sampleRate: RATE, numberOfChannels: 1, description: new Uint8Array([79, 112, 117, 115]) } } : undefined);
          first = false;
        }
      },
      flush: async () => {},
      close() {},
    };
  };
}

function pipeline(opts: { segmentMs?: number } = {}) {
  let clock = 1_790_000_000_000;
  const segments: { index: number; startedAt: number }[] = [];
  const chunks: { segment: string; index: number; data: Uint8Array; at: number }[] = [];
  const made: { packets: number }[] = [];
  const p = new EncodePipeline({
    partId: 'p1',
    sessionId: 's1',
    now: () => clock,
    segmentMs: opts.segmentMs ?? 30_000,
    writer: {
      beginSegment: async (s) => {
        expect(s.mimeType).toBe(OPUS_WEBM);
        segments.push({ index: s.index, startedAt: s.startedAt });
      },
      appendChunk: async (segment, index, data, at) => void chunks.push({ segment, index, data, at }),
    },
    createEncoder: scriptedEncoder(made),
    createAudioData: (init) => ({ ...init, close() {} }) as unknown as AudioData,
  });
  /** `seconds` of audio in 100 ms batches, the clock moving with it. */
  const feed = (seconds: number) => {
    for (let i = 0; i < seconds * 10; i++) {
      clock += 100;
      p.push(new Float32Array(4_800));
    }
  };
  return { p, feed, segments, chunks, made, start: 1_790_000_000_000 };
}

const EBML = [0x1a, 0x45, 0xdf, 0xa3];
const CLUSTER = [0x1f, 0x43, 0xb6, 0x75];
const startsWith = (d: Uint8Array, id: number[]) => id.every((b, i) => d[i] === b);
const has = (d: Uint8Array, id: number[]) => d.some((_, i) => id.every((b, j) => d[i + j] === b));

describe('EncodePipeline', () => {
  it('stores a segment as a WebM file: the header and first cluster in chunk 0, then a cluster of about a second per chunk', async () => {
    const { p, feed, segments, chunks } = pipeline();
    feed(5.5);
    await p.stop();
    expect(segments).toEqual([{ index: 0, startedAt: 1_790_000_000_000 }]);
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(startsWith(chunks[0]!.data, EBML)).toBe(true);
    expect(has(chunks[0]!.data, [0x4f, 0x70, 0x75, 0x73])).toBe(true); // the codec's private data (OpusHead)
    for (const c of chunks.slice(1)) expect(startsWith(c.data, CLUSTER)).toBe(true);
    // Each chunk ends where its audio ends: whole seconds, then the last half second at the stop.
    expect(chunks.map((c) => c.at - 1_790_000_000_000)).toEqual([1000, 2000, 3000, 4000, 5000, 5500]);
  });

  it('writes each chunk as soon as its cluster is complete (a crash loses at most about a second)', async () => {
    const { p, feed, chunks } = pipeline();
    feed(3.05);
    await new Promise((r) => setTimeout(r, 0));
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2]);
    await p.stop();
  });

  it('rotates by length: a new file with its own encoder and header, starting where the last one ended', async () => {
    const { p, feed, segments, chunks, made } = pipeline({ segmentMs: 2_000 });
    feed(5);
    await p.stop();
    expect(segments.map((s) => [s.index, s.startedAt - 1_790_000_000_000])).toEqual([
      [0, 0],
      [1, 2000],
      [2, 4000],
    ]);
    expect(made).toHaveLength(3);
    for (const id of ['p1:0', 'p1:1', 'p1:2']) {
      const own = chunks.filter((c) => c.segment === id);
      expect(startsWith(own[0]!.data, EBML)).toBe(true);
      expect(own.map((c) => c.index)).toEqual(own.map((_, i) => i));
    }
    // Every packet is in exactly one file: 5 s of 20 ms packets.
    expect(made.reduce((n, m) => n + m.packets, 0)).toBe(250);
    expect(chunks.filter((c) => c.segment === 'p1:2').at(-1)!.at - 1_790_000_000_000).toBe(5000);
  });

  it('stops on a failed write and says why, storing nothing after it', async () => {
    const errors: string[] = [];
    let n = 0;
    const p = new EncodePipeline({
      partId: 'p1',
      sessionId: 's1',
      now: () => 0,
      writer: {
        beginSegment: async () => {},
        appendChunk: async () => {
          if (++n === 2) throw Object.assign(new Error('full'), { name: 'QuotaExceededError' });
        },
      },
      createEncoder: scriptedEncoder([]),
      createAudioData: (init) => ({ ...init, close() {} }) as unknown as AudioData,
      onError: (e) => errors.push(e.name),
    });
    for (let i = 0; i < 50; i++) p.push(new Float32Array(4_800));
    await p.stop();
    expect(errors).toEqual(['QuotaExceededError']);
    expect(n).toBe(2);
  });
});
