/**
 * The hall's recorder: one microphone stream, recorded by a MediaRecorder that
 * is replaced every AUDIO_SEGMENT_MS so each segment is a complete file (its
 * first chunk carries the container's header) that a play can load alone.
 *
 * At a rotation the next recorder starts BEFORE the previous one stops, on the
 * same stream: the two overlap by a few milliseconds instead of leaving a gap,
 * and the player skips the overlap (domain/audio.ts nextPosition).
 *
 * Every chunk (AUDIO_TIMESLICE_MS) goes to IndexedDB as it arrives, through
 * storage/audio.ts, one write after another in arrival order. No Solid here:
 * screens subscribe to its state. One recorder per database (per app), so it
 * goes on while the secretary moves between screens.
 */
import {
  AUDIO_BITS_PER_SECOND,
  AUDIO_RESERVE_BYTES,
  AUDIO_SEGMENT_MS,
  AUDIO_TIMESLICE_MS,
  pickAudioMimeType,
  recordingTimeLeftMs,
} from '../../domain/audio.ts';
import { directSink, segmentId, type AudioSink, type AudioStopReason } from '../../storage/audio.ts';
import type { DoiThoaiDb } from '../../storage/db.ts';
import { workerSink } from './workerSink.ts';

export type RecorderPhase = 'idle' | 'starting' | 'recording' | 'stopping';

/** Why the recorder could not start or had to stop, as a code the screen translates. */
export type RecorderProblem = 'no_recorder' | 'no_format' | 'mic_denied' | 'mic_missing' | 'quota' | 'write_failed' | 'recorder_error';

export interface RecorderState {
  readonly phase: RecorderPhase;
  readonly sessionId: string | null;
  readonly partId: string | null;
  /** Room clock, ms. */
  readonly startedAt: number | null;
  readonly mimeType: string | null;
  /** Stored in this part so far, as of the last storage check (the first chunk, then about every 10 s). */
  readonly bytes: number;
  /** At the current rate, before only the reserve is left; null until measured. */
  readonly timeLeftMs: number | null;
  readonly usageBytes: number | null;
  readonly problem: RecorderProblem | null;
  readonly stoppedBecause: AudioStopReason | null;
}

export interface SessionScope {
  readonly sessionId: string;
  readonly unitId: string;
  readonly conferenceId: string;
}

export interface RecorderDeps {
  /** Where the audio is written: the app's worker, or the database directly. */
  readonly sink: AudioSink;
  /** The room's clock. */
  readonly now: () => number;
  readonly newId: () => string;
  readonly getUserMedia?: () => Promise<MediaStream>;
  readonly createRecorder?: (stream: MediaStream, options: MediaRecorderOptions) => MediaRecorder;
  readonly isTypeSupported?: (mime: string) => boolean;
  readonly estimate?: () => Promise<{ usage?: number; quota?: number }>;
  readonly audioContext?: () => AudioContext | null;
  readonly segmentMs?: number;
}

const IDLE: RecorderState = {
  phase: 'idle',
  sessionId: null,
  partId: null,
  startedAt: null,
  mimeType: null,
  bytes: 0,
  timeLeftMs: null,
  usageBytes: null,
  problem: null,
  stoppedBecause: null,
};

/**
 * How often (in chunks, about seconds) the storage estimate is read and the bytes stored are told to the
 * screens: the first chunk (so the secretary sees at once that audio is being kept), then every ten. Each
 * telling re-renders the recorder's panel on the main thread she types on; a size that moves by a few KB
 * a second is not worth that, and the rate, hence the time left, changes slowly.
 */
const ESTIMATE_EVERY_CHUNKS = 10;

interface Running {
  readonly scope: SessionScope;
  readonly partId: string;
  readonly stream: MediaStream;
  readonly mimeType: string;
  recorder: MediaRecorder;
  nextIndex: number;
  rotation: ReturnType<typeof setInterval> | undefined;
  analyser: AnalyserNode | null;
  context: AudioContext | null;
  samples: Float32Array<ArrayBuffer> | null;
  /** Stored in this part so far; published in the state only now and then (ESTIMATE_EVERY_CHUNKS). */
  bytes: number;
  chunksSinceEstimate: number;
  wakeLock: { release(): Promise<void> } | null;
}

