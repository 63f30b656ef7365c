/**
 * The PDF renderer: lays a document out on A4 with jsPDF, as Decree 30/2020
 * Phụ lục I asks (see layout.ts), in Tinos, a metric-compatible face of Times
 * New Roman with every Vietnamese letter (OFL; subset by scripts/subset-fonts.mjs).
 *
 * Our own small layout engine rather than jsPDF's `text(…, {align: 'justify'})`
 * and autotable: a body line mixes a bold label with plain text and the first
 * line is indented, which jsPDF's justification (one style per call, its own
 * re-wrapping) cannot do; we break lines ourselves and write each justified
 * line as one text object whose spaces are widened by TJ adjustments (tried:
 * handing single-style lines to jsPDF's justify was slower, its maxWidth path
 * measures and splits again; a text() call per word was a third slower than
 * this and the file a quarter bigger). Tables need a repeated
 * heading row and rows that never split, signature blocks that never leave
 * their title, and page numbers that restart with each section: a hundred
 * lines here, where autotable would be another 60 KB and still need the rest.
 *
 * All text is NFC-normalised before it is measured or drawn: jsPDF does no
 * shaping, so a decomposed ệ (e + two combining marks) would print its marks
 * misplaced.
 */
import { jsPDF } from 'jspdf';
import { INDENT, LINE_FACTOR, MARGIN, PAGE, PARAGRAPH_SPACING, SIGNATURE_GAP, SIZE, TEXT_WIDTH, HEADER_LEFT_SHARE } from './layout.ts';
import {
  isSigner,
  type Align,
  type Header,
  type OfficialDocument,
  type Paragraph,
  type Recipients,
  type Section,
  type Signatures,
  type Signer,
  type Table,
} from './model.ts';
import { MOTTO, NATIONAL_TITLE } from './common.ts';

/** The four faces as base64 TrueType (jsPDF's virtual file system takes strings). */
export interface PdfFonts {
  readonly regular: string;
  readonly bold: string;
  readonly italic: string;
  readonly boldItalic: string;
}

type Style = 'normal' | 'bold' | 'italic' | 'bolditalic';
const FAMILY = 'Tinos';
/** Tinos' ascender and descender (hhea, per em): where a line's glyphs sit in its box. */
const ASCENT = 0.891;
const DESCENT = 0.216;
const BOTTOM = PAGE.height - MARGIN.bottom;

interface Piece {
  readonly text: string;
  readonly style: Style;
}

const nfc = (s: string) => s.normalize('NFC');
const withItalic = (bold: boolean, italic: boolean): Style => (bold ? (italic ? 'bolditalic' : 'bold') : italic ? 'italic' : 'normal');

class PdfWriter {
  readonly pdf: jsPDF;
  private y = MARGIN.top;
  private readonly widthCache = new Map<string, number>();
  private current = '';
  /** First page (1-based) of each section, for the page numbers. */
  readonly sectionStarts: number[] = [];

  constructor(fonts: PdfFonts) {
    this.pdf = new jsPDF({ unit: 'pt', format: 'a4', orientation: 'portrait', compress: true, putOnlyUsedFonts: true });
    const faces: [string, string, Style][] = [
      ['Tinos-Regular.ttf', fonts.regular, 'normal'],
      ['Tinos-Bold.ttf', fonts.bold, 'bold'],
      ['Tinos-Italic.ttf', fonts.italic, 'italic'],
      ['Tinos-BoldItalic.ttf', fonts.boldItalic, 'bolditalic'],
    ];
    for (const [file, data, style] of faces) {
      this.pdf.addFileToVFS(file, data);
      this.pdf.addFont(file, FAMILY, style, undefined, 'Identity-H');
    }
    this.pdf.setTextColor(0, 0, 0);
    this.pdf.setDrawColor(0, 0, 0);
    this.pdf.setLineHeightFactor(LINE_FACTOR);
    // Justified lines are written as raw text operators (see justify()); jsPDF lists a font in the file
    // only once its own text() has used it, so each face is used once here, with an invisible space.
    for (const [, , style] of faces) {
      this.use(style, SIZE.body);
      this.pdf.text(' ', MARGIN.left, MARGIN.top + SIZE.body);
    }
  }

