/**
 * A turn's or the session's audio as a file the office keeps with the biên
 * bản: the recording's own container, never re-encoded. One segment is one
 * file; several are a ZIP of complete segments (WebM files cannot simply be
 * joined: a player would stop at the second header), each named by the
 * conference, the session, the speaker and its start, Vietnam time.
 */
import { download } from '../primitives/download.ts';
import { audioExtension, segmentsBetween } from '../../domain/audio.ts';
import { vietnamTimeSeconds } from '../../domain/vnTime.ts';
import { zipStored } from '../../documents/zip.ts';
import type { AudioSegmentRow } from '../../storage/audio.ts';
import { loadSegmentFile } from './segmentSource.ts';
import type { DoiThoaiDb } from '../../storage/db.ts';

/** "Hội nghị … lần 1", "Nhà văn hóa thôn 3", "Ông An" → "hoi-nghi-lan-1_nha-van-hoa-thon-3_ong-an": safe on every office PC. */
export function audioFileBase(names: readonly string[]): string {
  return names
    .map((n) =>
      n
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/đ/g, 'd')
        .replace(/Đ/g, 'D')
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase()
        .slice(0, 60),
    )
    .filter(Boolean)
    .join('_');
}

/** Downloads the audio of [from, to); false when none of it was recorded. */
export async function downloadAudio(
  db: DoiThoaiDb,
  segments: readonly AudioSegmentRow[],
  span: { readonly from: number; readonly to: number },
  names: readonly string[],
): Promise<boolean> {
  const chosen = segmentsBetween(segments, span.from, span.to);
  const base = audioFileBase(names) || 'ghi-am';
  const first = chosen[0];
  if (!first) return false;
  if (chosen.length === 1) {
    const file = await loadSegmentFile(db, first);
    if (!file) return false;
    download(file, `${base}.${audioExtension(first.mimeType)}`);
    return true;
  }
  const entries = [];
  for (const s of chosen) {
    const file = await loadSegmentFile(db, s);
    if (!file) continue;
    const stamp = vietnamTimeSeconds(s.startedAt).replace(/:/g, '');
    entries.push({ name: `${base}_${stamp}.${audioExtension(s.mimeType)}`, bytes: new Uint8Array(await file.arrayBuffer()), modified: new Date(s.startedAt) });
  }
  download(new Blob([zipStored(entries) as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), `${base}.zip`);
  return true;
}
