/**
 * Pieces every builder uses: the header, the signing block, the outcome of an
 * opinion in words, the standard body paragraph.
 */
import { DISPOSITION_LABELS } from '../domain/labels.ts';
import type { Disposition, Unit } from '../domain/model.ts';
import type { ConferenceRecords, TurnRecord } from './inputs.ts';
import { TYPE_CODES, type DocumentKind, type Header, type Paragraph, type Signer } from './model.ts';
import { authorityLines, type DocumentSettings } from './settings.ts';
import { numberLine, placeDate, shortDate, unitNames } from './words.ts';

export const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
/** ASCII hyphen-minus with a space each side, not an en dash (ô 1). */
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

export function header(kind: DocumentKind, unit: Unit, settings: DocumentSettings, year: number, withDate = true): Header {
  const names = unitNames(unit.name);
  const code = TYPE_CODES[kind];
  return {
    agency: names.agencyLines,
    number: code ? numberLine(settings.number, code) : null,
    placeDate: withDate ? placeDate(names.place, settings.issuedOn, year) : null,
  };
}

/** A committee document's signer (TM./KT./TL. forms); the name defaults to the session's chair. */
export function committeeSigner(settings: DocumentSettings, fallbackName: string): Signer {
  return { authority: authorityLines(settings.signing), name: settings.signerName || fallbackName };
}

export function body(text: string, extra: Partial<Omit<Paragraph, 'kind' | 'text'>> = {}): Paragraph {
  return { kind: 'paragraph', text, align: 'justify', indent: true, ...extra };
}

export function heading(text: string, extra: Partial<Omit<Paragraph, 'kind' | 'text'>> = {}): Paragraph {
  return { kind: 'paragraph', text, bold: true, align: 'justify', indent: true, keepWithNext: true, ...extra };
}

export function departmentName(records: Pick<ConferenceRecords, 'departments'>, id: string): string {
  return records.departments[id]?.name ?? '';
}

/**
 * Details of an outcome that newer records carry (the room issue adds where a
 * forwarded opinion goes, and whether a complaint is a khiếu nại or a tố cáo).
 * Read with `in`, so records without them, and this version's types, agree.
 */
function detail(d: Disposition, field: 'body' | 'redirectedTo' | 'complaintKind'): string {
  const value: unknown = field in d ? (d as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

/** A denunciation (tố cáo): the law keeps the denouncer's name secret, so published documents leave it out. */
export function isDenunciation(d: Disposition | null): boolean {
  return d !== null && d.kind === 'complaint_outside' && detail(d, 'complaintKind') === 'denunciation';
}

/** The speaker as a published document (notice, report) may name them. */
export function publicSpeaker<T extends Pick<TurnRecord, 'speakerName' | 'affiliation' | 'disposition'>>(t: T): T {
  return isDenunciation(t.disposition) ? { ...t, speakerName: 'Người tố cáo (được giữ bí mật)', affiliation: '' } : t;
}

/** The outcome of one opinion as the minutes write it: the label, then the details it needs. */
export function outcomeWords(d: Disposition | null, records: Pick<ConferenceRecords, 'departments' | 'unit'>): string {
  if (d === null) return 'Chưa kết luận';
  const label = DISPOSITION_LABELS.vi[d.kind];
  switch (d.kind) {
    case 'written_reply': {
      const dept = departmentName(records, d.departmentId);
      return `${label}${dept ? `: giao ${dept}` : ''}, hạn trả lời ${shortDate(d.dueOn)}`;
    }
    case 'forwarded_upward': {
      const to = detail(d, 'body') || records.unit.upperLevel;
      return to ? `${label} (${to})` : label;
    }
    case 'guided_elsewhere':
      return d.body ? `${label}: ${d.body}` : label;
    case 'complaint_outside': {
      const kind = detail(d, 'complaintKind') === 'denunciation' ? 'tố cáo' : detail(d, 'complaintKind') === 'complaint' ? 'khiếu nại' : '';
      const to = detail(d, 'redirectedTo');
      return `${label}${kind ? ` (${kind})` : ''}${to ? `, hướng dẫn đến ${to}` : ''}`;
    }
    default:
      return label;
  }
}

/** "Ông/Bà Nguyễn Văn A (thôn 3)": the speaker as the minutes name them. */
export function speakerWords(t: Pick<TurnRecord, 'speakerName' | 'affiliation'>): string {
  const name = t.speakerName.normalize('NFC').trim();
  const aff = t.affiliation.normalize('NFC').trim();
  return aff ? `${name} (${aff})` : name;
}

/** First letter upper case, for a value that starts a sentence. */
export function capitalise(s: string): string {
  return s ? s.charAt(0).toLocaleUpperCase('vi') + s.slice(1) : s;
}

/** "Kế hoạch số 82/KH-UBND ngày 01/09/2026": the plan as the documents cite it, with what the office has entered. */
export function planWords(c: { readonly planNumber: string; readonly planDate?: string }): string {
  const n = c.planNumber.trim();
  return `Kế hoạch${n ? ` số ${n}` : ''}${c.planDate ? ` ngày ${shortDate(c.planDate)}` : ''}`;
}

/**
 * The plan's legal bases (căn cứ, ô 6): one per line, italic, each ending
 * ";" and the last "."; "Căn cứ" is put in front of a basis entered without it.
 */
export function legalBasisParagraphs(bases: readonly string[]): Paragraph[] {
  const lines = bases.map((b) => b.normalize('NFC').trim().replace(/[;.,\s]+$/u, '')).filter((b) => b !== '');
  return lines.map((b, i) => {
    const worded = /^căn cứ(\s|$)/iu.test(b) ? b : `Căn cứ ${b}`;
    return body(`${worded}${i === lines.length - 1 ? '.' : ';'}`, { italic: true });
  });
}
