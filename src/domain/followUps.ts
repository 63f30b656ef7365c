/**
 * What the office owes after the room (issue 9 item 5), as one rule: every
 * opinion not closed in the room has one follow-up (theo dõi trả lời).
 *
 *   written_reply     the chair gave it to a department to answer in writing;
 *   forwarded_upward  beyond the unit's authority: a report to the upper level;
 *   guided_elsewhere  a written guidance to the competent body;
 *   unheard_form      a form that came in time but was heard in no turn (its
 *                     author may have been invited and absent): answered at
 *                     the address on the form (seeds 001, 004).
 *
 * Due dates: the reply to the office within 5 working days of assignment (seed
 * 001), and the notice of results within 7 working days of the conference
 * (seed 002). Assignment is the day of the session in which the chair assigned
 * it, never the day someone tapped the disposition: a disposition marked while
 * finishing the minutes a week later keeps its session's due date.
 *
 * Why a reconciliation rather than "create on tap": the same follow-ups must
 * come out however and wherever the dispositions were recorded (another tablet,
 * a correction a week later), and running it twice must change nothing. Each
 * follow-up is identified by what it answers (kind + turn or form), and new
 * ones get an id made from that, so two devices reconciling at once write the
 * same record instead of two.
 */
import type { Disposition, FollowUp, FollowUpKind, InformedBy, RegistrationDeadlineRule, SpeakerTurn } from './model.ts';
import type { FollowUpChange } from './disposition.ts';
import { isOutsideDialogue, timeliness } from './registration.ts';
import { resultsNoticeDue, writtenReplyDue, type WorkingDayCalendar } from './workingDays.ts';

type Live = { readonly id: string; readonly deleted?: boolean };

export type FollowUpRecord = FollowUp & Live;

export interface FollowUpInputs {
  readonly sessions: readonly (Live & { readonly date: string })[];
  readonly turns: readonly (Live &
    Pick<SpeakerTurn, 'sessionId' | 'registrationId' | 'status' | 'disposition' | 'responderName'> & {
      readonly answersRegistrationIds?: readonly string[];
    })[];
  readonly registrations: readonly (Live & {
    readonly receivedAt: number;
    readonly departmentId?: string | undefined;
    readonly outsideDialogue?: string | undefined;
  })[];
  readonly followUps: readonly FollowUpRecord[];
  readonly rule: RegistrationDeadlineRule;
  /** 'YYYY-MM-DD' in Vietnam: forms count as unheard only once the conference is over. */
  readonly today: string;
  readonly calendar: WorkingDayCalendar;
}

const TURN_KINDS: readonly Disposition['kind'][] = ['written_reply', 'forwarded_upward', 'guided_elsewhere'];
const ID_PREFIX: Readonly<Record<FollowUpKind, string>> = {
  written_reply: 'fu-w-',
  forwarded_upward: 'fu-u-',
  guided_elsewhere: 'fu-g-',
  unheard_form: 'fu-f-',
};

/** What a follow-up answers: one per kind and turn (or form). */
export function followUpKey(f: Pick<FollowUp, 'kind' | 'turnId' | 'registrationId'>): string | null {
  const source = f.kind === 'unheard_form' ? f.registrationId : f.turnId;
  return source ? `${f.kind}:${source}` : null;
}

/** The id a new follow-up gets: the same on every device for the same opinion. */
export function followUpId(kind: FollowUpKind, sourceId: string): string {
  return `${ID_PREFIX[kind]}${sourceId}`.slice(0, 64);
}

export const isOpen = (f: Pick<FollowUp, 'status'>) => f.status === 'assigned';

/** The last session's date: "the conference" the notice of results counts from. */
export function conferenceEnd(sessions: readonly (Live & { readonly date: string })[]): string | null {
  let last: string | null = null;
  for (const s of sessions) if (!s.deleted && (last === null || s.date > last)) last = s.date;
  return last;
}

/** The forms heard in the room: named by a turn that was not withdrawn, as its form or among those it answers. */
export function heardRegistrationIds(turns: FollowUpInputs['turns']): Set<string> {
  const heard = new Set<string>();
  for (const t of turns) {
    if (t.deleted || t.status === 'withdrawn') continue;
    if (t.registrationId) heard.add(t.registrationId);
    for (const id of t.answersRegistrationIds ?? []) heard.add(id);
  }
  return heard;
}

type Wanted = Omit<FollowUp, 'replyNumber' | 'repliedOn' | 'replyText' | 'informedBy' | 'status'>;

