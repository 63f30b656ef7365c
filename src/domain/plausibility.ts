/**
 * Whether a date typed correctly is plausible for what it dates: a session on
 * 15/12/1926 or a form received next year is a typing slip, not a fact. A module
 * of its own: the screens that judge these (a session, a registration form) are
 * later screens, and the first screen's forms, which load typedInput.ts, do not.
 */
import type { MessageCode } from './model.ts';

/** How far from today a session may be planned: last year's is still being written up, and plans run a few years at most. */
export const SESSION_DATE_RANGE = { pastDays: 366, aheadDays: 3 * 366 } as const;

/**
 * Is a session date plausible against today (both 'YYYY-MM-DD', Vietnam)? A
 * session on 15/12/1926 would make every form late and empty the queue.
 */
export function sessionDateProblem(date: string, today: string): MessageCode | null {
  const days = dayNumber(date) - dayNumber(today);
  if (days < -SESSION_DATE_RANGE.pastDays) return 'date_too_far_past';
  if (days > SESSION_DATE_RANGE.aheadDays) return 'date_too_far_ahead';
  return null;
}

/** A device clock may be a little ahead of the clerk's watch; more than this is a typing slip. */
export const RECEIVED_AHEAD_TOLERANCE_MS = 5 * 60_000;
/** A form received more than this long ago belongs to an earlier round of the conference. */
export const RECEIVED_PAST_LIMIT_MS = 366 * 86_400_000;

/** Is a form's received-at instant plausible at `now`? */
export function receivedAtProblem(receivedAt: number, now: number): MessageCode | null {
  if (receivedAt > now + RECEIVED_AHEAD_TOLERANCE_MS) return 'received_in_future';
  if (receivedAt < now - RECEIVED_PAST_LIMIT_MS) return 'date_too_far_past';
  return null;
}

function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!) / 86_400_000;
}
