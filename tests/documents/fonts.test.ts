/**
 * The Tinos faces shipped for the PDFs are subsets (scripts/subset-fonts.mjs):
 * every Vietnamese letter must still be there and draw ink, in all four styles.
 * Checked by drawing each letter in its own cell and rasterising the page with
 * poppler, so a glyph emptied by a wrong subset fails here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { jsPDF } from 'jspdf';
import { describe, expect, it } from 'vitest';
import { writeTemp } from './poppler.ts';

const DIR = join(import.meta.dirname, '../../src/documents/fonts');
const FACES = [
  ['Tinos-Regular.ttf', 'normal'],
  ['Tinos-Bold.ttf', 'bold'],
  ['Tinos-Italic.ttf', 'italic'],
  ['Tinos-BoldItalic.ttf', 'bolditalic'],
] as const;

/** Every letter of Vietnamese: the base letters with their marks and the 134 toned letters (U+1EA0–1EF9). */
const LETTERS = [
  ...'ĂăÂâĐđÊêÔôƠơƯưÀÁÃÈÉÌÍÒÓÕÙÚÝàáãèéìíòóõùúýĨĩŨũ',
  ...Array.from({ length: 0x1ef9 - 0x1ea0 + 1 }, (_, i) => String.fromCodePoint(0x1ea0 + i)),
  ...'–“”‘’…№₫',
];

const CELL = 24;
const COLS = 22;

/** Dark pixels in each cell of a greyscale PGM (P5) of the page at 72 dpi: one pixel per point. */
function inkPerCell(pgm: Buffer, count: number): number[] {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 40));
  if (!header) throw new Error('not a PGM');
  const width = Number(header[1]);
  const data = pgm.subarray(header[0].length);
  return Array.from({ length: count }, (_, i) => {
    const x0 = 20 + (i % COLS) * CELL;
    const y0 = 20 + Math.floor(i / COLS) * CELL;
    let dark = 0;
    for (let y = y0; y < y0 + CELL; y++) for (let x = x0; x < x0 + CELL; x++) if (data[y * width + x]! < 128) dark += 1;
    return dark;
  });
}

describe('the subset Tinos faces', () => {
  it('are small (a subset) and carry the OFL licence beside them', () => {
    for (const [file] of FACES) expect(statSync(join(DIR, file)).size).toBeLessThan(64 * 1024);
    expect(readFileSync(join(DIR, 'OFL.txt'), 'utf8')).toContain('SIL OPEN FONT LICENSE Version 1.1');
  });

  it.each(FACES)('%s draws every Vietnamese letter', (file, style) => {
    const pdf = new jsPDF({ unit: 'pt', format: 'a4' });
    pdf.addFileToVFS(file, readFileSync(join(DIR, file)).toString('base64'));
    pdf.addFont(file, 'Tinos', style, undefined, 'Identity-H');
    pdf.setFont('Tinos', style);
    pdf.setFontSize(18);
    LETTERS.forEach((ch, i) => pdf.text(ch, 20 + (i % COLS) * CELL + 4, 20 + Math.floor(i / COLS) * CELL + 18));
    const path = writeTemp(pdf.output('arraybuffer'), 'pdf');
    const pgm = execFileSync('pdftoppm', ['-gray', '-r', '72', '-f', '1', '-l', '1', path]);
    const ink = inkPerCell(pgm, LETTERS.length);
    const blank = LETTERS.filter((_, i) => ink[i]! === 0);
    expect(blank).toEqual([]);
    // And the text layer reads back as the same letters (in pdftotext's reading order of the grid).
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect([...text].sort()).toEqual([...LETTERS].sort());
  });
});
