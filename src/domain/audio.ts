/**
 * The hall's audio, tied to the meeting: pure rules of where in the recording
 * each agenda item, speaker turn and `[HH:mm]` stamp of the minutes falls.
 *
 * How the audio is laid out (see storage/audio.ts): a recording PART runs from
 * "Ghi âm" to "Dừng" (a reload or crash ends a part; the next one is a new
 * part). A part is cut into SEGMENTS of about 30 s, each a complete file of its
 * own recorder, so a play from a moment loads one small file and seeks inside
 * it: a MediaRecorder WebM has no duration or cues, and seeking in a file of
 * three hours would mean reading all of it. Every segment knows its start and
 * end on the room's shared clock (store.now), which is also the clock of the
 * timer events and the agenda's actual times, so one instant on that clock is
 * one place in the audio whatever device recorded it.
 */
import { sortTimerEvents, type TimerEventLike } from './timer.ts';
import { fromVietnamWallClock, vietnamIsoDate } from './vnTime.ts';

/** Speech at 24 kbit/s Opus mono: about 11 MB an hour (the target is at most 30 MB). */
export const AUDIO_BITS_PER_SECOND = 24_000;
/** One chunk a second: a crash loses at most the chunk being recorded. */
export const AUDIO_TIMESLICE_MS = 1_000;
/** A segment's length: a few hundred KB at most to load for a play, few enough files for three hours. */
export const AUDIO_SEGMENT_MS = 30_000;
/**
 * How often (in chunks, about seconds) the screens hear the bytes stored and the storage left, on both
 * recording paths: the first chunk (so the secretary sees at once that audio is being kept), then every
 * this many. Each telling re-renders the recorder's panel on the main thread she types on; a size that
 * moves by a few KB a second is not worth more, and the rate, hence the time left, changes slowly.
 * Every 30 was tried: the line then read "Đã ghi 4,2 KB" (the first chunk) for the first half minute of
 * a recording, which looks like one that is not being kept.
 */
export const AUDIO_STORAGE_TELL_CHUNKS = 10;

/**
 * What to record in, best first: Opus in WebM (Chromium, Firefox), AAC in MP4
 * (Safari, which has no WebM recorder). `isSupported` is MediaRecorder.isTypeSupported.
 */
export const AUDIO_MIME_CANDIDATES = ['audio/webm;codecs=opus', 'audio/mp4;codecs=mp4a.40.2', 'audio/mp4', 'audio/webm'] as const;

export function pickAudioMimeType(isSupported: (mime: string) => boolean): string | null {
  return AUDIO_MIME_CANDIDATES.find((m) => isSupported(m)) ?? null;
}

/** The file extension of a recording's container, for export. */
export function audioExtension(mimeType: string): 'webm' | 'm4a' | 'ogg' {
  if (mimeType.startsWith('audio/mp4')) return 'm4a';
  if (mimeType.startsWith('audio/ogg')) return 'ogg';
  return 'webm';
}

export interface SegmentLike {
  readonly id: string;
  readonly partId: string;
  readonly index: number;
  /** Room clock, ms: when its recorder started. */
  readonly startedAt: number;
  /** Room clock, ms: when its last chunk arrived (the audio reaches at least this far). */
  readonly endedAt: number;
}

export interface AudioPosition {
  readonly segmentId: string;
  readonly partId: string;
  /** Into the segment's own file. */
  readonly offsetMs: number;
  /** False when the moment itself was not recorded and this is the first audio after it. */
  readonly exact: boolean;
}

function byStart<S extends SegmentLike>(segments: readonly S[]): S[] {
  return [...segments].sort((a, b) => a.startedAt - b.startedAt || (a.partId < b.partId ? -1 : a.partId > b.partId ? 1 : a.index - b.index));
}

/**
 * Where the room-clock instant `at` is in the audio. A moment inside a segment
 * is found in it (of two overlapping at a rotation, the later one, which goes
 * on longer); a moment in no segment (before the recording, between two parts)
 * gives the first audio after it, marked not exact; after all audio, null.
 */
