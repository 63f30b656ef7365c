/**
 * The DOCX renderer: the same document as the PDF, as a Word file an official
 * can finish in Word and upload for numbering and digital signing. Times New
 * Roman (on every office PC; not embedded), the same A4 page and margins, real
 * Word tables (heading row repeated, rows that never split), named paragraph
 * styles, and a different first page header so page 1 has no number (titlePg).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LeaderType,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
  type ISectionOptions,
} from 'docx';
import { MOTTO, NATIONAL_TITLE } from './common.ts';
import { HEADER_LEFT_SHARE, INDENT, PAGE, PARAGRAPH_SPACING, SIGNATURE_GAP, SIZE, TEXT_WIDTH, mmToTwip, ptToTwip } from './layout.ts';
import * as M from './model.ts';

const FONT = 'Times New Roman';
const half = (pt: number) => pt * 2;
const W = ptToTwip(TEXT_WIDTH);
const nfc = (s: string) => s.normalize('NFC');

const STYLE = { body: 'DtBody', heading: 'DtHeading', centred: 'DtCentred', cell: 'DtCell', recipients: 'DtRecipients' } as const;

const ALIGN: Record<M.Align, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  justify: AlignmentType.JUSTIFIED,
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
};

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };
const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const GRID = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };

/**
 * A solid rule of about `lengthPt`, centred in a column `widthTwip` wide: an
 * empty paragraph's bottom border between indents (DOCUMENTS.md §5.1). Word
 * draws it as a line, not as underlined text (Circular 01/2011's rule).
 */
function rule(lengthPt: number, widthTwip: number): Paragraph {
  const side = Math.max(0, Math.round((widthTwip - ptToTwip(lengthPt)) / 2));
  return new Paragraph({
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: 120, lineRule: LineRuleType.EXACT },
    children: [],
  });
}

/** Times New Roman's average advance is close to half an em in mixed Vietnamese text: enough to size a rule. */
const estimateWidth = (s: string, size: number, bold = false) => s.length * size * (bold ? 0.53 : 0.5);

function centred(text: string, size: number, opts: { bold?: boolean; italics?: boolean; keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({
    style: STYLE.centred,
    alignment: AlignmentType.CENTER,
    keepNext: opts.keepNext ?? true,
    children: [new TextRun({ text: nfc(text), size: half(size), bold: opts.bold ?? false, italics: opts.italics ?? false })],
  });
}

function cell(children: Paragraph[], widthTwip: number, borders = false): TableCell {
  return new TableCell({
    width: { size: widthTwip, type: WidthType.DXA },
    children: children.length ? children : [new Paragraph({ children: [] })],
    ...(borders
      ? { margins: { top: 40, bottom: 40, left: 60, right: 60 } }
      : { borders: { top: NONE, bottom: NONE, left: NONE, right: NONE } }),
    verticalAlign: VerticalAlign.TOP,
  });
}

function layoutTable(columns: number[], rows: TableCell[][], cantSplit = true): Table {
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: columns.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: columns,
    borders: NO_BORDERS,
    rows: rows.map((cells) => new TableRow({ children: cells, cantSplit })),
  });
}

function header(h: M.Header): (Paragraph | Table)[] {
  if (h.agency.length === 0) {
    return [
      centred(NATIONAL_TITLE, SIZE.nationalTitle, { bold: true }),
      centred(MOTTO, SIZE.motto, { bold: true }),
      rule(estimateWidth(MOTTO, SIZE.motto, true), W),
    ];
  }
  const left = Math.round(W * HEADER_LEFT_SHARE);
  const right = W - left;
  const widest = Math.max(...h.agency.map((a) => estimateWidth(a, SIZE.agency, true)));
  const rows: TableCell[][] = [
    [
      cell([...h.agency.map((a) => centred(a, SIZE.agency, { bold: true })), rule(widest * 0.4, left)], left),
      cell(
        [
          centred(NATIONAL_TITLE, SIZE.nationalTitle, { bold: true }),
          centred(MOTTO, SIZE.motto, { bold: true }),
          rule(estimateWidth(MOTTO, SIZE.motto, true), right),
        ],
        right,
      ),
    ],
  ];
  if (h.number || h.placeDate) {
    // One row: the number and the date sit on one line (ô 3, ô 4).
    rows.push([
      cell(h.number ? [centred(h.number, SIZE.number)] : [], left),
      cell(h.placeDate ? [centred(h.placeDate, SIZE.placeDate, { italics: true })] : [], right),
    ]);
  }
  return [layoutTable([left, right], rows)];
}

