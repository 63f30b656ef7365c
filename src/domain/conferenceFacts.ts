/**
 * The conference's own facts that the documents cite (issue 9 item 7), and
 * what can be judged from them: the announcement must go out at least 7 days
 * before the first session (seed 003: "chậm nhất là 07 ngày trước ngày tổ
 * chức hội nghị"). Calendar days: the radio and the website announce on any
 * day, so nothing moves for a weekend.
 */
import { ANNOUNCEMENT_DAYS_BEFORE, addCalendarDays } from './workingDays.ts';

/** The last day the conference may be announced for a first session on `firstSessionDate`. */
export function latestAnnouncement(firstSessionDate: string): string {
  return addCalendarDays(firstSessionDate, -ANNOUNCEMENT_DAYS_BEFORE);
}

/**
 * The announcement came too late: the latest day it should have gone out, or
 * null when it was in time or cannot be judged yet (no date entered, no session).
 */
export function lateAnnouncement(announcedOn: string, firstSessionDate: string | null): { readonly latest: string } | null {
  if (!announcedOn || !firstSessionDate) return null;
  const latest = latestAnnouncement(firstSessionDate);
  return announcedOn > latest ? { latest } : null;
}