export function positionAt(segments: readonly SegmentLike[], at: number): AudioPosition | null {
  const sorted = byStart(segments);
  let found: SegmentLike | undefined;
  for (const s of sorted) if (s.startedAt <= at && at < s.endedAt) found = s;
  if (found) return { segmentId: found.id, partId: found.partId, offsetMs: at - found.startedAt, exact: true };
  const next = sorted.find((s) => s.startedAt > at);
  return next ? { segmentId: next.id, partId: next.partId, offsetMs: 0, exact: false } : null;
}

/**
 * What plays after `segment` ends: the next segment in time, entered where the
 * current one stopped (recorders overlap for a moment at a rotation, and that
 * overlap must not be heard twice).
 */
export function nextPosition(segments: readonly SegmentLike[], segmentId: string): AudioPosition | null {
  const sorted = byStart(segments);
  const i = sorted.findIndex((s) => s.id === segmentId);
  const current = sorted[i];
  if (!current) return null;
  for (const s of sorted.slice(i + 1)) {
    if (s.endedAt <= current.endedAt) continue;
    const offsetMs = Math.max(0, current.endedAt - s.startedAt);
    return { segmentId: s.id, partId: s.partId, offsetMs, exact: offsetMs > 0 || s.startedAt === current.endedAt };
  }
  return null;
}

/** The room-clock instant of a position (the inverse of positionAt inside a segment). */
export function instantOf(segments: readonly SegmentLike[], segmentId: string, offsetMs: number): number | null {
  const s = segments.find((x) => x.id === segmentId);
  return s ? s.startedAt + offsetMs : null;
}

/** The stretch of time the session's audio covers, for the timeline, or null with none. */
export function audioSpan(segments: readonly SegmentLike[]): { readonly from: number; readonly to: number } | null {
  if (segments.length === 0) return null;
  let from = Infinity;
  let to = -Infinity;
  for (const s of segments) {
    from = Math.min(from, s.startedAt);
    to = Math.max(to, s.endedAt);
  }
  return { from, to };
}

/** The segments holding any of [from, to): what a turn's export carries. */
export function segmentsBetween<S extends SegmentLike>(segments: readonly S[], from: number, to: number): S[] {
  return byStart(segments).filter((s) => s.startedAt < to && s.endedAt > from);
}

export interface Span {
  readonly from: number;
  /** Null while it still runs. */
  readonly to: number | null;
}

/**
 * When a speaker actually spoke, from the turn's timer events: the stretches
 * between start/resume and pause/stop, in the timer's own order (HLC), so a
 * paused timer leaves a hole. The same events the clock is computed from.
 */
export function speakingSpans(events: readonly TimerEventLike[]): Span[] {
  const spans: Span[] = [];
  let open: number | null = null;
  let started = false;
  for (const e of sortTimerEvents(events)) {
    if (!Number.isFinite(e.at)) continue;
    if (e.type === 'start' && !started) {
      started = true;
      open = e.at;
    } else if (e.type === 'resume' && started && open === null) open = e.at;
    else if ((e.type === 'pause' || e.type === 'stop') && open !== null) {
      spans.push({ from: open, to: Math.max(open, e.at) });
      open = null;
    }
    if (e.type === 'stop' && started) break;
  }
  if (open !== null) spans.push({ from: open, to: null });
  return spans;
}

/**
 * The whole turn in the audio: from the timer's start to its stop, pauses
 * included (what the chair said in a pause belongs with the turn). Without any
 * timer event, from when the speaker was called to when the turn ended.
 */
export function turnWindow(
  turn: { readonly calledAt: number | null; readonly finishedAt: number | null },
  events: readonly TimerEventLike[],
): Span | null {
  const spans = speakingSpans(events);
  const first = spans[0];
  const last = spans[spans.length - 1];
  if (first && last) return { from: first.from, to: last.to ?? turn.finishedAt };
  if (turn.calledAt === null) return null;
  return { from: turn.calledAt, to: turn.finishedAt };
}

/**
 * The instant at which the speaker had spoken `spokenMs` (what the clock showed
 * as elapsed), skipping the pauses: "at 2:30 of her five minutes" is a place in
 * the audio even if the chair paused the clock twice before it. Null beyond
 * what was spoken, or with no speaking at all.
 */