/** The follow-ups the records call for, by key. */
export function wantedFollowUps(inputs: FollowUpInputs): Map<string, Wanted> {
  const { calendar: cal } = inputs;
  const wanted = new Map<string, Wanted>();
  const end = conferenceEnd(inputs.sessions);
  if (end === null) return wanted;
  const noticeDueOn = resultsNoticeDue(cal, end);
  const sessionDate = new Map(inputs.sessions.filter((s) => !s.deleted).map((s) => [s.id, s.date]));
  const formDepartment = new Map(inputs.registrations.filter((r) => !r.deleted).map((r) => [r.id, r.departmentId ?? '']));

  for (const t of inputs.turns) {
    const d = t.disposition;
    if (t.deleted || t.status === 'withdrawn' || !d || !TURN_KINDS.includes(d.kind)) continue;
    const assignedOn = sessionDate.get(t.sessionId);
    if (!assignedOn) continue;
    const kind = d.kind as FollowUpKind;
    const departmentId = d.kind === 'written_reply' ? d.departmentId : t.registrationId ? (formDepartment.get(t.registrationId) ?? '') : '';
    wanted.set(`${kind}:${t.id}`, {
      kind,
      turnId: t.id,
      registrationId: t.registrationId,
      departmentId,
      responderName: t.responderName,
      assignedOn,
      dueOn: writtenReplyDue(cal, assignedOn),
      noticeDueOn,
    });
  }

  // Before the last session is over every form is still "not yet heard": nothing is owed for them yet.
  if (inputs.today > end) {
    const heard = heardRegistrationIds(inputs.turns);
    const first = [...sessionDate.values()].sort()[0]!;
    for (const r of inputs.registrations) {
      if (r.deleted || heard.has(r.id)) continue;
      // A complaint or denunciation goes to its own procedure (seeds 001, 004): the dialogue owes it no answer.
      if (isOutsideDialogue(r)) continue;
      // A late form is treated as not asking for dialogue (seed 004): nothing is owed for it.
      if (timeliness(r, inputs.rule, first, cal) !== 'on_time') continue;
      wanted.set(`unheard_form:${r.id}`, {
        kind: 'unheard_form',
        turnId: undefined,
        registrationId: r.id,
        departmentId: r.departmentId ?? '',
        responderName: '',
        assignedOn: end,
        dueOn: writtenReplyDue(cal, end),
        noticeDueOn,
      });
    }
  }
  return wanted;
}

/**
 * The changes that bring the stored follow-ups to what the records call for:
 * create what is missing, correct the dates (and a written reply's department)
 * of those still open, retire the open ones nothing calls for any more (a
 * changed disposition, a withdrawn turn, a form heard after all). A follow-up
 * already replied to is part of the record and is never touched. Running it on
 * its own output gives no changes.
 */
export function reconcileFollowUps(inputs: FollowUpInputs): FollowUpChange[] {
  const wanted = wantedFollowUps(inputs);
  const changes: FollowUpChange[] = [];
  const seen = new Set<string>();
  const live = inputs.followUps.filter((f) => !f.deleted).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const f of live) {
    const key = followUpKey(f);
    if (key === null) continue; // entered by hand, answering nothing recorded: the office's own
    const want = wanted.get(key);
    if (!want) {
      if (isOpen(f)) changes.push({ kind: 'delete', id: f.id });
      continue;
    }
    if (seen.has(key)) {
      // Two records for one opinion (two devices before this rule existed): keep the first.
      if (isOpen(f)) changes.push({ kind: 'delete', id: f.id });
      continue;
    }
    seen.add(key);
    if (!isOpen(f)) continue;
    const fields: Partial<FollowUp> = {};
    if (f.assignedOn !== want.assignedOn) fields.assignedOn = want.assignedOn;
    if (f.dueOn !== want.dueOn) fields.dueOn = want.dueOn;
    if (f.noticeDueOn !== want.noticeDueOn) fields.noticeDueOn = want.noticeDueOn;
    // Only an empty department is filled in: once a follow-up has one, it is the office's to keep or
    // reassign from the dashboard (assignmentFields). The chair changing a written reply's department
    // in the minutes rewrites the follow-up itself (disposition.ts), so nothing is lost by not copying it here.
    if (want.departmentId && f.departmentId === '') fields.departmentId = want.departmentId;
    if (!f.responderName && want.responderName) fields.responderName = want.responderName;
    if (Object.keys(fields).length > 0) changes.push({ kind: 'update', id: f.id, fields });
  }
  for (const [key, want] of wanted) {
    if (seen.has(key)) continue;
    const sourceId = (want.kind === 'unheard_form' ? want.registrationId : want.turnId)!;
    changes.push({
      kind: 'create',
      id: followUpId(want.kind, sourceId),
      fields: { ...want, replyNumber: '', repliedOn: '', replyText: '', informedBy: '', status: 'assigned' },
    });
  }
  return changes;
}

// ---------------------------------------------------------------- the dashboard's reading

export type FollowUpState = 'overdue' | 'due' | 'done';

/** Overdue from the day after the due date until a reply is in. */
export function followUpState(f: Pick<FollowUp, 'status' | 'dueOn'>, today: string): FollowUpState {
  if (!isOpen(f)) return 'done';
  return today > f.dueOn ? 'overdue' : 'due';
}

/** A reply recorded after its due date counts as late, however it was delivered. */
export function isReplyLate(f: Pick<FollowUp, 'repliedOn' | 'dueOn'>): boolean {
  return f.repliedOn !== '' && f.repliedOn > f.dueOn;
}

export interface FollowUpTally {
  due: number;
  overdue: number;
  done: number;
  late: number;
}

