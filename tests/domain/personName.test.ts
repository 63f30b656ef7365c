import { describe, expect, it } from 'vitest';
import { personKey, phoneDigits, sameName, toNfc, toneKey } from '../../src/domain/personName.ts';
import { speakerKey } from '../../src/domain/speakers.ts';

const nfd = (s: string) => s.normalize('NFD');

describe('names that are the same person', () => {
  it.each([
    ['Nguyễn Thị Hoà', 'Nguyễn Thị Hòa'],
    ['Lê Văn Thuý', 'Lê Văn Thúy'],
    ['Khoà', 'Khòa'],
    ['Huỳnh Uý', 'Huỳnh Úy'],
    ['Hoè', 'Hòe'],
    ['Trần Thị Hoạ', 'Trần Thị Họa'],
    ['Đỗ Quốc Thuỷ', 'Đỗ Quốc Thủy'],
  ])('"%s" and "%s" differ only in where the tone mark sits', (a, b) => {
    expect(a).not.toBe(b);
    expect(sameName(a, b)).toBe(true);
    expect(speakerKey(a)).toBe(speakerKey(b));
    expect(personKey(a)).toBe(personKey(b));
  });

  it('composed and decomposed marks, case and spacing do not make a second person', () => {
    expect(nfd('Nguyễn Thị Hòa')).not.toBe('Nguyễn Thị Hòa');
    expect(sameName(nfd('Nguyễn Thị Hòa'), '  nguyễn  thị HOÀ ')).toBe(true);
    expect(toneKey(nfd('Hòa'))).toBe(toneKey('Hoà'));
  });

  it('keeps every other mark: Hoa, Hòa and Hóa are three names, Ba and Bá two', () => {
    expect(sameName('Hoa', 'Hòa')).toBe(false);
    expect(sameName('Hòa', 'Hóa')).toBe(false);
    expect(sameName('Lê Văn Ba', 'Lê Văn Bá')).toBe(false);
    expect(sameName('Tư', 'Tu')).toBe(false);
    // The duplicate key is broader on purpose: a form written without marks is offered as the same person.
    expect(personKey('Đặng Thị Hoà')).toBe(personKey('dang thi hoa'));
  });

  it('compares phones by their digits, in the national form', () => {
    expect(phoneDigits('+84 912 345 678')).toBe('0912345678');
    expect(phoneDigits('84912345678')).toBe('0912345678');
    expect(phoneDigits('0912.345.678')).toBe('0912345678');
    expect(phoneDigits('(024) 3861 2345')).toBe('02438612345');
    expect(phoneDigits('')).toBe('');
  });
});

describe('toNfc: what the write path stores', () => {
  it('turns every string at any depth into NFC and leaves the rest alone', () => {
    const given = { name: nfd('Hoàng Thị Thuý'), n: 3, ok: true, none: null, list: [nfd('Đất đai'), 'Hộ tịch'], inner: { body: nfd('Phòng Tư pháp') } };
    const out = toNfc(given);
    expect(out).toEqual({ name: 'Hoàng Thị Thuý', n: 3, ok: true, none: null, list: ['Đất đai', 'Hộ tịch'], inner: { body: 'Phòng Tư pháp' } });
    expect(out.name).not.toBe(given.name);
    // Nothing to change: the same object back, no copy.
    const plain = { name: 'Hòa', list: ['a'] };
    expect(toNfc(plain)).toBe(plain);
  });
});
