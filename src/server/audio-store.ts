/**
 * The hall's audio on the office server (issue 11): parts and their chunks, in
 * the same database as the records (SQLite or PostgreSQL, see migration
 * `0005_audioupload_audio` for why not files). The routes (`audio-routes.ts`)
 * decide who may; this file only keeps the bytes exact:
 * - a chunk, once stored, never changes: the same bytes again are a duplicate,
 *   other bytes a refusal (`chunk_differs`), so a device's retry can never
 *   replace what it recorded, and two devices claiming one part cannot mix;
 * - a part's metadata, once declared, never changes either, and its segment
 *   totals are set once, when the part has ended.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AudioChunkReceipt, AudioPartDeclaration, AudioPartStatus, AudioSegmentHeld, AudioSegmentTotal } from '../protocol/audio.ts';
import type { AudioPartsTable, Database } from './store/types.ts';

export type AudioRefusalProblem = 'part_differs' | 'totals_differ' | 'chunk_differs' | 'outside_part' | 'part_unknown';

/** A refusal the route maps to a 4xx: 404 for `part_unknown`, 409 for the others. */
export class AudioRefusal extends Error {
  constructor(
    readonly problem: AudioRefusalProblem,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(problem);
    this.name = 'AudioRefusal';
  }
}

export type AudioPartRecord = Selectable<AudioPartsTable>;

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function totalsOf(row: AudioPartRecord): AudioSegmentTotal[] | null {
  return row.segments === null ? null : (JSON.parse(row.segments) as AudioSegmentTotal[]);
}

function sameTotals(a: readonly AudioSegmentTotal[], b: readonly AudioSegmentTotal[]): boolean {
  const key = (list: readonly AudioSegmentTotal[]) =>
    JSON.stringify([...list].sort((x, y) => x.index - y.index).map((s) => [s.index, s.chunks, s.bytes]));
  return key(a) === key(b);
}

