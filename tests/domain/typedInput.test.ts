import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal, parseClockTime, parseDecimal, parseVietnameseDate } from '../../src/domain/typedInput.ts';
import { parseVietnamesePhone } from '../../src/domain/phone.ts';
import { receivedAtProblem, sessionDateProblem } from '../../src/domain/plausibility.ts';
import { validateRecord } from '../../src/domain/validate.ts';

const value = <T>(r: { ok: true; value: T } | { ok: false; code: string }) => (r.ok ? r.value : `!${r.code}`);

describe('times as clerks type them', () => {
  it.each([
    ['7h30', '07:30'],
    ['7:30', '07:30'],
    ['07.30', '07:30'],
    ['7g30', '07:30'],
    ['7 giờ 30', '07:30'],
    ['7 giờ 30 phút', '07:30'],
    ["7h30'", '07:30'],
    ['7h', '07:00'],
    ['7h5', '07:05'],
    ['7', '07:00'],
    ['730', '07:30'],
    ['1330', '13:30'],
    ['13:30', '13:30'],
    ['2 giờ chiều', '14:00'],
    ['9h tối', '21:00'],
    ['7h30 sáng', '07:30'],
    ['00:00', '00:00'],
    ['23:59', '23:59'],
  ])('%s → %s', (typed, stored) => expect(value(parseClockTime(typed))).toBe(stored));

  it.each([
    ['7:3', '!invalid_time'],
    ['bảy giờ', '!invalid_time'],
    ['7:30:15', '!invalid_time'],
    ['25:00', '!time_out_of_range'],
    ['7h75', '!time_out_of_range'],
    ['2460', '!time_out_of_range'],
    ['', '!required'],
  ])('%s is refused (%s)', (typed, code) => expect(value(parseClockTime(typed))).toBe(code));
});

describe('Vietnamese phone numbers', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['091-234-5678', '0912345678'],
    ['0387654321', '0387654321'],
    ['0561234567', '0561234567'],
    ['0701234567', '0701234567'],
    ['0812345678', '0812345678'],
    ['+84 912 345 678', '0912345678'],
    ['84912345678', '0912345678'],
    ['024 3826 1234', '02438261234'],
    ['(0236) 382 1234', '02363821234'],
    ['+84 24 3826 1234', '02438261234'],
    ['', ''],
  ])('%s is a number (%s)', (typed, digits) => expect(value(parseVietnamesePhone(typed))).toBe(digits));

  it.each([
    ['091234567', '!phone_too_short'],
    ['09123456789', '!phone_too_long'],
    ['0243826123', '!phone_too_short'],
    ['--------', '!invalid_phone'],
    ['0912abc678', '!invalid_phone'],
    ['912345678', '!phone_prefix'],
    ['0112345678', '!phone_prefix'],
    ['+1 202 555 0100', '!phone_not_vietnamese'],
  ])('%s is refused (%s)', (typed, code) => expect(value(parseVietnamesePhone(typed))).toBe(code));

  it('the record schema uses the same rule', () => {
    const base = { name: 'UBND xã Thanh Trì', upperLevel: '', address: '', email: '' };
    expect(validateRecord('units', { ...base, phone: '--------' })).toMatchObject({ ok: false, issues: [{ field: 'phone', code: 'invalid_phone' }] });
    expect(validateRecord('units', { ...base, phone: '091234567' })).toMatchObject({ ok: false, issues: [{ field: 'phone', code: 'phone_too_short' }] });
    expect(validateRecord('units', { ...base, phone: '024 3826 1234' }).ok).toBe(true);
  });
});

describe('dates dd/MM/yyyy', () => {
  it.each([
    ['15/3/2026', '2026-03-15'],
    ['15/03/2026', '2026-03-15'],
    ['15.03.2026', '2026-03-15'],
    ['15-03-2026', '2026-03-15'],
    ['15/3/26', '2026-03-15'],
    ['29/02/2028', '2028-02-29'],
    ['2026-03-15', '2026-03-15'],
    ['', ''],
  ])('%s → %s', (typed, iso) => expect(value(parseVietnameseDate(typed))).toBe(iso));

  it.each([
    ['30/02/2026', '!no_such_date'],
    ['29/02/2026', '!no_such_date'],
    ['31/04/2026', '!no_such_date'],
    ['00/04/2026', '!no_such_date'],
    ['15/13/2026', '!no_such_month'],
    ['mai', '!invalid_date'],
    ['15 tháng 3', '!invalid_date'],
  ])('%s is refused (%s)', (typed, code) => expect(value(parseVietnameseDate(typed))).toBe(code));

  it('a session date must be within about a year back and three years ahead', () => {
    expect(sessionDateProblem('1926-12-15', '2026-12-01')).toBe('date_too_far_past');
    expect(sessionDateProblem('2025-12-05', '2026-12-01')).toBeNull();
    expect(sessionDateProblem('2029-11-01', '2026-12-01')).toBeNull();
    expect(sessionDateProblem('2036-12-15', '2026-12-01')).toBe('date_too_far_ahead');
  });

  it('a form cannot be received in the future beyond a few minutes of clock difference', () => {
    const now = Date.UTC(2026, 11, 1, 3, 0);
    expect(receivedAtProblem(now + 4 * 60_000, now)).toBeNull();
    expect(receivedAtProblem(now + 10 * 60_000, now)).toBe('received_in_future');
    expect(receivedAtProblem(Date.UTC(2030, 0, 1), now)).toBe('received_in_future');
    expect(receivedAtProblem(Date.UTC(2020, 0, 1), now)).toBe('date_too_far_past');
  });
});

