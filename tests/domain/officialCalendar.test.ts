import { describe, expect, it } from 'vitest';
import { OFFICIAL_SCHEDULES, schedulesWithOffice, type ScheduleDay } from '../../src/domain/officialCalendar.ts';
import {
  addCalendarDays,
  addWorkingDays,
  createWorkingDayCalendar,
  holidaysIn,
  isWorkingDay,
  resultsNoticeDue,
  statutoryHolidays,
  weekday,
  writtenReplyDue,
} from '../../src/domain/workingDays.ts';

const official = createWorkingDayCalendar({ schedules: OFFICIAL_SCHEDULES });
const statutoryOnly = createWorkingDayCalendar();
const yearOf = (year: number) => OFFICIAL_SCHEDULES.find((y) => y.year === year)!;

describe('the shipped schedules', () => {
  it('names the announcing documents of each year', () => {
    expect(OFFICIAL_SCHEDULES.map((y) => y.year)).toEqual([2024, 2025, 2026]);
    expect(yearOf(2024).source).toContain('5015/TB-LĐTBXH ngày 22/11/2023');
    expect(yearOf(2024).source).toContain('2450/VPCP-KGVX ngày 12/4/2024');
    expect(yearOf(2025).source).toContain('8726/VPCP-KGVX ngày 26/11/2024');
    expect(yearOf(2026).source).toContain('9441/TB-BNV ngày 16/10/2025');
    expect(yearOf(2026).source).toContain('12729/VPCP-KGVX ngày 25/12/2025');
  });

  it('lists only real dates of its own year, off days and worked Saturdays', () => {
    for (const y of OFFICIAL_SCHEDULES) {
      for (const d of y.days) {
        expect(d.date.startsWith(`${y.year}-`)).toBe(true);
        expect(addCalendarDays(d.date, 0)).toBe(d.date);
        // Every worked day listed is a Saturday (làm bù): a weekday is worked anyway.
        if (d.kind === 'working') expect(weekday(d.date)).toBe(6);
      }
    }
  });

  it('has the known dates: Tết 2025 on 29/01, Tết 2026 on 17/02, Giỗ Tổ 2026 on 26/04', () => {
    const label = (date: string) => official.daysOff(Number(date.slice(0, 4))).get(date)?.label;
    expect(label('2025-01-29')).toBe('Tết Nguyên đán (mùng 1)');
    expect(label('2026-02-17')).toBe('Tết Nguyên đán (mùng 1)');
    expect(label('2026-04-26')).toBe('Giỗ Tổ Hùng Vương (10/3 Âm lịch)');
    // The statutory rules agree on the lunar dates themselves.
    expect(statutoryHolidays(2025).find((h) => h.label === 'Tết Nguyên đán (mùng 1)')?.date).toBe('2025-01-29');
    expect(statutoryHolidays(2026).find((h) => h.label.startsWith('Giỗ Tổ'))?.date).toBe('2026-04-26');
  });

  it('differs from the statutory rules on exactly the 12 days of the issue: Tết 2024 a day earlier, every swap and make-up Saturday, Tết 2025', () => {
    const differing: string[] = [];
    for (let d = '2024-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 1)) {
      if (isWorkingDay(official, d) !== isWorkingDay(statutoryOnly, d)) differing.push(d);
    }
    expect(differing).toEqual([
      '2024-02-08', // Tết 2024 starts on 29 tháng Chạp (the rules: 30 tháng Chạp) …
      '2024-02-15', // … and ends on mùng 5 (the rules: a compensatory day on the 15th)
      '2024-04-29', // swapped with …
      '2024-05-04', // … the make-up Saturday after the break
      '2025-01-27', // Tết 2025: 28 tháng Chạp to mùng 3, all weekdays, …
      '2025-02-03', // … so no compensatory day after it
      '2025-04-26', // make-up Saturday before the break it pays for …
      '2025-05-02', // … the Friday after 1/5
      '2026-01-02', // New Year 2026: Friday off …
      '2026-01-10', // … worked on Saturday 10/01
      '2026-08-22', // make-up Saturday before …
      '2026-08-31', // … Monday 31/8, before 1/9 and 2/9
    ]);
  });

  it('adds no compensatory day to a scheduled year: the announcement is the truth', () => {
    // Tết 2024's mùng 1 and mùng 2 fall on a weekend; the rules would give 14 and 15 February.
    expect(isWorkingDay(official, '2024-02-15')).toBe(true);
    expect(holidaysIn(official, 2024).every((h) => h.source === 'schedule')).toBe(true);
    expect(holidaysIn(official, 2024).map((h) => h.date)).toContain('2024-02-14');
    // The rules' own compensatory day for Saturday 1/2/2025 (mùng 4) is not added.
    expect(isWorkingDay(official, '2025-02-03')).toBe(true);
  });

  it('uses the statutory rules for a year with no schedule, and says so', () => {
    expect(official.schedule(2027)).toBeUndefined();
    expect(official.schedule(2026)?.source).toContain('9441');
    // 2027: Tết on 6 February (Saturday): the rules' compensatory days apply.
    expect(holidaysIn(official, 2027).some((h) => h.source === 'compensatory')).toBe(true);
  });
});

