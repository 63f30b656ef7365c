/**
 * What office staff type, read the way they mean it: times, Vietnamese phone
 * numbers, dd/MM/yyyy dates and numbers with a decimal comma.
 *
 * Why forgiving on the way in and strict on the way out: clerks copy from
 * paper forms and type as they write ("7h30", "0912.345.678", "15/3/26"); a
 * form that refuses those loses trust, and one that accepts "--------" as a
 * phone or 1926 as the conference year loses data. So each reader accepts the
 * common ways of writing a value, returns it in one stored form (HH:mm,
 * YYYY-MM-DD, a number), and otherwise names exactly what is wrong, as a
 * message code the UI translates next to the field.
 */
import type { MessageCode } from './model.ts';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: MessageCode };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (code: MessageCode): Parsed<never> => ({ ok: false, code });
const pad = (n: number) => String(n).padStart(2, '0');

// ---------------------------------------------------------------- time of day

/**
 * A time of day → 'HH:mm' (24-hour).
 *
 * Accepted: "7:30", "07:30", "7h30", "7g30", "7 giờ 30", "7h30'", "07.30",
 * "7h", "7 giờ", "7" (on the hour), "730" and "1330" (three or four digits,
 * as typed on a number pad), and "2 giờ chiều" / "9h tối" (afternoon and
 * evening add 12 hours; "sáng" is the morning). Refused: anything else, and
 * hours past 23 or minutes past 59, each with its own message.
 */
