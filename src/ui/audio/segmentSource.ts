/**
 * A segment's file, wherever it is: on this device, or (once its part was
 * confirmed by the office server and freed here) on the server, fetched with
 * the device's own credentials. Null when neither has it: a freed segment
 * while the server cannot be reached (offline), or refuses.
 */
import { AUDIO_API } from '../../protocol/audio.ts';
import { segmentFile, type AudioSegmentRow } from '../../storage/audio.ts';
import type { DoiThoaiDb } from '../../storage/db.ts';

export async function loadSegmentFile(db: DoiThoaiDb, segment: AudioSegmentRow): Promise<Blob | null> {
  if (!segment.freed) return segmentFile(db, segment.id);
  try {
    const res = await fetch(AUDIO_API.segment(segment.partId, segment.index), { credentials: 'same-origin' });
    return res.ok ? await res.blob() : null;
  } catch {
    return null;
  }
}
