/**
 * The figures of the report, against a small conference counted by hand:
 * two sessions, the second with two bridge points, opinions of every
 * outcome, written replies on time, late and open, survey forms.
 */
import { describe, expect, it } from 'vitest';
import type { Attendee, Disposition, SpeakerTurn } from '../../src/domain/model.ts';
import { conferenceStatistics, countByBridgePoint, followUpFigures, type StatisticsInput } from '../../src/domain/statistics.ts';
import { createWorkingDayCalendar } from '../../src/domain/workingDays.ts';

type Turn = Pick<SpeakerTurn, 'status' | 'disposition' | 'field' | 'registrationId' | 'speakerName' | 'position' | 'bridgePointId'> & { id: string; deleted?: boolean };
let n = 0;
const turn = (speakerName: string, field: string, disposition: Disposition | null, extra: Partial<Turn> = {}): Turn => ({
  id: `t${++n}`,
  position: n,
  status: 'done',
  speakerName,
  field,
  disposition,
  registrationId: undefined,
  bridgePointId: undefined,
  ...extra,
});
const person = (group: Attendee['group'], invited: boolean, present: boolean, bridgePointId?: string) => ({
  id: `a${++n}`,
  group,
  invited,
  present,
  bridgePointId,
});
const written: Disposition = { kind: 'written_reply', departmentId: 'd1', dueOn: '2026-10-20' };

function conference(): StatisticsInput {
  return {
    conference: { registrationDeadline: { kind: 'days_before', days: 10 }, surveyFormsIssued: 10 },
    sessions: [
      {
        // Morning, one hall, no bridge points.
        session: { id: 's1', date: '2026-10-13' },
        attendees: [person('upper_level', true, true), person('leaders', true, true), person('citizens', true, false), person('citizens', false, true)],
        turns: [
          turn('Nguyễn Văn An', 'Đất đai', { kind: 'answered_in_room' }, { registrationId: 'r1' }),
          turn('Nguyễn Văn An', 'Đất đai', written),
          turn('Trần Thị Bình', 'Hộ tịch', { kind: 'guided_elsewhere', body: 'Tòa án' }),
          // Withdrawn: never put, counted nowhere.
          turn('Lê Văn Cường', 'Đất đai', null, { status: 'withdrawn' }),
          // Still waiting and not concluded: not an opinion yet.
          turn('Phạm Thị Dung', 'Cư trú', null, { status: 'waiting' }),
        ],
      },
      {
        // Afternoon, online: the host hall and one village's bridge point.
        session: { id: 's2', date: '2026-10-14' },
        bridgePoints: [
          { id: 'bp-host', name: 'Hội trường UBND xã', isHost: true },
          { id: 'bp-thon', name: 'Nhà văn hóa thôn Đông', isHost: false },
        ],
        attendees: [person('village_heads', true, true, 'bp-thon'), person('citizens', true, true, 'bp-thon'), person('citizens', false, true)],
        turns: [
          turn('Hoàng Văn Em', 'Đất đai', { kind: 'forwarded_upward', body: '' }, { bridgePointId: 'bp-thon' }),
          turn('Vũ Thị Gấm', '', { kind: 'complaint_outside', complaintKind: 'complaint', redirectedTo: '' }, { bridgePointId: 'bp-thon' }),
          // No bridge point recorded: the host's hall. Speaking now, not yet concluded.
          turn('Đỗ Văn Hùng', 'Xây dựng, trật tự xây dựng', null, { status: 'speaking' }),
        ],
      },
    ],
    registrations: [
      { id: 'r1', receivedAt: Date.parse('2026-09-25T09:00:00+07:00'), channel: 'paper' },
      { id: 'r2', receivedAt: Date.parse('2026-09-30T10:00:00+07:00'), channel: 'email' },
      // After the deadline (Friday 02/10/2026, 17:00).
      { id: 'r3', receivedAt: Date.parse('2026-10-05T08:00:00+07:00'), channel: 'paper' },
      { id: 'r4', receivedAt: Date.parse('2026-09-20T08:00:00+07:00'), channel: 'online', deleted: true },
    ],
    followUps: [
      { id: 'f1', dueOn: '2026-10-20', repliedOn: '2026-10-20', status: 'replied' },
      { id: 'f2', dueOn: '2026-10-20', repliedOn: '2026-10-21', status: 'notified' },
      { id: 'f3', dueOn: '2026-10-20', repliedOn: '', status: 'assigned' },
      { id: 'f4', dueOn: '2026-10-30', repliedOn: '', status: 'assigned' },
      { id: 'f5', dueOn: '2026-10-20', repliedOn: '', status: 'assigned', deleted: true },
    ],
    surveys: [
      { answers: { facilities: 'very_satisfied', appointment_slip: 'yes' } },
      { answers: { facilities: 'not_satisfied', appointment_slip: 'spoiled' } },
    ],
    calendar: createWorkingDayCalendar(),
    today: '2026-10-25',
  };
}

