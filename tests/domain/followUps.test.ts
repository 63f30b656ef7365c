import { describe, expect, it } from 'vitest';
import type { FollowUpChange } from '../../src/domain/disposition.ts';
import {
  assignmentFields,
  compareForDashboard,
  followUpState,
  isReplyLate,
  reconcileFollowUps,
  replyFields,
  tallyBy,
  type FollowUpInputs,
  type FollowUpRecord,
} from '../../src/domain/followUps.ts';
import type { Disposition } from '../../src/domain/model.ts';
import { OFFICIAL_SCHEDULES } from '../../src/domain/officialCalendar.ts';
import { createWorkingDayCalendar, fromVietnamLocal } from '../../src/domain/workingDays.ts';

const calendar = createWorkingDayCalendar({ schedules: OFFICIAL_SCHEDULES });
const at = (date: string, time = '09:00') => fromVietnamLocal({ date, time });

/** A conference of two sessions, 21/8/2026 (Friday) and 26/8/2026 (Wednesday), forms due 10 days before. */
function inputs(over: Partial<FollowUpInputs> = {}): FollowUpInputs {
  const turn = (id: string, sessionId: string, disposition: Disposition | null, extra: object = {}) => ({
    id,
    sessionId,
    registrationId: undefined as string | undefined,
    answersRegistrationIds: [] as string[],
    status: 'done' as const,
    disposition,
    responderName: 'Ông Trần Văn Bình',
    deleted: false,
    ...extra,
  });
  return {
    sessions: [
      { id: 's1', date: '2026-08-21', deleted: false },
      { id: 's2', date: '2026-08-26', deleted: false },
    ],
    turns: [
      turn('t-reply', 's1', { kind: 'written_reply', departmentId: 'dep-dc', dueOn: '2026-09-30' }),
      turn('t-up', 's2', { kind: 'forwarded_upward', body: 'UBND tỉnh' }, { registrationId: 'r-heard' }),
      turn('t-guide', 's2', { kind: 'guided_elsewhere', body: 'Tòa án nhân dân khu vực' }),
      turn('t-room', 's2', { kind: 'answered_in_room' }, { answersRegistrationIds: ['r-answered'] }),
      turn('t-complaint', 's2', { kind: 'complaint_outside', complaintKind: 'complaint', redirectedTo: 'Thanh tra' }),
      turn('t-withdrawn', 's2', { kind: 'written_reply', departmentId: 'dep-dc', dueOn: '2026-09-30' }, { status: 'withdrawn', registrationId: 'r-withdrawn' }),
    ],
    registrations: [
      { id: 'r-heard', receivedAt: at('2026-08-03'), departmentId: 'dep-tp', deleted: false },
      { id: 'r-answered', receivedAt: at('2026-08-03'), deleted: false },
      { id: 'r-absent', receivedAt: at('2026-08-04'), departmentId: 'dep-dc', deleted: false },
      { id: 'r-withdrawn', receivedAt: at('2026-08-04'), deleted: false },
      { id: 'r-late', receivedAt: at('2026-08-20'), deleted: false },
      // In time and heard in no turn, but a complaint: redirected to its own procedure, owed nothing here.
      { id: 'r-complaint', receivedAt: at('2026-08-04'), outsideDialogue: 'complaint', deleted: false },
    ],
    followUps: [],
    rule: { kind: 'days_before', days: 10 },
    today: '2026-08-27',
    calendar,
    ...over,
  };
}

/** What the changes leave stored, as the write path would. */
function apply(followUps: readonly FollowUpRecord[], changes: readonly FollowUpChange[]): FollowUpRecord[] {
  const byId = new Map(followUps.map((f) => [f.id, f]));
  for (const c of changes) {
    if (c.kind === 'create') byId.set(c.id!, { ...c.fields, id: c.id!, deleted: false });
    else if (c.kind === 'update') byId.set(c.id, { ...byId.get(c.id)!, ...c.fields });
    else byId.set(c.id, { ...byId.get(c.id)!, deleted: true });
  }
  return [...byId.values()];
}

const created = (changes: readonly FollowUpChange[]) =>
  changes.flatMap((c) => (c.kind === 'create' ? [c] : [])).sort((a, b) => a.id!.localeCompare(b.id!));

