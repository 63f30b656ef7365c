/**
 * When two typed names are the same person's.
 *
 * Vietnamese keyboards disagree in two ways that make one name look like two:
 * composed vs decomposed marks (NFC "ò" is one code point, NFD is "o" + U+0300),
 * and the old vs new tone placement: "Hoà" (the tone on the last vowel of oa, oe,
 * uy) and "Hòa" (on the first) are the same name, as are thuý/thúy, oè/òe, uý/úy.
 * A module of its own with no imports, like fold.ts: the check-in screen uses it.
 */

/** The five tone marks as combining characters (huyền, sắc, hỏi, ngã, nặng). */
const TONE = /[\u0300\u0301\u0303\u0309\u0323]/g;

/**
 * A name with each syllable's tone mark taken off its vowel and written after
 * the syllable, so where a keyboard put it no longer matters: "Hoà" and "Hòa"
 * both become "hoa\u0300". Every other mark (â, ă, ơ, ư, đ) stays: "Hoa" and
 * "Hòa" are different names. Lower-case, single spaces, NFC.
 */
export function toneKey(name: string): string {
  return name
    .normalize('NFD')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((syllable) => {
      const tones = syllable.match(TONE) ?? [];
      return (syllable.replace(TONE, '') + [...tones].sort().join('')).normalize('NFC');
    })
    .join(' ');
}

/** Two names the same but for case, spacing, composed/decomposed marks and tone placement. */
export function sameName(a: string, b: string): boolean {
  return toneKey(a) === toneKey(b);
}

/**
 * The key duplicates of a person are found by: no case, no marks at all (a form
 * filled in without diacritics, or a keyboard that lost them, is still the
 * same person), đ as d, single spaces. Broader than `sameName` on purpose: a
 * possible duplicate is only offered, the office decides.
 */
export function personKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A phone number by its digits, in the national form: "+84 912.345.678",
 * "84912345678" and "0912 345 678" are one number. '' when none was written.
 */
export function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (phone.trim().startsWith('+84') || (digits.startsWith('84') && (digits.length === 11 || digits.length === 12))) return `0${digits.slice(2)}`;
  return digits;
}

/**
 * Every string inside `value` in Unicode NFC, at any depth (a disposition's
 * `body`, a list of fields). The write path stores only this form, so search,
 * duplicates, the documents and the server see one spelling of each name
 * whatever keyboard typed it. Other values pass through; a value with no string
 * to change is returned as it was.
 */
export function toNfc<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  if (Array.isArray(value)) {
    const out = value.map((x: unknown) => toNfc(x));
    return (out.some((x, i) => x !== value[i]) ? out : value) as T;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(value)) {
      out[k] = toNfc(x);
      if (out[k] !== x) changed = true;
    }
    return (changed ? out : value) as T;
  }
  return value;
}