function title(t: NonNullable<M.Section['title']>, kinhGui: readonly string[] | undefined): Paragraph[] {
  const out: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      spacing: { before: ptToTwip(14) },
      children: [new TextRun({ text: nfc(t.type), bold: true, size: half(SIZE.type) })],
    }),
  ];
  if (t.subject)
    out.push(
      centred(t.subject, SIZE.subject, { bold: true }),
      rule(Math.min(estimateWidth(t.subject, SIZE.subject, true), TEXT_WIDTH) * 0.4, W),
    );
  else out.push(rule(estimateWidth(t.type, SIZE.type, true) * 0.4, W));
  if (t.subjectItalic) out.push(centred(t.subjectItalic, SIZE.subject, { italics: true }));
  if (kinhGui?.length) {
    if (kinhGui.length === 1) out.push(centred(`Kính gửi: ${kinhGui[0]}`, SIZE.body));
    else {
      out.push(centred('Kính gửi:', SIZE.body));
      kinhGui.forEach((k, i) => out.push(centred(`- ${k}${i === kinhGui.length - 1 ? '.' : ';'}`, SIZE.body)));
    }
  }
  return out;
}

function paragraphs(p: M.Paragraph): Paragraph[] {
  const size = p.size ?? SIZE.body;
  const align = p.align ?? 'justify';
  const indent = (p.indent ?? align === 'justify') ? ptToTwip(INDENT) : 0;
  const texts = p.text === '' ? [''] : nfc(p.text).split('\n');
  return texts.map((text, n) => {
    const runs: TextRun[] = [];
    if (n === 0 && p.label) runs.push(new TextRun({ text: `${nfc(p.label)} `, bold: true, italics: p.italic ?? false, size: half(size) }));
    if (text) runs.push(new TextRun({ text, bold: p.bold ?? false, italics: p.italic ?? false, size: half(size) }));
    // A blank of a form: a right tab with a dot leader fills the line to the margin.
    if (p.dots) runs.push(new TextRun({ text: '\t', size: half(size) }));
    return new Paragraph({
      style: p.bold ? STYLE.heading : STYLE.body,
      alignment: ALIGN[align],
      indent: { firstLine: indent },
      spacing: { before: ptToTwip(PARAGRAPH_SPACING + (n === 0 ? (p.spaceBefore ?? 0) : 0)) },
      keepNext: p.keepWithNext ?? false,
      ...(p.dots ? { tabStops: [{ type: TabStopType.RIGHT, position: W, leader: LeaderType.DOT }] } : {}),
      children: runs,
    });
  });
}

function table(t: M.Table): Table {
  const size = t.size ?? SIZE.table;
  const widths = t.columns.map((c) => Math.round(c.width * W));
  const row = (cells: readonly string[], head: boolean, bold: boolean) =>
    new TableRow({
      tableHeader: head,
      cantSplit: true,
      children: cells.map(
        (text, i) =>
          new TableCell({
            width: { size: widths[i]!, type: WidthType.DXA },
            margins: { top: 40, bottom: 40, left: 60, right: 60 },
            children: [
              new Paragraph({
                style: STYLE.cell,
                alignment: head ? AlignmentType.CENTER : ALIGN[t.columns[i]?.align ?? 'left'],
                children: [new TextRun({ text: nfc(text), bold, size: half(size) })],
              }),
            ],
          }),
      ),
    });
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: GRID,
    rows: [
      row(
        t.columns.map((c) => c.title),
        true,
        true,
      ),
      ...t.rows.map((r, i) => row(r, false, (t.totalRow ?? false) && i === t.rows.length - 1)),
    ],
  });
}

function signerParagraphs(s: M.Signer): Paragraph[] {
  const out: Paragraph[] = [];
  if (s.above) out.push(centred(s.above, SIZE.placeDate, { italics: true }));
  for (const a of s.authority) out.push(centred(a, SIZE.signer, { bold: true }));
  if (s.note) out.push(centred(s.note, SIZE.signer, { italics: true }));
  out.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: ptToTwip(SIGNATURE_GAP) },
      children: [new TextRun({ text: nfc(s.name), bold: true, size: half(SIZE.signer) })],
    }),
  );
  return out;
}

