/**
 * The conference's figures (issue 9 item 8): attendance by group, registration
 * forms, opinions by field, by outcome and by bridge point, written replies on
 * time, late and still open, and the satisfaction survey. One source of
 * numbers: the statistics screen shows these and the report (báo cáo kết quả)
 * prints the same (DOCUMENTS.md §4 lists the tables).
 *
 * Pure: the calendar and "today" come in, so the same records give the same
 * figures on every device.
 */
import { attendanceCounts, effectiveHost, type AttendanceCount } from './attendance.ts';
import { dispositionCounts } from './disposition.ts';
import { FIELD_UNSPECIFIED, STANDARD_FIELDS_VI } from './labels.ts';
import {
  REGISTRATION_CHANNELS,
  type Attendee,
  type AttendeeGroup,
  type BridgePoint,
  type Conference,
  type DispositionKind,
  type FollowUp,
  type Registration,
  type Session,
  type SpeakerTurn,
} from './model.ts';
import { firstSessionDate, timeliness } from './registration.ts';
import { tallySurvey, type SurveyForm, type SurveyTally } from './survey.ts';
import type { WorkingDayCalendar } from './workingDays.ts';

type Row<T> = T & { readonly id: string; readonly deleted?: boolean };

export interface StatisticsSession {
  readonly session: Row<Pick<Session, 'date'>>;
  readonly attendees: readonly Row<Pick<Attendee, 'group' | 'invited' | 'present' | 'bridgePointId'>>[];
  readonly turns: readonly Row<Pick<SpeakerTurn, 'status' | 'disposition' | 'field' | 'registrationId' | 'speakerName' | 'position' | 'bridgePointId'>>[];
  /** The session's bridge points (điểm cầu); none for a conference held in one hall. */
  readonly bridgePoints?: readonly Row<Pick<BridgePoint, 'name' | 'isHost'>>[];
}

/** What the figures are counted from: the records of one conference (documents/inputs.ts ConferenceRecords is one). */
export interface StatisticsInput {
  readonly conference: Pick<Conference, 'registrationDeadline'> & { readonly surveyFormsIssued?: number };
  readonly sessions: readonly StatisticsSession[];
  readonly registrations: readonly Row<Pick<Registration, 'receivedAt' | 'channel'>>[];
  readonly followUps: readonly Row<Pick<FollowUp, 'dueOn' | 'repliedOn' | 'status'> & { readonly kind?: FollowUp['kind'] }>[];
  readonly surveys: readonly SurveyForm[];
  readonly calendar: WorkingDayCalendar;
  /** 'YYYY-MM-DD' in Vietnam: what is overdue is decided against it. */
  readonly today: string;
}

export interface FieldCount {
  readonly field: string;
  readonly count: number;
}

export interface BridgePointCount {
  /** The bridge point's name; '' for opinions and people recorded at no bridge point. */
  readonly name: string;
  readonly opinions: number;
  readonly present: number;
}

export interface FollowUpFigures {
  readonly total: number;
  /** A reply recorded on or before its due date. */
  readonly repliedOnTime: number;
  /** A reply recorded after its due date. */
  readonly repliedLate: number;
  /** No reply yet. */
  readonly open: number;
  /** Of the open ones, those already past their due date. */
  readonly overdue: number;
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
    /** Put from a registration form vs spoken from the hall. */
    readonly fromForms: number;
    readonly spoken: number;
    /** Distinct speakers. */
    readonly speakers: number;
    readonly byField: readonly FieldCount[];
    readonly byDisposition: Readonly<Record<DispositionKind, number>> & { readonly undecided: number };
    /** Empty when no session has bridge points (one hall, nothing to split). */
    readonly byBridgePoint: readonly BridgePointCount[];
  };
  readonly followUps: FollowUpFigures;
  readonly survey: SurveyTally & { readonly issued: number };
}

type Opinion = StatisticsSession['turns'][number];

/** The opinions the figures and the documents account for: put in the room (speaking or done, or concluded), in queue order. */
export function opinionsOf<T extends Opinion>(turns: readonly T[]): T[] {
  return turns
    .filter((t) => !t.deleted)
    .filter((t) => t.status === 'done' || t.status === 'speaking' || (t.status !== 'withdrawn' && t.disposition !== null))
    .sort((a, b) => a.position - b.position);
}

