/**
 * The hall's audio on the device: the only code that writes the audio tables.
 *
 * Why these are not synced records (not in RECORD_SCHEMAS, not written by
 * `commit`): a part's metadata without its bytes is of no use on another
 * device, and the bytes (about 11 MB an hour) cannot travel in the record sync's
 * pushes; above all, voices are personal data, and the record sync hands every
 * table of a unit to every role, viewers included. The audio stays on the
 * device that recorded it until an upload of its own (issue 11 item 5,
 * `sync/audioUpload.ts`) carries parts and bytes together to the roles allowed to hear them.
 *
 * Each chunk (about a second) is written as it arrives, in one transaction with
 * its segment's new end, so what is on disk is always a playable prefix of each
 * segment: a crash loses the chunk being recorded, never one already handed over.
 */
import type { AudioChunkRow, AudioPartRow, AudioPartStatus, AudioSegmentRow, AudioStopReason, DoiThoaiDb } from './db.ts';

export type { AudioPartRow, AudioSegmentRow, AudioPartStatus, AudioStopReason };

/** The origin's storage used and its quota, as the browser estimates them; empty where it gives none or fails. */
export async function storageEstimate(): Promise<{ usage?: number; quota?: number }> {
  try {
    return (await navigator.storage?.estimate?.()) ?? {};
  } catch {
    return {};
  }
}

export function segmentId(partId: string, index: number): string {
  return `${partId}:${index}`;
}

export async function beginPart(db: DoiThoaiDb, part: Omit<AudioPartRow, 'endedAt' | 'status' | 'stopReason'>): Promise<void> {
  await db.audioParts.add({ ...part, endedAt: part.startedAt, status: 'recording', stopReason: null });
}

export async function beginSegment(
  db: DoiThoaiDb,
  segment: Pick<AudioSegmentRow, 'partId' | 'sessionId' | 'index' | 'mimeType' | 'startedAt'>,
): Promise<string> {
  const id = segmentId(segment.partId, segment.index);
  await db.audioSegments.add({ ...segment, id, endedAt: segment.startedAt, chunks: 0, bytes: 0 });
  return id;
}

/**
 * One chunk of a segment, handed over by its recorder at room time `at`. The
 * chunk, the segment's end and the part's end are written together: the
 * segment never claims audio that is not on disk.
 */
export async function appendChunk(db: DoiThoaiDb, segment: string, index: number, data: Uint8Array, at: number): Promise<void> {
  await db.transaction('rw', [db.audioChunks, db.audioSegments, db.audioParts], async () => {
    const seg = await db.audioSegments.get(segment);
    if (!seg) throw new Error(`audio segment ${segment} is not stored`);
    const row: AudioChunkRow = { segmentId: segment, index, data };
    await db.audioChunks.put(row);
    await db.audioSegments.put({ ...seg, endedAt: Math.max(seg.endedAt, at), chunks: Math.max(seg.chunks, index + 1), bytes: seg.bytes + data.byteLength });
    const part = await db.audioParts.get(seg.partId);
    if (part) await db.audioParts.put({ ...part, endedAt: Math.max(part.endedAt, at) });
  });
}

export async function endPart(db: DoiThoaiDb, partId: string, status: Exclude<AudioPartStatus, 'recording'>, reason: AudioStopReason): Promise<void> {
  await db.transaction('rw', db.audioParts, async () => {
    const part = await db.audioParts.get(partId);
    if (part && part.status === 'recording') await db.audioParts.put({ ...part, status, stopReason: reason });
  });
}

/**
 * Parts still marked as recording when the app starts were cut by a crash, a
 * dead battery or a reload: they become `interrupted` (their audio stays) and
 * are returned, so the screen can resume with a new part. `except` is the part
 * this tab records right now (another of its windows may ask).
 */
export async function interruptRunningParts(db: DoiThoaiDb, sessionId: string, except: string | null = null): Promise<AudioPartRow[]> {
  return db.transaction('rw', db.audioParts, async () => {
    const running = (await db.audioParts.where('sessionId').equals(sessionId).toArray()).filter((p) => p.status === 'recording' && p.id !== except);
    for (const p of running) await db.audioParts.put({ ...p, status: 'interrupted', stopReason: 'crash' });
    return running;
  });
}

export async function listAudioParts(db: DoiThoaiDb, sessionId: string): Promise<AudioPartRow[]> {
  return (await db.audioParts.where('sessionId').equals(sessionId).toArray()).sort((a, b) => a.startedAt - b.startedAt);
}