  /**
   * One justified run of words in one style as a single text object: each word
   * with its space, then a TJ adjustment that widens that space to `gap`. jsPDF's
   * text() costs a text object per call, and a 30-page minutes has ten thousand
   * words; this is one per line (per style on a mixed line).
   */
  private justifiedRun(
    words: readonly string[],
    style: Style,
    size: number,
    x: number,
    baseline: number,
    gap: number,
    spaceAfterLast: boolean,
  ): void {
    this.use(style, size);
    const font = this.pdf.getFont() as unknown as { id: string; metadata: { cmap: { unicode: { codeMap: Record<number, number> } } } };
    const codeMap = font.metadata.cmap.unicode.codeMap;
    // As jsPDF's own text() does: a character the font has no glyph for is left out (else the escape stops there).
    const known = (w: string) => [...w].filter((c) => codeMap[c.codePointAt(0)!] !== undefined).join('');
    const escape = (this.pdf as unknown as { pdfEscape16(text: string, font: unknown): string }).pdfEscape16.bind(this.pdf);
    const stretch = (-(gap - this.width(' ', style, size)) * 1000) / size;
    const parts = words.map((w, i) => `<${escape(known(i < words.length - 1 || spaceAfterLast ? `${w} ` : w), font)}>`);
    const pdfY = PAGE.height - baseline;
    (this.pdf.internal as unknown as { write(...s: string[]): void }).write(
      `BT /${font.id} ${size} Tf 0 g ${x.toFixed(3)} ${pdfY.toFixed(3)} Td [${parts.join(` ${stretch.toFixed(2)} `)}] TJ ET`,
    );
  }

  private use(style: Style, size: number): void {
    const key = `${style}:${size}`;
    if (key === this.current) return;
    this.pdf.setFont(FAMILY, style);
    this.pdf.setFontSize(size);
    this.current = key;
  }

  width(text: string, style: Style, size: number): number {
    const key = `${style}\u0000${text}`;
    let unit = this.widthCache.get(key);
    if (unit === undefined) {
      this.use(style, size);
      unit = this.pdf.getStringUnitWidth(text);
      this.widthCache.set(key, unit);
    }
    return unit * size;
  }

  // ------------------------------------------------------------ pages

  newPage(): void {
    this.pdf.addPage('a4', 'portrait');
    this.y = MARGIN.top;
  }

  private atTop(): boolean {
    return this.y <= MARGIN.top + 0.01;
  }

  /** Starts a new page unless `height` still fits on this one. */
  private ensure(height: number): void {
    if (this.y + height > BOTTOM + 0.01 && !this.atTop()) this.newPage();
  }

  private space(pt: number): void {
    if (!this.atTop()) this.y += pt;
  }

  startSection(first: boolean): void {
    if (!first) this.newPage();
    this.sectionStarts.push(this.pdf.getNumberOfPages());
  }

  // ------------------------------------------------------------ lines

  /** Greedy line breaking of words; a word wider than the line is cut by characters. */
  breakLines(pieces: readonly Piece[], size: number, width: number, firstIndent = 0): Piece[][] {
    const lines: Piece[][] = [];
    let line: Piece[] = [];
    let used = 0;
    let avail = width - firstIndent;
    const space = this.width(' ', 'normal', size);
    const push = () => {
      lines.push(line);
      line = [];
      used = 0;
      avail = width;
    };
    for (const p of pieces) {
      let w = this.width(p.text, p.style, size);
      if (w > width) {
        // A long unbroken token (a file number, a web address): cut it to fit.
        let rest = p.text;
        while (rest) {
          let n = rest.length;
          while (n > 1 && this.width(rest.slice(0, n), p.style, size) > avail - (line.length ? used + space : 0)) n -= 1;
          if (line.length && this.width(rest.slice(0, n), p.style, size) > avail - used - space) {
            push();
            continue;
          }
          const part = rest.slice(0, n);
          line.push({ text: part, style: p.style });
          used += (line.length > 1 ? space : 0) + this.width(part, p.style, size);
          rest = rest.slice(n);
          if (rest) push();
        }
        continue;
      }
      const need = line.length ? used + space + w : w;
      if (need > avail && line.length) {
        push();
        w = this.width(p.text, p.style, size);
      }
      used = line.length ? used + space + w : w;
      line.push(p);
    }
    if (line.length) lines.push(line);
    return lines;
  }

