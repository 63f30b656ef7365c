/**
 * Reading a pasted list of invitees: one person per line,
 * `Họ tên; Thôn/Tổ; Chức vụ; Tổ chức; Nhóm` (the last parts may be left out).
 *
 * The group of a line comes from its own fifth part, else from the last
 * heading line above it ("Đại biểu cấp trên:", "Nhóm: Người dân"), else from
 * the batch's group chosen on the form: the office's invitation list is
 * usually one document with a heading per group, pasted once.
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
import type { AttendeeGroup } from './model.ts';

/** Same limit as every short text field of a record (model.ts). */
const MAX_PART = 200;
/** Name; village; title; organisation; group. */
const MAX_PARTS = 5;

export interface InviteeDraft {
  readonly name: string;
  readonly village: string;
  readonly title: string;
  readonly organisation: string;
  /** From the line's own column or the heading above it; absent: the batch's group. */
  readonly group?: AttendeeGroup;
}

export type LineProblem = 'missing_name' | 'too_many_parts' | 'too_long' | 'duplicate_in_paste' | 'already_listed' | 'unknown_group';

/**
 * How the plans and invitation lists name each group (folded: no diacritics,
 * lower case). A heading names a group when it is one of these or starts with
 * one of these (seed wording varies: "Lãnh đạo Đảng ủy, HĐND, UBND…").
 */
const GROUP_NAMES: Readonly<Record<AttendeeGroup, readonly string[]>> = {
  upper_level: ['dai bieu cap tren', 'cap tren', 'dai bieu huyen', 'dai bieu tinh', 'dai bieu thanh pho', 'upper level'],
  leaders: ['lanh dao', 'dang uy', 'hdnd', 'mttq', 'doan the', 'leaders'],
  village_heads: ['bi thu chi bo', 'truong thon', 'to truong', 'truong ban cong tac mat tran', 'village heads'],
  citizens: ['nguoi dan', 'cong dan', 'doanh nghiep', 'ho kinh doanh', 'citizens'],
};

/** The group a text names ("Người dân, doanh nghiệp", "nhóm: lãnh đạo"), or null. */
export function groupNamed(text: string): AttendeeGroup | null {
  const folded = foldVietnamese(text)
    .replace(/^(?:[ivx]+|\d+|[a-z])[.)]\s+/, '') // "I. ", "2) ", "A. "
    .replace(/^nhom\s*:?\s*/, '')
    .replace(/:$/, '')
    .trim();
  if (!folded) return null;
  for (const [group, names] of Object.entries(GROUP_NAMES) as [AttendeeGroup, readonly string[]][]) {
    if (names.some((n) => folded === n || folded.startsWith(`${n} `) || folded.startsWith(`${n},`) || folded.startsWith(`${n}/`))) return group;
  }
  return null;
}

/**
 * A heading line: one cell, and either ends with ':' or begins with "Nhóm",
 * and names a group. A person's line never ends with ':' and is never called
 * "Nhóm …", so a name like "Lãnh Văn Đạo" is not mistaken for a heading.
 */
function headingGroup(raw: string): AttendeeGroup | null {
  const line = raw.trim();
  if (line.includes(';') || line.includes('\t')) return null;
  const folded = foldVietnamese(line);
  if (!line.endsWith(':') && !/^(?:[ivx]+[.)]\s+)?nhom\b/.test(folded)) return null;
  return groupNamed(line);
}

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
  let heading: AttendeeGroup | null = null;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const named = headingGroup(raw);
    if (named) {
      heading = named;
      return;
    }
    const parts = splitLine(raw).map(tidy);
    while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    const [name = '', village = '', title = '', organisation = '', groupText = ''] = parts;
    const group = groupText ? groupNamed(groupText) : heading;
    let problem: LineProblem | null = null;
    if (parts.length > MAX_PARTS) problem = 'too_many_parts';
    else if (name === '') problem = 'missing_name';
    else if (parts.some((p) => p.length > MAX_PART)) problem = 'too_long';
    else if (groupText && !group) problem = 'unknown_group';
    else {
      const key = personKey({ name, village });
      if (listed.has(key)) problem = 'already_listed';
      else if (seen.has(key)) problem = 'duplicate_in_paste';
      else seen.add(key);
    }
    if (problem) bad.push({ line, text: raw, problem });
    else good.push({ line, text: raw, draft: { name, village, title, organisation, ...(group ? { group } : {}) } });
  });
  return { good, bad };
}

/**
 * The invited list of another session of the same conference, for this one
 * (the morning's list for the afternoon): who was invited, not who came, so
 * nobody starts checked in; bridge points are a session's own, so none is
 * carried over. People already on this session's list are left out.
 */
export function invitedListCopy<P extends InviteeDraft & { readonly group: AttendeeGroup; readonly invited: boolean; readonly deleted?: boolean }>(
  source: readonly P[],
  existing: readonly { readonly name: string; readonly village: string; readonly deleted?: boolean }[],
): (InviteeDraft & { readonly group: AttendeeGroup })[] {
  const listed = new Set(existing.filter((e) => !e.deleted).map(personKey));
  const out: (InviteeDraft & { readonly group: AttendeeGroup })[] = [];
  for (const p of source) {
    if (p.deleted || !p.invited) continue;
    const key = personKey(p);
    if (listed.has(key)) continue;
    listed.add(key);
    out.push({ name: p.name, village: p.village, title: p.title, organisation: p.organisation, group: p.group });
  }
  return out;
}
