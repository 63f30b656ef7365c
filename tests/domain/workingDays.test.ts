import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addWorkingDays,
  agendaToLeadershipDue,
  announcementDue,
  calendarDaysBetween,
  createWorkingDayCalendar,
  holidaysIn,
  isRegistrationOnTime,
  isWorkingDay,
  registrationDeadline,
  resultsNoticeDue,
  statutoryHolidays,
  toVietnamLocal,
  weekday,
  workingDayOnOrBefore,
  workingDaysBetween,
  writtenReplyDue,
} from '../../src/domain/workingDays.ts';

const cal = createWorkingDayCalendar();

describe('date arithmetic', () => {
  it('adds calendar days across months, leap days and years', () => {
    expect(addCalendarDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(calendarDaysBetween('2026-02-17', '2026-03-01')).toBe(12);
  });

  it('knows the weekday', () => {
    expect(weekday('2026-02-17')).toBe(2); // Tuesday
    expect(weekday('2026-04-26')).toBe(0); // Sunday
  });

  it('reads an instant as Vietnam wall time', () => {
    expect(toVietnamLocal(Date.UTC(2026, 4, 5, 9, 59))).toEqual({ date: '2026-05-05', time: '16:59' });
    expect(toVietnamLocal(Date.UTC(2026, 4, 5, 17, 30))).toEqual({ date: '2026-05-06', time: '00:30' });
  });

  it('rejects malformed dates', () => {
    expect(() => addCalendarDays('2026-2-1', 1)).toThrow(RangeError);
  });
});

describe('holidays (Labour Code 2019 art. 112)', () => {
  it('lists 2026 with Tết 16-20 Feb and the Giỗ Tổ Sunday made up on Monday', () => {
    expect(holidaysIn(cal, 2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ]);
    const labels = Object.fromEntries(holidaysIn(cal, 2026).map((h) => [h.date, h.label]));
    expect(labels['2026-01-01']).toBe('Tết Dương lịch');
    expect(labels['2026-02-17']).toBe('Tết Nguyên đán (mùng 1)');
    expect(labels['2026-04-26']).toBe('Giỗ Tổ Hùng Vương (10/3 Âm lịch)');
    expect(labels['2026-04-27']).toMatch(/^Nghỉ bù/);
    expect(labels['2026-09-02']).toBe('Quốc khánh (2/9)');
  });

  it('takes the last day of the lunar year, even a 29th, plus mùng 1 to 4', () => {
    expect(
      statutoryHolidays(2025)
        .filter((h) => h.label.startsWith('Tết Nguyên đán'))
        .map((h) => h.date),
    ).toEqual([
      '2025-01-28', // 29 tháng Chạp: that year had no 30th
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
    ]);
  });

  it('makes up weekend holidays on the next working day, after a whole run of them', () => {
    // Tết 2027: 5 Feb (Fri) to 9 Feb (Tue), with Saturday and Sunday inside it.
    const days = holidaysIn(cal, 2027).map((h) => h.date);
    expect(days).toEqual(expect.arrayContaining(['2027-02-05', '2027-02-09', '2027-02-10', '2027-02-11']));
    expect(days).not.toContain('2027-02-12');
    // 1 May 2027 is a Saturday.
    expect(isWorkingDay(cal, '2027-05-03')).toBe(false);
    const manual = createWorkingDayCalendar({ compensateWeekendHolidays: false });
    expect(isWorkingDay(manual, '2027-05-03')).toBe(true);
    expect(isWorkingDay(manual, '2026-04-27')).toBe(true);
  });

  it('lets the yearly choice of the day next to 2 September be 3 September', () => {
    const c = createWorkingDayCalendar({ nationalDayAdjacentByYear: { 2024: 'after' } });
    expect(isWorkingDay(c, '2024-09-03')).toBe(false);
    expect(isWorkingDay(c, '2024-09-01')).toBe(false); // a Sunday anyway
    expect(isWorkingDay(c, '2026-09-01')).toBe(false); // other years keep the default
    const after = createWorkingDayCalendar({ nationalDayAdjacent: 'after' });
    expect(isWorkingDay(after, '2026-09-03')).toBe(false);
    expect(isWorkingDay(after, '2026-09-01')).toBe(true);
  });
});

describe('isWorkingDay and overrides', () => {
  it('is false on weekends and holidays, true on ordinary weekdays', () => {
    expect(isWorkingDay(cal, '2026-02-13')).toBe(true); // Friday before Tết
    expect(isWorkingDay(cal, '2026-02-14')).toBe(false);
    expect(isWorkingDay(cal, '2026-02-18')).toBe(false);
    expect(isWorkingDay(cal, '2026-02-23')).toBe(true);
  });

  it('applies the government\u2019s swaps: a weekday off and a Saturday worked', () => {
    // Tết 2025: Monday 27 Jan off, made up on Saturday 8 Feb.
    const c = createWorkingDayCalendar({
      overrides: [
        { date: '2025-01-27', kind: 'holiday', label: 'Nghỉ hoán đổi' },
        { date: '2025-02-08', kind: 'working', label: 'Làm bù' },
      ],
    });
    expect(isWorkingDay(c, '2025-01-27')).toBe(false);
    expect(isWorkingDay(c, '2025-02-08')).toBe(true);
    expect(holidaysIn(c, 2025).find((h) => h.date === '2025-01-27')).toMatchObject({ label: 'Nghỉ hoán đổi', source: 'override' });
  });

  it('lets an override cancel a holiday', () => {
    const c = createWorkingDayCalendar({ overrides: [{ date: '2026-09-01', kind: 'working', label: 'Đi làm' }] });
    expect(isWorkingDay(c, '2026-09-01')).toBe(true);
    expect(holidaysIn(c, 2026).map((h) => h.date)).not.toContain('2026-09-01');
  });
});

describe('addWorkingDays and workingDaysBetween', () => {
  it('skips Tết 2026', () => {
    expect(addWorkingDays(cal, '2026-02-12', 1)).toBe('2026-02-13');
    expect(addWorkingDays(cal, '2026-02-12', 2)).toBe('2026-02-23');
    expect(addWorkingDays(cal, '2026-02-12', 5)).toBe('2026-02-26');
    expect(addWorkingDays(cal, '2026-02-26', -5)).toBe('2026-02-12');
    expect(addWorkingDays(cal, '2026-02-17', 0)).toBe('2026-02-17');
  });

  it('counts from the day after, even when the start is a day off', () => {
    expect(addWorkingDays(cal, '2026-02-14', 1)).toBe('2026-02-23');
  });

  it('workingDaysBetween is the inverse of addWorkingDays', () => {
    expect(workingDaysBetween(cal, '2026-02-12', '2026-02-26')).toBe(5);
    expect(workingDaysBetween(cal, '2026-02-26', '2026-02-12')).toBe(-5);
    expect(workingDaysBetween(cal, '2026-02-16', '2026-02-20')).toBe(0);
    expect(workingDaysBetween(cal, '2026-05-15', '2026-05-15')).toBe(0);
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const from = addCalendarDays('2025-12-01', Math.floor(rand() * 500));
      const n = Math.floor(rand() * 41) - 20;
      expect(workingDaysBetween(cal, from, addWorkingDays(cal, from, n))).toBe(n);
    }
  });

  it('refuses a fraction of a day', () => {
    expect(() => addWorkingDays(cal, '2026-02-12', 1.5)).toThrow(RangeError);
  });

  it('stops on a calendar with no working days instead of looping', () => {
    const overrides = Array.from({ length: 4000 }, (_, i) => ({
      date: addCalendarDays('2026-01-01', i),
      kind: 'holiday' as const,
      label: 'x',
    }));
    expect(() => addWorkingDays(createWorkingDayCalendar({ overrides }), '2026-01-01', 1)).toThrow(RangeError);
  });

  it('finds the working day on or before a date', () => {
    expect(workingDayOnOrBefore(cal, '2026-02-22')).toBe('2026-02-13');
    expect(workingDayOnOrBefore(cal, '2026-02-13')).toBe('2026-02-13');
  });
});

