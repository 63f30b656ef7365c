import { describe, expect, it } from 'vitest';
import { departmentWork, ownsNothing, planDepartmentRemoval } from '../../src/domain/departments.ts';

const records = {
  followUps: [
    { id: 'f1', departmentId: 'land', status: 'assigned' as const },
    { id: 'f2', departmentId: 'land', status: 'notified' as const },
    { id: 'f3', departmentId: 'land', status: 'replied' as const, deleted: true },
    { id: 'f4', departmentId: 'police', status: 'assigned' as const },
  ],
  turns: [
    { id: 't1', disposition: { kind: 'written_reply' as const, departmentId: 'land', dueOn: '2026-10-20' } },
    { id: 't2', disposition: { kind: 'answered_in_room' as const } },
    { id: 't3', disposition: null },
  ],
  registrations: [{ id: 'r1', departmentId: 'land' }, { id: 'r2' }],
};

describe('deleting a department', () => {
  it('finds the open work it owns: open follow-ups, written-reply turns, routed forms', () => {
    expect(departmentWork('land', records)).toEqual({ followUps: ['f1'], turns: ['t1'], registrations: ['r1'] });
    expect(ownsNothing(departmentWork('culture', records))).toBe(true);
  });

  it('a department with no open work goes at once', () => {
    expect(planDepartmentRemoval('culture', departmentWork('culture', records), records.turns, null)).toEqual({ ok: true, moves: [] });
  });

  it('refuses while open work has no new owner, or would move to itself', () => {
    const work = departmentWork('land', records);
    expect(planDepartmentRemoval('land', work, records.turns, null)).toEqual({ ok: false, reason: 'needs_new_owner' });
    expect(planDepartmentRemoval('land', work, records.turns, 'land')).toEqual({ ok: false, reason: 'same_department' });
  });

  it('moves every piece to the chosen department, keeping the promised due date', () => {
    const plan = planDepartmentRemoval('land', departmentWork('land', records), records.turns, 'construction');
    expect(plan).toEqual({
      ok: true,
      moves: [
        { table: 'followUps', id: 'f1', fields: { departmentId: 'construction' } },
        { table: 'registrations', id: 'r1', fields: { departmentId: 'construction' } },
        { table: 'speakerTurns', id: 't1', fields: { disposition: { kind: 'written_reply', departmentId: 'construction', dueOn: '2026-10-20' } } },
      ],
    });
  });
});
