/**
 * The hall's audio encoded and stored off the main thread (issue 11): PCM batches from the capture
 * worklet (ui/audio/captureWorklet.ts) come straight to the audio writer worker over a MessagePort,
 * are encoded to Opus with WebCodecs' AudioEncoder, muxed to WebM with webm-muxer, and written as
 * chunks through the same storage functions the MediaRecorder path uses.
 *
 * The stored contract is the MediaRecorder's, so the player, the export and the upload read both
 * alike: a part is cut into segments of about AUDIO_SEGMENT_MS, each a complete WebM file once its
 * chunks are joined (chunk 0 carries the EBML header and the track, then its first cluster); each
 * further chunk is one cluster of about a second (webm-muxer starts a cluster at the first Opus
 * packet a second or more after the last one), written as soon as the cluster is complete, so a crash
 * loses at most about a second. Each segment has its own encoder: its file starts a fresh Opus stream,
 * as a new MediaRecorder's did, and the rotation leaves neither gap nor overlap of samples.
 *
 * Times: a segment starts at the room-clock instant its first sample was heard (the batch's arrival
 * less its length); each chunk's `at` is that start plus the audio the chunk ends with, counted in
 * samples, so the stored times follow the audio itself, not the moments messages happened to arrive.
 */
import { Muxer, StreamTarget } from 'webm-muxer';
import { AUDIO_BITS_PER_SECOND, AUDIO_SEGMENT_MS } from '../domain/audio.ts';
import { segmentId, type AudioSegmentRow } from './audio.ts';

export const OPUS_WEBM = 'audio/webm;codecs=opus';
export const CAPTURE_SAMPLE_RATE = 48_000;

/** Where the encoded segments go (the worker's database; a test's array). */
export interface SegmentWriter {
  beginSegment(segment: Pick<AudioSegmentRow, 'partId' | 'sessionId' | 'index' | 'mimeType' | 'startedAt'>): Promise<void>;
  appendChunk(segment: string, index: number, data: Uint8Array, at: number): Promise<void>;
}

/** The part of WebCodecs' AudioEncoder used here (a test passes its own). */
export interface EncoderLike {
  configure(config: AudioEncoderConfig): void;
  encode(data: AudioData): void;
  flush(): Promise<void>;
  close(): void;
}
export type EncoderFactory = (init: AudioEncoderInit) => EncoderLike;
/** Makes the AudioData handed to encode(); a test passes its own where WebCodecs is missing. */
export type AudioDataFactory = (init: AudioDataInit) => AudioData;

export interface EncodePipelineDeps {
  readonly writer: SegmentWriter;
  /** The room's clock, ms. */
  readonly now: () => number;
  readonly partId: string;
  readonly sessionId: string;
  readonly segmentMs?: number;
  readonly sampleRate?: number;
  readonly createEncoder?: EncoderFactory;
  readonly createAudioData?: AudioDataFactory;
  /** After each chunk is stored: its bytes. */
  readonly onStored?: (bytes: number) => void;
  /** A write or the encoder failed: the recording must stop (the name says whether the disk is full). */
  readonly onError?: (error: { name: string; message: string }) => void;
}

export const OPUS_CONFIG = (sampleRate: number): AudioEncoderConfig => ({
  codec: 'opus',
  sampleRate,
  numberOfChannels: 1,
  bitrate: AUDIO_BITS_PER_SECOND,
});

interface Segment {
  readonly index: number;
  readonly id: string;
  readonly startedAt: number;
  /** Samples handed to its encoder. */
  frames: number;
  readonly encoder: EncoderLike;
  readonly muxer: Muxer<StreamTarget>;
  header: Uint8Array | null;
  chunks: number;
  /** µs into the segment where the packet being muxed starts: the end of a cluster that closes on it. */
  packetStartUs: number;
  /** µs into the segment where the last packet muxed ends. */
  endUs: number;
  closing: boolean;
}

const errorOf = (error: unknown) => {
  const e = error as { name?: string; message?: string; inner?: { name?: string } };
  return { name: e.inner?.name ?? e.name ?? 'Error', message: String(e.message ?? error) };
};

export class EncodePipeline {
  private segment: Segment | null = null;
  private nextIndex = 0;
  /** Every write, in order: a chunk never before its segment, nor before the chunk before it. */
  private writes: Promise<void> = Promise.resolve();
  private closings: Promise<void>[] = [];
  private failed = false;
  private readonly rate: number;
  private readonly segmentFrames: number;

  constructor(private readonly deps: EncodePipelineDeps) {
    this.rate = deps.sampleRate ?? CAPTURE_SAMPLE_RATE;
    this.segmentFrames = Math.round(((deps.segmentMs ?? AUDIO_SEGMENT_MS) * this.rate) / 1000);
  }

