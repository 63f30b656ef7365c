/**
 * The one edit between two versions of a textarea's value, and moving an index
 * across an edit. Pure; used by the textarea binding on every keystroke, so
 * the common cases (typing or deleting at the caret) are answered by two native
 * string comparisons instead of a character loop over a long entry.
 */

export interface TextEdit {
  /** UTF-16 index in the old text where the edit starts. */
  readonly index: number;
  /** UTF-16 code units removed from the old text. */
  readonly remove: number;
  readonly insert: string;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * The single replacement turning `before` into `after`, or null if equal.
 * `caret` (where the caret is in `after`, i.e. selectionEnd after an input)
 * settles the ambiguous cases: typing "a" into "aa" at the middle is an insert
 * at 1, not at 0 or 2. The edit never splits a surrogate pair (emoji,
 * rare CJK in names), so Yjs never stores half a character.
 */
export function diffText(before: string, after: string, caret?: number): TextEdit | null {
  if (before === after) return null;
  const a = before;
  const b = after;
  const minLen = Math.min(a.length, b.length);
  let p: number;
  let s: number;
  if (caret !== undefined && caret >= 0 && caret <= b.length) {
    // The edit ends at the caret: the common suffix may not reach left of it; then the prefix.
    s = commonSuffix(a, b, Math.min(minLen, b.length - caret));
    p = commonPrefix(a, b, minLen - s);
  } else {
    // No caret: the earliest difference starts the edit (appending stays appending).
    p = commonPrefix(a, b, minLen);
    s = commonSuffix(a, b, minLen - p);
  }
  if (p > 0 && isHighSurrogate(a.charCodeAt(p - 1))) p--;
  if (s > 0 && isLowSurrogate(a.charCodeAt(a.length - s))) s--;
  return { index: p, remove: a.length - p - s, insert: b.slice(p, b.length - s) };
}

/** Length of the common prefix, at most `max`: one native comparison when all of it matches (typing). */
function commonPrefix(a: string, b: string, max: number): number {
  if (max <= 0) return 0;
  if (a.startsWith(b.slice(0, max))) return max;
  let p = 0;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

function commonSuffix(a: string, b: string, max: number): number {
  if (max <= 0) return 0;
  if (a.endsWith(b.slice(b.length - max))) return max;
  let s = 0;
  while (s < max && a.charCodeAt(a.length - 1 - s) === b.charCodeAt(b.length - 1 - s)) s++;
  return s;
}

/**
 * Where index `i` of the old text lands after `edit`: before the edit it stays,
 * after it shifts, inside the removed part it goes to the end of the insertion.
 */
export function mapIndex(i: number, edit: TextEdit): number {
  if (i <= edit.index) return i;
  if (i >= edit.index + edit.remove) return i + edit.insert.length - edit.remove;
  return edit.index + edit.insert.length;
}