  /** Draws one line with its top at the cursor's y (the cursor is not moved). */
  drawLine(line: readonly Piece[], size: number, x: number, width: number, align: Align, last: boolean): void {
    const lh = size * LINE_FACTOR;
    const baseline = this.y + (lh - (ASCENT + DESCENT) * size) / 2 + ASCENT * size;
    const space = this.width(' ', 'normal', size);
    const widths = line.map((p) => this.width(p.text, p.style, size));
    const words = widths.reduce((a, b) => a + b, 0);
    if (align === 'justify' && !last && line.length > 1) {
      const gap = (width - words) / (line.length - 1);
      let at = x;
      let i = 0;
      while (i < line.length) {
        const style = line[i]!.style;
        const start = at;
        const run: string[] = [];
        while (i < line.length && line[i]!.style === style) {
          run.push(line[i]!.text);
          at += widths[i]! + gap;
          i += 1;
        }
        this.justifiedRun(run, style, size, start, baseline, gap, i < line.length);
      }
      return;
    }
    const total = words + space * Math.max(0, line.length - 1);
    let at = align === 'center' ? x + (width - total) / 2 : align === 'right' ? x + width - total : x;
    // Consecutive words of one style go out as one string: fewer operators, same result.
    let i = 0;
    while (i < line.length) {
      const style = line[i]!.style;
      let j = i;
      let w = 0;
      const parts: string[] = [];
      while (j < line.length && line[j]!.style === style) {
        parts.push(line[j]!.text);
        w += widths[j]! + (j > i ? space : 0);
        j += 1;
      }
      this.use(style, size);
      this.pdf.text(parts.join(' '), at, baseline);
      at += w + space;
      i = j;
    }
  }

  /** A block of text lines at (x, width) from the cursor, page breaks included; returns nothing, moves the cursor. */
  private flow(lines: readonly Piece[][], size: number, x: number, width: number, align: Align, firstIndent: number): void {
    const lh = size * LINE_FACTOR;
    lines.forEach((line, i) => {
      this.ensure(lh);
      const indent = i === 0 ? firstIndent : 0;
      this.drawLine(line, size, x + indent, width - indent, align, i === lines.length - 1);
      this.y += lh;
    });
  }

  // ------------------------------------------------------------ blocks

  paragraph(p: Paragraph, next: Paragraph | Table | null): void {
    const size = p.size ?? SIZE.body;
    const lh = size * LINE_FACTOR;
    const align = p.align ?? 'justify';
    const style = withItalic(p.bold ?? false, p.italic ?? false);
    const texts = p.text === '' ? [''] : nfc(p.text).split('\n');
    texts.forEach((text, n) => {
      const pieces: Piece[] = [];
      if (n === 0 && p.label)
        for (const w of nfc(p.label)
          .split(/[ \t]+/)
          .filter(Boolean))
          pieces.push({ text: w, style: withItalic(true, p.italic ?? false) });
      for (const w of text.split(/[ \t]+/).filter(Boolean)) pieces.push({ text: w, style });
      const indent = (p.indent ?? align === 'justify') ? INDENT : 0;
      const lines = this.breakLines(pieces, size, TEXT_WIDTH, indent);
      if (p.dots) this.addDots(lines, size, indent);
      if (lines.length === 0) lines.push([]);
      this.space(PARAGRAPH_SPACING + (n === 0 ? (p.spaceBefore ?? 0) : 0));
      // A heading is not left alone at the foot of a page: it needs its own lines and two of what follows.
      const keep =
        p.keepWithNext && next
          ? lines.length * lh + PARAGRAPH_SPACING + 2 * (next.size ?? SIZE.body) * LINE_FACTOR
          : lines.length <= 2
            ? lines.length * lh
            : 2 * lh;
      if (this.y + keep > BOTTOM && !this.atTop()) this.newPage();
      this.flow(lines, size, MARGIN.left, TEXT_WIDTH, align, indent);
    });
  }

