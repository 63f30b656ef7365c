/** The messages between the page and the audio writer worker (audioWriter.worker.ts). */
import type { AudioSink } from './audio.ts';

type Args<K extends keyof AudioSink> = Parameters<AudioSink[K]>;

export type AudioWriterRequest = { readonly id: number; readonly dbName: string } & (
  | { readonly kind: 'beginPart'; readonly part: Args<'beginPart'>[0] }
  | { readonly kind: 'beginSegment'; readonly segment: Args<'beginSegment'>[0] }
  | { readonly kind: 'chunk'; readonly segmentId: string; readonly index: number; readonly data: Blob; readonly at: number }
  | { readonly kind: 'endPart'; readonly partId: string; readonly status: Args<'endPart'>[1]; readonly reason: Args<'endPart'>[2] }
);

export type AudioWriterReply =
  | { readonly id: number; readonly ok: true; readonly bytes: number }
  | { readonly id: number; readonly ok: false; readonly name: string; readonly message: string };
