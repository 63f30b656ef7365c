/**
 * The hall recorder's capture, on the audio thread (an AudioWorklet, issue 11). process() receives the
 * microphone 128 frames at a time; they are gathered into 100 ms batches (domain/audioCapture.ts) and
 * posted, buffer transferred, on the MessagePort the page handed over, whose other end is the audio
 * writer worker: the samples go from here to the encoder without passing through the page's main thread.
 *
 * Loaded with audioWorklet.addModule (hallRecorder.ts, through Vite's `?worker&url`, which bundles it
 * into one file); the AudioWorkletGlobalScope has none of the DOM, hence the few names declared here.
 */
import { CAPTURE_PROCESSOR, PcmBatcher, type CaptureMessage, type PcmBatch } from '../../domain/audioCapture.ts';

declare const currentFrame: number;
declare function registerProcessor(name: string, ctor: new (options: unknown) => object): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

class CaptureProcessor extends AudioWorkletProcessor {
  private out: MessagePort | null = null;
  private readonly batcher = new PcmBatcher();
  private running = true;

  constructor() {
    super();
    // The page sends the worker's port once, then 'stop': the last short batch goes, then an end mark.
    this.port.onmessage = (e: MessageEvent<{ port?: MessagePort; stop?: true }>) => {
      if (e.data.port) this.out = e.data.port;
      if (e.data.stop) {
        const last = this.batcher.flush();
        if (last) this.send(last);
        this.out?.postMessage({ kind: 'end' } satisfies CaptureMessage);
        this.running = false;
      }
    };
  }

  private send(batch: PcmBatch): void {
    this.out?.postMessage({ kind: 'pcm', batch } satisfies CaptureMessage, [batch.samples.buffer]);
  }

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (channel && this.out) for (const batch of this.batcher.push(channel, currentFrame)) this.send(batch);
    return this.running;
  }
}

registerProcessor(CAPTURE_PROCESSOR, CaptureProcessor);
