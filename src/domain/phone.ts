/**
 * Vietnamese phone numbers as clerks copy them from paper forms, read into one
 * stored form (typedInput.ts explains why forgiving on the way in and strict on
 * the way out). A module of its own: only the record schemas (model.ts) read
 * phones, and the first screen's forms, which load typedInput.ts, do not.
 */
import { fail, ok, type Parsed } from './typedInput.ts';

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

