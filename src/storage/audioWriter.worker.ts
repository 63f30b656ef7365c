/**
 * The hall's audio is written here, off the main thread. Two ways in:
 *
 * - Capture (AudioWorklet + WebCodecs, where the browser has both): the capture worklet's PCM batches
 *   arrive on a MessagePort straight from the audio thread; they are encoded to Opus and muxed to WebM
 *   here (audioEncode.ts) and stored as chunks, and the level meter is drawn here on an OffscreenCanvas.
 *   The page's main thread hears only what a person must see: the bytes stored now and then, the meter's
 *   band when it changes, a failure.
 * - MediaRecorder (the fallback): each second's chunk (a Blob, passed by reference) becomes its rows
 *   through the same storage functions a test calls directly.
 *
 * Requests are handled one after another, in order: a chunk is never stored before its segment, nor
 * before the chunk before it.
 */
import { MeterTracker, type CaptureMessage } from '../domain/audioCapture.ts';
import { openDatabase } from './db.ts';
import { appendChunk, beginSegment, directSink, storageEstimate } from './audio.ts';
import { EncodePipeline, OPUS_CONFIG } from './audioEncode.ts';
import { AUDIO_STORAGE_TELL_CHUNKS, durationText } from '../domain/audio.ts';
import type { AudioWriterEvent, AudioWriterReply, AudioWriterRequest, ClockLook, MeterColours } from './audioWriterProtocol.ts';

const scope = globalThis as unknown as {
  addEventListener(type: 'message', listener: (e: MessageEvent<AudioWriterRequest>) => void): void;
  postMessage(message: AudioWriterReply | AudioWriterEvent): void;
};

let database: ReturnType<typeof openDatabase> | null = null;
let sink: ReturnType<typeof directSink> | null = null;
/** The same database, through a connection whose writes wake no live query (see below). */
let quietDb: ReturnType<typeof openDatabase> | null = null;
let quietSink: ReturnType<typeof directSink> | null = null;
let queue: Promise<void> = Promise.resolve();

/**
 * Dexie tells every other context of the origin about each write (a BroadcastChannel message), and in
 * the page each message is matched against every live query the minutes screen holds: on the main
 * thread, once a second, for rows no screen observes (the player reads the segments on its own
 * schedule). So the chunks, the only once-a-second writes, go through a connection without Dexie's
 * observability middleware; a part's start and end, rare and worth seeing, still go out as usual.
 */
function quietDatabase(name: string) {
  return openDatabase(name).unuse({ stack: 'dbcore', name: 'Observability' });
}

interface Capture {
  readonly pipeline: EncodePipeline;
  readonly port: MessagePort;
  /** Resolves when the worklet's end mark arrives (after a stop). */
  readonly ended: Promise<void>;
}
let capture: Capture | null = null;

// ------------------------------------------------------------------ the level meter
let meter: { ctx: OffscreenCanvasRenderingContext2D; width: number; height: number; colours: MeterColours; drawn: number } | null = null;
let tracker = new MeterTracker();

/** The bar moves in this many steps, and at most every METER_FRAME_MS: enough to see a voice, and a dead microphone at once. */
const METER_STEPS = 16;
const METER_FRAME_MS = 200;
let meterDrawnAt = -Infinity;

/**
 * The bar: drawn only when it moves by a step, at most every METER_FRAME_MS (`force`: the last, empty
 * one at a stop). The compositor shows the canvas with no main-thread work, but each frame still hands
 * the page a small task (the canvas's placeholder is told of it), so the frames are few.
 */
function drawMeter(level: number, force = false): void {
  if (!meter) return;
  const w = Math.round((Math.round(level * METER_STEPS) / METER_STEPS) * meter.width);
  const t = performance.now();
  if (w === meter.drawn || (!force && t - meterDrawnAt < METER_FRAME_MS)) return;
  meter.drawn = w;
  meterDrawnAt = t;
  const { ctx, width, height, colours } = meter;
  ctx.fillStyle = colours.background;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = level >= 0.9 ? colours.loud : colours.bar;
  ctx.fillRect(0, 0, w, height);
}

// ------------------------------------------------------------------ the recording's clock
let clock: { ctx: OffscreenCanvasRenderingContext2D; width: number; height: number; look: ClockLook; shown: string } | null = null;
let clockTimer: ReturnType<typeof setTimeout> | undefined;
/** Room clock, ms, when the part being captured started; null when none is. */
let clockFrom: { startedAt: number; offset: number } | null = null;

function drawClock(text: string): void {
  if (!clock || clock.shown === text) return;
  clock.shown = text;
  const { ctx, width, height, look } = clock;
  ctx.clearRect(0, 0, width, height);
  ctx.font = look.font;
  ctx.fillStyle = look.colour;
  ctx.textBaseline = 'middle';
  ctx.fillText(text, 0, height / 2);
}