/** The session's segments that hold any audio, in time order. */
export async function listAudioSegments(db: DoiThoaiDb, sessionId: string): Promise<AudioSegmentRow[]> {
  return (await db.audioSegments.where('sessionId').equals(sessionId).toArray())
    .filter((s) => s.chunks > 0)
    .sort((a, b) => a.startedAt - b.startedAt || a.index - b.index);
}

/**
 * A segment as the file its recorder made: its chunks in order. The bytes up to
 * a gap are kept (a chunk lost in a crash can only be the last one); a file
 * with a hole in the middle would not play past it.
 */
export async function segmentFile(db: DoiThoaiDb, id: string): Promise<Blob | null> {
  const seg = await db.audioSegments.get(id);
  if (!seg) return null;
  const chunks = await db.audioChunks.where('[segmentId+index]').between([id, 0], [id, Infinity]).toArray();
  const parts: BlobPart[] = [];
  for (const [i, c] of chunks.entries()) {
    if (c.index !== i) break;
    parts.push(c.data as Uint8Array<ArrayBuffer>);
  }
  return new Blob(parts, { type: seg.mimeType });
}

/**
 * Where a recorder's writes go: straight into the database (tests, and a browser without workers),
 * or through the audio writer worker (audioWriter.worker.ts), which runs these same functions off the
 * main thread so recording costs the secretary's typing nothing.
 */
export interface AudioSink {
  beginPart(part: Omit<AudioPartRow, 'endedAt' | 'status' | 'stopReason'>): Promise<void>;
  beginSegment(segment: Pick<AudioSegmentRow, 'partId' | 'sessionId' | 'index' | 'mimeType' | 'startedAt'>): Promise<void>;
  /** Resolves to the bytes stored. */
  appendChunk(segment: string, index: number, data: Blob, at: number): Promise<number>;
  endPart(partId: string, status: Exclude<AudioPartStatus, 'recording'>, reason: AudioStopReason): Promise<void>;
}

export function directSink(db: DoiThoaiDb): AudioSink {
  return {
    beginPart: (part) => beginPart(db, part),
    beginSegment: async (segment) => {
      await beginSegment(db, segment);
    },
    appendChunk: async (segment, index, data, at) => {
      const bytes = new Uint8Array(await data.arrayBuffer());
      await appendChunk(db, segment, index, bytes, at);
      return bytes.byteLength;
    },
    endPart: (partId, status, reason) => endPart(db, partId, status, reason),
  };
}

/** Bytes of audio this device keeps, all sessions (a freed segment's bytes are on the server only). */
export async function storedAudioBytes(db: DoiThoaiDb): Promise<number> {
  let total = 0;
  await db.audioSegments.each((s) => {
    if (!s.freed) total += s.bytes;
  });
  return total;
}

// ---------------------------------------------------------------- sending to the office server

/** Every part this device holds, oldest first: what the uploader walks. */
export async function allAudioParts(db: DoiThoaiDb): Promise<AudioPartRow[]> {
  return (await db.audioParts.toArray()).sort((a, b) => a.startedAt - b.startedAt);
}

export async function partSegments(db: DoiThoaiDb, partId: string): Promise<AudioSegmentRow[]> {
  return (await db.audioSegments.where('partId').equals(partId).toArray()).sort((a, b) => a.index - b.index);
}

/** One stored chunk's bytes, or undefined. */
export async function chunkBytes(db: DoiThoaiDb, segment: string, index: number): Promise<Uint8Array | undefined> {
  return (await db.audioChunks.get([segment, index]))?.data;
}

/** The server holds the whole part, checksums matching: the secretary may now free it. */
export async function markPartConfirmed(db: DoiThoaiDb, partId: string, at: number): Promise<void> {
  await db.transaction('rw', db.audioParts, async () => {
    const part = await db.audioParts.get(partId);
    if (part && !part.confirmedAt) await db.audioParts.put({ ...part, confirmedAt: at });
  });
}

/**
 * Frees a part's bytes on this device. Refused (false, nothing deleted) unless
 * the server confirmed the whole part: audio the server has not confirmed is
 * never deleted. The segments' rows stay (the player and the timeline need
 * their times), marked `freed`; only the chunks go.
 */
export async function freePartAudio(db: DoiThoaiDb, partId: string, at: number): Promise<boolean> {
  return db.transaction('rw', [db.audioParts, db.audioSegments, db.audioChunks], async () => {
    const part = await db.audioParts.get(partId);
    if (!part || !part.confirmedAt || part.status === 'recording') return false;
    const segments = await db.audioSegments.where('partId').equals(partId).toArray();
    for (const s of segments) {
      await db.audioChunks.where('segmentId').equals(s.id).delete();
      await db.audioSegments.put({ ...s, freed: true });
    }
    await db.audioParts.put({ ...part, freedAt: at });
    return true;
  });
}
