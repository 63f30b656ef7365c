/**
 * The figures of the report (báo cáo kết quả) and the notice, computed from the
 * records alone: attendance, registration forms, opinions by field and by
 * outcome, written replies, the satisfaction survey. DOCUMENTS.md §4 lists the
 * tables a report carries.
 *
 * Pure: the calendar and "today" come in, so the same records give the same
 * report on every device.
 */
import { attendanceCounts, type AttendanceCount } from '../domain/attendance.ts';
import { dispositionCounts } from '../domain/disposition.ts';
import { FIELD_UNSPECIFIED, STANDARD_FIELDS_VI } from '../domain/labels.ts';
import { REGISTRATION_CHANNELS, type AttendeeGroup, type DispositionKind } from '../domain/model.ts';
import { firstSessionDate, timeliness } from '../domain/registration.ts';
import { live, type ConferenceRecords, type TurnRecord } from './inputs.ts';

export interface FieldCount {
  readonly field: string;
  readonly count: number;
}

export interface SurveyCriterion {
  readonly code: string;
  readonly verySatisfied: number;
  readonly satisfied: number;
  readonly notSatisfied: number;
  readonly answered: number;
}

export interface ConferenceStatistics {
  readonly sessions: number;
  readonly attendance: { readonly byGroup: Readonly<Record<AttendeeGroup, AttendanceCount>>; readonly total: AttendanceCount };
  readonly registrations: {
    readonly total: number;
    readonly onTime: number;
    readonly late: number;
    readonly byChannel: Readonly<Record<(typeof REGISTRATION_CHANNELS)[number], number>>;
  };
  readonly opinions: {
    /** Lượt ý kiến: every question put (withdrawn ones were never put). */
    readonly total: number;
    /** Spoken in the hall vs put from a registration form. */
    readonly fromForms: number;
    readonly spoken: number;
    /** Distinct speakers. */
    readonly speakers: number;
    readonly byField: readonly FieldCount[];
    readonly byDisposition: Readonly<Record<DispositionKind, number>> & { readonly undecided: number };
  };
  readonly followUps: {
    readonly total: number;
    readonly repliedOnTime: number;
    readonly repliedLate: number;
    readonly open: number;
    readonly overdue: number;
  };
  readonly survey: { readonly responses: number; readonly criteria: readonly SurveyCriterion[] };
}

/** The opinions a document accounts for: put in the room (speaking or done, or concluded), in queue order. */
export function opinionsOf(turns: readonly TurnRecord[]): TurnRecord[] {
  return live(turns)
    .filter((t) => t.status === 'done' || t.status === 'speaking' || (t.status !== 'withdrawn' && t.disposition !== null))
    .sort((a, b) => a.position - b.position);
}

/** The standard fields first, in their order, then the others by count; "unclassified" last. */
export function countByField(turns: readonly Pick<TurnRecord, 'field'>[]): FieldCount[] {
  const counts = new Map<string, number>();
  for (const t of turns) {
    const f = t.field.trim().normalize('NFC') || FIELD_UNSPECIFIED.vi;
    counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  const rank = (f: string) => {
    if (f === FIELD_UNSPECIFIED.vi) return Number.MAX_SAFE_INTEGER;
    const i = STANDARD_FIELDS_VI.findIndex((s) => s.toLowerCase() === f.toLowerCase());
    return i === -1 ? STANDARD_FIELDS_VI.length : i;
  };
  return [...counts.entries()]
    .map(([field, count]) => ({ field, count }))
    .sort((a, b) => rank(a.field) - rank(b.field) || b.count - a.count || a.field.localeCompare(b.field, 'vi'));
}

export function conferenceStatistics(records: ConferenceRecords): ConferenceStatistics {
  const sessions = records.sessions.filter((s) => !s.session.deleted);
  const attendance = attendanceCounts(sessions.flatMap((s) => s.attendees));
  const opinions = sessions.flatMap((s) => opinionsOf(s.turns));

  const forms = live(records.registrations);
  const firstDate = firstSessionDate(sessions.map((s) => s.session));
  let onTime = 0;
  let late = 0;
  const byChannel = Object.fromEntries(REGISTRATION_CHANNELS.map((c) => [c, 0])) as Record<(typeof REGISTRATION_CHANNELS)[number], number>;
  for (const f of forms) {
    const when = timeliness(f, records.conference.registrationDeadline, firstDate, records.calendar);
    if (when === 'late') late += 1;
    else onTime += 1;
    if (f.channel in byChannel) byChannel[f.channel] += 1;
  }

  const followUps = live(records.followUps);
  let repliedOnTime = 0;
  let repliedLate = 0;
  let open = 0;
  let overdue = 0;
  for (const f of followUps) {
    if (f.status === 'assigned') {
      open += 1;
      if (records.today > f.dueOn) overdue += 1;
    } else if (f.repliedOn !== '' && f.repliedOn > f.dueOn) repliedLate += 1;
    else repliedOnTime += 1;
  }

  const surveys = live(records.surveys);
  const codes = [...new Set(surveys.flatMap((s) => Object.keys(s.ratings)))].sort();
  const criteria = codes.map((code) => {
    let verySatisfied = 0;
    let satisfied = 0;
    let notSatisfied = 0;
    for (const s of surveys) {
      const r = s.ratings[code] ?? 0;
      // 1–5 ratings read as the plans' three answers: 5 rất hài lòng, 4 hài lòng, 1–3 chưa hài lòng; 0 is no answer.
      if (r === 5) verySatisfied += 1;
      else if (r === 4) satisfied += 1;
      else if (r >= 1) notSatisfied += 1;
    }
    return { code, verySatisfied, satisfied, notSatisfied, answered: verySatisfied + satisfied + notSatisfied };
  });

  return {
    sessions: sessions.length,
    attendance: { byGroup: attendance.byGroup, total: attendance.total },
    registrations: { total: forms.length, onTime, late, byChannel },
    opinions: {
      total: opinions.length,
      fromForms: opinions.filter((t) => t.registrationId).length,
      spoken: opinions.filter((t) => !t.registrationId).length,
      speakers: new Set(opinions.map((t) => t.speakerName.trim().toLowerCase())).size,
      byField: countByField(opinions),
      byDisposition: dispositionCounts(opinions),
    },
    followUps: { total: followUps.length, repliedOnTime, repliedLate, open, overdue },
    survey: { responses: surveys.length, criteria },
  };
}