describe('follow-ups for every opinion not closed in the room', () => {
  it('one per written reply, report upward, guidance, and form in time but not heard', () => {
    const changes = reconcileFollowUps(inputs());
    const made = created(changes);
    expect(made.map((c) => [c.id, c.fields.kind])).toEqual([
      ['fu-f-r-absent', 'unheard_form'],
      ['fu-f-r-withdrawn', 'unheard_form'], // its only turn was withdrawn: never heard
      ['fu-g-t-guide', 'guided_elsewhere'],
      ['fu-u-t-up', 'forwarded_upward'],
      ['fu-w-t-reply', 'written_reply'],
    ]);
    // Not for: a form heard (as the turn's form or one it answers), a late form, a complaint (turn or form), an answer in the room.
    expect(changes.every((c) => c.kind === 'create')).toBe(true);
  });

  it('counts from the day of the session that assigned it, in the official calendar', () => {
    const byId = new Map(created(reconcileFollowUps(inputs())).map((c) => [c.id, c.fields]));
    const reply = byId.get('fu-w-t-reply')!;
    // Friday 21/8/2026: Saturday 22/8 is worked (làm bù), then 24, 25, 26, 27 August.
    expect(reply).toMatchObject({ assignedOn: '2026-08-21', dueOn: '2026-08-27', departmentId: 'dep-dc', responderName: 'Ông Trần Văn Bình' });
    // The notice of results: 7 working days after the last session, 26/8: 27, 28 August, 3, 4, 7, 8, 9 September.
    expect(reply.noticeDueOn).toBe('2026-09-09');
    // Wednesday 26/8: 27, 28 August, then 3, 4, 7 September past 29/8-2/9. A report upward takes the department its form was routed to.
    expect(byId.get('fu-u-t-up')).toMatchObject({ assignedOn: '2026-08-26', dueOn: '2026-09-07', departmentId: 'dep-tp', registrationId: 'r-heard' });
    // An unheard form is assigned when the conference ends, to the department it was routed to.
    expect(byId.get('fu-f-r-absent')).toMatchObject({ assignedOn: '2026-08-26', dueOn: '2026-09-07', departmentId: 'dep-dc' });
  });

  it('asks nothing for unheard forms until the last session is over', () => {
    const made = created(reconcileFollowUps(inputs({ today: '2026-08-26' })));
    expect(made.some((c) => c.fields.kind === 'unheard_form')).toBe(false);
  });

  it('is idempotent: run on its own result it changes nothing', () => {
    const first = apply([], reconcileFollowUps(inputs()));
    expect(reconcileFollowUps(inputs({ followUps: first }))).toEqual([]);
  });

  it('recognises a written reply created by the tap (another id) instead of adding a second', () => {
    const tapped: FollowUpRecord = {
      id: '0190-random',
      kind: 'written_reply',
      turnId: 't-reply',
      registrationId: undefined,
      departmentId: 'dep-dc',
      responderName: '',
      // tapped a week later while finishing the minutes: the date of the tap
      assignedOn: '2026-08-28',
      dueOn: '2026-09-08',
      noticeDueOn: '',
      replyNumber: '',
      repliedOn: '',
      replyText: '',
      informedBy: '',
      status: 'assigned',
      deleted: false,
    };
    const changes = reconcileFollowUps(inputs({ followUps: [tapped] }));
    expect(changes).toContainEqual({
      kind: 'update',
      id: '0190-random',
      fields: { assignedOn: '2026-08-21', dueOn: '2026-08-27', noticeDueOn: '2026-09-09', responderName: 'Ông Trần Văn Bình' },
    });
    expect(created(changes).some((c) => c.fields.kind === 'written_reply')).toBe(false);
  });

  it('a changed disposition retires the open follow-up and creates the new kind; one replied to stays', () => {
    const first = apply([], reconcileFollowUps(inputs()));
    const base = inputs();
    const changedTurns = base.turns.map((t) =>
      t.id === 't-reply' ? { ...t, disposition: { kind: 'guided_elsewhere', body: 'Sở Xây dựng' } as Disposition } : t.id === 't-up' ? { ...t, disposition: { kind: 'answered_in_room' } as Disposition } : t,
    );
    const replied = first.map((f) => (f.id === 'fu-u-t-up' ? { ...f, status: 'replied' as const, repliedOn: '2026-09-01', replyNumber: '12/BC-UBND' } : f));
    const changes = reconcileFollowUps(inputs({ turns: changedTurns, followUps: replied }));
    expect(changes).toContainEqual({ kind: 'delete', id: 'fu-w-t-reply' });
    expect(created(changes).map((c) => c.id)).toEqual(['fu-g-t-reply']);
    expect(changes.some((c) => c.kind !== 'create' && c.id === 'fu-u-t-up')).toBe(false);
  });

  it('keeps the department the office gave a follow-up, the written reply included; fills only an empty one', () => {
    const first = apply([], reconcileFollowUps(inputs()));
    const reassigned = first.map((f) => (f.id === 'fu-w-t-reply' ? { ...f, departmentId: 'dep-tp' } : f.id === 'fu-u-t-up' ? { ...f, departmentId: '' } : f));
    // The report upward has none any more: it takes the department its form was routed to; the written reply keeps the office's.
    expect(reconcileFollowUps(inputs({ followUps: reassigned }))).toEqual([{ kind: 'update', id: 'fu-u-t-up', fields: { departmentId: 'dep-tp' } }]);
  });

  it('a form heard after all retires its unheard follow-up', () => {
    const first = apply([], reconcileFollowUps(inputs()));
    const base = inputs();
    const turns = [...base.turns, { ...base.turns[3]!, id: 't-late-hear', answersRegistrationIds: ['r-absent'] }];
    expect(reconcileFollowUps(inputs({ turns, followUps: first }))).toEqual([{ kind: 'delete', id: 'fu-f-r-absent' }]);
  });
});

