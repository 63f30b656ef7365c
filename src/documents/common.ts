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

/** The outcome of one opinion as the minutes write it: the label, then the details it needs. */
export function outcomeWords(d: Disposition | null, records: Pick<ConferenceRecords, 'departments' | 'unit'>): string {
  if (d === null) return 'Chưa kết luận';
  const label = DISPOSITION_LABELS.vi[d.kind];
  switch (d.kind) {
    case 'written_reply': {
      const dept = departmentName(records, d.departmentId);
      return `${label}${dept ? `: giao ${dept}` : ''}, hạn trả lời ${shortDate(d.dueOn)}`;
    }
    case 'forwarded_upward':
      return records.unit.upperLevel ? `${label} (${records.unit.upperLevel})` : label;
    case 'guided_elsewhere':
      return d.body ? `${label}: ${d.body}` : label;
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
