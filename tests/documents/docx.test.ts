/** The Word files unzipped and read: page set-up, fonts and sizes, styles, tables, and the same text as the PDF. */
import { describe, expect, it } from 'vitest';
import { buildDocument, documentText, type DocumentKind, type OfficialDocument } from '../../src/documents/index.ts';
import { renderDocx } from '../../src/documents/docx.ts';
import { renderPdf } from '../../src/documents/pdf.ts';
import { FONTS, docxPart, docxTexts, pdfText, writeTemp } from './poppler.ts';
import { sampleRecords, settings } from './sample.ts';

function docOf(kind: DocumentKind, opinions = 0): OfficialDocument {
  const doc = buildDocument(kind, sampleRecords(opinions), 'ses-1', settings());
  if (typeof doc === 'string') throw new Error(doc);
  return doc;
}

const flat = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();

describe('DOCX of the minutes', async () => {
  const doc = docOf('minutes', 20);
  const file = writeTemp(await renderDocx(doc), 'docx');
  const xml = docxPart(file);
  const styles = docxPart(file, 'word/styles.xml');

  it('is A4 with the decree margins, page 1 unnumbered (titlePg) and the others numbered in the header', () => {
    const sections = xml.match(/<w:sectPr[\s\S]*?<\/w:sectPr>/g) ?? [];
    expect(sections).toHaveLength(2); // the minutes and the appendix, each numbering its own pages
    for (const s of sections) {
      expect(s).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
      const m = /<w:pgMar w:top="(\d+)" w:right="(\d+)" w:bottom="(\d+)" w:left="(\d+)"/.exec(s)!;
      const [top, right, bottom, left] = m.slice(1).map(Number) as [number, number, number, number];
      expect(top).toBeGreaterThanOrEqual(1134);
      expect(top).toBeLessThanOrEqual(1417);
      expect(bottom).toBeGreaterThanOrEqual(1134);
      expect(bottom).toBeLessThanOrEqual(1417);
      expect(left).toBeGreaterThanOrEqual(1701);
      expect(left).toBeLessThanOrEqual(1984);
      expect(right).toBeGreaterThanOrEqual(850);
      expect(right).toBeLessThanOrEqual(1134);
      expect(s).toContain('<w:titlePg/>');
      expect(s).toContain('<w:pgNumType w:start="1"/>');
      expect(s).toMatch(/<w:headerReference w:type="first"/);
      expect(s).toMatch(/<w:headerReference w:type="default"/);
    }
    const headers = [1, 2, 3, 4].map((n) => {
      try {
        return docxPart(file, `word/header${n}.xml`);
      } catch {
        return '';
      }
    });
    expect(headers.some((h) => h.includes('PAGE') && h.includes('<w:jc w:val="center"/>') && h.includes('<w:sz w:val="28"/>'))).toBe(true);
    expect(headers.some((h) => h !== '' && !h.includes('PAGE'))).toBe(true);
  });

  it('sets Times New Roman 14 as the document font, with named paragraph styles (justified, 1 cm indent, 6 pt before)', () => {
    expect(styles).toMatch(/<w:rFonts w:ascii="Times New Roman"/);
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*<w:sz w:val="28"\/>[\s\S]*<\/w:docDefaults>/);
    const body = /<w:style w:type="paragraph" w:styleId="DtBody">[\s\S]*?<\/w:style>/.exec(styles)?.[0] ?? '';
    expect(body).toContain('<w:jc w:val="both"/>');
    expect(body).toContain('w:firstLine="567"');
    expect(body).toContain('w:before="120"');
    expect(xml).toContain('<w:pStyle w:val="DtBody"/>');
    expect(xml).not.toMatch(/w:rFonts w:ascii="(?!Times New Roman)/);
  });

  it('uses real tables: the appendix heading row repeats, rows never split; Nơi nhận is 12 pt bold italic, its list 11 pt', () => {
    expect(xml).toContain('<w:tblHeader/>');
    expect(xml).toContain('<w:cantSplit/>');
    expect(xml).toMatch(/<w:b\/>[\s\S]{0,80}<w:i\/>[\s\S]{0,120}<w:sz w:val="24"\/>[\s\S]{0,200}Nơi nhận:/);
    expect(xml).toMatch(/<w:sz w:val="22"\/>[\s\S]{0,200}- Lưu: VT, Hồ sơ\./);
  });

  it('has the same text as the model and the PDF, in NFC', () => {
    const words = flat(docxTexts(xml).join(' '));
    expect(words.normalize('NFC')).toBe(words);
    const pdf = flat(pdfText(writeTemp(renderPdf(doc, FONTS), 'pdf')));
    const pdfWords = new Set(pdf.split(' '));
    for (const line of documentText(doc)) {
      const t = flat(line);
      expect(words, t).toContain(t);
      // The PDF's reading order is pdftotext's (a blank for the number splits its line in two): word by word there.
      for (const w of t.split(' ')) expect(pdfWords.has(w) || pdf.includes(w), `${w} (of "${t}") in the PDF`).toBe(true);
    }
  });
});

describe('DOCX of each document', () => {
  it.each(['notice', 'report', 'invitations', 'invitee_list', 'registration_form'] as const)(
    '%s opens as a Word document with its text',
    async (kind) => {
      const doc = docOf(kind);
      const file = writeTemp(await renderDocx(doc), 'docx');
      const xml = docxPart(file);
      expect(xml).toContain('<w:titlePg/>');
      const words = flat(docxTexts(xml).join(' '));
      for (const line of documentText(doc)) expect(words).toContain(flat(line));
      if (kind === 'invitations') expect(xml.match(/<w:sectPr/g)).toHaveLength(doc.sections.length);
      if (kind === 'registration_form') expect(xml).toContain('w:leader="dot"');
    },
  );
});