  /** One batch of mono samples, just arrived from the audio thread. */
  push(samples: Float32Array<ArrayBuffer>): void {
    if (this.failed || samples.length === 0) return;
    let seg = this.segment;
    if (!seg || seg.frames >= this.segmentFrames) {
      if (seg) this.close(seg);
      seg = this.open(this.deps.now() - (samples.length / this.rate) * 1000);
    }
    const make = this.deps.createAudioData ?? ((init: AudioDataInit) => new AudioData(init));
    const data = make({
      format: 'f32-planar',
      sampleRate: this.rate,
      numberOfChannels: 1,
      numberOfFrames: samples.length,
      timestamp: Math.round((seg.frames * 1e6) / this.rate),
      data: samples,
    });
    seg.frames += samples.length;
    try {
      seg.encoder.encode(data);
    } catch (error) {
      this.fail(error);
    } finally {
      data.close();
    }
  }

  /** Encodes what is left, closes the last segment's file and waits until every chunk is stored. */
  async stop(): Promise<void> {
    if (this.segment) this.close(this.segment);
    this.segment = null;
    await Promise.all(this.closings);
    await this.writes;
  }

  private open(startedAt: number): Segment {
    const index = this.nextIndex++;
    const id = segmentId(this.deps.partId, index);
    const { writer, partId, sessionId } = this.deps;
    this.enqueue(() => writer.beginSegment({ partId, sessionId, index, mimeType: OPUS_WEBM, startedAt }));
    // The muxer's and the encoder's callbacks need the segment they are part of: filled in below.
    const self: { seg?: Segment } = {};
    const target = new StreamTarget({
      onHeader: (data) => {
        if (self.seg) self.seg.header = data.slice();
      },
      onCluster: (data) => self.seg && this.chunk(self.seg, data.slice()),
    });
    const muxer = new Muxer({
      target,
      audio: { codec: 'A_OPUS', numberOfChannels: 1, sampleRate: this.rate },
      // Live: written front to back, never seeking back to fill in sizes, cues or a duration.
      streaming: true,
      firstTimestampBehavior: 'offset',
    });
    const create = this.deps.createEncoder ?? ((init: AudioEncoderInit) => new AudioEncoder(init));
    const encoder = create({
      output: (packet, meta) => {
        const seg = self.seg;
        if (this.failed || !seg) return;
        seg.packetStartUs = packet.timestamp;
        try {
          const bytes = new Uint8Array(packet.byteLength);
          packet.copyTo(bytes);
          muxer.addAudioChunkRaw(bytes, packet.type, packet.timestamp, meta);
        } catch (error) {
          return this.fail(error);
        }
        seg.endUs = packet.timestamp + (packet.duration ?? 0);
      },
      error: (error) => this.fail(error),
    });
    try {
      encoder.configure(OPUS_CONFIG(this.rate));
    } catch (error) {
      this.fail(error);
    }
    const seg: Segment = { index, id, startedAt, frames: 0, encoder, muxer, header: null, chunks: 0, packetStartUs: 0, endUs: 0, closing: false };
    self.seg = seg;
    this.segment = seg;
    return seg;
  }

  /** A complete cluster of `seg`: its next chunk (the first also carries the file's header). */
  private chunk(seg: Segment, cluster: Uint8Array): void {
    const i = seg.chunks++;
    let data = cluster;
    if (i === 0 && seg.header) {
      data = new Uint8Array(seg.header.byteLength + cluster.byteLength);
      data.set(seg.header, 0);
      data.set(cluster, seg.header.byteLength);
    }
    // A cluster closes when the first packet of the next one is muxed (it ends where that packet starts),
    // or at the file's end (it ends with the last packet).
    const endUs = seg.closing ? seg.endUs : seg.packetStartUs;
    const at = seg.startedAt + endUs / 1000;
    this.enqueue(async () => {
      await this.deps.writer.appendChunk(seg.id, i, data, at);
      this.deps.onStored?.(data.byteLength);
    });
  }

  private close(seg: Segment): void {
    const done = (async () => {
      try {
        await seg.encoder.flush();
        seg.closing = true;
        if (!this.failed) seg.muxer.finalize();
      } catch (error) {
        this.fail(error);
      } finally {
        try {
          seg.encoder.close();
        } catch {
          // already closed by an error
        }
      }
    })();
    this.closings.push(done);
  }

  private enqueue(task: () => Promise<void>): void {
    this.writes = this.writes.then(async () => {
      if (this.failed) return;
      try {
        await task();
      } catch (error) {
        this.fail(error);
      }
    });
  }

  private fail(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.deps.onError?.(errorOf(error));
  }
}