describe('numbers', () => {
  it.each([
    ['5', 5],
    ['0,5', 0.5],
    ['2.5', 2.5],
    [' 10 ', 10],
    ['-5', -5],
  ])('%s → %s', (typed, n) => expect(value(parseDecimal(typed))).toBe(n));

  it.each([
    ['mười', '!not_a_number'],
    ['5 phút', '!not_a_number'],
    ['1,2,3', '!not_a_number'],
    ['', '!required'],
  ])('%s is refused (%s)', (typed, code) => expect(value(parseDecimal(typed))).toBe(code));

  it('shows a decimal comma in Vietnamese', () => {
    expect(formatDecimal(0.5, 'vi')).toBe('0,5');
    expect(formatDecimal(0.5, 'en')).toBe('0.5');
    expect(formatDecimal(5, 'vi')).toBe('5');
  });
});

describe('each number field names its own problem', () => {
  const conf = (days: unknown, year: unknown = 2026) => ({
    title: 'HN',
    year,
    planNumber: '',
    round: 1,
    legalBases: [],
    registrationDeadline: { kind: 'days_before', days },
  });
  it.each([
    [NaN, 'not_a_number'],
    [400, 'deadline_days_out_of_range'],
    [-5, 'deadline_days_out_of_range'],
    [2.5, 'not_whole_number'],
  ])('deadline days %s → %s', (days, code) =>
    expect(validateRecord('conferences', conf(days))).toMatchObject({ ok: false, issues: [{ field: 'registrationDeadline', code }] }),
  );
  it('a year of 19 is out of range', () =>
    expect(validateRecord('conferences', conf(10, 19))).toMatchObject({ ok: false, issues: [{ field: 'year', code: 'year_out_of_range' }] }));
  it('a 0-minute speaking limit and 30/02 get their own messages', () => {
    const session = {
      conferenceId: 'c1', title: '', date: '2026-02-30', start: '07:30', end: '11:30', venue: 'NVH', venueKind: 'other',
      fieldFocus: '', format: 'in_person', speakingLimitMs: 0, chairName: '', secretaryName: '',
    };
    const r = validateRecord('sessions', session);
    expect(r).toMatchObject({ ok: false });
    expect(r.ok ? [] : r.issues).toEqual(
      expect.arrayContaining([
        { field: 'date', code: 'no_such_date' },
        { field: 'speakingLimitMs', code: 'speaking_limit_out_of_range' },
      ]),
    );
  });
});

describe('properties (fast-check)', () => {
  const hour = fc.integer({ min: 0, max: 23 });
  const minute = fc.integer({ min: 0, max: 59 });
  const two = (n: number) => String(n).padStart(2, '0');

  it('every way of writing a real time reads back as that HH:mm', () => {
    fc.assert(
      fc.property(hour, minute, fc.constantFrom(':', 'h', 'g', '.', ' giờ '), fc.boolean(), (h, m, sep, padHour) => {
        const typed = `${padHour ? two(h) : h}${sep}${two(m)}`;
        expect(value(parseClockTime(typed))).toBe(`${two(h)}:${two(m)}`);
      }),
    );
  });

  it('whatever is typed, a time that is accepted is a valid HH:mm', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (typed) => {
        const r = parseClockTime(typed);
        if (r.ok) expect(r.value).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      }),
    );
  });

  it('a mobile number is accepted however it is spaced, and in the +84 form', () => {
    fc.assert(
      fc.property(fc.constantFrom('03', '05', '07', '08', '09'), fc.stringMatching(/^\d{8}$/), fc.constantFrom('', ' ', '.', '-'), (prefix, rest, sep) => {
        const digits = `${prefix}${rest}`;
        const spaced = `${digits.slice(0, 4)}${sep}${digits.slice(4, 7)}${sep}${digits.slice(7)}`;
        expect(value(parseVietnamesePhone(spaced))).toBe(digits);
        expect(value(parseVietnamesePhone(`+84 ${digits.slice(1)}`))).toBe(digits);
      }),
    );
  });

  it('a number with the wrong count of digits is never accepted', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^0[35789]\d{0,7}$|^0[35789]\d{9,11}$/), (digits) => {
        expect(parseVietnamesePhone(digits).ok).toBe(false);
      }),
    );
  });
});
