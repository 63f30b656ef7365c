/**
 * The document model: what a Decree 30/2020 administrative document is made of,
 * independent of PDF or Word. Builders (minutes.ts, notice.ts, …) turn the
 * meeting's records into this tree; the two renderers (pdf.ts, docx.ts) lay it
 * out. Nothing here knows Solid, Dexie, the DOM or the clock.
 *
 * Why a tree of our own rather than building jsPDF/docx calls directly: the
 * secretary reviews and edits the text before export, the print view shows it,
 * and both files must say the same words; one tree gives all four the same
 * content, and the tests can check the content without a renderer.
 */

/** Which document, in the vocabulary of Phụ lục III (type abbreviations in `TYPE_CODES`). */
export const DOCUMENT_KINDS = ['minutes', 'invitations', 'invitee_list', 'notice', 'report', 'registration_form'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Documents of one session (its minutes, its invitations) and of the whole conference. */
export const SESSION_DOCUMENTS: readonly DocumentKind[] = ['minutes', 'invitations', 'invitee_list'];
export const CONFERENCE_DOCUMENTS: readonly DocumentKind[] = ['notice', 'report', 'registration_form'];

/** Phụ lục III, Mục I: the code in "Số: …/BB-UBND". */
export const TYPE_CODES: Readonly<Partial<Record<DocumentKind, string>>> = {
  minutes: 'BB',
  invitations: 'GM',
  notice: 'TB',
  report: 'BC',
};

export type Align = 'justify' | 'left' | 'center' | 'right';

/** A paragraph of body text. Sizes are points; the body default is 14 (Phụ lục I, ô 6). */
export interface Paragraph {
  readonly kind: 'paragraph';
  /**
   * Stable name of a paragraph the secretary may edit (e.g. `turn:<id>:question`).
   * Edits are kept by this key, so regenerating after a correction finds them
   * again; paragraphs without a key are fixed wording or computed figures.
   */
  readonly key?: string;
  /** Bold lead-in such as "Địa điểm:", kept when the text after it is edited. */
  readonly label?: string;
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly align?: Align;
  /** First-line indent of 1 cm (default for justified body text). */
  readonly indent?: boolean;
  readonly size?: number;
  /** Fill the rest of the last line with dots: the blanks of a form to fill by hand. */
  readonly dots?: boolean;
  /** Do not leave this paragraph alone at the foot of a page (headings). */
  readonly keepWithNext?: boolean;
  /** Extra space before, in points, on top of the 6 pt paragraph spacing. */
  readonly spaceBefore?: number;
}

export interface TableColumn {
  readonly title: string;
  /** Share of the text width; the shares of a table add up to 1. */
  readonly width: number;
  readonly align?: Align;
}

/** A real table: its heading row repeats on every page it runs onto; a row never splits. */
export interface Table {
  readonly kind: 'table';
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly string[])[];
  /** Points; 12 by default (tables are set a size below the body). */
  readonly size?: number;
  /** A last row in bold (totals). */
  readonly totalRow?: boolean;
}

/** One signing block (ô 7a–7c): authority lines in bold capitals, room for the signature and seal, the name in bold. */
export interface Signer {
  /** Italic line above, e.g. the place and date of a form ("…, ngày … tháng … năm …"). */
  readonly above?: string;
  /** e.g. ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], or ["THƯ KÝ"]. */
  readonly authority: readonly string[];
  /** Italic note under the authority, e.g. "(Ký, ghi rõ họ tên)". */
  readonly note?: string;
  /** The signer's name; empty leaves the line for the office to write. */
  readonly name: string;
}

/** "Nơi nhận:" (ô 9b): 12 pt bold italic, the list in 11 pt, the last line "- Lưu: VT, …". */
export interface Recipients {
  readonly items: readonly string[];
}

/**
 * The foot of a document: left and right columns, laid side by side and
 * never split across pages (a signature is never apart from its title).
 */
export interface Signatures {
  readonly kind: 'signatures';
  readonly left: Signer | Recipients | null;
  readonly right: Signer | null;
}

export interface PageBreak {
  readonly kind: 'page_break';
}

export type Block = Paragraph | Table | Signatures | PageBreak;

export function isSigner(x: Signer | Recipients | null): x is Signer {
  return x !== null && 'authority' in x;
}

/** The two-column header (ô 1–4) of Mẫu 1.4 / 1.7 / 1.9. */
export interface Header {
  /** Lines of the issuing body (ô 2), upper case, bold, with the short rule under them. Empty: no left column (the citizen's form). */
  readonly agency: readonly string[];
  /** "Số: 05/BB-UBND", or with blanks for the records office; null: no number line. */
  readonly number: string | null;
  /** "Thanh Trì, ngày 05 tháng 01 năm 2026" (ô 4), italic; null: no date line (Mẫu 1.9). */
  readonly placeDate: string | null;
}

/** One document of a file. Each section starts a page and numbers its own pages (G7, G8). */
export interface Section {
  readonly header: Header | null;
  /** Ô 5a: the type ("BIÊN BẢN") and the subject under it, with the short rule. */
  readonly title: { readonly type: string; readonly subject: string; readonly subjectItalic?: string } | null;
  /** Ô 9a "Kính gửi:", one line per recipient. */
  readonly kinhGui?: readonly string[];
  readonly blocks: readonly Block[];
}

export interface OfficialDocument {
  readonly kind: DocumentKind;
  /** File name without extension, ASCII (safe on every office PC). */
  readonly fileName: string;
  /** PDF metadata title. */
  readonly title: string;
  readonly sections: readonly Section[];
}

/** Every text a document prints, in reading order: for tests and for "same text in PDF and DOCX". */
export function documentText(doc: OfficialDocument): string[] {
  const out: string[] = [];
  for (const s of doc.sections) {
    if (s.header)
      out.push(...s.header.agency, ...(s.header.number ? [s.header.number] : []), ...(s.header.placeDate ? [s.header.placeDate] : []));
    if (s.title) out.push(s.title.type, s.title.subject, ...(s.title.subjectItalic ? [s.title.subjectItalic] : []));
    if (s.kinhGui) out.push(...s.kinhGui);
    for (const b of s.blocks) {
      if (b.kind === 'paragraph') out.push(`${b.label ? `${b.label} ` : ''}${b.text}`.trim());
      else if (b.kind === 'table') {
        out.push(...b.columns.map((c) => c.title));
        for (const r of b.rows) out.push(...r);
      } else if (b.kind === 'signatures') {
        for (const side of [b.left, b.right]) {
          if (!side) continue;
          if (isSigner(side))
            out.push(...(side.above ? [side.above] : []), ...side.authority, ...(side.note ? [side.note] : []), side.name);
          else out.push('Nơi nhận:', ...side.items);
        }
      }
    }
  }
  return out.filter((s) => s !== '');
}
