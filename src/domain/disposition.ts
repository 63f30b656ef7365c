/**
 * How the chair concludes each opinion (hướng xử lý), and what it leaves to do.
 *
 * Why a written reply creates a FollowUp record instead of living only on the
 * turn: the reply is owed after the room has emptied, by a department, with a
 * deadline (5 working days from assignment, seed 001), and the office tracks it
 * for weeks and reports it. The follow-up is that obligation; the disposition
 * on the turn is what the minutes say.
 */
import type { ComplaintKind, Disposition, DispositionKind, FollowUp, SpeakerTurn } from './model.ts';
import type { TurnChange } from './speakers.ts';
import { DISPOSITION_LABELS } from './labels.ts';
import { writtenReplyDue, type WorkingDayCalendar } from './workingDays.ts';

/** Order in the minutes and the report: from settled in the room to sent elsewhere. */
export const DISPOSITION_ORDER: readonly DispositionKind[] = [
  'answered_in_room',
  'written_reply',
  'forwarded_upward',
  'guided_elsewhere',
  'complaint_outside',
];

/** The chair's words, as the screens, the minutes and the notice of results write them (one source: labels.ts). */
export const DISPOSITION_LABELS_VI: Readonly<Record<DispositionKind, string>> = DISPOSITION_LABELS.vi;

export function compareDispositionKinds(a: DispositionKind, b: DispositionKind): number {
  return DISPOSITION_ORDER.indexOf(a) - DISPOSITION_ORDER.indexOf(b);
}

/** Only a written reply owes the person something from this unit; the other outcomes are settled or sent on in the room. */
export function dispositionNeedsFollowUp(d: Disposition | null): d is Extract<Disposition, { kind: 'written_reply' }> {
  return d !== null && d.kind === 'written_reply';
}

/** The disposition the chair records when assigning a written reply, its due date already counted. */
export function writtenReplyDisposition(
  departmentId: string,
  assignedOn: string,
  cal: WorkingDayCalendar,
): Extract<Disposition, { kind: 'written_reply' }> {
  return { kind: 'written_reply', departmentId, dueOn: writtenReplyDue(cal, assignedOn) };
}

export type FollowUpSource = Pick<SpeakerTurn, 'registrationId'> & { readonly id: string };

/**
 * The FollowUp fields for a turn's disposition, or null when nothing is owed.
 * `dueOn` is counted from `assignedOn` (the day the leader assigns it, which
 * may be later than the conference), not copied from the disposition, so a
 * late assignment still gets its full 5 working days.
 */
export function followUpFor(d: Disposition | null, turn: FollowUpSource, assignedOn: string, cal: WorkingDayCalendar): FollowUp | null {
  if (!dispositionNeedsFollowUp(d)) return null;
  return {
    kind: 'written_reply',
    turnId: turn.id,
    registrationId: turn.registrationId,
    departmentId: d.departmentId,
    responderName: '',
    assignedOn,
    dueOn: writtenReplyDue(cal, assignedOn),
    noticeDueOn: '',
    replyNumber: '',
    repliedOn: '',
    replyText: '',
    informedBy: '',
    status: 'assigned',
  };
}

/** Overdue on the day after the due date, until a reply is in. `today` is 'YYYY-MM-DD' in Vietnam. */
export function isFollowUpOverdue(f: Pick<FollowUp, 'dueOn' | 'status'>, today: string): boolean {
  return f.status === 'assigned' && today > f.dueOn;
}

/** Opinions per outcome for the report; turns not yet concluded are counted as `undecided`. */
export function dispositionCounts(
  turns: readonly { readonly disposition: Disposition | null; readonly status?: string; readonly deleted?: boolean }[],
): Record<DispositionKind, number> & { undecided: number } {
  const counts = { undecided: 0 } as Record<DispositionKind, number> & { undecided: number };
  for (const kind of DISPOSITION_ORDER) counts[kind] = 0;
  for (const turn of turns) {
    // A withdrawn question was never put, so it is not an opinion to account for.
    if (turn.deleted || turn.status === 'withdrawn') continue;
    if (turn.disposition === null) counts.undecided += 1;
    else counts[turn.disposition.kind] += 1;
  }
  return counts;
}

