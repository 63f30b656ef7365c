/**
 * How Vietnamese administrative documents write dates, times, numbers and the
 * unit's name (Decree 30/2020, Phụ lục I ô 3–4; Phụ lục II on capitals).
 */
import { toVietnamLocal } from '../domain/workingDays.ts';

/** Wide enough for the records office to write a number by hand. */
const BLANK = '\u00a0'.repeat(8);

/**
 * "ngày 05 tháng 01 năm 2026", "ngày 29 tháng 6 năm 2019": the day takes a
 * leading zero below 10; of the months only 1 and 2 do (so "tháng 01" is not
 * misread as "tháng 10" when a digit is added by hand), per ô 4.
 */
export function dateWords(iso: string): string {
  const [y, m, d] = iso.split('-');
  const month = Number(m);
  return `ngày ${d} tháng ${month <= 2 ? String(month).padStart(2, '0') : String(month)} năm ${y}`;
}

/** The date line left for the records office: the year is known, day and month are written after signing (Điều 15.2). */
export function blankDateWords(year: number): string {
  return `ngày${BLANK}tháng${BLANK}năm ${year}`;
}

/** "Thanh Trì, ngày 05 tháng 01 năm 2026" or the blank form of it. */
export function placeDate(place: string, issuedOn: string, year: number): string {
  return `${place}, ${issuedOn ? dateWords(issuedOn) : blankDateWords(year)}`;
}

/** "Số: 05/BB-UBND"; a number below 10 takes a leading 0; no number leaves blanks (ô 3, §2.2). */
export function numberLine(number: string, typeCode: string, agencyCode = 'UBND'): string {
  const n = number.trim();
  if (n === '') return `Số:${BLANK}/${typeCode}-${agencyCode}`;
  return `Số: ${/^\d$/.test(n) ? `0${n}` : n}/${typeCode}-${agencyCode}`;
}

/** 'YYYY-MM-DD' → 'dd/MM/yyyy'. */
export function shortDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** 'HH:mm' → "08 giờ 00 phút". */
export function timeWords(hhmm: string): string {
  const [h, m] = hhmm.split(':');
  return `${h} giờ ${m} phút`;
}

/** An instant as Vietnam's wall clock 'HH:mm' and date. */
export function localTime(epochMs: number): { date: string; time: string } {
  return toVietnamLocal(epochMs);
}

/** Counts in documents take a leading zero below 10 ("07 ý kiến"), as the seeds and news items write them. */
export function count2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export interface UnitNames {
  /** "xã Thanh Trì": the generic word in lower case (Phụ lục II). */
  readonly locality: string;
  /** "Thanh Trì": the place in the date line. */
  readonly place: string;
  /** "Ủy ban nhân dân xã Thanh Trì", as the body text names the committee. */
  readonly committee: string;
  /** ["ỦY BAN NHÂN DÂN", "XÃ THANH TRÌ"]: the header's agency lines (seed 003). */
  readonly agencyLines: readonly string[];
  /** "xã" / "phường" / "thị trấn" / "đặc khu": for "Chủ tịch UBND xã". */
  readonly level: string;
}

const LEVELS = ['thị trấn', 'đặc khu', 'phường', 'xã'];

/**
 * The unit is entered as "UBND xã Thanh Trì" (or "Ủy ban nhân dân phường …");
 * the documents need its parts. A name that does not start that way is used
 * as the locality as it stands.
 */
export function unitNames(unitName: string): UnitNames {
  const name = unitName.normalize('NFC').trim().replace(/\s+/g, ' ');
  const locality = name.replace(/^(ubnd|ủy ban nhân dân|uỷ ban nhân dân)\s+/i, '');
  const level = LEVELS.find((l) => locality.toLowerCase().startsWith(`${l} `)) ?? '';
  const place = level ? locality.slice(level.length + 1) : locality;
  const localityLower = level ? `${level} ${place}` : locality;
  return {
    locality: localityLower,
    place,
    committee: `Ủy ban nhân dân ${localityLower}`,
    agencyLines: ['ỦY BAN NHÂN DÂN', localityLower.toLocaleUpperCase('vi')],
    level: level || 'xã',
  };
}

/** ASCII file names: office PCs, mail gateways and USB sticks all take them. */
export function asciiSlug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/** Split notes typed with line breaks into paragraphs, dropping blank lines. */
export function paragraphsOf(text: string): string[] {
  return text
    .normalize('NFC')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}