const emptyTally = (): FollowUpTally => ({ due: 0, overdue: 0, done: 0, late: 0 });

function add(t: FollowUpTally, f: Pick<FollowUp, 'status' | 'dueOn' | 'repliedOn'>, today: string): void {
  t[followUpState(f, today)] += 1;
  if (isReplyLate(f)) t.late += 1;
}

/** Counts per group (a department, a conference), keyed by what `groupOf` returns; '' is "not yet assigned". */
export function tallyBy<F extends Pick<FollowUp, 'status' | 'dueOn' | 'repliedOn'>>(
  followUps: readonly F[],
  groupOf: (f: F) => string,
  today: string,
): Map<string, FollowUpTally> {
  const out = new Map<string, FollowUpTally>();
  for (const f of followUps) {
    const key = groupOf(f);
    let t = out.get(key);
    if (!t) out.set(key, (t = emptyTally()));
    add(t, f, today);
  }
  return out;
}

/** The dashboard's order: overdue first (longest overdue on top), then due soonest, then done. */
export function compareForDashboard(today: string) {
  const rank: Record<FollowUpState, number> = { overdue: 0, due: 1, done: 2 };
  // ISO dates and ids compare as plain strings (no collation): five years of follow-ups are sorted on every change.
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (a: Pick<FollowUp, 'status' | 'dueOn'> & Live, b: Pick<FollowUp, 'status' | 'dueOn'> & Live) =>
    rank[followUpState(a, today)] - rank[followUpState(b, today)] || cmp(a.dueOn, b.dueOn) || cmp(a.id, b.id);
}

// ---------------------------------------------------------------- recording a reply

export interface ReplyEntry {
  readonly replyNumber: string;
  /** 'YYYY-MM-DD'. */
  readonly repliedOn: string;
  readonly informedBy: InformedBy;
}

export type ReplyIssue = { readonly field: keyof ReplyEntry; readonly code: 'required' | 'reply_before_assignment' | 'reply_in_future' };

/**
 * The fields a recorded reply writes, or what is wrong with it. With how the
 * citizen was informed the follow-up is finished ('notified'); without, the
 * department has replied and the office still has to tell the person.
 */
export function replyFields(
  f: Pick<FollowUp, 'assignedOn'>,
  entry: ReplyEntry,
  today: string,
): { ok: true; fields: Partial<FollowUp> } | { ok: false; issues: ReplyIssue[] } {
  const issues: ReplyIssue[] = [];
  const replyNumber = entry.replyNumber.trim();
  if (!replyNumber) issues.push({ field: 'replyNumber', code: 'required' });
  if (!entry.repliedOn) issues.push({ field: 'repliedOn', code: 'required' });
  else if (entry.repliedOn < f.assignedOn) issues.push({ field: 'repliedOn', code: 'reply_before_assignment' });
  else if (entry.repliedOn > today) issues.push({ field: 'repliedOn', code: 'reply_in_future' });
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    fields: { replyNumber, repliedOn: entry.repliedOn, informedBy: entry.informedBy, status: entry.informedBy ? 'notified' : 'replied' },
  };
}

// ---------------------------------------------------------------- assigning it

export interface AssignmentEntry {
  /** The department that answers; '' is refused (a follow-up is assigned to someone, or left as it is). */
  readonly departmentId: string;
  /** The responsible official (người phụ trách), by name; may stay empty. */
  readonly responderName: string;
}

export type AssignmentIssue = {
  readonly field: keyof AssignmentEntry;
  readonly code: 'required' | 'department_gone' | 'too_long';
};

/** The length a short text field holds (model.ts `text()`). */
const NAME_LIMIT = 200;

/**
 * The fields a (re)assignment from the dashboard writes, or what is wrong with it: a department
 * that exists (`departments`: the ids of the unit's live departments) and an official's name that fits.
 * The dates are never touched: the reply is owed from the day the chair assigned it in the room,
 * whoever the office later gives it to, so a reassignment a week on does not buy the department a week.
 * Only what changed is written, so an unchanged save adds nothing to the audit trail.
 */
export function assignmentFields(
  f: Pick<FollowUp, 'departmentId' | 'responderName'>,
  entry: AssignmentEntry,
  departments: ReadonlySet<string>,
): { ok: true; fields: Partial<FollowUp> } | { ok: false; issues: AssignmentIssue[] } {
  const issues: AssignmentIssue[] = [];
  const responderName = entry.responderName.trim();
  if (!entry.departmentId) issues.push({ field: 'departmentId', code: 'required' });
  else if (!departments.has(entry.departmentId)) issues.push({ field: 'departmentId', code: 'department_gone' });
  if (responderName.length > NAME_LIMIT) issues.push({ field: 'responderName', code: 'too_long' });
  if (issues.length > 0) return { ok: false, issues };
  const fields: Partial<FollowUp> = {};
  if (entry.departmentId !== f.departmentId) fields.departmentId = entry.departmentId;
  if (responderName !== f.responderName) fields.responderName = responderName;
  return { ok: true, fields };
}