describe('the dashboard’s reading', () => {
  const f = (over: Partial<FollowUpRecord>): FollowUpRecord => ({
    id: 'x',
    kind: 'written_reply',
    turnId: 't',
    registrationId: undefined,
    departmentId: 'dep-dc',
    responderName: '',
    assignedOn: '2026-08-21',
    dueOn: '2026-08-27',
    noticeDueOn: '2026-09-09',
    replyNumber: '',
    repliedOn: '',
    replyText: '',
    informedBy: '',
    status: 'assigned',
    deleted: false,
    ...over,
  });

  it('is due up to its due date, overdue the day after, done once replied; late when replied after it', () => {
    expect(followUpState(f({}), '2026-08-27')).toBe('due');
    expect(followUpState(f({}), '2026-08-28')).toBe('overdue');
    expect(followUpState(f({ status: 'replied', repliedOn: '2026-08-28' }), '2026-08-28')).toBe('done');
    expect(isReplyLate(f({ repliedOn: '2026-08-28' }))).toBe(true);
    expect(isReplyLate(f({ repliedOn: '2026-08-27' }))).toBe(false);
  });

  it('tallies per department and orders overdue first', () => {
    const list = [
      f({ id: 'a', dueOn: '2026-09-04' }),
      f({ id: 'b' }),
      f({ id: 'c', departmentId: '', status: 'notified', repliedOn: '2026-08-31' }),
    ];
    const byDept = tallyBy(list, (x) => x.departmentId, '2026-09-01');
    expect(byDept.get('dep-dc')).toEqual({ due: 1, overdue: 1, done: 0, late: 0 });
    expect(byDept.get('')).toEqual({ due: 0, overdue: 0, done: 1, late: 1 });
    expect([...list].sort(compareForDashboard('2026-09-01')).map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });

  it('records a reply with its number and date, and who was told how', () => {
    expect(replyFields(f({}), { replyNumber: ' 15/UBND-ĐC ', repliedOn: '2026-08-26', informedBy: 'post' }, '2026-09-01')).toEqual({
      ok: true,
      fields: { replyNumber: '15/UBND-ĐC', repliedOn: '2026-08-26', informedBy: 'post', status: 'notified' },
    });
    expect(replyFields(f({}), { replyNumber: '15', repliedOn: '2026-08-26', informedBy: '' }, '2026-09-01')).toMatchObject({ ok: true, fields: { status: 'replied' } });
    expect(replyFields(f({}), { replyNumber: '', repliedOn: '2026-08-20', informedBy: '' }, '2026-09-01')).toEqual({
      ok: false,
      issues: [
        { field: 'replyNumber', code: 'required' },
        { field: 'repliedOn', code: 'reply_before_assignment' },
      ],
    });
    expect(replyFields(f({}), { replyNumber: '1', repliedOn: '2026-09-02', informedBy: '' }, '2026-09-01')).toEqual({
      ok: false,
      issues: [{ field: 'repliedOn', code: 'reply_in_future' }],
    });
  });
});

describe('assigning a follow-up from the dashboard', () => {
  const f = { departmentId: '', responderName: '' };
  const live = new Set(['dep-dc', 'dep-tp']);

  it('writes the department and the official, trimmed, and never a date', () => {
    expect(assignmentFields(f, { departmentId: 'dep-dc', responderName: '  Ông Trần Văn Bình ' }, live)).toEqual({
      ok: true,
      fields: { departmentId: 'dep-dc', responderName: 'Ông Trần Văn Bình' },
    });
  });

  it('writes only what changed, nothing for an unchanged save', () => {
    const g = { departmentId: 'dep-dc', responderName: 'Ông Bình' };
    expect(assignmentFields(g, { departmentId: 'dep-tp', responderName: 'Ông Bình' }, live)).toEqual({ ok: true, fields: { departmentId: 'dep-tp' } });
    expect(assignmentFields(g, { departmentId: 'dep-dc', responderName: 'Ông Bình' }, live)).toEqual({ ok: true, fields: {} });
  });

  it('refuses no department, a deleted one, and a name too long, each on its own field', () => {
    expect(assignmentFields(f, { departmentId: '', responderName: '' }, live)).toEqual({ ok: false, issues: [{ field: 'departmentId', code: 'required' }] });
    expect(assignmentFields(f, { departmentId: 'dep-gone', responderName: 'x'.repeat(201) }, live)).toEqual({
      ok: false,
      issues: [
        { field: 'departmentId', code: 'department_gone' },
        { field: 'responderName', code: 'too_long' },
      ],
    });
  });
});
