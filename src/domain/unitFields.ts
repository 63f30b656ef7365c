/**
 * The fields (lĩnh vực) of administrative procedures a commune handles, as the
 * seeds' plans name them: the unit's starting list, which it edits.
 *
 * A module of its own, with no schema library: the first-run unit form shows
 * this list, and the first screen must not load the validator for it.
 */
export const DEFAULT_UNIT_FIELDS: readonly string[] = [
  'Đất đai',
  'Xây dựng',
  'Hộ tịch',
  'Hộ kinh doanh',
  'Chứng thực',
  'Cư trú',
  'Lao động, thương binh và xã hội',
  'Tài nguyên, môi trường',
  'Giáo dục',
  'Y tế',
];
