/**
 * The hall recorder's capture, as pure rules (issue 11): how the microphone's samples are batched on
 * the audio thread, how loud they are, and when the level meter tells the screen anything.
 *
 * Why batches: the AudioWorklet's process() gets 128 frames (2.7 ms at 48 kHz) at a time; posting each
 * would wake the audio writer worker 375 times a second. A batch of BATCH_FRAMES (100 ms) is posted
 * whole, its buffer transferred, not copied. Why a meter tracker: the screen's accessible meter and the
 * dead-microphone warning are the only things the page's main thread must hear of; the bar itself is
 * drawn off the main thread, so the value is told only when sound starts or stops, when the warning
 * starts or ends, or otherwise at most every METER_TELL_MS.
 */

/** 100 ms at 48 kHz: ten messages a second from the audio thread to the writer worker. */
export const BATCH_FRAMES = 4_800;

/** A batch of mono PCM from the audio thread: `frames` samples from audio-clock frame `startFrame`, and their loudness. */
export interface PcmBatch {
  readonly samples: Float32Array<ArrayBuffer>;
  readonly startFrame: number;
  /** 0..1 (levelOf of the batch's RMS). */
  readonly level: number;
}

/** The capture worklet's processor name (ui/audio/captureWorklet.ts registers it, the recorder makes its node). */
export const CAPTURE_PROCESSOR = 'doithoai-capture';

/** What the audio writer worker receives from the worklet: each batch, then an end mark after a stop. */
export type CaptureMessage = { readonly kind: 'pcm'; readonly batch: PcmBatch } | { readonly kind: 'end' };

/** Root mean square of `samples[0..length)`. */
export function rms(samples: ArrayLike<number>, length = samples.length): number {
  if (length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const x = samples[i] ?? 0;
    sum += x * x;
  }
  return Math.sqrt(sum / length);
}

/** The meter's 0..1 from an RMS: speech in a hall is around 0.05-0.2 RMS, so ×4 puts it mid-bar. */
export function levelOf(rmsValue: number): number {
  return Math.min(1, rmsValue * 4);
}

/**
 * Gathers the audio thread's 128-frame blocks into batches of `size` frames. `push` returns the
 * finished batch when one fills (then starts a fresh buffer: the full one is handed over, transferred),
 * otherwise null. Frames are never dropped or reordered: a block that straddles two batches is split.
 */
export class PcmBatcher {
  private buffer: Float32Array<ArrayBuffer>;
  private filled = 0;
  private sumSquares = 0;
  private start = 0;

  constructor(private readonly size = BATCH_FRAMES) {
    this.buffer = new Float32Array(size);
  }

  /** `block` was captured from audio-clock frame `frame` on. */
  push(block: Float32Array, frame: number): PcmBatch[] {
    const out: PcmBatch[] = [];
    let offset = 0;
    while (offset < block.length) {
      if (this.filled === 0) this.start = frame + offset;
      const n = Math.min(block.length - offset, this.size - this.filled);
      for (let i = 0; i < n; i++) {
        const x = block[offset + i] ?? 0;
        this.buffer[this.filled + i] = x;
        this.sumSquares += x * x;
      }
      this.filled += n;
      offset += n;
      if (this.filled === this.size) out.push(this.take());
    }
    return out;
  }

  /** What is gathered so far, as a short batch (at a stop), or null when empty. */
  flush(): PcmBatch | null {
    return this.filled === 0 ? null : this.take();
  }

  private take(): PcmBatch {
    const samples = this.filled === this.size ? this.buffer : this.buffer.slice(0, this.filled);
    const batch = { samples, startFrame: this.start, level: levelOf(Math.sqrt(this.sumSquares / this.filled)) };
    this.buffer = new Float32Array(this.size);
    this.filled = 0;
    this.sumSquares = 0;
    return batch;
  }
}

/** Below this level for SILENCE_MS the screen warns: a hall is never that quiet while someone speaks. */
export const SILENT_LEVEL = 0.01;
export const SILENCE_MS = 5_000;
/** At or above this the voice is too loud (clipping near). */
export const LOUD_LEVEL = 0.9;
/**
 * While sound goes on, the accessible value is told at most this often: each telling is a task on the
 * main thread (a message, an attribute); the bar shows the level as it moves.
 */
export const METER_TELL_MS = 10_000;
/** Sound starting or stopping is told at once, but not more than once a second (speech dips to silence between words). */
export const BAND_TELL_MS = 1_000;

export type LevelBand = 'silent' | 'speech' | 'loud';

export function bandOf(level: number): LevelBand {
  return level < SILENT_LEVEL ? 'silent' : level >= LOUD_LEVEL ? 'loud' : 'speech';
}

/**
 * Whether the microphone hears anything: the change the screen is told of at once. Speech touches the
 * top of the bar (too loud) and falls back several times a second; that is the bar's to show (drawn off
 * the main thread), not worth telling the page each time.
 */
const hears = (level: number) => bandOf(level) !== 'silent';

/** What the screen is told: the meter's accessible value (a tenth), and whether the dead-microphone warning shows. */
export interface MeterNews {
  readonly level: number;
  readonly silent: boolean;
}

/**
 * Decides, reading after reading, when the screen hears of the level: at the first reading, when the
 * warning starts or ends, when sound starts or stops (at most every BAND_TELL_MS), and otherwise at most every `valueEveryMs` if the
 * value (to a tenth) moved. `at` is any monotonic clock in ms.
 */
export class MeterTracker {
  private told: MeterNews | null = null;
  private toldHears: boolean | null = null;
  private toldAt = 0;
  private quietSince: number | null = null;
  private lastReading: MeterNews = { level: 0, silent: false };

  /**
   * `valueEveryMs`: how often a value moving inside speech is told (METER_TELL_MS). The audio writer
   * worker passes Infinity and sends `latest` with its storage news instead: one message, not two.
   */
  constructor(private readonly valueEveryMs: number = METER_TELL_MS) {}

  /** The last reading's news, told or not: for a caller that tells the value on a schedule of its own. */
  get latest(): MeterNews {
    return this.lastReading;
  }

  reading(level: number, at: number): MeterNews | null {
    if (level >= SILENT_LEVEL) this.quietSince = null;
    else this.quietSince ??= at;
    const news: MeterNews = { level: Math.round(level * 10) / 10, silent: this.quietSince !== null && at - this.quietSince >= SILENCE_MS };
    this.lastReading = news;
    const last = this.told;
    const band = hears(level);
    const since = at - this.toldAt;
    const due =
      last === null ||
      news.silent !== last.silent ||
      (band !== this.toldHears && since >= BAND_TELL_MS) ||
      (news.level !== last.level && since >= this.valueEveryMs);
    if (!due) return null;
    this.told = news;
    this.toldHears = band;
    this.toldAt = at;
    return news;
  }
}
