import { describe, expect, it } from 'vitest';
import { leapMonthOf, lunarToSolar, solarToLunar } from '../../src/domain/lunar.ts';

describe('lunarToSolar', () => {
  it.each([
    [2021, '2021-02-12'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
  ])('Tết %i is %s', (year, date) => {
    expect(lunarToSolar(1, 1, year)).toBe(date);
  });

  it.each([
    [2023, '2023-04-29'], // after the leap 2nd month of 2023
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('Giỗ Tổ (10/3) %i is %s', (year, date) => {
    expect(lunarToSolar(10, 3, year)).toBe(date);
  });

  it('uses Vietnam time (UTC+7), not China time, where the two calendars differ', () => {
    // New moons between 16:00 and 17:00 UTC: Tết in Vietnam a day or a month apart from China.
    expect(lunarToSolar(1, 1, 1985)).toBe('1985-01-21'); // China: 1985-02-20
    expect(lunarToSolar(1, 1, 2007)).toBe('2007-02-17'); // China: 2007-02-18
  });

  it('finds leap months', () => {
    expect(leapMonthOf(2020)).toBe(4);
    expect(leapMonthOf(2023)).toBe(2);
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2024)).toBeNull();
    expect(leapMonthOf(2026)).toBeNull();
    expect(lunarToSolar(1, 2, 2023, true)).toBe('2023-03-22');
    expect(lunarToSolar(1, 6, 2025, true)).toBe('2025-07-25');
    expect(lunarToSolar(1, 4, 2020, true)).toBe('2020-05-23');
  });

  it('refuses a leap month the year does not have, and dates out of range', () => {
    expect(() => lunarToSolar(1, 3, 2024, true)).toThrow(RangeError);
    expect(() => lunarToSolar(1, 3, 2023, true)).toThrow(RangeError);
    expect(() => lunarToSolar(0, 1, 2026)).toThrow(RangeError);
    expect(() => lunarToSolar(1, 13, 2026)).toThrow(RangeError);
  });
});

describe('solarToLunar', () => {
  it('knows the last day of the lunar year, 29 or 30', () => {
    expect(solarToLunar('2024-02-09')).toEqual({ day: 30, month: 12, year: 2023, leap: false });
    expect(solarToLunar('2025-01-28')).toEqual({ day: 29, month: 12, year: 2024, leap: false });
    expect(solarToLunar('2026-02-16')).toEqual({ day: 29, month: 12, year: 2025, leap: false });
  });

  it('reads a leap month day', () => {
    expect(solarToLunar('2023-03-22')).toEqual({ day: 1, month: 2, year: 2023, leap: true });
  });

  it('round-trips every day from 2019 to 2031', () => {
    const start = Date.UTC(2019, 0, 1);
    const end = Date.UTC(2031, 11, 31);
    for (let t = start; t <= end; t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      const l = solarToLunar(date);
      expect(lunarToSolar(l.day, l.month, l.year, l.leap)).toBe(date);
    }
  });

  it('rejects text that is not a date', () => {
    expect(() => solarToLunar('17/02/2026')).toThrow(RangeError);
  });
});
