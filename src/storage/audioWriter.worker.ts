/**
 * The hall's audio is written here, off the main thread: each second's chunk (a Blob, passed by
 * reference) becomes its IndexedDB rows through the same storage functions a test calls directly.
 * The page's thread keeps only what it must do (take the recorder's chunk, post it), so the
 * secretary's typing never waits behind a write of audio. Requests are handled one after another,
 * in order: a chunk is never stored before its segment, nor before the chunk before it.
 */
import { openDatabase } from './db.ts';
import { directSink } from './audio.ts';
import type { AudioWriterReply, AudioWriterRequest } from './audioWriterProtocol.ts';

const scope = globalThis as unknown as {
  addEventListener(type: 'message', listener: (e: MessageEvent<AudioWriterRequest>) => void): void;
  postMessage(message: AudioWriterReply): void;
};

let sink: ReturnType<typeof directSink> | null = null;
/** The same database, through a connection whose writes wake no live query (see below). */
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

scope.addEventListener('message', (e) => {
  const req = e.data;
  queue = queue.then(async () => {
    try {
      sink ??= directSink(openDatabase(req.dbName));
      quietSink ??= directSink(quietDatabase(req.dbName));
      let bytes = 0;
      if (req.kind === 'beginPart') await sink.beginPart(req.part);
      else if (req.kind === 'beginSegment') await sink.beginSegment(req.segment);
      else if (req.kind === 'chunk') bytes = await quietSink.appendChunk(req.segmentId, req.index, req.data, req.at);
      else await sink.endPart(req.partId, req.status, req.reason);
      scope.postMessage({ id: req.id, ok: true, bytes });
    } catch (error) {
      const err = error as { name?: string; message?: string; inner?: { name?: string } };
      scope.postMessage({ id: req.id, ok: false, name: err.inner?.name ?? err.name ?? 'Error', message: String(err.message ?? error) });
    }
  });
});