export function parseClockTime(input: string): Parsed<string> {
  let s = input.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
  if (!s) return fail('required');
  let half: 'am' | 'pm' | null = null;
  const part = /\s*(sáng|trưa|chiều|tối|am|pm)$/.exec(s);
  if (part) {
    half = part[1] === 'sáng' || part[1] === 'am' ? 'am' : part[1] === 'trưa' ? null : 'pm';
    s = s.slice(0, part.index).trim();
  }
  s = s.replace(/\s*phút$/, '').replace(/['’]$/, '');
  let hours: number;
  let minutes: number;
  const sep = /^(\d{1,2})\s*(?::|\.|h|g|giờ)\s*(\d{1,2})?$/.exec(s);
  const digits = /^\d{1,4}$/.exec(s);
  if (sep) {
    hours = Number(sep[1]);
    const m = sep[2];
    // "7:3" is a slip for 7:03 or 7:30; guessing would record the wrong hour.
    if (m !== undefined && m.length === 1 && !/[hg]|giờ/.test(s)) return fail('invalid_time');
    minutes = m === undefined ? 0 : Number(m);
  } else if (digits) {
    if (s.length <= 2) {
      hours = Number(s);
      minutes = 0;
    } else {
      hours = Number(s.slice(0, s.length - 2));
      minutes = Number(s.slice(-2));
    }
  } else return fail('invalid_time');
  if (half === 'pm' && hours >= 1 && hours < 12) hours += 12;
  if (half === 'am' && hours === 12) hours = 0;
  if (hours > 23 || minutes > 59) return fail('time_out_of_range');
  return ok(`${pad(hours)}:${pad(minutes)}`);
}

// ---------------------------------------------------------------- Vietnamese phone numbers

/** Mobile networks since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x. */
const MOBILE = /^0[35789]\d{8}$/;
/** Fixed lines since 2017: 02 + area code, 11 digits in all (e.g. 024 3826 xxxx). */
const LANDLINE = /^02\d{9}$/;

/**
 * A Vietnamese phone number → its digits in the national form ('0912345678'),
 * or why it is not one. Spaces, dots, dashes and brackets between digits are
 * allowed; "+84 912 345 678" and "84912345678" are the international form of
 * the same number. An empty input is for the schema to judge (optional fields).
 */
export function parseVietnamesePhone(input: string): Parsed<string> {
  const s = input.trim();
  if (!s) return ok('');
  if (!/^\+?[\d\s.\-()]+$/.test(s)) return fail('invalid_phone');
  let digits = s.replace(/\D/g, '');
  if (!digits) return fail('invalid_phone');
  if (s.startsWith('+')) {
    if (!digits.startsWith('84')) return fail('phone_not_vietnamese');
    digits = `0${digits.slice(2)}`;
  } else if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) {
    digits = `0${digits.slice(2)}`;
  }
  if (!digits.startsWith('0')) return fail('phone_prefix');
  if (MOBILE.test(digits) || LANDLINE.test(digits)) return ok(digits);
  if (digits.startsWith('02')) return fail(digits.length < 11 ? 'phone_too_short' : 'phone_too_long');
  if (/^0[35789]/.test(digits)) return fail(digits.length < 10 ? 'phone_too_short' : 'phone_too_long');
  return fail('phone_prefix');
}

// ---------------------------------------------------------------- dates

/** Is 'YYYY-MM-DD' a day of the calendar (no 30/02)? */
export function isCalendarDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * A date as Vietnamese offices write it, dd/MM/yyyy (also with '.' or '-',
 * one-digit day and month, or a two-digit year meaning 20yy) → 'YYYY-MM-DD'.
 * '' stays '' (an empty optional date).
 */
export function parseVietnameseDate(input: string): Parsed<string> {
  const s = input.trim();
  if (!s) return ok('');
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const m = iso ? [s, iso[3], iso[2], iso[1]] : /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$/.exec(s);
  if (!m) return fail('invalid_date');
  const year = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
  const day = Number(m[1]);
  const month = Number(m[2]);
  if (month < 1 || month > 12) return fail('no_such_month');
  const out = `${year}-${pad(month)}-${pad(day)}`;
  if (day < 1 || !isCalendarDate(out)) return fail('no_such_date');
  return ok(out);
}

/** How far from today a session may be planned: last year's is still being written up, and plans run a few years at most. */
export const SESSION_DATE_RANGE = { pastDays: 366, aheadDays: 3 * 366 } as const;

/**
 * Is a session date plausible against today (both 'YYYY-MM-DD', Vietnam)? A
 * session on 15/12/1926 would make every form late and empty the queue.
 */
export function sessionDateProblem(date: string, today: string): MessageCode | null {
  const days = dayNumber(date) - dayNumber(today);
  if (days < -SESSION_DATE_RANGE.pastDays) return 'date_too_far_past';
  if (days > SESSION_DATE_RANGE.aheadDays) return 'date_too_far_ahead';
  return null;
}

/** A device clock may be a little ahead of the clerk's watch; more than this is a typing slip. */
export const RECEIVED_AHEAD_TOLERANCE_MS = 5 * 60_000;
/** A form received more than this long ago belongs to an earlier round of the conference. */
export const RECEIVED_PAST_LIMIT_MS = 366 * 86_400_000;

/** Is a form's received-at instant plausible at `now`? */
export function receivedAtProblem(receivedAt: number, now: number): MessageCode | null {
  if (receivedAt > now + RECEIVED_AHEAD_TOLERANCE_MS) return 'received_in_future';
  if (receivedAt < now - RECEIVED_PAST_LIMIT_MS) return 'date_too_far_past';
  return null;
}

function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) / 86_400_000;
}

// ---------------------------------------------------------------- numbers

/**
 * A number typed the Vietnamese way ("2,5") or the English way ("2.5").
 * "mười" or "5 phút" is not read as a number: the message says to type digits.
 */
export function parseDecimal(input: string): Parsed<number> {
  const s = input.trim();
  if (!s) return fail('required');
  if (!/^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/.test(s)) return fail('not_a_number');
  return ok(Number(s.replace(',', '.')));
}

/** A decimal for display in the UI's language: "0,5" in Vietnamese, "0.5" in English. */
export function formatDecimal(n: number, lang: 'vi' | 'en'): string {
  const s = String(Math.round(n * 100) / 100);
  return lang === 'vi' ? s.replace('.', ',') : s;
}
