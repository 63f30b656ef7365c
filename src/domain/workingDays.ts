/**
 * Working days and the deadlines the plans set in them.
 *
 * Why a calendar object with overrides: the statutory holidays are fixed by the
 * Labour Code 2019 (art. 112) and computable for any year, but each year the
 * government picks the Tết days, the day next to 2 September and swaps days
 * (nghỉ bù, làm bù). So the rules give a default, and the office edits the
 * exceptions as data; an override always wins.
 *
 * Why strings and Date.UTC: a deadline is a date on paper, the same in every
 * time zone. All arithmetic is on UTC day numbers of 'YYYY-MM-DD', so a tablet
 * set to the wrong zone, or a server in UTC, computes the same date.
 */
import type { RegistrationDeadlineRule } from './model.ts';
import { lunarToSolar } from './lunar.ts';
import type { ScheduleDay, YearSchedule } from './officialCalendar.ts';
import { fromVietnamWallClock, vietnamIsoDate, vietnamTime } from './vnTime.ts';

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- pure date arithmetic

function parse(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`invalid date ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
}

function format(dayNumber: number): string {
  const d = new Date(dayNumber * DAY_MS);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(
    2,
    '0',
  )}`;
}

export function addCalendarDays(date: string, n: number): string {
  return format(parse(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(parse(date) * DAY_MS).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const d = weekday(date);
  return d === 0 || d === 6;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number {
  return parse(to) - parse(from);
}

/** The wall date and time in Vietnam of an instant: how a received form's timestamp is read against a deadline. */
export function toVietnamLocal(epochMs: number): { date: string; time: string } {
  return { date: vietnamIsoDate(epochMs), time: vietnamTime(epochMs) };
}

// ---------------------------------------------------------------- the calendar

export type DayOverrideKind = 'holiday' | 'working';

export interface DayOverride {
  readonly date: string;
  /** 'holiday': a day off (nghỉ bù, a swapped day); 'working': a day worked (làm bù), even a Saturday. */
  readonly kind: DayOverrideKind;
  readonly label: string;
}

export type NationalDayAdjacent = 'before' | 'after';

export interface WorkingDayCalendarOptions {
  /**
   * Whole years as announced (officialCalendar.ts, or the office's own in Settings). A year given
   * here is the truth: its days off are exactly those listed plus weekends, its listed Saturdays are
   * worked, and no statutory rule or compensatory day is added. The last schedule of a year wins.
   */
  readonly schedules?: readonly YearSchedule[];
  readonly overrides?: readonly DayOverride[];
  /**
   * Art. 112: 2 September "and one day before or after"; the government decides
   * each year. Default 1 September, the usual choice.
   */
  readonly nationalDayAdjacent?: NationalDayAdjacent;
  readonly nationalDayAdjacentByYear?: Readonly<Record<number, NationalDayAdjacent>>;
  /**
   * Art. 111(3): a holiday on a weekly rest day is made up on the next working
   * day. On by default; turn off to enter every such day by hand.
   */
  readonly compensateWeekendHolidays?: boolean;
}

export type HolidaySource = 'statutory' | 'compensatory' | 'override' | 'schedule';

export interface Holiday {
  readonly date: string;
  readonly label: string;
  readonly source: HolidaySource;
}

export interface WorkingDayCalendar {
  readonly options: Readonly<WorkingDayCalendarOptions>;
  /** Day off by date for one year, statutory and overrides applied; computed once per year asked. */
  readonly daysOff: (year: number) => ReadonlyMap<string, Holiday>;
  /** Overrides by date, for the weekend rule. */
  readonly overrides: ReadonlyMap<string, DayOverride>;
  /** The announced schedule of a year, if one was given; undefined: the statutory rules apply. */
  readonly schedule: (year: number) => YearSchedule | undefined;
  /** The listed days of every scheduled year, by date. */
  readonly scheduledDays: ReadonlyMap<string, ScheduleDay>;
}

export const TET_DAY_LABELS = [
  'Tết Nguyên đán (mùng 1)',
  'Tết Nguyên đán (mùng 2)',
  'Tết Nguyên đán (mùng 3)',
  'Tết Nguyên đán (mùng 4)',
] as const;

/** Labour Code 2019 art. 112(1), with the default choices for the days the government fixes yearly. */
export function statutoryHolidays(year: number, adjacent: NationalDayAdjacent = 'before'): Holiday[] {
  const y = String(year).padStart(4, '0');
  const tet = lunarToSolar(1, 1, year);
  const holidays: Holiday[] = [
    { date: `${y}-01-01`, label: 'Tết Dương lịch', source: 'statutory' },
    { date: addCalendarDays(tet, -1), label: 'Tết Nguyên đán (ngày cuối năm Âm lịch)', source: 'statutory' },
    ...TET_DAY_LABELS.map((label, i) => ({ date: addCalendarDays(tet, i), label, source: 'statutory' as const })),
    { date: lunarToSolar(10, 3, year), label: 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)', source: 'statutory' },
    { date: `${y}-04-30`, label: 'Ngày Giải phóng miền Nam, thống nhất đất nước (30/4)', source: 'statutory' },
    { date: `${y}-05-01`, label: 'Ngày Quốc tế Lao động (1/5)', source: 'statutory' },
    { date: `${y}-09-02`, label: 'Quốc khánh (2/9)', source: 'statutory' },
    {
      date: adjacent === 'before' ? `${y}-09-01` : `${y}-09-03`,
      label: 'Quốc khánh (ngày liền kề)',
      source: 'statutory',
    },
  ];
  return holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export function createWorkingDayCalendar(options: WorkingDayCalendarOptions = {}): WorkingDayCalendar {
  const overrides = new Map<string, DayOverride>();
  for (const o of options.overrides ?? []) {
    parse(o.date);
    overrides.set(o.date, o); // the last entry for a date wins, as the office last wrote it
  }
  const schedules = new Map<number, YearSchedule>();
  for (const y of options.schedules ?? []) schedules.set(y.year, y);
  const scheduledDays = new Map<string, ScheduleDay>();
  for (const y of schedules.values()) {
    for (const d of y.days) {
      parse(d.date);
      // A day outside its own year is a typing slip, not part of that year's schedule.
      if (yearOf(d.date) === y.year) scheduledDays.set(d.date, d);
    }
  }
  // Memo per year, invisible from outside: the calendar behaves as a pure value.
  const cache = new Map<number, ReadonlyMap<string, Holiday>>();
  const daysOff = (year: number): ReadonlyMap<string, Holiday> => {
    const hit = cache.get(year);
    if (hit) return hit;
    const schedule = schedules.get(year);
    const built = schedule ? scheduledYear(schedule, overrides) : buildYear(year, options, overrides);
    cache.set(year, built);
    return built;
  };
  return { options, daysOff, overrides, schedule: (year) => schedules.get(year), scheduledDays };
}

/** A year as announced: its listed days off, nothing computed; an override still wins. */
function scheduledYear(schedule: YearSchedule, overrides: ReadonlyMap<string, DayOverride>): Map<string, Holiday> {
  const off = new Map<string, Holiday>();
  for (const d of schedule.days) {
    if (d.kind === 'off' && yearOf(d.date) === schedule.year) off.set(d.date, { date: d.date, label: d.label, source: 'schedule' });
  }
  applyOverrides(off, schedule.year, overrides);
  return off;
}

function applyOverrides(off: Map<string, Holiday>, year: number, overrides: ReadonlyMap<string, DayOverride>): void {
  for (const o of overrides.values()) {
    if (!o.date.startsWith(`${String(year).padStart(4, '0')}-`)) continue;
    if (o.kind === 'holiday') off.set(o.date, { date: o.date, label: o.label, source: 'override' });
    else off.delete(o.date);
  }
}

function buildYear(year: number, options: WorkingDayCalendarOptions, overrides: ReadonlyMap<string, DayOverride>): Map<string, Holiday> {
  const adjacent = options.nationalDayAdjacentByYear?.[year] ?? options.nationalDayAdjacent ?? 'before';
  const off = new Map<string, Holiday>();
  const statutory = statutoryHolidays(year, adjacent);
  for (const h of statutory) off.set(h.date, h);
  if (options.compensateWeekendHolidays ?? true) {
    for (const h of statutory) {
      if (!isWeekend(h.date)) continue;
      // The next weekday not already off; for a run of holidays (Tết) that is the day after the run.
      let d = addCalendarDays(h.date, 1);
      while (isWeekend(d) || off.has(d)) d = addCalendarDays(d, 1);
      off.set(d, { date: d, label: `Nghỉ bù ${h.label}`, source: 'compensatory' });
    }
  }
  applyOverrides(off, year, overrides);
  return off;
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

export function isWorkingDay(cal: WorkingDayCalendar, date: string): boolean {
  const override = cal.overrides.get(date);
  if (override) return override.kind === 'working';
  const listed = cal.scheduledDays.get(date);
  if (listed) return listed.kind === 'working';
  if (isWeekend(date)) return false;
  return !cal.daysOff(yearOf(date)).has(date);
}

/** Days off other than ordinary weekends, in date order, with their Vietnamese labels. */
export function holidaysIn(cal: WorkingDayCalendar, year: number): Holiday[] {
  return [...cal.daysOff(year).values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Ten years of nothing but days off is not a calendar; stop rather than loop forever on bad overrides. */
const MAX_SCAN_DAYS = 3660;

/**
 * The n-th working day after `date` (n > 0), or before it (n < 0); `date`
 * itself for n = 0. The start day never counts, whether or not it is worked:
 * "within 5 working days of assignment" starts counting the next day.
 */
export function addWorkingDays(cal: WorkingDayCalendar, date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`not a whole number of days: ${n}`);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = date;
  let scanned = 0;
  while (left > 0) {
    d = addCalendarDays(d, step);
    if (isWorkingDay(cal, d)) left -= 1;
    if (++scanned > MAX_SCAN_DAYS) throw new RangeError('no working days in the calendar');
  }
  return d;
}

/** Working days after `from` up to and including `to`: the inverse of addWorkingDays. Negative when `to` is earlier. */
export function workingDaysBetween(cal: WorkingDayCalendar, from: string, to: string): number {
  const a = parse(from);
  const b = parse(to);
  if (a === b) return 0;
  const sign = b > a ? 1 : -1;
  let count = 0;
  // Counted over (from, to] going forward and [to, from) going back, so that
  // addWorkingDays(from, workingDaysBetween(from, to)) lands on `to` when `to` is worked.
  for (let d = a + sign; sign > 0 ? d <= b : d > b; d += sign) {
    if (isWorkingDay(cal, format(d))) count += 1;
  }
  if (sign < 0 && isWorkingDay(cal, to)) count += 1;
  return sign * count;
}

/** The working day on or before `date`. */
export function workingDayOnOrBefore(cal: WorkingDayCalendar, date: string): string {
  let d = date;
  let scanned = 0;
  while (!isWorkingDay(cal, d)) {
    d = addCalendarDays(d, -1);
    if (++scanned > MAX_SCAN_DAYS) throw new RangeError('no working days in the calendar');
  }
  return d;
}

// ---------------------------------------------------------------- the plans' deadlines

/** Seed 001 says "05 ngày" from assignment; the office counts them as working days (issue brief). */
export const WRITTEN_REPLY_WORKING_DAYS = 5;
/** Seed 002: "chậm nhất là 07 ngày làm việc sau khi kết thúc hội nghị". */
export const RESULTS_NOTICE_WORKING_DAYS = 7;
/** Seed 003: announced "chậm nhất là 07 ngày trước". */
export const ANNOUNCEMENT_DAYS_BEFORE = 7;
/** Seed 002: agenda and difficulties to the leadership "trước 05 ngày". */
export const AGENDA_TO_LEADERSHIP_DAYS_BEFORE = 5;
/** Seed 001 receives forms "trong giờ hành chính": the office day ends at 17:00. */
export const END_OF_WORKING_HOURS = '17:00';

export function writtenReplyDue(cal: WorkingDayCalendar, assignedOn: string): string {
  return addWorkingDays(cal, assignedOn, WRITTEN_REPLY_WORKING_DAYS);
}

export function resultsNoticeDue(cal: WorkingDayCalendar, conferenceDate: string): string {
  return addWorkingDays(cal, conferenceDate, RESULTS_NOTICE_WORKING_DAYS);
}

/**
 * N calendar days before the session. With a calendar, a day that falls on a
 * day off moves earlier to the last working day: the office cannot do it on a
 * Sunday, and moving later would break "at least N days before".
 */
export function announcementDue(sessionDate: string, cal?: WorkingDayCalendar): string {
  return daysBefore(sessionDate, ANNOUNCEMENT_DAYS_BEFORE, cal);
}

export function agendaToLeadershipDue(sessionDate: string, cal?: WorkingDayCalendar): string {
  return daysBefore(sessionDate, AGENDA_TO_LEADERSHIP_DAYS_BEFORE, cal);
}

function daysBefore(sessionDate: string, days: number, cal?: WorkingDayCalendar): string {
  const d = addCalendarDays(sessionDate, -days);
  return cal ? workingDayOnOrBefore(cal, d) : d;
}

export interface LocalDateTime {
  readonly date: string;
  /** 'HH:mm', Vietnam local time. */
  readonly time: string;
}

/**
 * The last moment a registration form is in time.
 * 'days_before' (seed 001, "trước 10 ngày", Monday-Friday in office hours): the
 * session date minus N days, moved earlier to a working day when it is not one,
 * until the end of office hours. 'fixed' (seed 004, "đến 16h30 ngày 29/9"): as written.
 */
export function registrationDeadline(rule: RegistrationDeadlineRule, sessionDate: string, cal: WorkingDayCalendar): LocalDateTime {
  if (rule.kind === 'fixed') return { date: rule.date, time: rule.time };
  return { date: workingDayOnOrBefore(cal, addCalendarDays(sessionDate, -rule.days)), time: END_OF_WORKING_HOURS };
}

/** A late form means the person is treated as not asking for dialogue (seed 004); on the deadline minute is in time. */
export function isRegistrationOnTime(
  rule: RegistrationDeadlineRule,
  sessionDate: string,
  receivedAtLocal: LocalDateTime,
  cal: WorkingDayCalendar,
): boolean {
  const deadline = registrationDeadline(rule, sessionDate, cal);
  if (receivedAtLocal.date !== deadline.date) return receivedAtLocal.date < deadline.date;
  return receivedAtLocal.time <= deadline.time;
}

/** Vietnam local date and time → epoch ms (the inverse of toVietnamLocal). */
export function fromVietnamLocal(local: LocalDateTime): number {
  return fromVietnamWallClock(local.date, local.time);
}
