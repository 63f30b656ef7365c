import { describe, expect, it } from 'vitest';
import { blankDateWords, dateWords, numberLine, placeDate, unitNames } from '../../src/documents/words.ts';

const FILLED = /^Số: (0[1-9]|[1-9]\d+)\/(BB|TB|BC|GM|KH)-UBND$/;
const BLANK = /^Số:\s+\/(BB|TB|BC|GM|KH)-UBND$/;
const DATE = /^[^,]+, ngày (0[1-9]|[12][0-9]|3[01]) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}$/;

describe('numbers and dates as Decree 30 writes them', () => {
  it('gives numbers below 10 a leading zero, no spaces, and leaves blanks for the records office', () => {
    expect(numberLine('5', 'BB')).toBe('Số: 05/BB-UBND');
    expect(numberLine('116', 'TB')).toMatch(FILLED);
    expect(numberLine('', 'BC')).toMatch(BLANK);
    expect(numberLine('  ', 'GM')).toMatch(BLANK);
  });

  it('writes day < 10 and months 1 and 2 with a leading zero, other months without', () => {
    expect(dateWords('2026-01-05')).toBe('ngày 05 tháng 01 năm 2026');
    expect(dateWords('2019-06-29')).toBe('ngày 29 tháng 6 năm 2019');
    expect(dateWords('2026-10-13')).toBe('ngày 13 tháng 10 năm 2026');
    expect(placeDate('Thanh Trì', '2026-02-03', 2026)).toMatch(DATE);
    expect(blankDateWords(2026)).toMatch(/^ngày\s+tháng\s+năm 2026$/);
  });

  it('takes the unit apart: header lines, the place, the committee as the body names it', () => {
    const n = unitNames('UBND xã Thanh Trì');
    expect(n.agencyLines).toEqual(['ỦY BAN NHÂN DÂN', 'XÃ THANH TRÌ']);
    expect(n.place).toBe('Thanh Trì');
    expect(n.committee).toBe('Ủy ban nhân dân xã Thanh Trì');
    expect(unitNames('Ủy ban nhân dân phường Đức Thắng').agencyLines[1]).toBe('PHƯỜNG ĐỨC THẮNG');
    expect(unitNames('UBND thị trấn Văn Điển').place).toBe('Văn Điển');
  });
});
