/**
 * The recorder's writes through the audio writer worker (storage/audioWriter.worker.ts), so that
 * recording costs the main thread as little as it can. Two ways:
 *
 * - capture (`AudioCapture`): an AudioWorklet takes the microphone's samples on the audio thread and
 *   posts them over a MessageChannel straight to the worker, which encodes (WebCodecs' AudioEncoder,
 *   Opus), muxes (WebM) and stores them and draws the level meter on an OffscreenCanvas. The page
 *   builds the audio graph once, then hears only a few messages a minute.
 * - the sink (`AudioSink`): the MediaRecorder fallback's chunks, handed to the worker one by one.
 *
 * Where a worker cannot start, the writes go straight to the database and there is no capture.
 */
import { CAPTURE_PROCESSOR } from '../../domain/audioCapture.ts';
import { directSink, type AudioPartRow, type AudioSink } from '../../storage/audio.ts';
import { CAPTURE_SAMPLE_RATE } from '../../storage/audioEncode.ts';
import type { DoiThoaiDb } from '../../storage/db.ts';
import type { AudioWriterEvent, AudioWriterReply, AudioWriterRequest, ClockLook, MeterColours } from '../../storage/audioWriterProtocol.ts';
import workletUrl from './captureWorklet.ts?worker&url';

/** A request without its id and database name (added here). */
type Body = AudioWriterRequest extends infer R ? (R extends AudioWriterRequest ? Omit<R, 'id' | 'dbName'> : never) : never;

/** The capture path's controls (hallRecorder.ts uses them when `start` says it runs). */
export interface AudioCapture {
  /** Builds the audio graph and starts the worker's encoder; false (nothing written) where this browser cannot: use MediaRecorder. */
  start(stream: MediaStream, part: Omit<AudioPartRow, 'endedAt' | 'status' | 'stopReason'>, clockOffset: number, segmentMs: number): Promise<boolean>;
  /** Stops the graph; resolves once every chunk is stored. */
  stop(): Promise<void>;
  /** Hands the meter's canvas to the worker (a canvas can be handed over once; a new panel brings a new one). */
  attachMeter(canvas: HTMLCanvasElement, colours: MeterColours): void;
  /** Hands the clock's canvas to the worker, which draws the recording's time on it once a second. */
  attachClock(canvas: HTMLCanvasElement, look: ClockLook): void;
  /** What the worker tells while capturing. */
  onEvent(listener: (e: AudioWriterEvent) => void): () => void;
}

export interface WorkerAudio {
  readonly sink: AudioSink;
  readonly capture: AudioCapture | null;
}

/** The browser has what capture needs on the page's side (the worker checks its encoder itself). */
export function captureSupported(): boolean {
  return typeof AudioWorkletNode === 'function' && typeof AudioContext === 'function' && typeof MessageChannel === 'function' && 'AudioEncoder' in globalThis;
}

/** Waits `ms` at most for `p`; false if it took longer. */
const within = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

export function workerAudio(db: DoiThoaiDb): WorkerAudio {
  let worker: Worker;
  try {
    worker = new Worker(new URL('../../storage/audioWriter.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return { sink: directSink(db), capture: null };
  }
  let next = 1;
  const waiting = new Map<number, { resolve: (bytes: number) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(e: AudioWriterEvent) => void>();
  worker.addEventListener('message', (e: MessageEvent<AudioWriterReply | AudioWriterEvent>) => {
    const r = e.data;
    if ('event' in r) {
      for (const l of listeners) l(r);
      return;
    }
    const w = waiting.get(r.id);
    if (!w) return;
    waiting.delete(r.id);
    if (r.ok) w.resolve(r.bytes);
    else w.reject(Object.assign(new Error(r.message), { name: r.name }));
  });
  worker.addEventListener('error', () => {
    for (const w of waiting.values()) w.reject(new Error('audio writer failed'));
    waiting.clear();
  });
  const send = (body: Body, transfer: Transferable[] = []) =>
    new Promise<number>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...body, id, dbName: db.name } as AudioWriterRequest, transfer);
    });
  const sink: AudioSink = {
    beginPart: async (part) => void (await send({ kind: 'beginPart', part })),
    beginSegment: async (segment) => void (await send({ kind: 'beginSegment', segment })),
    appendChunk: (segmentId, index, data, at) => send({ kind: 'chunk', segmentId, index, data, at }),
    endPart: async (partId, status, reason) => void (await send({ kind: 'endPart', partId, status, reason })),
  };

  let graph: { context: AudioContext; source: MediaStreamAudioSourceNode; node: AudioWorkletNode } | null = null;
  const teardown = () => {
    if (!graph) return;
    graph.source.disconnect();
    graph.node.disconnect();
    void graph.context.close().catch(() => {});
    graph = null;
  };
  const capture: AudioCapture = {
    async start(stream, part, clockOffset, segmentMs) {
      if (!captureSupported()) return false;
      let context: AudioContext;
      try {
        // 48 kHz, Opus's own rate: the audio thread resamples the microphone if it runs at another.
        context = new AudioContext({ sampleRate: CAPTURE_SAMPLE_RATE, latencyHint: 'playback' });
      } catch {
        return false;
      }
      try {
        await context.audioWorklet.addModule(workletUrl);
        // Without a gesture (a recording resumed after a reload) the context may stay suspended: then
        // MediaRecorder, which needs none, records instead of an audio graph that would hear nothing.
        if (context.state !== 'running' && !(await within(context.resume(), 1_000))) throw new Error('suspended');
        if (context.state !== 'running') throw new Error('suspended');
        // No output: nothing is played; the node is pulled by the audio thread all the same.
        const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR, { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit' });
        const source = context.createMediaStreamSource(stream);
        const channel = new MessageChannel();
        // Last: once the worker says yes it has begun the part, and nothing after this can fail.
        await send({ kind: 'captureStart', port: channel.port2, part, clockOffset, segmentMs, sampleRate: context.sampleRate }, [channel.port2]);
        node.port.postMessage({ port: channel.port1 }, [channel.port1]);
        source.connect(node);
        graph = { context, source, node };
        return true;
      } catch {
        void context.close().catch(() => {});
        return false;
      }
    },
    async stop() {
      graph?.node.port.postMessage({ stop: true });
      try {
        await send({ kind: 'captureStop' });
      } finally {
        teardown();
      }
    },
    attachMeter(canvas, colours) {
      if (typeof canvas.transferControlToOffscreen !== 'function') return;
      const offscreen = canvas.transferControlToOffscreen();
      worker.postMessage({ kind: 'meterCanvas', canvas: offscreen, colours, id: 0, dbName: db.name } satisfies AudioWriterRequest, [offscreen]);
    },
    attachClock(canvas, look) {
      if (typeof canvas.transferControlToOffscreen !== 'function') return;
      const offscreen = canvas.transferControlToOffscreen();
      worker.postMessage({ kind: 'clockCanvas', canvas: offscreen, look, id: 0, dbName: db.name } satisfies AudioWriterRequest, [offscreen]);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { sink, capture };
}
