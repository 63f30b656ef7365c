/**
 * Registration forms (Phiếu đăng ký tham gia đối thoại) and the conference:
 * which forms came in time, and which questions can still be put in a
 * session's queue.
 *
 * Seed 004: a late form means the person is treated as not asking for
 * dialogue; they may still speak as anyone in the hall may, as a walk-in.
 */
import type { Registration, RegistrationDeadlineRule } from './model.ts';
import { isRegistrationOnTime, registrationDeadline, toVietnamLocal, type LocalDateTime, type WorkingDayCalendar } from './workingDays.ts';

export type Timeliness = 'on_time' | 'late' | 'no_date';

/** The conference's first session date decides the deadline; with no session yet there is nothing to be late for. */
export function firstSessionDate(sessions: readonly { date: string }[]): string | null {
  let first: string | null = null;
  for (const s of sessions) if (first === null || s.date < first) first = s.date;
  return first;
}

export function timeliness(
  form: Pick<Registration, 'receivedAt'>,
  rule: RegistrationDeadlineRule,
  conferenceDate: string | null,
  cal: WorkingDayCalendar,
): Timeliness {
  if (conferenceDate === null) return 'no_date';
  return isRegistrationOnTime(rule, conferenceDate, toVietnamLocal(form.receivedAt), cal) ? 'on_time' : 'late';
}

export function deadlineFor(rule: RegistrationDeadlineRule, conferenceDate: string | null, cal: WorkingDayCalendar): LocalDateTime | null {
  return conferenceDate === null ? null : registrationDeadline(rule, conferenceDate, cal);
}

type Form = Pick<Registration, 'fullName' | 'organisation' | 'village' | 'procedureName' | 'field' | 'receivedAt'> & { readonly id: string; readonly deleted?: boolean };

/**
 * Forms whose question can be put in the queue: in time, and not already
 * there (a turn of any status in this session that names the form).
 */
export function queueableRegistrations<F extends Form>(
  forms: readonly F[],
  turns: readonly { registrationId?: string | undefined; deleted?: boolean }[],
  isOnTime: (form: F) => boolean,
): F[] {
  const queued = new Set(turns.filter((t) => !t.deleted && t.registrationId).map((t) => t.registrationId));
  return forms.filter((f) => !f.deleted && !queued.has(f.id) && isOnTime(f)).sort((a, b) => a.receivedAt - b.receivedAt);
}

/** What a form puts in a new turn: the speaker, where they are from, and the question's topic and field. */
export function turnFromRegistration(form: Form): { speakerName: string; affiliation: string; topic: string; field: string; registrationId: string } {
  return {
    speakerName: form.fullName,
    affiliation: form.village || form.organisation,
    topic: form.procedureName,
    field: form.field,
    registrationId: form.id,
  };
}