  /** Fills the last line with dots to the right margin (a blank to write in). */
  private addDots(lines: Piece[][], size: number, indent: number): void {
    const dot = this.width('.', 'normal', size);
    const space = this.width(' ', 'normal', size);
    const last = lines[lines.length - 1];
    const used = last ? last.reduce((a, p) => a + this.width(p.text, p.style, size), 0) + space * last.length : 0;
    const avail = TEXT_WIDTH - (lines.length <= 1 ? indent : 0) - used;
    if (!last || avail < dot * 8) {
      lines.push([{ text: '.'.repeat(Math.floor((TEXT_WIDTH - 1) / dot)), style: 'normal' }]);
      return;
    }
    last.push({ text: '.'.repeat(Math.floor((avail - 1) / dot)), style: 'normal' });
  }

  table(t: Table): void {
    const size = t.size ?? SIZE.table;
    const lh = size * LINE_FACTOR;
    const pad = 3;
    const widths = t.columns.map((c) => c.width * TEXT_WIDTH);
    const cellLines = (text: string, col: number, style: Style) =>
      this.breakLines(
        nfc(text)
          .split(/[ \t]+/)
          .filter(Boolean)
          .map((w) => ({ text: w, style })),
        size,
        widths[col]! - 2 * pad,
      );
    const maxRowHeight = BOTTOM - MARGIN.top - 4 * lh;
    const layoutRow = (cells: readonly string[], style: Style) => {
      let lines = cells.map((c, i) => cellLines(c, i, style));
      let height = Math.max(1, ...lines.map((l) => l.length)) * lh + 2 * pad;
      if (height > maxRowHeight) {
        // A row taller than a page would have to split; it is cut instead, and says so with "…".
        const keep = Math.floor((maxRowHeight - 2 * pad) / lh);
        lines = lines.map((l) => (l.length > keep ? [...l.slice(0, keep - 1), [{ text: '…', style }]] : l));
        height = keep * lh + 2 * pad;
      }
      return { lines, height };
    };
    const head = layoutRow(
      t.columns.map((c) => c.title),
      'bold',
    );
    const drawRow = (row: { lines: Piece[][][]; height: number }, aligns: readonly Align[]) => {
      let x = MARGIN.left;
      const top = this.y;
      row.lines.forEach((lines, i) => {
        const w = widths[i]!;
        this.pdf.setLineWidth(0.5);
        this.pdf.rect(x, top, w, row.height);
        this.y = top + pad;
        lines.forEach((line, k) => {
          this.drawLine(line, size, x + pad, w - 2 * pad, aligns[i] ?? 'left', k === lines.length - 1);
          this.y += lh;
        });
        x += w;
      });
      this.y = top + row.height;
    };
    const headAligns = t.columns.map((): Align => 'center');
    const bodyAligns = t.columns.map((c) => c.align ?? 'left');
    this.space(PARAGRAPH_SPACING);
    const rows = t.rows.map((r, i) => layoutRow(r, t.totalRow && i === t.rows.length - 1 ? 'bold' : 'normal'));
    this.ensure(head.height + (rows[0]?.height ?? 0));
    drawRow(head, headAligns);
    for (const row of rows) {
      if (this.y + row.height > BOTTOM + 0.01) {
        this.newPage();
        drawRow(head, headAligns); // the heading row again on each page the table runs onto
      }
      drawRow(row, bodyAligns);
    }
  }