describe('conference statistics', () => {
  const s = conferenceStatistics(conference());

  it('attendance by group: invited and present counted apart (walk-ins are present, not invited)', () => {
    expect(s.attendance.byGroup).toEqual({
      upper_level: { invited: 1, present: 1 },
      leaders: { invited: 1, present: 1 },
      village_heads: { invited: 1, present: 1 },
      citizens: { invited: 2, present: 3 },
    });
    expect(s.attendance.total).toEqual({ invited: 5, present: 6 });
  });

  it('registration forms: on time and late against the 10-day rule, by channel, deleted ones left out', () => {
    expect(s.registrations).toEqual({ total: 3, onTime: 2, late: 1, byChannel: { paper: 2, email: 1, online: 0, in_person: 0, at_office: 0 } });
  });

  it('opinions: withdrawn and waiting turns are not opinions; speakers counted once', () => {
    expect(s.opinions.total).toBe(6);
    expect(s.opinions.fromForms).toBe(1);
    expect(s.opinions.spoken).toBe(5);
    expect(s.opinions.speakers).toBe(5);
  });

  it('by field: the standard fields in their order, unclassified last', () => {
    expect(s.opinions.byField).toEqual([
      { field: 'Đất đai', count: 3 },
      { field: 'Xây dựng, trật tự xây dựng', count: 1 },
      { field: 'Hộ tịch', count: 1 },
      { field: 'Lĩnh vực khác, chưa phân loại', count: 1 },
    ]);
  });

  it('by disposition, with the opinion still being heard as undecided', () => {
    expect(s.opinions.byDisposition).toEqual({
      answered_in_room: 1,
      written_reply: 1,
      forwarded_upward: 1,
      guided_elsewhere: 1,
      complaint_outside: 1,
      undecided: 1,
    });
  });

  it('by bridge point: the host first; opinions and people with no point are the host’s; the one-hall session is the unnamed row', () => {
    expect(s.opinions.byBridgePoint).toEqual([
      { name: '', opinions: 3, present: 3 },
      { name: 'Hội trường UBND xã', opinions: 1, present: 1 },
      { name: 'Nhà văn hóa thôn Đông', opinions: 2, present: 2 },
    ]);
    // A conference with no bridge point anywhere has no such table.
    expect(countByBridgePoint([conference().sessions[0]!])).toEqual([]);
  });

  it('written replies: a reply after its due date is late whatever its status; open ones overdue after the due date', () => {
    expect(s.followUps).toEqual({ total: 4, repliedOnTime: 1, repliedLate: 1, open: 2, overdue: 1 });
    // On the due date itself nothing is overdue yet.
    expect(followUpFigures(conference().followUps, '2026-10-20').overdue).toBe(0);
  });

  it('survey: the tally of the returned forms, and the forms handed out', () => {
    expect(s.survey.forms).toBe(2);
    expect(s.survey.issued).toBe(10);
    const slip = s.survey.questions.find((q) => q.question.code === 'appointment_slip')!;
    expect(slip.rows.map((r) => [r.answer, r.count, r.tenths])).toEqual([
      ['yes', 1, 500],
      ['no', 0, 0],
      ['blank', 0, 0],
      ['spoiled', 1, 500],
    ]);
  });
});

describe('written replies in the statistics', () => {
  it('count only the follow-ups that are written replies: a report upward or a guidance is counted by its outcome', () => {
    const row = (id: string, kind: 'written_reply' | 'forwarded_upward' | 'guided_elsewhere' | undefined) =>
      ({ id, unitId: 'u1', conferenceId: 'c1', stamps: {}, updatedAt: '', deleted: false, dueOn: '2026-10-20', repliedOn: '', status: 'assigned' as const, ...(kind ? { kind } : {}) }) as never;
    const figures = followUpFigures([row('a', 'written_reply'), row('b', undefined), row('c', 'forwarded_upward'), row('d', 'guided_elsewhere')], '2026-10-25');
    expect(figures).toMatchObject({ open: 2, overdue: 2 });
  });
});
