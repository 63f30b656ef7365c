/**
 * The recorder's writes through the audio writer worker (storage/audioWriter.worker.ts), so that
 * recording costs the main thread only the hand-over of each chunk. Where a worker cannot start,
 * the writes go straight to the database, as before.
 */
import { directSink, type AudioSink } from '../../storage/audio.ts';
import type { DoiThoaiDb } from '../../storage/db.ts';
import type { AudioWriterReply, AudioWriterRequest } from '../../storage/audioWriterProtocol.ts';

/** A request without its id and database name (added here). */
type Body = AudioWriterRequest extends infer R ? (R extends AudioWriterRequest ? Omit<R, 'id' | 'dbName'> : never) : never;

export function workerSink(db: DoiThoaiDb): AudioSink {
  let worker: Worker;
  try {
    worker = new Worker(new URL('../../storage/audioWriter.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return directSink(db);
  }
  let next = 1;
  const waiting = new Map<number, { resolve: (bytes: number) => void; reject: (e: Error) => void }>();
  worker.addEventListener('message', (e: MessageEvent<AudioWriterReply>) => {
    const r = e.data;
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
  const send = (body: Body) =>
    new Promise<number>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...body, id, dbName: db.name } as AudioWriterRequest);
    });
  return {
    beginPart: async (part) => void (await send({ kind: 'beginPart', part })),
    beginSegment: async (segment) => void (await send({ kind: 'beginSegment', segment })),
    appendChunk: (segmentId, index, data, at) => send({ kind: 'chunk', segmentId, index, data, at }),
    endPart: async (partId, status, reason) => void (await send({ kind: 'endPart', partId, status, reason })),
  };
}
