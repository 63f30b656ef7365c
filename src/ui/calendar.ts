/**
 * The working-day calendar every screen counts deadlines with (written replies,
 * notices of results, registration forms): the shipped official schedules
 * (domain/officialCalendar.ts), each year replaced by the office's own version
 * when it has one (the synced `calendarYears` table), and the statutory rules
 * for a year with neither.
 *
 * Why one object that changes underneath: every screen imports
 * `workingDayCalendar` and passes it to the domain's deadline rules. Its reads
 * go through a signal, so a memo that counted a deadline with it counts again
 * when the office's years arrive (from this device or by sync), and no screen
 * has to know where the calendar comes from.
 */
import { createSignal } from 'solid-js';
import { OFFICIAL_SCHEDULES, schedulesWithOffice, type YearSchedule } from '../domain/officialCalendar.ts';
import { createWorkingDayCalendar, type WorkingDayCalendar } from '../domain/workingDays.ts';
import type { DoiThoaiDb } from '../storage/db.ts';
import { observe } from '../storage/live.ts';
import { listAll, type Row } from '../storage/queries.ts';

const fromSchedules = (schedules: readonly YearSchedule[]) => createWorkingDayCalendar({ schedules });

const [current, setCurrent] = createSignal<WorkingDayCalendar>(fromSchedules(OFFICIAL_SCHEDULES));

/** The one calendar. Reading any part of it inside a computation tracks the office's years. */
export const workingDayCalendar: WorkingDayCalendar = {
  get options() {
    return current().options;
  },
  daysOff: (year) => current().daysOff(year),
  get overrides() {
    return current().overrides;
  },
  schedule: (year) => current().schedule(year),
  get scheduledDays() {
    return current().scheduledDays;
  },
};

/** Replace the office's years (what the feed does as the table changes; tests call it directly). */
export function setOfficeYears(years: readonly Pick<Row<'calendarYears'>, 'year' | 'source' | 'days' | 'deleted'>[]): void {
  setCurrent(fromSchedules(schedulesWithOffice(years)));
}

const feeds = new WeakMap<DoiThoaiDb, () => void>();

/**
 * Follow the database's `calendarYears` for as long as the app runs (once per database). The first
 * screens count with the shipped years until the table has answered, a few milliseconds.
 */
export function feedCalendarFrom(db: DoiThoaiDb): () => void {
  const running = feeds.get(db);
  if (running) return running;
  const stop = observe(
    () => listAll(db, 'calendarYears'),
    (rows) => setOfficeYears(rows),
    (e) => console.error('calendar years failed', e),
  );
  const end = () => {
    feeds.delete(db);
    stop();
  };
  feeds.set(db, end);
  return end;
}
