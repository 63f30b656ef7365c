/**
 * The hall's recorder: one microphone stream, cut into segments of about
 * AUDIO_SEGMENT_MS, each a complete file (its first chunk carries the
 * container's header) that a play can load alone.
 *
 * Where the browser has AudioWorklet and WebCodecs (`capture`, workerSink.ts),
 * none of the recording runs on the main thread: the audio thread captures, the
 * audio writer worker encodes (Opus), muxes (WebM), cuts segments, stores the
 * chunks and draws the level meter; this class starts and stops it and hears a
 * few messages a minute. Otherwise (old tablets) a MediaRecorder records, as
 * below: the fallback.
 *
 * The MediaRecorder fallback: a recorder that is replaced every AUDIO_SEGMENT_MS. *
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
  AUDIO_STORAGE_TELL_CHUNKS,
  AUDIO_TIMESLICE_MS,
  pickAudioMimeType,
  recordingTimeLeftMs,
} from '../../domain/audio.ts';
import { MeterTracker, type MeterNews } from '../../domain/audioCapture.ts';
import { directSink, segmentId, storageEstimate, type AudioSink, type AudioStopReason } from '../../storage/audio.ts';
import { OPUS_WEBM } from '../../storage/audioEncode.ts';
import type { AudioWriterEvent, ClockLook, MeterColours } from '../../storage/audioWriterProtocol.ts';
import type { DoiThoaiDb } from '../../storage/db.ts';
import { workerAudio, type AudioCapture } from './workerSink.ts';

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
  /** True while the capture path records (the worker draws the meter and the clock); false with MediaRecorder. */
  readonly offThread: boolean;
}

export interface SessionScope {
  readonly sessionId: string;
  readonly unitId: string;
  readonly conferenceId: string;
}

export interface RecorderDeps {
  /** Where the audio is written: the app's worker, or the database directly. */
  readonly sink: AudioSink;
  /** Capture off the main thread (AudioWorklet + WebCodecs in the worker); absent or refusing: MediaRecorder. */
  readonly capture?: AudioCapture | null;
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
  offThread: false,
};

/** The meter's colours (audio.css: the bar green, red when too loud, on light grey). */
export const METER_COLOURS: MeterColours = { background: '#f3f3f3', bar: '#2e7d32', loud: '#9b1c1c' };

/** The MediaRecorder fallback reads its analyser this often for the meter (the capture path's worklet measures every batch). */
const FALLBACK_METER_MS = 400;

interface Running {
  readonly scope: SessionScope;
  readonly partId: string;
  readonly stream: MediaStream;
  readonly mimeType: string;
  /** Null while the capture path records. */
  recorder: MediaRecorder | null;
  /** The capture path's events, unsubscribed at the stop. */
  unlisten: (() => void) | null;
  meterTimer: ReturnType<typeof setInterval> | undefined;
  nextIndex: number;
  rotation: ReturnType<typeof setInterval> | undefined;
  analyser: AnalyserNode | null;
  context: AudioContext | null;
  samples: Float32Array<ArrayBuffer> | null;
  /** Stored in this part so far; published in the state only now and then (AUDIO_STORAGE_TELL_CHUNKS). */
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
  private readonly meterListeners = new Set<(m: MeterNews) => void>();
  private meterNews: MeterNews = { level: 0, silent: false };
  /** The fallback draws the meter here, on the main thread (the capture path hands the canvas to the worker). */
  private meterCanvas: { ctx: CanvasRenderingContext2D; width: number; height: number; drawn: number } | null = null;

  constructor(private readonly deps: RecorderDeps) {}

  /**
   * The meter's accessible value and the dead-microphone warning, told only when they change enough
   * (domain/audioCapture.ts MeterTracker): a few times a minute, not per reading.
   */
  subscribeMeter(listener: (m: MeterNews) => void): () => void {
    this.meterListeners.add(listener);
    listener(this.meterNews);
    return () => this.meterListeners.delete(listener);
  }

  private tellMeter(news: MeterNews): void {
    this.meterNews = news;
    for (const l of this.meterListeners) l(news);
  }

  /**
   * The panel's meter canvas. While the capture path records it is handed to the worker, which draws
   * it: the compositor shows each frame with no work on this thread. Otherwise it is drawn here.
   */
  attachMeter(canvas: HTMLCanvasElement): void {
    const capture = this.running && !this.running.recorder ? this.deps.capture : null;
    if (capture) return capture.attachMeter(canvas, METER_COLOURS);
    const ctx = canvas.getContext('2d');
    this.meterCanvas = ctx ? { ctx, width: canvas.width, height: canvas.height, drawn: -1 } : null;
  }

  /** The clock's canvas, drawn by the worker once a second while the capture path records (offThread). */
  attachClock(canvas: HTMLCanvasElement, look: ClockLook): void {
    if (this.running && !this.running.recorder) this.deps.capture?.attachClock(canvas, look);
  }

