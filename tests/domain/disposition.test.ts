import { describe, expect, it } from 'vitest';
import { DISPOSITION_KINDS, FollowUpSchema, type Disposition } from '../../src/domain/model.ts';
import * as v from 'valibot';
import {
  DISPOSITION_LABELS_VI,
  DISPOSITION_ORDER,
  compareDispositionKinds,
  dispositionCounts,
  dispositionNeedsFollowUp,
  followUpFor,
  isFollowUpOverdue,
  writtenReplyDisposition,
} from '../../src/domain/disposition.ts';
import { createWorkingDayCalendar } from '../../src/domain/workingDays.ts';

const cal = createWorkingDayCalendar();
const written: Disposition = { kind: 'written_reply', departmentId: 'dep-dat-dai', dueOn: '2026-02-19' };

describe('DISPOSITION_ORDER', () => {
  it('holds every kind once, settled-in-the-room first', () => {
    expect([...DISPOSITION_ORDER].sort()).toEqual([...DISPOSITION_KINDS].sort());
    expect(DISPOSITION_ORDER[0]).toBe('answered_in_room');
    expect(compareDispositionKinds('complaint_outside', 'written_reply')).toBeGreaterThan(0);
    for (const kind of DISPOSITION_KINDS) expect(DISPOSITION_LABELS_VI[kind]).toBeTruthy();
  });
});

describe('dispositionNeedsFollowUp', () => {
  it('is true only for a written reply', () => {
    expect(dispositionNeedsFollowUp(written)).toBe(true);
    expect(dispositionNeedsFollowUp({ kind: 'answered_in_room' })).toBe(false);
    expect(dispositionNeedsFollowUp({ kind: 'forwarded_upward', body: '' })).toBe(false);
    expect(dispositionNeedsFollowUp({ kind: 'guided_elsewhere', body: 'TAND huyện' })).toBe(false);
    expect(dispositionNeedsFollowUp({ kind: 'complaint_outside', complaintKind: 'complaint', redirectedTo: '' })).toBe(false);
    expect(dispositionNeedsFollowUp(null)).toBe(false);
  });
});

describe('followUpFor', () => {
  it('owes the reply 5 working days from assignment, counted past Tết', () => {
    const f = followUpFor(written, { id: 'turn-1', registrationId: 'reg-9' }, '2026-02-12', cal);
    expect(f).toEqual({
      kind: 'written_reply',
      turnId: 'turn-1',
      registrationId: 'reg-9',
      departmentId: 'dep-dat-dai',
      responderName: '',
      assignedOn: '2026-02-12',
      dueOn: '2026-02-26',
      noticeDueOn: '',
      replyNumber: '',
      repliedOn: '',
      replyText: '',
      informedBy: '',
      status: 'assigned',
    });
    expect(v.safeParse(FollowUpSchema, f).success).toBe(true);
  });

  it('counts from the assignment day, not the due date written on the disposition', () => {
    expect(followUpFor(written, { id: 't', registrationId: undefined }, '2026-05-15', cal)?.dueOn).toBe('2026-05-22');
  });

  it('is null when nothing is owed', () => {
    expect(followUpFor({ kind: 'answered_in_room' }, { id: 't', registrationId: undefined }, '2026-05-15', cal)).toBeNull();
    expect(followUpFor(null, { id: 't', registrationId: undefined }, '2026-05-15', cal)).toBeNull();
  });
});

describe('writtenReplyDisposition and isFollowUpOverdue', () => {
  it('builds the disposition with its due date', () => {
    expect(writtenReplyDisposition('dep-1', '2026-02-12', cal)).toEqual({
      kind: 'written_reply',
      departmentId: 'dep-1',
      dueOn: '2026-02-26',
    });
  });

  it('is overdue from the day after the due date until replied', () => {
    expect(isFollowUpOverdue({ dueOn: '2026-02-26', status: 'assigned' }, '2026-02-26')).toBe(false);
    expect(isFollowUpOverdue({ dueOn: '2026-02-26', status: 'assigned' }, '2026-02-27')).toBe(true);
    expect(isFollowUpOverdue({ dueOn: '2026-02-26', status: 'replied' }, '2026-03-27')).toBe(false);
  });
});

describe('dispositionCounts', () => {
  it('counts opinions by outcome, leaving out withdrawn and deleted turns', () => {
    const counts = dispositionCounts([
      { disposition: { kind: 'answered_in_room' } },
      { disposition: { kind: 'answered_in_room' } },
      { disposition: written },
      { disposition: { kind: 'complaint_outside', complaintKind: 'complaint', redirectedTo: '' } },
      { disposition: null },
      { disposition: null, status: 'withdrawn' },
      { disposition: written, deleted: true },
    ]);
    expect(counts).toEqual({
      undecided: 1,
      answered_in_room: 2,
      written_reply: 1,
      forwarded_upward: 0,
      guided_elsewhere: 0,
      complaint_outside: 1,
    });
  });
});
