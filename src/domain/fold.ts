/**
 * The folded form of Vietnamese text every comparison uses (search, duplicate
 * names, field lists). A module of its own, with no imports: screens on the
 * first load use it without pulling in the record schemas.
 */

/** Lower-case, no diacritics, đ as d, single spaces: the form every comparison here uses. */
export function foldVietnamese(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/\s+/g, ' ')
    .trim();
}