/** What the secretary (or the chair) taps; the details a kind needs come with it. */
export type DispositionChoice =
  | { readonly kind: 'answered_in_room' }
  | { readonly kind: 'written_reply'; readonly departmentId: string }
  | { readonly kind: 'forwarded_upward'; readonly body?: string }
  | { readonly kind: 'guided_elsewhere'; readonly body: string }
  | { readonly kind: 'complaint_outside'; readonly complaintKind?: ComplaintKind; readonly redirectedTo?: string };

/** A follow-up to create, re-assign or withdraw along with a disposition. */
export type FollowUpChange =
  /** `id`: the record's id when it must be the same on every device (followUps.ts); absent, a fresh one. */
  | { readonly kind: 'create'; readonly fields: FollowUp; readonly id?: string }
  | { readonly kind: 'update'; readonly id: string; readonly fields: Partial<FollowUp> }
  | { readonly kind: 'delete'; readonly id: string };

export type FollowUpLike = Pick<FollowUp, 'turnId' | 'status' | 'departmentId'> & { readonly id: string; readonly deleted?: boolean };

export interface DispositionDecision {
  readonly turns: readonly TurnChange[];
  readonly followUps: readonly FollowUpChange[];
}

const sameDisposition = (a: Disposition | null, b: Disposition) => a !== null && JSON.stringify(a) === JSON.stringify(b);

/**
 * What one tap on an outcome writes: the turn's disposition and, for a written
 * reply, the follow-up the office will track (the follow-up is the obligation).
 * Nothing when it is already what is stored.
 * Changing away from a written reply withdraws the follow-up still open (status
 * 'assigned'); one already replied to stays, it is part of the record.
 * Choosing another department re-assigns the open follow-up from `today`.
 */
export function decideDisposition(
  choice: DispositionChoice,
  turn: FollowUpSource & Pick<SpeakerTurn, 'disposition'>,
  followUps: readonly FollowUpLike[],
  today: string,
  cal: WorkingDayCalendar,
): DispositionDecision {
  const open = followUps.filter((f) => f.turnId === turn.id && f.status === 'assigned' && !f.deleted);

  if (choice.kind === 'written_reply') {
    const current = turn.disposition;
    if (current?.kind === 'written_reply' && current.departmentId === choice.departmentId && open.length > 0) return { turns: [], followUps: [] };
    const disposition = writtenReplyDisposition(choice.departmentId, today, cal);
    const changes: FollowUpChange[] = [];
    const [keep, ...extra] = open;
    if (keep) {
      changes.push({ kind: 'update', id: keep.id, fields: { departmentId: choice.departmentId, assignedOn: today, dueOn: disposition.dueOn } });
    } else {
      const followUp = followUpFor(disposition, turn, today, cal);
      if (followUp) changes.push({ kind: 'create', fields: followUp });
    }
    for (const f of extra) changes.push({ kind: 'delete', id: f.id });
    return { turns: [{ id: turn.id, fields: { disposition } }], followUps: changes };
  }

  const disposition: Disposition =
    choice.kind === 'guided_elsewhere'
      ? { kind: 'guided_elsewhere', body: choice.body.trim() }
      : choice.kind === 'forwarded_upward'
        ? { kind: 'forwarded_upward', body: (choice.body ?? '').trim() }
        : choice.kind === 'complaint_outside'
          ? { kind: 'complaint_outside', complaintKind: choice.complaintKind ?? 'complaint', redirectedTo: (choice.redirectedTo ?? '').trim() }
          : { kind: choice.kind };
  if (sameDisposition(turn.disposition, disposition)) return { turns: [], followUps: [] };
  return {
    turns: [{ id: turn.id, fields: { disposition } }],
    followUps: open.map((f) => ({ kind: 'delete', id: f.id })),
  };
}
