/**
 * What the office enters on a document before it is issued: the number and
 * date (left blank by default: the records office gives them after signing,
 * Decree 30 Điều 15.2), who signs and in which form, and a few choices.
 *
 * Where they live: in the same Yjs document as the secretary's edits of that
 * document's text (see edits.ts), one text per field. Not on Conference/Unit
 * records, because they belong to one issued document (the minutes of a session
 * and the notice of a conference have different numbers and signers) and are
 * typed at the same time as the review of the text; keeping them with the text
 * means one place syncs, and older apps, which do not know them, ignore them.
 */
import { isRealDate } from '../domain/model.ts';

/** Điều 13 and DOCUMENTS.md §2.3: who signs a committee document, and how. */
export const SIGNING_FORMS = ['tm_chair', 'kt_vice_chair', 'chair', 'tl_office_chief'] as const;
export type SigningForm = (typeof SIGNING_FORMS)[number];

export interface DocumentSettings {
  /** '' = blank for the records office; otherwise digits, e.g. "05". */
  readonly number: string;
  /** '' = blank; otherwise 'YYYY-MM-DD'. */
  readonly issuedOn: string;
  readonly signing: SigningForm;
  /** '' = the session's chair (or a blank line). */
  readonly signerName: string;
  /** Báo cáo: send it to the upper level ("Kính gửi", "- Như trên;"). */
  readonly sendUpward: boolean;
  /** Biên bản: add the appendix table of opinions ('auto': from 15 opinions on). */
  readonly appendix: 'auto' | 'yes' | 'no';
}

export const DEFAULT_SETTINGS: DocumentSettings = {
  number: '',
  issuedOn: '',
  signing: 'tm_chair',
  signerName: '',
  sendUpward: true,
  appendix: 'auto',
};

export const SETTING_FIELDS = ['number', 'issuedOn', 'signing', 'signerName', 'sendUpward', 'appendix'] as const;
export type SettingField = (typeof SETTING_FIELDS)[number];

export type SettingProblem = 'invalid_number' | 'invalid_date';

/** A number the records office would write: 1 to 4 digits ("05", "116"). */
export function numberProblem(s: string): SettingProblem | null {
  return s.trim() === '' || /^\d{1,4}$/.test(s.trim()) ? null : 'invalid_number';
}

export function dateProblem(s: string): SettingProblem | null {
  return s === '' || isRealDate(s) ? null : 'invalid_date';
}

/**
 * Settings from their stored texts. A value that is not valid (typed on a
 * newer app, or half-typed) falls back to the default rather than printing
 * a wrong number or date; the form shows the problem next to the field.
 */
export function parseSettings(raw: Readonly<Partial<Record<SettingField, string>>>): DocumentSettings {
  const number = (raw.number ?? '').trim();
  const issuedOn = (raw.issuedOn ?? '').trim();
  const signing = SIGNING_FORMS.find((f) => f === raw.signing) ?? DEFAULT_SETTINGS.signing;
  const appendix = raw.appendix === 'yes' || raw.appendix === 'no' ? raw.appendix : 'auto';
  return {
    number: numberProblem(number) ? '' : number,
    issuedOn: dateProblem(issuedOn) ? '' : issuedOn,
    signing,
    signerName: (raw.signerName ?? '').trim().normalize('NFC'),
    sendUpward: raw.sendUpward !== 'no',
    appendix,
  };
}

/** The signing block's authority lines for a committee document (ô 7a). */
export function authorityLines(form: SigningForm): string[] {
  switch (form) {
    case 'tm_chair':
      return ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'];
    case 'kt_vice_chair':
      return ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'];
    case 'chair':
      return ['CHỦ TỊCH'];
    case 'tl_office_chief':
      return ['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG'];
  }
}
