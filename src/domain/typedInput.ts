/**
 * What office staff type, read the way they mean it: times, dd/MM/yyyy dates
 * and numbers with a decimal comma (Vietnamese phone numbers: phone.ts; whether
 * a date is plausible for what it dates: plausibility.ts).
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

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const fail = (code: MessageCode): Parsed<never> => ({ ok: false, code });
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