  signatures(b: Signatures): void {
    const twoSigners = isSigner(b.left) && b.right !== null;
    const leftW = twoSigners ? TEXT_WIDTH / 2 : TEXT_WIDTH * 0.4;
    const rightW = TEXT_WIDTH - leftW;
    type Item = { lines: Piece[][]; size: number; align: Align; gapBefore: number };
    const text = (s: string, style: Style, size: number, width: number, align: Align, gapBefore = 0): Item => ({
      lines: this.breakLines(
        nfc(s)
          .split(/[ \t]+/)
          .filter(Boolean)
          .map((w) => ({ text: w, style })),
        size,
        width,
      ),
      size,
      align,
      gapBefore,
    });
    const signerItems = (s: Signer, width: number): { items: Item[]; authorityAt: number } => {
      const items: Item[] = [];
      if (s.above) items.push(text(s.above, 'italic', SIZE.placeDate, width, 'center'));
      const authorityAt = items.length;
      for (const a of s.authority) items.push(text(a, 'bold', SIZE.signer, width, 'center'));
      if (s.note) items.push(text(s.note, 'italic', SIZE.signer, width, 'center'));
      const name = text(s.name || ' ', 'bold', SIZE.signer, width, 'center', SIGNATURE_GAP);
      items.push(name);
      return { items, authorityAt };
    };
    const recipientItems = (r: Recipients, width: number): Item[] => [
      text('Nơi nhận:', 'bolditalic', SIZE.recipientsTitle, width, 'left'),
      ...r.items.map((i) => text(i, 'normal', SIZE.recipients, width, 'left')),
    ];
    const heightOf = (items: readonly Item[]) => items.reduce((h, it) => h + it.gapBefore + it.lines.length * it.size * LINE_FACTOR, 0);

    const right = b.right ? signerItems(b.right, rightW) : null;
    let left: Item[] = [];
    let leftOffset = 0;
    if (isSigner(b.left)) left = signerItems(b.left, leftW).items;
    else if (b.left) {
      left = recipientItems(b.left, leftW);
      // "Nơi nhận:" sits level with the signing authority (ô 9b), below any date line over the signer.
      if (right) leftOffset = heightOf(right.items.slice(0, right.authorityAt));
    }
    const height = Math.max(leftOffset + heightOf(left), right ? heightOf(right.items) : 0);
    this.space(12);
    // The whole block moves to the next page rather than a title being parted from its name.
    this.ensure(height);
    const top = this.y;
    const draw = (items: readonly Item[], x: number, width: number, start: number) => {
      this.y = start;
      for (const it of items) {
        this.y += it.gapBefore;
        it.lines.forEach((line) => {
          this.drawLine(line, it.size, x, width, it.align, true);
          this.y += it.size * LINE_FACTOR;
        });
      }
    };
    draw(left, MARGIN.left, leftW, top + leftOffset);
    if (right) draw(right.items, MARGIN.left + leftW, rightW, top);
    this.y = top + height;
  }

  // ------------------------------------------------------------ header and title

  private centred(s: string, style: Style, size: number, x: number, width: number): number {
    const lines = this.breakLines(
      nfc(s)
        .split(/[ \t]+/)
        .filter(Boolean)
        .map((w) => ({ text: w, style })),
      size,
      width,
    );
    let widest = 0;
    for (const line of lines) {
      this.drawLine(line, size, x, width, 'center', true);
      widest = Math.max(
        widest,
        line.reduce((a, p) => a + this.width(p.text, style, size), 0) + this.width(' ', style, size) * (line.length - 1),
      );
      this.y += size * LINE_FACTOR;
    }
    return widest;
  }

  /** A solid rule of `length`, centred in the column, just under the line above. */
  private rule(length: number, x: number, width: number): void {
    // Clear of the descenders of the line above (ệ, ạ carry a dot below), not an underline.
    const y = this.y + 2;
    this.pdf.setLineWidth(0.6);
    this.pdf.line(x + (width - length) / 2, y, x + (width + length) / 2, y);
    this.y += 5;
  }

