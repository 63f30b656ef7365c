/**
 * The page set-up both renderers share (Decree 30/2020, Phụ lục I): A4
 * portrait, margins inside the decree's ranges, the sizes of each component.
 * Lengths are points (1/72 inch) unless the name says otherwise.
 */
const MM = 72 / 25.4;

export const PAGE = {
  width: 595.28,
  height: 841.89,
  /** Top and bottom 20 mm (range 20–25), left 30 mm (30–35), right 20 mm (15–20; 15 mm would round to 850 twips, a hair under). */
  marginMm: { top: 20, bottom: 20, left: 30, right: 20 },
} as const;

export const MARGIN = {
  top: PAGE.marginMm.top * MM,
  bottom: PAGE.marginMm.bottom * MM,
  left: PAGE.marginMm.left * MM,
  right: PAGE.marginMm.right * MM,
} as const;

export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

/** Sizes in points, per component (ô numbers of Phụ lục I). */
export const SIZE = {
  agency: 13,
  nationalTitle: 13,
  motto: 14,
  number: 13,
  placeDate: 14,
  type: 14,
  subject: 14,
  body: 14,
  table: 12,
  recipientsTitle: 12,
  recipients: 11,
  signer: 14,
  pageNumber: 14,
} as const;

/** 1 cm first-line indent (ô 6: "1 cm hoặc 1,27 cm"). */
export const INDENT = 10 * MM;
/** Paragraph spacing before: at least 6 pt (ô 6). */
export const PARAGRAPH_SPACING = 6;
/** Line height as a multiple of the size: single spacing ("tối thiểu là dòng đơn"). */
export const LINE_FACTOR = 1.2;
/** Header columns 40 : 60, as the official Phụ lục III templates build them. */
export const HEADER_LEFT_SHARE = 0.4;
/** Room for a signature and seal between the title and the name (about 25 mm). */
export const SIGNATURE_GAP = 25 * MM;

export const mmToTwip = (mm: number) => Math.round((mm * 1440) / 25.4);
export const ptToTwip = (pt: number) => Math.round(pt * 20);
