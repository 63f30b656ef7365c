import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, authorityLines, dateProblem, numberProblem, parseSettings } from '../../src/documents/settings.ts';

describe('document settings as the office types them', () => {
  it('defaults to blanks for the records office and the TM. form', () => {
    expect(parseSettings({})).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ number: '', issuedOn: '', signing: 'tm_chair' });
  });

  it('never prints a half-typed or wrong number or date: it falls back to the blank and the field says why', () => {
    expect(parseSettings({ number: '5a', issuedOn: '2026-02-30' })).toMatchObject({ number: '', issuedOn: '' });
    expect(numberProblem('5a')).toBe('invalid_number');
    expect(numberProblem(' 05 ')).toBeNull();
    expect(dateProblem('13/10/2026')).toBe('invalid_date');
    expect(dateProblem('2026-10-13')).toBeNull();
    expect(parseSettings({ number: '05', issuedOn: '2026-10-13', signing: 'kt_vice_chair', sendUpward: 'no', appendix: 'yes' })).toEqual({
      number: '05',
      issuedOn: '2026-10-13',
      signing: 'kt_vice_chair',
      signerName: '',
      sendUpward: false,
      appendix: 'yes',
    });
    // A signing form from a newer app falls back to the default rather than an unknown block.
    expect(parseSettings({ signing: 'q_acting_chair' }).signing).toBe('tm_chair');
  });

  it('writes the signing blocks of Điều 13: authority word before the collective or the title', () => {
    expect(authorityLines('tm_chair')).toEqual(['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']);
    expect(authorityLines('kt_vice_chair')).toEqual(['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
    expect(authorityLines('chair')).toEqual(['CHỦ TỊCH']);
    expect(authorityLines('tl_office_chief')).toEqual(['TL. CHỦ TỊCH', 'CHÁNH VĂN PHÒNG']);
  });
});
