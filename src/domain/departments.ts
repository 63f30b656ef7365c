/**
 * May a department be deleted, and what must move first.
 *
 * A department owns the written replies the chair assigned to it (a turn's
 * `written_reply` disposition and the follow-up it created) and the forms the
 * office routed to it. Deleting it while it still owns open work would leave
 * those replies with no one to answer them, which is the one thing the
 * dialogue promises the citizen (seed 001: a written answer within 5 days).
 * So the rule is: open work is reassigned to another department in the same
 * step as the delete, or the department stays.
 */
import type { Disposition, FollowUp } from './model.ts';

type Live = { readonly id: string; readonly deleted?: boolean };
export type FollowUpLike = Live & Pick<FollowUp, 'departmentId' | 'status'>;
export type TurnLike = Live & { readonly disposition: Disposition | null };
export type RoutedForm = Live & { readonly departmentId?: string | undefined };

export interface DepartmentWork {
  /** Follow-ups not yet closed (the person not yet notified of the reply). */
  readonly followUps: readonly string[];
  /** Turns whose disposition names the department for a written reply. */
  readonly turns: readonly string[];
  /** Registration forms routed to it. */
  readonly registrations: readonly string[];
}

export function departmentWork(
  departmentId: string,
  records: { followUps: readonly FollowUpLike[]; turns: readonly TurnLike[]; registrations: readonly RoutedForm[] },
): DepartmentWork {
  return {
    followUps: records.followUps.filter((f) => !f.deleted && f.departmentId === departmentId && f.status !== 'notified').map((f) => f.id),
    turns: records.turns
      .filter((t) => !t.deleted && t.disposition?.kind === 'written_reply' && t.disposition.departmentId === departmentId)
      .map((t) => t.id),
    registrations: records.registrations.filter((r) => !r.deleted && r.departmentId === departmentId).map((r) => r.id),
  };
}

/**
 * How many things the office still owes through this department, as a person counts them: a
 * written reply is one, whether it is seen as the chair's disposition, its follow-up or both.
 */
export function openWorkCount(work: DepartmentWork, followUps: readonly (Live & { readonly turnId?: string | undefined })[]): number {
  const mine = new Set(work.followUps);
  const answered = new Set(followUps.filter((f) => mine.has(f.id) && f.turnId).map((f) => f.turnId));
  return work.followUps.length + work.turns.filter((id) => !answered.has(id)).length;
}

/** Nothing left to move: the department can go at once. */
export function ownsNothing(work: DepartmentWork): boolean {
  return work.followUps.length === 0 && work.turns.length === 0 && work.registrations.length === 0;
}

export type Reassignment =
  | { readonly table: 'followUps'; readonly id: string; readonly fields: { departmentId: string } }
  | { readonly table: 'speakerTurns'; readonly id: string; readonly fields: { disposition: Disposition } }
  | { readonly table: 'registrations'; readonly id: string; readonly fields: { departmentId: string } };

export type RemovalPlan = { readonly ok: true; readonly moves: readonly Reassignment[] } | { readonly ok: false; readonly reason: 'needs_new_owner' | 'same_department' };

/**
 * What deleting `departmentId` takes: the moves of its open work to `toId`,
 * written in the same commit as the delete. Without a department to move to
 * (or "moving" to itself), a department that owns work cannot be deleted.
 */
export function planDepartmentRemoval(
  departmentId: string,
  work: DepartmentWork,
  turns: readonly TurnLike[],
  toId: string | null,
): RemovalPlan {
  if (ownsNothing(work)) return { ok: true, moves: [] };
  if (!toId) return { ok: false, reason: 'needs_new_owner' };
  if (toId === departmentId) return { ok: false, reason: 'same_department' };
  const moves: Reassignment[] = [
    ...work.followUps.map((id) => ({ table: 'followUps' as const, id, fields: { departmentId: toId } })),
    ...work.registrations.map((id) => ({ table: 'registrations' as const, id, fields: { departmentId: toId } })),
  ];
  for (const id of work.turns) {
    const d = turns.find((t) => t.id === id)?.disposition;
    // The due date stays: the citizen was promised it in the room, whoever now writes the reply.
    if (d?.kind === 'written_reply') moves.push({ table: 'speakerTurns', id, fields: { disposition: { ...d, departmentId: toId } } });
  }
  return { ok: true, moves };
}
