/**
 * What the secretary's one tap on an outcome writes: the turn's disposition
 * and, for a written reply, the follow-up the office will track, in the same
 * commit (the follow-up is the obligation; see domain/disposition.ts).
 * Pure: the day and the calendar come in as arguments.
 */
import { followUpFor, writtenReplyDisposition } from '../../domain/disposition.ts';
import type { Disposition, DispositionKind } from '../../domain/model.ts';
import type { WorkingDayCalendar } from '../../domain/workingDays.ts';
import { create, remove, update, type Change, type Scope } from '../../storage/changes.ts';
import type { Row } from '../../storage/queries.ts';

export type DispositionChoice =
  | { readonly kind: Exclude<DispositionKind, 'written_reply' | 'guided_elsewhere'> }
  | { readonly kind: 'written_reply'; readonly departmentId: string }
  | { readonly kind: 'guided_elsewhere'; readonly body: string };

export interface DispositionContext {
  readonly turn: Pick<Row<'speakerTurns'>, 'id' | 'registrationId' | 'disposition'>;
  /** Follow-ups of the conference (any turn); those of this turn are picked out. */
  readonly followUps: readonly Pick<Row<'followUps'>, 'id' | 'turnId' | 'status' | 'departmentId' | 'deleted'>[];
  /** The session's unit and conference: a follow-up is the conference's record. */
  readonly scope: Scope;
  /** 'YYYY-MM-DD' in Vietnam: the day of assignment. */
  readonly today: string;
  readonly calendar: WorkingDayCalendar;
}

const same = (a: Disposition | null, b: Disposition) => a !== null && JSON.stringify(a) === JSON.stringify(b);

/**
 * The changes for `choice`, or [] when it is already what is stored.
 * Changing away from a written reply withdraws the follow-up still open (status
 * 'assigned'); one already replied to stays, it is part of the record.
 * Choosing another department re-assigns the open follow-up from today.
 */
export function dispositionChanges(choice: DispositionChoice, ctx: DispositionContext): Change[] {
  const { turn } = ctx;
  const open = ctx.followUps.filter((f) => f.turnId === turn.id && f.status === 'assigned' && !f.deleted);

  if (choice.kind === 'written_reply') {
    const current = turn.disposition;
    if (current?.kind === 'written_reply' && current.departmentId === choice.departmentId && open.length > 0) return [];
    const disposition = writtenReplyDisposition(choice.departmentId, ctx.today, ctx.calendar);
    const changes: Change[] = [update('speakerTurns', turn.id, { disposition })];
    const [keep, ...extra] = open;
    if (keep) {
      changes.push(update('followUps', keep.id, { departmentId: choice.departmentId, assignedOn: ctx.today, dueOn: disposition.dueOn }));
    } else {
      const followUp = followUpFor(disposition, turn, ctx.today, ctx.calendar);
      if (followUp) changes.push(create('followUps', ctx.scope, followUp));
    }
    for (const f of extra) changes.push(remove('followUps', f.id));
    return changes;
  }

  const disposition: Disposition =
    choice.kind === 'guided_elsewhere' ? { kind: 'guided_elsewhere', body: choice.body.trim() } : { kind: choice.kind };
  if (same(turn.disposition, disposition)) return [];
  return [update('speakerTurns', turn.id, { disposition }), ...open.map((f) => remove('followUps', f.id))];
}
