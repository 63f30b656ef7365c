/**
 * Playing the session's audio from a moment on the room's clock: find the
 * segment (domain/audio.ts positionAt), load that one file (a few hundred KB)
 * into an <audio> element and seek inside it; at its end go on with the next
 * segment past the rotation's overlap. One small file per play is what keeps
 * "press play on a stamp" to sound short in a three-hour session.
 *
 * No Solid here: the component feeds it the segments and reads its events.
 */
import { nextPosition, positionAt, type AudioPosition } from '../../domain/audio.ts';
import type { AudioSegmentRow } from '../../storage/audio.ts';
import { loadSegmentFile } from './segmentSource.ts';
import type { DoiThoaiDb } from '../../storage/db.ts';

export type PlayOutcome = { readonly ok: true; readonly exact: boolean } | { readonly ok: false; readonly reason: 'no_audio' | 'on_server_offline' };

export class SessionPlayer {
  private segments: readonly AudioSegmentRow[] = [];
  private loaded: { readonly segment: AudioSegmentRow; readonly url: string } | null = null;
  /** Plays asked for while one is still loading: only the last one counts. */
  private request = 0;
  private rate = 1;

  constructor(
    private readonly db: DoiThoaiDb,
    readonly audio: HTMLAudioElement,
  ) {
    audio.preservesPitch = true;
    audio.addEventListener('ended', () => void this.continue());
  }

  setSegments(segments: readonly AudioSegmentRow[]): void {
    this.segments = segments;
    // The segment playing grows while it records: refresh its row, keep playing the file loaded.
    const current = this.loaded;
    if (current) {
      const fresh = segments.find((s) => s.id === current.segment.id);
      if (fresh) this.loaded = { segment: fresh, url: current.url };
    }
  }

  /** The room-clock instant being played, or null with nothing loaded. */
  position(): number | null {
    return this.loaded ? this.loaded.segment.startedAt + this.audio.currentTime * 1000 : null;
  }

  get playing(): boolean {
    return this.loaded !== null && !this.audio.paused;
  }

  setRate(rate: number): void {
    this.rate = rate;
    this.audio.playbackRate = rate;
  }

  async playAt(at: number): Promise<PlayOutcome> {
    const pos = positionAt(this.segments, at);
    if (!pos) return { ok: false, reason: 'no_audio' };
    if (!(await this.load(pos))) return { ok: false, reason: 'on_server_offline' };
    return { ok: true, exact: pos.exact };
  }

  /** ±ms from where it is (5 s, 15 s): within the segment a seek, across segments a new play. */
  async skip(deltaMs: number): Promise<void> {
    const here = this.position();
    if (here === null) return;
    const current = this.loaded;
    const target = here + deltaMs;
    if (current && target >= current.segment.startedAt && target < current.segment.endedAt) {
      this.audio.currentTime = (target - current.segment.startedAt) / 1000;
      return;
    }
    const first = this.segments[0];
    await this.playAt(first && target < first.startedAt ? first.startedAt : target);
  }

  toggle(): void {
    if (!this.loaded) {
      const first = this.segments[0];
      if (first) void this.playAt(first.startedAt);
      return;
    }
    if (this.audio.paused) void this.audio.play().catch(() => {});
    else this.audio.pause();
  }

  private async continue(): Promise<void> {
    const current = this.loaded;
    if (!current) return;
    const next = nextPosition(this.segments, current.segment.id);
    if (next) await this.load(next);
  }

  /** False only when the segment is on the server alone and the server cannot be reached. */
  private async load(pos: AudioPosition): Promise<boolean> {
    const ticket = ++this.request;
    const segment = this.segments.find((s) => s.id === pos.segmentId);
    if (!segment) return true;
    const audio = this.audio;
    if (this.loaded?.segment.id !== segment.id || this.loaded.segment.chunks !== segment.chunks) {
      const file = await loadSegmentFile(this.db, segment);
      if (!file) return !segment.freed;
      if (ticket !== this.request) return true;
      const url = URL.createObjectURL(file);
      const metadata = new Promise<void>((resolve) => audio.addEventListener('loadedmetadata', () => resolve(), { once: true }));
      audio.src = url;
      audio.load();
      if (this.loaded) URL.revokeObjectURL(this.loaded.url);
      this.loaded = { segment, url };
      audio.dataset['segmentId'] = segment.id;
      audio.dataset['segmentStart'] = String(segment.startedAt);
      await metadata;
      if (ticket !== this.request) return true;
    }
    audio.playbackRate = this.rate;
    audio.currentTime = pos.offsetMs / 1000;
    await audio.play().catch(() => {});
    return true;
  }

  destroy(): void {
    this.request++;
    this.audio.pause();
    if (this.loaded) URL.revokeObjectURL(this.loaded.url);
    this.loaded = null;
  }
}