export class AudioStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  part(partId: string): Promise<AudioPartRecord | undefined> {
    return this.db.selectFrom('audio_parts').selectAll().where('part_id', '=', partId).executeTakeFirst();
  }

  /**
   * Declares a part, or confirms the declaration: idempotent for the same
   * metadata; the totals may be added once (when the part has ended).
   */
  async declare(partId: string, decl: AudioPartDeclaration, who: { accountId: string | null; deviceId: string | null }): Promise<void> {
    await this.db
      .insertInto('audio_parts')
      .values({
        part_id: partId,
        unit_id: decl.unitId,
        conference_id: decl.conferenceId,
        session_id: decl.sessionId,
        mime_type: decl.mimeType,
        started_at: decl.startedAt,
        segments: decl.segments === null ? null : JSON.stringify(decl.segments),
        account_id: who.accountId,
        device_id: who.deviceId,
        created_at: this.now(),
      })
      .onConflict((oc) => oc.column('part_id').doNothing())
      .execute();
    const row = await this.part(partId);
    if (!row) throw new Error(`audio part ${partId} vanished after its insert`);
    const differs = (['unit_id', 'conference_id', 'session_id', 'mime_type', 'started_at'] as const).find(
      (k) => row[k] !== { unit_id: decl.unitId, conference_id: decl.conferenceId, session_id: decl.sessionId, mime_type: decl.mimeType, started_at: decl.startedAt }[k],
    );
    if (differs !== undefined) throw new AudioRefusal('part_differs', { field: differs });
    if (decl.segments === null) return;
    const held = totalsOf(row);
    if (held === null) {
      // Only one writer wins the totals (`where segments is null`); a second one is compared below.
      await this.db.updateTable('audio_parts').set({ segments: JSON.stringify(decl.segments) }).where('part_id', '=', partId).where('segments', 'is', null).execute();
      const again = totalsOf((await this.part(partId))!);
      if (again && !sameTotals(again, decl.segments)) throw new AudioRefusal('totals_differ');
      return;
    }
    if (!sameTotals(held, decl.segments)) throw new AudioRefusal('totals_differ');
  }

  /** Stores one chunk unless it is there; `sha256` is the bytes' own (the route checked the device's claim). */
  async putChunk(part: AudioPartRecord, segment: number, chunk: number, data: Uint8Array): Promise<AudioChunkReceipt> {
    const totals = totalsOf(part);
    if (totals) {
      const seg = totals.find((s) => s.index === segment);
      if (!seg || chunk >= seg.chunks) throw new AudioRefusal('outside_part', { segment, chunk });
    }
    const sha256 = sha256Hex(data);
    const inserted = await this.db
      .insertInto('audio_chunks')
      .values({
        part_id: part.part_id,
        segment_index: segment,
        chunk_index: chunk,
        data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
        size: data.byteLength,
        sha256,
        received_at: this.now(),
      })
      .onConflict((oc) => oc.columns(['part_id', 'segment_index', 'chunk_index']).doNothing())
      .returning('sha256')
      .executeTakeFirst();
    if (inserted) return { status: 'stored', sha256 };
    const held = await this.db
      .selectFrom('audio_chunks')
      .select('sha256')
      .where('part_id', '=', part.part_id)
      .where('segment_index', '=', segment)
      .where('chunk_index', '=', chunk)
      .executeTakeFirstOrThrow();
    if (held.sha256 !== sha256) throw new AudioRefusal('chunk_differs', { segment, chunk, held: held.sha256 });
    return { status: 'duplicate', sha256 };
  }

  /** Which chunks the server holds; `complete` once the totals are known and every chunk is held with the bytes counted. */
  async status(part: AudioPartRecord, withHashes: boolean): Promise<AudioPartStatus> {
    const rows = await this.db
      .selectFrom('audio_chunks')
      .select(['segment_index', 'chunk_index', 'size', 'sha256'])
      .where('part_id', '=', part.part_id)
      .orderBy('segment_index')
      .orderBy('chunk_index')
      .execute();
    const bySegment = new Map<number, { chunks: number[]; hashes: string[]; bytes: number }>();
    for (const r of rows) {
      let s = bySegment.get(r.segment_index);
      if (!s) bySegment.set(r.segment_index, (s = { chunks: [], hashes: [], bytes: 0 }));
      s.chunks.push(r.chunk_index);
      s.hashes.push(r.sha256);
      s.bytes += r.size;
    }
    const segments: AudioSegmentHeld[] = [...bySegment.entries()].map(([index, s]) => ({
      index,
      chunks: s.chunks,
      bytes: s.bytes,
      ...(withHashes ? { hashes: s.hashes } : {}),
    }));
    const totals = totalsOf(part);
    const complete =
      totals !== null &&
      totals.every((t) => {
        const held = bySegment.get(t.index);
        // Chunks 0..n-1 all held (indexes are unique, so n of them below n is all of them) and the bytes agree.
        return t.chunks === 0 || (held !== undefined && held.chunks.filter((c) => c < t.chunks).length === t.chunks && held.bytes === t.bytes);
      });
    return {
      partId: part.part_id,
      sessionId: part.session_id,
      startedAt: part.started_at,
      mimeType: part.mime_type,
      final: totals !== null,
      complete,
      segments,
    };
  }

  /**
   * A segment as the file its recorder made: its chunks in order, up to the
   * first one missing (a file with a hole would not play past it). Null when
   * the server holds none of it.
   */
  async segmentBytes(part: AudioPartRecord, segment: number): Promise<Buffer | null> {
    const rows = await this.db
      .selectFrom('audio_chunks')
      .select(['chunk_index', 'data'])
      .where('part_id', '=', part.part_id)
      .where('segment_index', '=', segment)
      .orderBy('chunk_index')
      .execute();
    const parts: Buffer[] = [];
    for (const [i, r] of rows.entries()) {
      if (r.chunk_index !== i) break;
      parts.push(Buffer.from(r.data));
    }
    return parts.length === 0 ? null : Buffer.concat(parts);
  }
}