/** The standard fields first, in their order, then the others by count; "unclassified" last. */
export function countByField(turns: readonly Pick<SpeakerTurn, 'field'>[]): FieldCount[] {
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

/**
 * Opinions and people present per bridge point, across sessions by the point's
 * name (the same village hall in two sessions is one place). An opinion or a
 * person recorded with no bridge point in a session that has some was in the
 * host's hall (where the chair sits and the secretary types).
 */
export function countByBridgePoint(sessions: readonly StatisticsSession[]): BridgePointCount[] {
  const rows = new Map<string, { opinions: number; present: number; order: number }>();
  let any = false;
  for (const s of sessions) {
    const points = (s.bridgePoints ?? []).filter((p) => !p.deleted);
    if (points.length > 0) any = true;
    const names = new Map(points.map((p) => [p.id, p.name.trim().normalize('NFC')]));
    const host = effectiveHost(points);
    const nameOf = (id: string | undefined) => names.get(id ?? '') ?? (host ? (names.get(host) ?? '') : '');
    const row = (name: string) => {
      let r = rows.get(name);
      if (!r) rows.set(name, (r = { opinions: 0, present: 0, order: rows.size }));
      return r;
    };
    // The host first, then the points in id (creation) order: the order the chair set them up.
    if (host) row(names.get(host) ?? '');
    for (const p of [...points].sort((a, b) => (a.id < b.id ? -1 : 1))) row(p.name.trim().normalize('NFC'));
    for (const t of opinionsOf(s.turns)) row(nameOf(t.bridgePointId)).opinions += 1;
    for (const a of s.attendees) if (!a.deleted && a.present) row(nameOf(a.bridgePointId)).present += 1;
  }
  if (!any) return [];
  return [...rows.entries()].sort((a, b) => a[1].order - b[1].order).map(([name, r]) => ({ name, opinions: r.opinions, present: r.present }));
}

/**
 * Written replies (the follow-ups of kind written_reply: reports upward, guidance and unheard forms
 * are counted by their outcome, not here): a reply recorded after its due date is late, whatever its
 * status says; one with no reply date is open until the office marks it
 * replied, and overdue from the day after its due date.
 */
export function followUpFigures(followUps: StatisticsInput['followUps'], today: string): FollowUpFigures {
  let repliedOnTime = 0;
  let repliedLate = 0;
  let open = 0;
  let overdue = 0;
  let total = 0;
  for (const f of followUps) {
    // A record made before follow-ups had kinds is a written reply (the only kind there was).
    if (f.deleted || (f.kind ?? 'written_reply') !== 'written_reply') continue;
    total += 1;
    if (f.repliedOn !== '') {
      if (f.repliedOn > f.dueOn) repliedLate += 1;
      else repliedOnTime += 1;
    } else if (f.status === 'assigned') {
      open += 1;
      if (today > f.dueOn) overdue += 1;
    } else {
      // Marked replied without the date of the reply: counted as done, and not as late (nothing says it was).
      repliedOnTime += 1;
    }
  }
  return { total, repliedOnTime, repliedLate, open, overdue };
}

export function conferenceStatistics(records: StatisticsInput): ConferenceStatistics {
  const sessions = records.sessions.filter((s) => !s.session.deleted);
  const attendance = attendanceCounts(sessions.flatMap((s) => s.attendees));
  const opinions = sessions.flatMap((s) => opinionsOf(s.turns));

  const forms = records.registrations.filter((r) => !r.deleted);
  const firstDate = firstSessionDate(sessions.map((s) => s.session));
  let onTime = 0;
  let late = 0;
  const byChannel = Object.fromEntries(REGISTRATION_CHANNELS.map((c) => [c, 0])) as Record<(typeof REGISTRATION_CHANNELS)[number], number>;
  for (const f of forms) {
    if (timeliness(f, records.conference.registrationDeadline, firstDate, records.calendar) === 'late') late += 1;
    else onTime += 1;
    if (f.channel in byChannel) byChannel[f.channel] += 1;
  }

  return {
    sessions: sessions.length,
    attendance: { byGroup: attendance.byGroup, total: attendance.total },
    registrations: { total: forms.length, onTime, late, byChannel },
    opinions: {
      total: opinions.length,
      fromForms: opinions.filter((t) => t.registrationId).length,
      spoken: opinions.filter((t) => !t.registrationId).length,
      speakers: new Set(opinions.map((t) => t.speakerName.trim().normalize('NFC').toLowerCase())).size,
      byField: countByField(opinions),
      byDisposition: dispositionCounts(opinions),
      byBridgePoint: countByBridgePoint(sessions),
    },
    followUps: followUpFigures(records.followUps, records.today),
    survey: { ...tallySurvey(records.surveys), issued: records.conference.surveyFormsIssued ?? 0 },
  };
}