export function instantAtSpoken(events: readonly TimerEventLike[], spokenMs: number, now: number): number | null {
  let left = Math.max(0, spokenMs);
  for (const s of speakingSpans(events)) {
    const length = (s.to ?? now) - s.from;
    if (left <= length) return s.from + left;
    left -= length;
  }
  return null;
}

/** A `[HH:mm]` stamp as the minutes write it (ui/minutes/stamp.ts). */
const STAMP = /\[(\d{1,2}):(\d{2})\]/g;

export interface StampInText {
  /** As written, "09:05". */
  readonly time: string;
  /** Where it is in the text. */
  readonly index: number;
}

export function stampsIn(text: string): StampInText[] {
  const found: StampInText[] = [];
  for (const m of text.matchAll(STAMP)) {
    const h = Number(m[1]);
    const min = Number(m[2]);
    if (h > 23 || min > 59) continue;
    found.push({ time: `${String(h).padStart(2, '0')}:${m[2]}`, index: m.index });
  }
  return found;
}

/**
 * The instant of a stamp: the start of its minute, Vietnam time, on the
 * session's date (`YYYY-MM-DD`). A stamp is written when typing starts, which
 * is at or just after what it notes; the start of its minute is never later.
 *
 * A stamp carries no date. A meeting held on another day than the session's
 * planned one (postponed, and the date never edited) has its audio on the day
 * it was held: when the planned day's minute holds no audio and the same minute
 * of a day the session's audio was recorded on does, the stamp is read on that day.
 */
export function stampInstant(sessionDate: string, time: string, segments: readonly SegmentLike[] = []): number {
  const planned = fromVietnamWallClock(sessionDate, time);
  const heard = (at: number) => segments.some((s) => s.startedAt < at + 60_000 && at < s.endedAt);
  if (heard(planned)) return planned;
  for (const day of new Set(segments.map((s) => vietnamIsoDate(s.startedAt)))) {
    const at = fromVietnamWallClock(day, time);
    if (heard(at)) return at;
  }
  return planned;
}

export interface Marker {
  readonly kind: 'agenda' | 'turn';
  readonly id: string;
  readonly at: number;
  readonly label: string;
}

/**
 * The timeline's marks: every agenda item started and every turn heard while
 * the hall was recorded, in time order. A mark off the recording would be drawn
 * outside the timeline (the opening, started before anyone pressed "Ghi âm"); a
 * turn already under way when the recording began is marked where its audio begins.
 */
export function timelineMarkers(
  agenda: readonly { readonly id: string; readonly startedAt: number | null; readonly label: string }[],
  turns: readonly { readonly id: string; readonly label: string; readonly window: Span | null }[],
  recorded: { readonly from: number; readonly to: number },
): Marker[] {
  const marks: Marker[] = [];
  for (const a of agenda) {
    if (a.startedAt !== null && a.startedAt >= recorded.from && a.startedAt <= recorded.to) marks.push({ kind: 'agenda', id: a.id, at: a.startedAt, label: a.label });
  }
  for (const t of turns) {
    const w = t.window;
    if (!w || w.from > recorded.to || (w.to !== null && w.to <= recorded.from)) continue;
    marks.push({ kind: 'turn', id: t.id, at: Math.max(w.from, recorded.from), label: t.label });
  }
  return marks.sort((a, b) => a.at - b.at);
}

/**
 * Storage left for recording, at the rate measured so far. `reserveBytes` is
 * kept free for everything else the app writes (the minutes above all): the
 * recording stops cleanly when only the reserve is left.
 */
export function recordingTimeLeftMs(estimate: { readonly usage: number; readonly quota: number }, bytesPerSecond: number, reserveBytes: number): number {
  const free = estimate.quota - estimate.usage - reserveBytes;
  if (free <= 0) return 0;
  const rate = bytesPerSecond > 0 ? bytesPerSecond : AUDIO_BITS_PER_SECOND / 8;
  return Math.floor((free / rate) * 1000);
}

/** Keeps this much free for the minutes and the records: a full disk must never cost what the secretary typed. */
export const AUDIO_RESERVE_BYTES = 50 * 1024 * 1024;

/** A recording's elapsed time as the recorder shows it: "04:07", "1:02:03". */
export function durationText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`;
}