/** Once a second, on the recording's own seconds: the new text is drawn and shown by the compositor alone. */
function tickClock(): void {
  clearTimeout(clockTimer);
  if (!clockFrom) return drawClock('');
  const elapsed = Date.now() + clockFrom.offset - clockFrom.startedAt;
  drawClock(durationText(elapsed));
  clockTimer = setTimeout(tickClock, 1000 - (((elapsed % 1000) + 1000) % 1000) + 5);
}

function startCapture(req: Extract<AudioWriterRequest, { kind: 'captureStart' }>, db: ReturnType<typeof openDatabase>, quiet: ReturnType<typeof openDatabase>): void {
  let stored = 0;
  let chunks = 0;
  const pipeline = new EncodePipeline({
    partId: req.part.id,
    sessionId: req.part.sessionId,
    segmentMs: req.segmentMs,
    sampleRate: req.sampleRate,
    now: () => Date.now() + req.clockOffset,
    writer: {
      // A segment's start is seen by the screens (the player lists segments); its chunks are not (see quietDatabase).
      beginSegment: async (segment) => void (await beginSegment(db, segment)),
      appendChunk: (segment, index, data, at) => appendChunk(quiet, segment, index, data, at),
    },
    onStored: (bytes) => {
      stored += bytes;
      if (chunks++ % AUDIO_STORAGE_TELL_CHUNKS !== 0) return;
      const told = stored;
      // The estimate is read here, beside the writes: read on the page, its answer would be one more
      // task on the thread the secretary types on, and a second repaint of the storage line.
      void storageEstimate().then((e) => scope.postMessage({ event: 'stored', bytes: told, usage: e.usage, quota: e.quota, news: tracker.latest }));
    },
    onError: (error) => scope.postMessage({ event: 'failed', ...error }),
  });
  let end: () => void = () => {};
  const ended = new Promise<void>((resolve) => (end = resolve));
  // The value moving inside speech is not told on its own: it goes with the storage news (onStored).
  tracker = new MeterTracker(Infinity);
  req.port.onmessage = (e: MessageEvent<CaptureMessage>) => {
    const m = e.data;
    if (m.kind === 'end') return end();
    pipeline.push(m.batch.samples);
    drawMeter(m.batch.level);
    const news = tracker.reading(m.batch.level, performance.now());
    if (news) scope.postMessage({ event: 'meter', news });
  };
  capture = { pipeline, port: req.port, ended };
  clockFrom = { startedAt: req.part.startedAt, offset: req.clockOffset };
  tickClock();
}

async function stopCapture(): Promise<void> {
  const c = capture;
  if (!c) return;
  capture = null;
  // The worklet's last short batch and its end mark; not forever if the audio thread has already stopped.
  await Promise.race([c.ended, new Promise((resolve) => setTimeout(resolve, 1_000))]);
  c.port.close();
  await c.pipeline.stop();
  drawMeter(0, true);
  clockFrom = null;
  tickClock();
}

scope.addEventListener('message', (e) => {
  const req = e.data;
  // The meter's canvas is taken at once: it waits behind no write.
  if (req.kind === 'meterCanvas') {
    const ctx = req.canvas.getContext('2d');
    meter = ctx ? { ctx, width: req.canvas.width, height: req.canvas.height, colours: req.colours, drawn: -1 } : null;
    drawMeter(0, true);
    return;
  }
  if (req.kind === 'clockCanvas') {
    const ctx = req.canvas.getContext('2d');
    clock = ctx ? { ctx, width: req.canvas.width, height: req.canvas.height, look: req.look, shown: '' } : null;
    tickClock();
    return;
  }
  queue = queue.then(async () => {
    try {
      const db = (database ??= openDatabase(req.dbName));
      sink ??= directSink(db);
      quietDb ??= quietDatabase(req.dbName);
      quietSink ??= directSink(quietDb);
      let bytes = 0;
      if (req.kind === 'beginPart') await sink.beginPart(req.part);
      else if (req.kind === 'beginSegment') await sink.beginSegment(req.segment);
      else if (req.kind === 'chunk') bytes = await quietSink.appendChunk(req.segmentId, req.index, req.data, req.at);
      else if (req.kind === 'captureStart') {
        const support = await AudioEncoder.isConfigSupported(OPUS_CONFIG(req.sampleRate));
        if (!support.supported) throw Object.assign(new Error('Opus encoding is not supported'), { name: 'NotSupportedError' });
        // The part is begun here, once capture is sure to run, before any of its segments.
        await sink.beginPart(req.part);
        startCapture(req, db, quietDb);
      } else if (req.kind === 'captureStop') await stopCapture();
      else await sink.endPart(req.partId, req.status, req.reason);
      scope.postMessage({ id: req.id, ok: true, bytes });
    } catch (error) {
      const err = error as { name?: string; message?: string; inner?: { name?: string } };
      scope.postMessage({ id: req.id, ok: false, name: err.inner?.name ?? err.name ?? 'Error', message: String(err.message ?? error) });
    }
  });
});