export class HallRecorder {
  private state: RecorderState = IDLE;
  private running: Running | null = null;
  /** Every storage write, in arrival order: a chunk is never written before its segment, nor before the chunk before it. */
  private writes: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(s: RecorderState) => void>();

  constructor(private readonly deps: RecorderDeps) {}

  get current(): RecorderState {
    return this.state;
  }

  subscribe(listener: (s: RecorderState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<RecorderState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  /** 0..1, the microphone's loudness now (RMS of the last ~20 ms); 0 when not recording. */
  level(): number {
    const r = this.running;
    if (!r?.analyser || !r.samples) return 0;
    r.analyser.getFloatTimeDomainData(r.samples);
    let sum = 0;
    for (const x of r.samples) sum += x * x;
    return Math.min(1, Math.sqrt(sum / r.samples.length) * 4);
  }

  async start(scope: SessionScope): Promise<void> {
    if (this.state.phase !== 'idle') return;
    const RecorderCtor = globalThis.MediaRecorder as typeof MediaRecorder | undefined;
    const isSupported = this.deps.isTypeSupported ?? ((m: string) => RecorderCtor?.isTypeSupported(m) ?? false);
    if (!this.deps.createRecorder && !RecorderCtor) return this.set({ ...IDLE, problem: 'no_recorder' });
    const mimeType = pickAudioMimeType(isSupported);
    if (!mimeType) return this.set({ ...IDLE, problem: 'no_format' });
    this.set({ ...IDLE, phase: 'starting', sessionId: scope.sessionId });
    let stream: MediaStream;
    try {
      stream = await (this.deps.getUserMedia ??
        (() =>
          // Speech in a hall, for the record: one channel, nothing taken out. Echo cancellation would eat the
          // loudspeakers' sound and noise suppression a steady voice; gain control keeps a far speaker audible.
          navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: true } })))();
    } catch (error) {
      const name = (error as { name?: string }).name;
      return this.set({ ...IDLE, problem: name === 'NotFoundError' || name === 'OverconstrainedError' ? 'mic_missing' : 'mic_denied' });
    }
    const partId = this.deps.newId();
    const startedAt = this.deps.now();
    this.enqueue(() =>
      this.deps.sink.beginPart({ id: partId, sessionId: scope.sessionId, unitId: scope.unitId, conferenceId: scope.conferenceId, mimeType, startedAt }),
    );
    const running: Running = {
      scope,
      partId,
      stream,
      mimeType,
      recorder: undefined as unknown as MediaRecorder,
      nextIndex: 0,
      rotation: undefined,
      analyser: null,
      context: null,
      samples: null,
      bytes: 0,
      chunksSinceEstimate: ESTIMATE_EVERY_CHUNKS,
      wakeLock: null,
    };
    this.running = running;
    running.recorder = this.startSegment(running);
    running.rotation = setInterval(() => this.rotate(), this.deps.segmentMs ?? AUDIO_SEGMENT_MS);
    this.attachMeter(running);
    void this.keepAwake(running);
    this.set({ phase: 'recording', partId, startedAt, mimeType });
  }

  private startSegment(running: Running): MediaRecorder {
    const options: MediaRecorderOptions = { mimeType: running.mimeType, audioBitsPerSecond: AUDIO_BITS_PER_SECOND };
    const recorder = this.deps.createRecorder ? this.deps.createRecorder(running.stream, options) : new MediaRecorder(running.stream, options);
    const index = running.nextIndex++;
    const id = segmentId(running.partId, index);
    const { sink } = this.deps;
    // The segment's start is when its recorder says it started, not when it was asked to: that is the
    // instant its first sample belongs to, and what a play from a moment seeks by. Its chunks come after.
    recorder.onstart = () => {
      const startedAt = this.deps.now();
      this.enqueue(() => sink.beginSegment({ partId: running.partId, sessionId: running.scope.sessionId, index, mimeType: running.mimeType, startedAt }));
    };
    let chunk = 0;
    recorder.ondataavailable = (e: BlobEvent) => {
      if (e.data.size === 0) return;
      const i = chunk++;
      const at = this.deps.now();
      const data = e.data;
      this.enqueue(async () => {
        running.bytes += await sink.appendChunk(id, i, data, at);
        await this.checkQuota(running);
      });
    };
    recorder.onerror = () => void this.stop('error', 'recorder_error');
    recorder.start(AUDIO_TIMESLICE_MS);
    return recorder;
  }

  /** The next segment's recorder starts first, then the current one stops: they overlap, nothing is lost between them. */
  rotate(): void {
    const running = this.running;
    if (!running || this.state.phase !== 'recording') return;
    const old = running.recorder;
    running.recorder = this.startSegment(running);
    if (old.state !== 'inactive') old.stop();
  }

  private attachMeter(running: Running): void {
    try {
      const context = this.deps.audioContext ? this.deps.audioContext() : new AudioContext();
      if (!context) return;
      const analyser = context.createAnalyser();
      analyser.fftSize = 1024;
      context.createMediaStreamSource(running.stream).connect(analyser);
      running.context = context;
      running.analyser = analyser;
      running.samples = new Float32Array(analyser.fftSize);
    } catch {
      // No Web Audio: the recording goes on without a meter.
    }
  }

  /** A tablet that dims and sleeps mid-session would stop the microphone. */
  private async keepAwake(running: Running): Promise<void> {
    try {
      const wakeLock = (navigator as Navigator & { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } }).wakeLock;
      if (wakeLock) running.wakeLock = await wakeLock.request('screen');
    } catch {
      // refused (battery saver, no gesture): recording does not depend on it
    }
  }

  /** Every ESTIMATE_EVERY_CHUNKS chunks: the storage left, and one state change telling the bytes and the time left together. */
  private async checkQuota(running: Running): Promise<void> {
    if (++running.chunksSinceEstimate < ESTIMATE_EVERY_CHUNKS) return;
    running.chunksSinceEstimate = 0;
    const estimate = this.deps.estimate ?? (() => navigator.storage?.estimate?.() ?? Promise.resolve({}));
    const e = await estimate().catch(() => ({}) as { usage?: number; quota?: number });
    if (this.running !== running) return;
    if (e.usage === undefined || e.quota === undefined) return this.set({ bytes: running.bytes });
    const seconds = Math.max(1, (this.deps.now() - (this.state.startedAt ?? this.deps.now())) / 1000);
    const timeLeftMs = recordingTimeLeftMs({ usage: e.usage, quota: e.quota }, running.bytes / seconds, AUDIO_RESERVE_BYTES);
    this.set({ bytes: running.bytes, timeLeftMs, usageBytes: e.usage });
    if (timeLeftMs <= 0) void this.stop('quota', 'quota');
  }

  private enqueue(task: () => Promise<void>): void {
    this.writes = this.writes.then(task).catch((error: unknown) => {
      const quota = (error as { name?: string }).name === 'QuotaExceededError' || (error as { inner?: { name?: string } }).inner?.name === 'QuotaExceededError';
      void this.stop(quota ? 'quota' : 'error', quota ? 'quota' : 'write_failed');
    });
  }

  /**
   * Stops and keeps everything recorded: the last recorder hands over its final
   * chunk, every write lands, then the part is closed. `reason` says why (the
   * person, a full disk, a failure), and the screen shows it.
   */
  async stop(reason: AudioStopReason = 'user', problem: RecorderProblem | null = null): Promise<void> {
    const running = this.running;
    if (!running || this.state.phase === 'stopping') return;
    this.set({ phase: 'stopping' });
    clearInterval(running.rotation);
    const recorder = running.recorder;
    if (recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        recorder.addEventListener('stop', () => resolve(), { once: true });
        recorder.stop();
      });
    }
    for (const t of running.stream.getTracks()) t.stop();
    void running.context?.close().catch(() => {});
    void running.wakeLock?.release().catch(() => {});
    this.running = null;
    // The last chunk's write was queued by the recorder's final dataavailable, before its stop event.
    const { sink } = this.deps;
    this.writes = this.writes.then(() => sink.endPart(running.partId, 'stopped', reason)).catch(() => {});
    await this.writes;
    this.set({ ...IDLE, problem, stoppedBecause: reason });
  }
}

const recorders = new WeakMap<DoiThoaiDb, HallRecorder>();

/** The app's one recorder for this database: it outlives the screen that started it. */
export function hallRecorderFor(db: DoiThoaiDb, now: () => number, newId: () => string): HallRecorder {
  let r = recorders.get(db);
  if (!r) {
    r = new HallRecorder({ sink: typeof Worker === 'function' ? workerSink(db) : directSink(db), now, newId });
    recorders.set(db, r);
  }
  return r;
}