  header(h: Header): void {
    const leftW = TEXT_WIDTH * HEADER_LEFT_SHARE;
    const rightW = TEXT_WIDTH - leftW;
    const top = this.y;
    if (h.agency.length === 0) {
      this.centred(NATIONAL_TITLE, 'bold', SIZE.nationalTitle, MARGIN.left, TEXT_WIDTH);
      const w = this.centred(MOTTO, 'bold', SIZE.motto, MARGIN.left, TEXT_WIDTH);
      this.rule(w, MARGIN.left, TEXT_WIDTH);
      return;
    }
    let widest = 0;
    for (const line of h.agency) widest = Math.max(widest, this.centred(line, 'bold', SIZE.agency, MARGIN.left, leftW));
    // 1/3 to 1/2 of the agency name's width (ô 2).
    this.rule(widest * 0.4, MARGIN.left, leftW);
    const leftEnd = this.y;
    this.y = top;
    this.centred(NATIONAL_TITLE, 'bold', SIZE.nationalTitle, MARGIN.left + leftW, rightW);
    const motto = this.centred(MOTTO, 'bold', SIZE.motto, MARGIN.left + leftW, rightW);
    // As long as the motto (ô 1).
    this.rule(motto, MARGIN.left + leftW, rightW);
    this.y = Math.max(leftEnd, this.y) + 4;
    // The number and the date on one line (ô 3, ô 4).
    const row = this.y;
    let end = row;
    if (h.number) {
      this.centred(h.number, 'normal', SIZE.number, MARGIN.left, leftW);
      end = Math.max(end, this.y);
    }
    if (h.placeDate) {
      this.y = row;
      this.centred(h.placeDate, 'italic', SIZE.placeDate, MARGIN.left + leftW, rightW);
      end = Math.max(end, this.y);
    }
    this.y = end;
  }

  title(t: NonNullable<Section['title']>, kinhGui: readonly string[] | undefined): void {
    this.space(14);
    const typeW = this.centred(t.type, 'bold', SIZE.type, MARGIN.left, TEXT_WIDTH);
    if (t.subject) {
      const w = this.centred(t.subject, 'bold', SIZE.subject, MARGIN.left, TEXT_WIDTH);
      this.rule(w * 0.4, MARGIN.left, TEXT_WIDTH);
    } else this.rule(typeW * 0.4, MARGIN.left, TEXT_WIDTH);
    if (t.subjectItalic) this.centred(t.subjectItalic, 'italic', SIZE.subject, MARGIN.left, TEXT_WIDTH);
    if (kinhGui && kinhGui.length) {
      this.space(6);
      if (kinhGui.length === 1) this.centred(`Kính gửi: ${kinhGui[0]}`, 'normal', SIZE.body, MARGIN.left, TEXT_WIDTH);
      else {
        this.centred('Kính gửi:', 'normal', SIZE.body, MARGIN.left, TEXT_WIDTH);
        kinhGui.forEach((k, i) =>
          this.centred(`- ${k}${i === kinhGui.length - 1 ? '.' : ';'}`, 'normal', SIZE.body, MARGIN.left, TEXT_WIDTH),
        );
      }
    }
    this.y += 4;
  }

  /** Page numbers from each section's second page, centred on the text area in the top margin (G7). */
  pageNumbers(): void {
    const total = this.pdf.getNumberOfPages();
    const starts = [...this.sectionStarts, total + 1];
    for (let s = 0; s + 1 < starts.length; s++) {
      for (let page = starts[s]! + 1; page < starts[s + 1]!; page++) {
        this.pdf.setPage(page);
        this.current = '';
        this.use('normal', SIZE.pageNumber);
        const label = String(page - starts[s]! + 1);
        const w = this.width(label, 'normal', SIZE.pageNumber);
        this.pdf.text(label, MARGIN.left + (TEXT_WIDTH - w) / 2, MARGIN.top / 2 + (ASCENT - DESCENT) * SIZE.pageNumber * 0.5);
      }
    }
  }
}

/** Lays out and writes the document; the bytes of a PDF file. */
export function renderPdf(doc: OfficialDocument, fonts: PdfFonts): ArrayBuffer {
  const w = new PdfWriter(fonts);
  w.pdf.setProperties({ title: nfc(doc.title), creator: 'Đối thoại', subject: nfc(doc.title) });
  w.pdf.setLanguage('vi');
  doc.sections.forEach((section, i) => {
    w.startSection(i === 0);
    if (section.header) w.header(section.header);
    if (section.title) w.title(section.title, section.kinhGui);
    section.blocks.forEach((b, k) => {
      const next = section.blocks[k + 1];
      const nextFlow = next && (next.kind === 'paragraph' || next.kind === 'table') ? next : null;
      if (b.kind === 'paragraph') w.paragraph(b, nextFlow);
      else if (b.kind === 'table') w.table(b);
      else if (b.kind === 'signatures') w.signatures(b);
      else w.newPage();
    });
  });
  w.pageNumbers();
  return w.pdf.output('arraybuffer');
}
