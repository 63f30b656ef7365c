/**
 * Reading a pasted list of invitees: one person per line,
 * `Họ tên; Thôn/Tổ; Chức vụ; Tổ chức` (the last parts may be left out).
 *
 * Why so forgiving: the list usually comes from the office's Word or Excel file
 * (the invitation list of seed 004), so lines may start with a row number
 * ("1.", "12)") or be tab-separated cells with an STT column. Those are read
 * as intended rather than rejected.
 *
 * Why per-line problems instead of one error: a 30-line paste with one bad line
 * must import the 29 good people and hand back exactly the bad line, so nothing
 * typed is lost and nothing is imported twice.
 */
import { foldVietnamese } from './attendance.ts';

/** Same limit as every short text field of a record (model.ts). */
const MAX_PART = 200;
/** Name; village; title; organisation. */
const MAX_PARTS = 4;

export interface InviteeDraft {
  readonly name: string;
  readonly village: string;
  readonly title: string;
  readonly organisation: string;
}

export type LineProblem = 'missing_name' | 'too_many_parts' | 'too_long' | 'duplicate_in_paste' | 'already_listed';

export interface ParsedLine {
  /** 1-based line number in the pasted text. */
  readonly line: number;
  /** The line exactly as typed, to give back when it is not imported. */
  readonly text: string;
}

export interface GoodLine extends ParsedLine {
  readonly draft: InviteeDraft;
}

export interface BadLine extends ParsedLine {
  readonly problem: LineProblem;
}

export interface ParsedInviteeList {
  readonly good: readonly GoodLine[];
  readonly bad: readonly BadLine[];
}

/** Who counts as "the same person" for duplicate detection: same name in the same village, diacritics ignored. */
export function personKey(p: { readonly name: string; readonly village: string }): string {
  return `${foldVietnamese(p.name)}|${foldVietnamese(p.village)}`;
}

const ROW_NUMBER = /^\s*\d{1,4}\s*[.)]\s+/;
const BARE_NUMBER = /^\d{1,4}\.?$/;

function splitLine(line: string): string[] {
  if (line.includes(';')) return line.replace(ROW_NUMBER, '').split(';');
  if (line.includes('\t')) {
    const cells = line.split('\t');
    // An Excel STT column: a first cell that is only a row number.
    if (cells.length > 1 && BARE_NUMBER.test(cells[0]!.trim())) cells.shift();
    return cells;
  }
  return [line.replace(ROW_NUMBER, '')];
}

const tidy = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Parse pasted text. Blank lines are skipped silently. `existing` is the
 * session's current list: a line naming someone already on it is reported,
 * not imported a second time (the usual cause is pasting the same list twice).
 */
export function parseInviteeList(
  text: string,
  existing: readonly { readonly name: string; readonly village: string }[] = [],
): ParsedInviteeList {
  const listed = new Set(existing.map(personKey));
  const seen = new Set<string>();
  const good: GoodLine[] = [];
  const bad: BadLine[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const parts = splitLine(raw).map(tidy);
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    const [name = '', village = '', title = '', organisation = ''] = parts;
    let problem: LineProblem | null = null;
    if (parts.length > MAX_PARTS) problem = 'too_many_parts';
    else if (name === '') problem = 'missing_name';
    else if (parts.some((p) => p.length > MAX_PART)) problem = 'too_long';
    else {
      const key = personKey({ name, village });
      if (listed.has(key)) problem = 'already_listed';
      else if (seen.has(key)) problem = 'duplicate_in_paste';
      else seen.add(key);
    }
    if (problem) bad.push({ line, text: raw, problem });
    else good.push({ line, text: raw, draft: { name, village, title, organisation } });
  });
  return { good, bad };
}
