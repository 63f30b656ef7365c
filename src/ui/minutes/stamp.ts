/**
 * What to insert when the secretary wants the time in the minutes: pure
 * functions of the text, the caret and an instant given by the caller (the
 * store's `now()`), never a clock of their own, so they are tested with any time.
 *
 * Times are Vietnam's wall clock, 24-hour, as the minutes are read in the
 * room: "[09:05] Ông Nguyễn Văn An hỏi …", whatever zone the device is set to.
 */
import { vietnamTime } from '../../domain/vnTime.ts';

/** '[HH:mm] ' for the instant `ms`, in Vietnam time. */
export function timeStamp(ms: number): string {
  return `[${vietnamTime(ms)}] `;
}

/** A stamp at the very start of an entry, as this module writes it. */
const STAMP_AT_START = /^\s*\[\d{1,2}:\d{2}\]/;

/**
 * The stamp to put in front when typing starts in an empty entry, or null.
 * `before` is the entry as it was, `after` as it is with what was just typed
 * (or pasted). Text that already starts with a time gets none.
 */
export function autoStamp(before: string, after: string, ms: number): string | null {
  if (before.trim() !== '' || after.trim() === '') return null;
  if (STAMP_AT_START.test(after)) return null;
  return timeStamp(ms);
}

export interface Insertion {
  /** Replaces [start, end) of the value: the selection, if any, is replaced by the time. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Where the caret goes afterwards. */
  readonly caret: number;
}

/**
 * The time inserted at the caret (the button and Alt+T). A space is added in
 * front when it would otherwise stick to the previous word, and the stamp's own
 * trailing space is dropped when whitespace already follows.
 */
export function stampAtCaret(value: string, start: number, end: number, ms: number): Insertion {
  const from = Math.max(0, Math.min(start, end, value.length));
  const to = Math.min(value.length, Math.max(start, end));
  let text = timeStamp(ms);
  if (from > 0 && !/\s/.test(value.charAt(from - 1))) text = ` ${text}`;
  if (to < value.length && /\s/.test(value.charAt(to))) text = text.trimEnd();
  return { start: from, end: to, text, caret: from + text.length };
}
