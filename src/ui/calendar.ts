/**
 * The working-day calendar the screens count deadlines with (written replies,
 * registration forms). One instance for the whole app: today the statutory
 * holidays with their default choices; when the office can keep its own
 * overrides (compensatory days off, swapped working Saturdays), they are
 * given here, once, and every deadline follows.
 */
import { createWorkingDayCalendar } from '../domain/workingDays.ts';

export const workingDayCalendar = createWorkingDayCalendar();