function recipientParagraphs(r: M.Recipients, offsetLines: number): Paragraph[] {
  return [
    new Paragraph({
      style: STYLE.recipients,
      keepNext: true,
      // Level with the signing authority (ô 9b), below a date line over the signer.
      spacing: { before: offsetLines * ptToTwip(SIZE.placeDate * 1.15) },
      children: [new TextRun({ text: 'Nơi nhận:', bold: true, italics: true, size: half(SIZE.recipientsTitle) })],
    }),
    ...r.items.map(
      (i) =>
        new Paragraph({ style: STYLE.recipients, keepNext: true, children: [new TextRun({ text: nfc(i), size: half(SIZE.recipients) })] }),
    ),
  ];
}

function signatures(b: M.Signatures): Table {
  const two = M.isSigner(b.left) && b.right !== null;
  const left = two ? Math.round(W / 2) : Math.round(W * 0.4);
  const right = W - left;
  const leftChildren = M.isSigner(b.left) ? signerParagraphs(b.left) : b.left ? recipientParagraphs(b.left, b.right?.above ? 1 : 0) : [];
  // One row that cannot split: the signing block stays with its title.
  return layoutTable([left, right], [[cell(leftChildren, left), cell(b.right ? signerParagraphs(b.right) : [], right)]]);
}

function sectionOf(s: M.Section): ISectionOptions {
  const children: (Paragraph | Table)[] = [];
  if (s.header) children.push(...header(s.header));
  if (s.title) children.push(...title(s.title, s.kinhGui));
  for (const b of s.blocks) {
    if (b.kind === 'paragraph') children.push(...paragraphs(b));
    else if (b.kind === 'table') children.push(new Paragraph({ spacing: { before: 0, after: 0 }, children: [] }), table(b));
    else if (b.kind === 'signatures') children.push(new Paragraph({ children: [] }), signatures(b));
    else children.push(new Paragraph({ pageBreakBefore: true, children: [] }));
  }
  return {
    properties: {
      titlePage: true,
      page: {
        size: { width: ptToTwip(PAGE.width), height: ptToTwip(PAGE.height) },
        margin: {
          top: mmToTwip(PAGE.marginMm.top),
          bottom: mmToTwip(PAGE.marginMm.bottom),
          left: mmToTwip(PAGE.marginMm.left),
          right: mmToTwip(PAGE.marginMm.right),
          header: mmToTwip(10),
          footer: mmToTwip(10),
        },
        // Each document of the file (each invitation, each appendix) numbers its own pages (G8).
        pageNumbers: { start: 1 },
      },
    },
    headers: {
      first: new Header({ children: [] }),
      default: new Header({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ children: [PageNumber.CURRENT], size: half(SIZE.pageNumber) })],
          }),
        ],
      }),
    },
    children,
  };
}

export function docxDocument(doc: M.OfficialDocument): Document {
  const paragraph = { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } };
  return new Document({
    creator: 'Đối thoại',
    title: nfc(doc.title),
    styles: {
      default: { document: { run: { font: FONT, size: half(SIZE.body), color: '000000' }, paragraph } },
      paragraphStyles: [
        {
          id: STYLE.body,
          name: 'Đối thoại: nội dung',
          basedOn: 'Normal',
          run: { font: FONT, size: half(SIZE.body) },
          paragraph: {
            alignment: AlignmentType.JUSTIFIED,
            indent: { firstLine: ptToTwip(INDENT) },
            spacing: { before: ptToTwip(PARAGRAPH_SPACING), line: 240, lineRule: LineRuleType.AUTO },
          },
        },
        {
          id: STYLE.heading,
          name: 'Đối thoại: đề mục',
          basedOn: STYLE.body,
          next: STYLE.body,
          run: { bold: true },
          paragraph: { keepNext: true },
        },
        { id: STYLE.centred, name: 'Đối thoại: căn giữa', basedOn: 'Normal', paragraph: { alignment: AlignmentType.CENTER } },
        { id: STYLE.cell, name: 'Đối thoại: ô bảng', basedOn: 'Normal', run: { size: half(SIZE.table) } },
        { id: STYLE.recipients, name: 'Đối thoại: nơi nhận', basedOn: 'Normal', run: { size: half(SIZE.recipients) } },
      ],
    },
    sections: doc.sections.map(sectionOf),
  });
}

/** The bytes of a .docx file. */
export async function renderDocx(doc: M.OfficialDocument): Promise<ArrayBuffer> {
  return Packer.toArrayBuffer(docxDocument(doc));
}
