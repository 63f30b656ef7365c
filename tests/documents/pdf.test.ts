/**
 * The PDFs read back with poppler: the words, their order and diacritics, the
 * fonts, the page, every word inside the decree's margins, the page numbers.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DISPOSITION_LABELS } from '../../src/domain/labels.ts';
import { buildDocument, type DocumentKind, type OfficialDocument } from '../../src/documents/index.ts';
import { MARGIN, PAGE, TEXT_WIDTH } from '../../src/documents/layout.ts';
import { renderPdf } from '../../src/documents/pdf.ts';
import { FONTS, pdfFonts, pdfInfo, pdfText, pdfWords, writeTemp } from './poppler.ts';
import { SAMPLE_OPINIONS, sampleRecords, settings } from './sample.ts';

const TOLERANCE = 0.5;
const flat = (s: string) => s.replace(/\s+/g, ' ');

function docOf(kind: DocumentKind, opinions = 0, over = {}): OfficialDocument {
  const doc = buildDocument(kind, sampleRecords(opinions), 'ses-1', settings(over));
  if (typeof doc === 'string') throw new Error(doc);
  return doc;
}

function pdfOf(kind: DocumentKind, opinions = 0, over = {}): string {
  return writeTemp(renderPdf(docOf(kind, opinions, over), FONTS), 'pdf');
}

describe('PDF of the minutes of a long meeting', () => {
  const file = pdfOf('minutes', 40);
  const text = flat(pdfText(file));

  it('is A4 portrait with several pages', () => {
    const info = pdfInfo(file);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThan(5);
  });

  it('embeds Tinos, as TrueType, in every style used', () => {
    const rows = pdfFonts(file).trim().split('\n').slice(2);
    expect(rows.length).toBe(4);
    for (const row of rows) {
      expect(row).toMatch(/^Tinos\s+CID TrueType\s+Identity-H\s+yes/);
    }
  });

  it('has every opinion, name and outcome in order, with stacked diacritics intact, in NFC', () => {
    const needles = SAMPLE_OPINIONS.flatMap((o) => [o.name, flat(o.q), DISPOSITION_LABELS.vi[o.d.kind]]);
    let from = 0;
    for (const n of needles) {
      const at = text.indexOf(n, from);
      expect(at, `"${n}" after position ${from}`).toBeGreaterThanOrEqual(0);
      from = at + n.length;
    }
    for (const letters of ['ệ', 'ỗ', 'ự', 'ẫ', 'Ẫ', 'ờ', 'Ủ']) expect(text).toContain(letters);
    expect(text.normalize('NFC')).toBe(text);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('THƯ KÝ');
    expect(text).toContain('CHỦ TỌA');
    expect(text).toMatch(/- Lưu: VT, Hồ sơ\./);
  });

  it('keeps every word inside the margins; numbers pages from 2 in the top margin, centred, restarting in the appendix', () => {
    const pages = pdfWords(file);
    const right = PAGE.width - MARGIN.right;
    const bottom = PAGE.height - MARGIN.bottom;
    const centre = MARGIN.left + TEXT_WIDTH / 2;
    const numbers: string[] = [];
    pages.forEach((words, i) => {
      const inTopMargin = words.filter((w) => w.yMax < MARGIN.top - TOLERANCE);
      for (const w of words.filter((x) => !inTopMargin.includes(x))) {
        const where = `page ${i + 1} "${w.text}" [${w.xMin}, ${w.yMin}, ${w.xMax}, ${w.yMax}]`;
        expect(w.xMin, where).toBeGreaterThanOrEqual(MARGIN.left - TOLERANCE);
        expect(w.xMax, where).toBeLessThanOrEqual(right + TOLERANCE);
        expect(w.yMin, where).toBeGreaterThanOrEqual(MARGIN.top - TOLERANCE);
        expect(w.yMax, where).toBeLessThanOrEqual(bottom + TOLERANCE);
      }
      expect(inTopMargin.length, `page ${i + 1}: words in the top margin`).toBeLessThanOrEqual(1);
      const n = inTopMargin[0];
      if (n) {
        expect(Math.abs((n.xMin + n.xMax) / 2 - centre), `page ${i + 1} number centred`).toBeLessThan(1);
        expect(n.yMin).toBeGreaterThan(0);
      }
      numbers.push(n?.text ?? '');
    });
    // Page 1 of the minutes and page 1 of the appendix have no number; the others count from 2.
    const appendixAt = pages.findIndex((words) => words.some((w) => w.text === 'TỔNG' && words.some((x) => x.text === 'Phụ')));
    expect(appendixAt).toBeGreaterThan(1);
    expect(numbers.slice(0, appendixAt)).toEqual(['', ...Array.from({ length: appendixAt - 1 }, (_, k) => String(k + 2))]);
    expect(numbers[appendixAt]).toBe('');
    if (numbers.length > appendixAt + 1) expect(numbers[appendixAt + 1]).toBe('2');
  });

  it('repeats the table heading row on every page the appendix runs onto', () => {
    const pages = pdfWords(file);
    const appendixPages = pages.filter((words) => words.some((w) => w.text === 'STT') && words.some((w) => w.text.startsWith('Người')));
    expect(appendixPages.length).toBeGreaterThan(1);
    for (const words of appendixPages) {
      const stt = words.find((w) => w.text === 'STT')!;
      // The heading row is the first row of the page (just under the top margin, or under the title on the first page).
      expect(words.filter((w) => w.text === 'STT')).toHaveLength(1);
      expect(stt.yMin).toBeLessThan(300);
    }
  });
});

describe('PDF of each document', () => {
  const DATE = /^[^,]+, ngày (0[1-9]|[12][0-9]|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$/;
  it.each(['notice', 'report', 'invitations', 'invitee_list', 'registration_form'] as const)(
    '%s: A4, fonts embedded, text within margins, NFC',
    (kind) => {
      const file = pdfOf(kind, 0, { number: '12', issuedOn: '2026-10-20', signing: 'kt_vice_chair' });
      expect(pdfInfo(file)).toMatch(/595\.28 x 841\.89/);
      expect(pdfFonts(file)).not.toMatch(/\bno\s+(yes|no)\s+(yes|no)\s+\d+/);
      const raw = pdfText(file);
      expect(raw.normalize('NFC')).toBe(raw);
      expect(raw).toContain('Độc lập - Tự do - Hạnh phúc');
      for (const [i, words] of pdfWords(file).entries()) {
        for (const w of words) {
          if (w.yMax < MARGIN.top) continue; // a page number
          expect(w.xMax, `${kind} page ${i + 1} "${w.text}"`).toBeLessThanOrEqual(PAGE.width - MARGIN.right + TOLERANCE);
          expect(w.xMin).toBeGreaterThanOrEqual(MARGIN.left - TOLERANCE);
          expect(w.yMax).toBeLessThanOrEqual(PAGE.height - MARGIN.bottom + TOLERANCE);
        }
      }
      if (kind === 'notice' || kind === 'report' || kind === 'invitations') {
        const lines = raw.split('\n').map((l) => l.trim());
        expect(lines.some((l) => /^Số: 12\/(TB|BC|GM)-UBND$/.test(l))).toBe(true);
        expect(lines.some((l) => DATE.test(l))).toBe(true);
        expect(flat(raw)).toContain('TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH');
      }
    },
  );

  it('invitations: one page per invitee, none numbered', () => {
    const file = pdfOf('invitations');
    const pages = pdfWords(file);
    expect(pages).toHaveLength(5);
    for (const words of pages) expect(words.filter((w) => w.yMax < MARGIN.top)).toEqual([]);
    expect(flat(pdfText(file))).toContain('Ông (Bà): Nguyễn Thị Diệp');
  });

  it('a signature block is never parted from its title: all of it on one page', () => {
    // Enough opinions that the closing falls near a page foot for some count.
    for (const n of [6, 7, 8, 9]) {
      const file = pdfOf('minutes', n, { appendix: 'no' });
      const pages = pdfWords(file);
      const page = (text: string) => pages.findIndex((words) => words.some((w) => w.text === text));
      const chair = page('TỌA');
      expect(chair).toBe(pages.length - 1);
      const last = pages.at(-1)!;
      expect(last.some((w) => w.text === 'Trần') && last.some((w) => w.text === 'THƯ')).toBe(true);
    }
  });
});

describe('poppler is there', () => {
  it('pdftotext runs', () => {
    expect(execFileSync('pdftotext', ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBeDefined();
  });
});