  private drawFallbackMeter(level: number): void {
    const m = this.meterCanvas;
    if (!m) return;
    const w = Math.round(level * m.width);
    if (w === m.drawn) return;
    m.drawn = w;
    m.ctx.fillStyle = METER_COLOURS.background;
    m.ctx.fillRect(0, 0, m.width, m.height);
    m.ctx.fillStyle = level >= 0.9 ? METER_COLOURS.loud : METER_COLOURS.bar;
    m.ctx.fillRect(0, 0, w, m.height);
  }

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
    const capture = this.deps.capture ?? null;
    const RecorderCtor = globalThis.MediaRecorder as typeof MediaRecorder | undefined;
    const isSupported = this.deps.isTypeSupported ?? ((m: string) => RecorderCtor?.isTypeSupported(m) ?? false);
    const hasRecorder = Boolean(this.deps.createRecorder || RecorderCtor);
    const fallbackMime = hasRecorder ? pickAudioMimeType(isSupported) : null;
    if (!capture && !hasRecorder) return this.set({ ...IDLE, problem: 'no_recorder' });
    if (!capture && !fallbackMime) return this.set({ ...IDLE, problem: 'no_format' });
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
    const segmentMs = this.deps.segmentMs ?? AUDIO_SEGMENT_MS;
    const part = { id: partId, sessionId: scope.sessionId, unitId: scope.unitId, conferenceId: scope.conferenceId, startedAt };
    // The capture path first; it begins the part itself, in the worker, only once it is sure to run.
    const captured = capture !== null && (await capture.start(stream, { ...part, mimeType: OPUS_WEBM }, this.deps.now() - Date.now(), segmentMs).catch(() => false));
    const mimeType = captured ? OPUS_WEBM : fallbackMime;
    if (!mimeType) {
      for (const t of stream.getTracks()) t.stop();
      return this.set({ ...IDLE, problem: hasRecorder ? 'no_format' : 'no_recorder' });
    }
    if (!captured) this.enqueue(() => this.deps.sink.beginPart({ ...part, mimeType }));
    const running: Running = {
      scope,
      partId,
      stream,
      mimeType,
      recorder: null,
      unlisten: null,
      meterTimer: undefined,
      nextIndex: 0,
      rotation: undefined,
      analyser: null,
      context: null,
      samples: null,
      bytes: 0,
      chunksSinceEstimate: AUDIO_STORAGE_TELL_CHUNKS,
      wakeLock: null,
    };
    this.running = running;
    this.tellMeter({ level: 0, silent: false });
    if (captured && capture) {
      running.unlisten = capture.onEvent((e) => this.onCaptureEvent(running, e));
    } else {
      running.recorder = this.startSegment(running);
      running.rotation = setInterval(() => this.rotate(), segmentMs);
      this.attachAnalyser(running);
    }
    void this.keepAwake(running);
    this.set({ phase: 'recording', partId, startedAt, mimeType, offThread: Boolean(captured) });
  }

  /**
   * The worker's news while the capture path records: the meter's band when it changes; every ten chunks
   * the bytes stored, the storage estimate and the meter's value together (one state change, one repaint);
   * a failure.
   */
  private onCaptureEvent(running: Running, e: AudioWriterEvent): void {
    if (this.running !== running) return;
    if (e.event === 'meter') return this.tellMeter(e.news);
    if (e.event === 'failed') {
      const quota = e.name === 'QuotaExceededError';
      return void this.stop(quota ? 'quota' : 'error', quota ? 'quota' : 'write_failed');
    }
    running.bytes = e.bytes;
    if (e.news) this.tellMeter(e.news);
    this.tellStorage(running, e);
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
    if (!running?.recorder || this.state.phase !== 'recording') return;
    const old = running.recorder;
    running.recorder = this.startSegment(running);
    if (old.state !== 'inactive') old.stop();
  }

  /** The fallback's meter: an analyser read on this thread every FALLBACK_METER_MS. */
  private attachAnalyser(running: Running): void {
    try {
      const context = this.deps.audioContext ? this.deps.audioContext() : new AudioContext();
      if (!context) return;
      const analyser = context.createAnalyser();
      analyser.fftSize = 1024;
      context.createMediaStreamSource(running.stream).connect(analyser);
      running.context = context;
      running.analyser = analyser;
      running.samples = new Float32Array(analyser.fftSize);
      const tracker = new MeterTracker();
      running.meterTimer = setInterval(() => {
        const level = this.level();
        this.drawFallbackMeter(level);
        const news = tracker.reading(level, performance.now());
        if (news) this.tellMeter(news);
      }, FALLBACK_METER_MS);
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

  /** Every AUDIO_STORAGE_TELL_CHUNKS chunks (the MediaRecorder path; the capture path's worker reads it itself): the storage left, and one state change telling the bytes and the time left together. */
  private async checkQuota(running: Running): Promise<void> {
    if (++running.chunksSinceEstimate < AUDIO_STORAGE_TELL_CHUNKS) return;
    running.chunksSinceEstimate = 0;
    const e = await (this.deps.estimate ?? storageEstimate)().catch(() => ({}) as { usage?: number; quota?: number });
    if (this.running === running) this.tellStorage(running, e);
  }

  /** The bytes stored and the time left at the current rate, in one state change; stops when only the reserve is left. */
  private tellStorage(running: Running, e: { usage?: number | undefined; quota?: number | undefined }): void {
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
    clearInterval(running.meterTimer);
    running.unlisten?.();
    const recorder = running.recorder;
    if (!recorder) {
      // The capture path: the worklet's last batch is encoded and every chunk stored before this resolves.
      await this.deps.capture?.stop().catch(() => {});
    } else if (recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        recorder.addEventListener('stop', () => resolve(), { once: true });
        recorder.stop();
      });
    }
    for (const t of running.stream.getTracks()) t.stop();
    void running.context?.close().catch(() => {});
    void running.wakeLock?.release().catch(() => {});
    this.running = null;
    this.meterCanvas = null;
    this.tellMeter({ level: 0, silent: false });
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
    const audio = typeof Worker === 'function' ? workerAudio(db) : { sink: directSink(db), capture: null };
    r = new HallRecorder({ sink: audio.sink, capture: audio.capture, now, newId });
    recorders.set(db, r);
  }
  return r;
}