describe('the plans\u2019 deadlines', () => {
  it('written reply: 5 working days after assignment (seed 001)', () => {
    expect(writtenReplyDue(cal, '2026-02-12')).toBe('2026-02-26');
    expect(writtenReplyDue(cal, '2026-05-15')).toBe('2026-05-22');
  });

  it('notice of results: 7 working days after the conference (seed 002)', () => {
    expect(resultsNoticeDue(cal, '2026-05-15')).toBe('2026-05-26');
    // Around Giỗ Tổ (made up 27/4), 30/4 and 1/5.
    expect(resultsNoticeDue(cal, '2026-04-24')).toBe('2026-05-08');
  });

  it('announcement 7 days before (seed 003), agenda to the leadership 5 days before (seed 002)', () => {
    expect(announcementDue('2026-05-15')).toBe('2026-05-08');
    expect(announcementDue('2026-05-16')).toBe('2026-05-09');
    expect(announcementDue('2026-05-16', cal)).toBe('2026-05-08');
    expect(agendaToLeadershipDue('2026-05-15')).toBe('2026-05-10');
    expect(agendaToLeadershipDue('2026-05-15', cal)).toBe('2026-05-08');
  });

  it('registration "10 days before" ends at 17:00 on that day, moved earlier off a day off (seed 001)', () => {
    const rule = { kind: 'days_before', days: 10 } as const;
    expect(registrationDeadline(rule, '2026-05-15', cal)).toEqual({ date: '2026-05-05', time: '17:00' });
    expect(registrationDeadline(rule, '2026-05-10', cal)).toEqual({ date: '2026-04-29', time: '17:00' }); // 30/4
    expect(registrationDeadline(rule, '2026-10-13', cal)).toEqual({ date: '2026-10-02', time: '17:00' }); // Saturday 3/10
  });

  it('registration by a fixed date and hour (seed 004: 16:30 on 29/9)', () => {
    const rule = { kind: 'fixed', date: '2023-09-29', time: '16:30' } as const;
    expect(registrationDeadline(rule, '2023-10-13', cal)).toEqual({ date: '2023-09-29', time: '16:30' });
    expect(isRegistrationOnTime(rule, '2023-10-13', { date: '2023-09-29', time: '16:30' }, cal)).toBe(true);
    expect(isRegistrationOnTime(rule, '2023-10-13', { date: '2023-09-29', time: '16:31' }, cal)).toBe(false);
    expect(isRegistrationOnTime(rule, '2023-10-13', { date: '2023-09-28', time: '23:59' }, cal)).toBe(true);
  });

  it('judges a form received at an instant through Vietnam time', () => {
    const rule = { kind: 'days_before', days: 10 } as const;
    const at = (utcHour: number, day = 5) => toVietnamLocal(Date.UTC(2026, 4, day, utcHour, 0));
    expect(isRegistrationOnTime(rule, '2026-05-15', at(10), cal)).toBe(true); // 17:00 on the 5th
    expect(isRegistrationOnTime(rule, '2026-05-15', at(11), cal)).toBe(false); // 18:00
    expect(isRegistrationOnTime(rule, '2026-05-15', at(18, 4), cal)).toBe(true); // 01:00 on the 5th
    expect(isRegistrationOnTime(rule, '2026-05-15', { date: '2026-05-06', time: '08:00' }, cal)).toBe(false);
  });
});
