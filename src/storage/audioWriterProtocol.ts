/** The messages between the page and the audio writer worker (audioWriter.worker.ts). */
import type { MeterNews } from '../domain/audioCapture.ts';
import type { AudioSink } from './audio.ts';

type Args<K extends keyof AudioSink> = Parameters<AudioSink[K]>;

/** How the recording's clock is drawn (the page's font and colour, read once when its canvas is handed over). */
export interface ClockLook {
  readonly font: string;
  readonly colour: string;
}

/** The colours of the level meter the worker draws (read from the page's CSS once, when the canvas is handed over). */
export interface MeterColours {
  readonly background: string;
  readonly bar: string;
  readonly loud: string;
}

export type AudioWriterRequest = { readonly id: number; readonly dbName: string } & (
  | { readonly kind: 'beginPart'; readonly part: Args<'beginPart'>[0] }
  | { readonly kind: 'beginSegment'; readonly segment: Args<'beginSegment'>[0] }
  | { readonly kind: 'chunk'; readonly segmentId: string; readonly index: number; readonly data: Blob; readonly at: number }
  | { readonly kind: 'endPart'; readonly partId: string; readonly status: Args<'endPart'>[1]; readonly reason: Args<'endPart'>[2] }
  /**
   * Capture (AudioWorklet + WebCodecs): the worklet's PCM arrives on `port`; the worker encodes,
   * muxes and stores it as segments of `partId`. `clockOffset` is the room clock less Date.now().
   * Replies once the encoder is configured (or refused: the page falls back to MediaRecorder).
   */
  | {
      readonly kind: 'captureStart';
      readonly port: MessagePort;
      /** Begun by the worker, only if capture can run (else the page records with MediaRecorder, in its own format). */
      readonly part: Args<'beginPart'>[0];
      readonly clockOffset: number;
      readonly segmentMs: number;
      readonly sampleRate: number;
    }
  /** Replies once the worklet's last batch is encoded and every chunk is stored. */
  | { readonly kind: 'captureStop' }
  /** The level meter's canvas, drawn by the worker from then on (a new one replaces the last). */
  | { readonly kind: 'meterCanvas'; readonly canvas: OffscreenCanvas; readonly colours: MeterColours }
  /** The recording's clock, drawn by the worker once a second from then on (a new one replaces the last). */
  | { readonly kind: 'clockCanvas'; readonly canvas: OffscreenCanvas; readonly look: ClockLook }
);

export type AudioWriterReply =
  | { readonly id: number; readonly ok: true; readonly bytes: number }
  | { readonly id: number; readonly ok: false; readonly name: string; readonly message: string };

/** What the worker tells the page while capturing, unasked (rarely: see audioWriter.worker.ts). */
export type AudioWriterEvent =
  /**
   * The bytes stored in the part, the storage estimate read in the worker (absent where the browser
   * gives none), and the meter's accessible value as of now: everything the panel shows that moves
   * slowly, in one message (one task on the page's main thread every ten seconds).
   */
  | { readonly event: 'stored'; readonly bytes: number; readonly usage?: number; readonly quota?: number; readonly news?: MeterNews }
  | { readonly event: 'meter'; readonly news: MeterNews }
  | { readonly event: 'failed'; readonly name: string; readonly message: string };