describe('hand-counted working days across each shipped year’s breaks', () => {
  const cases: [from: string, n: number, expected: string, why: string][] = [
    // 2024
    ['2024-02-07', 1, '2024-02-15', 'Tết 2024 is 08-14/02: the next working day is Thursday 15/02'],
    ['2024-02-07', 5, '2024-02-21', '15, 16, 19, 20, 21 February'],
    ['2024-04-26', 1, '2024-05-02', 'Saturday 27/4 to Wednesday 1/5 off'],
    ['2024-05-03', 1, '2024-05-04', 'the make-up Saturday after the break is worked'],
    ['2024-04-26', 5, '2024-05-07', '2, 3, Saturday 4, 6, 7 May'],
    ['2024-08-30', 1, '2024-09-04', 'Quốc khánh 2024: Saturday 31/8 to Tuesday 3/9'],
    // 2025
    ['2025-01-24', 1, '2025-02-03', 'Tết 2025 is 25/01-02/02: Monday 03/02'],
    ['2025-01-24', 5, '2025-02-07', '3 to 7 February'],
    ['2025-04-25', 1, '2025-04-26', 'the make-up Saturday before the break it pays for'],
    ['2025-04-25', 5, '2025-05-06', 'Saturday 26/4, 28, 29 April, then 5, 6 May'],
    ['2025-08-29', 1, '2025-09-03', 'Quốc khánh 2025: Saturday 30/8 to Tuesday 2/9'],
    // 2026
    ['2025-12-31', 1, '2026-01-05', 'New Year 2026: Thursday 1/1 to Sunday 4/1'],
    ['2026-01-09', 1, '2026-01-10', 'Saturday 10/01/2026 is worked'],
    ['2026-02-13', 5, '2026-02-27', 'Tết 2026 is 14-22/02: 23 to 27 February'],
    ['2026-04-24', 5, '2026-05-06', 'Giỗ Tổ on Sunday 26/4, off Monday 27/4; 30/4-3/5 off: 28, 29 April, 4, 5, 6 May'],
    ['2026-08-21', 1, '2026-08-22', 'the make-up Saturday before the break it pays for'],
    ['2026-08-21', 7, '2026-09-03', 'Saturday 22, 24-28 August, then Thursday 3/9 after 29/8-2/9'],
  ];
  for (const [from, n, expected, why] of cases) {
    it(`${n} working day(s) after ${from} is ${expected}: ${why}`, () => {
      expect(addWorkingDays(official, from, n)).toBe(expected);
    });
  }

  it('counts the plans’ deadlines with it: the 5-day reply and the 7-working-day notice', () => {
    expect(writtenReplyDue(official, '2025-04-25')).toBe('2025-05-06');
    // A conference on Wednesday 26/8/2026: 27, 28 August, 3, 4, 7, 8, 9 September.
    expect(resultsNoticeDue(official, '2026-08-26')).toBe('2026-09-09');
  });
});

describe('the office corrects or adds a year', () => {
  const day = (date: string, kind: ScheduleDay['kind'], label: string): ScheduleDay => ({ date, kind, label });

  it('replaces the shipped year with its own version, day by day', () => {
    const corrected = {
      year: 2026,
      source: 'Thông báo số 9441/TB-BNV; Quyết định của UBND tỉnh cho nghỉ thêm 03/9/2026',
      days: [...yearOf(2026).days.filter((d) => d.date !== '2026-08-22'), day('2026-09-03', 'off', 'Nghỉ thêm theo UBND tỉnh')],
    };
    const schedules = schedulesWithOffice([corrected]);
    expect(schedules.find((y) => y.year === 2026)?.origin).toBe('office');
    expect(schedules.find((y) => y.year === 2025)?.origin).toBe('shipped');
    const cal = createWorkingDayCalendar({ schedules });
    expect(isWorkingDay(cal, '2026-09-03')).toBe(false);
    expect(isWorkingDay(cal, '2026-08-22')).toBe(false); // no longer a make-up Saturday
    expect(addWorkingDays(cal, '2026-09-02', 1)).toBe('2026-09-04');
  });

  it('adds a year the app does not ship, and a deleted office year falls back to the shipped one', () => {
    const y2027 = { year: 2027, source: 'Thông báo năm 2027', days: [day('2027-02-05', 'off', 'Tết Nguyên đán (29 tháng Chạp)')] };
    const cal = createWorkingDayCalendar({ schedules: schedulesWithOffice([y2027]) });
    expect(cal.schedule(2027)?.origin).toBe('office');
    // Exactly as entered: nothing else of Tết 2027 is off, since nothing else was entered.
    expect(isWorkingDay(cal, '2027-02-05')).toBe(false);
    expect(isWorkingDay(cal, '2027-02-08')).toBe(true);
    const back = createWorkingDayCalendar({ schedules: schedulesWithOffice([{ ...yearOf(2026), days: [], deleted: true }]) });
    expect(isWorkingDay(back, '2026-01-10')).toBe(true);
  });
});
