import { describe, expect, it } from 'vitest';
import { formatHlc, receive, tick } from '../../src/domain/clock.ts';
import { chairAction, type RoomState } from '../../src/domain/room.ts';
import { fieldChoices, nameShownOnDisplay, speakerFromRegistration } from '../../src/domain/speakers.ts';
import { timerState } from '../../src/domain/timer.ts';
import { createWorkingDayCalendar } from '../../src/domain/workingDays.ts';
import type { Disposition, SpeakerTurn } from '../../src/domain/model.ts';

const T0 = Date.UTC(2026, 9, 13, 2, 0, 0); // Tuesday 13/10/2026, 09:00 in Vietnam
const cal = createWorkingDayCalendar();

type Turn = RoomState['turns'][number];
function turn(id: string, position: number, status: SpeakerTurn['status'] = 'waiting', extra: Partial<Turn> = {}): Turn {
  return {
    id,
    position,
    status,
    speakerName: `Người ${id}`,
    calledAt: null,
    finishedAt: null,
    spokenMs: null,
    disposition: null,
    responderName: '',
    ...extra,
  };
}
const room = (turns: Turn[], extra: Partial<RoomState> = {}): RoomState => ({
  limitMs: 300_000,
  turns,
  timerEvents: [],
  followUps: [],
  ...extra,
});

describe('chairAction: every chair action by name, on the room as it is', () => {
  it('calls next, and refuses when nobody is waiting or speaking', () => {
    const r = chairAction(room([turn('a', 1), turn('b', 2)]), { type: 'call_next' }, T0);
    expect(r.ok && r.changes.turns).toEqual([{ id: 'a', fields: { status: 'speaking', calledAt: T0 } }]);
    expect(chairAction(room([turn('a', 1, 'done')]), { type: 'call_next' }, T0)).toEqual({ ok: false, reason: 'nobody_waiting' });
  });

  it('withdraws only a waiting turn and reinstates only a withdrawn one, at the end of the line', () => {
    const turns = [turn('a', 1, 'speaking'), turn('b', 2), turn('c', 3, 'withdrawn')];
    expect(chairAction(room(turns), { type: 'withdraw', turnId: 'b' }, T0)).toMatchObject({
      ok: true,
      changes: { turns: [{ id: 'b', fields: { status: 'withdrawn' } }] },
    });
    expect(chairAction(room(turns), { type: 'withdraw', turnId: 'a' }, T0)).toEqual({ ok: false, reason: 'not_waiting' });
    const back = chairAction(room(turns), { type: 'reinstate', turnId: 'c' }, T0);
    expect(back.ok && back.changes.turns[0]!.fields).toMatchObject({ status: 'waiting' });
    expect(back.ok && (back.changes.turns[0]!.fields.position ?? 0) > 3).toBe(true);
  });

  it('moves a waiting turn among those waiting, on the positions as they are now', () => {
    const turns = [turn('a', 1024), turn('b', 2048), turn('c', 3072)];
    const r = chairAction(room(turns), { type: 'move', turnId: 'c', toIndex: 0 }, T0);
    expect(r.ok && r.changes.turns[0]!.fields.position).toBeLessThan(1024);
    expect(chairAction(room([turn('a', 1, 'done')]), { type: 'move', turnId: 'a', toIndex: 0 }, T0)).toEqual({
      ok: false,
      reason: 'not_waiting',
    });
  });

  it('assigns a responder (trimmed) and hides a name from the display', () => {
    const r = chairAction(room([turn('a', 1)]), { type: 'assign_responder', turnId: 'a', responderName: '  Ông Trần Văn Chủ ' }, T0);
    expect(r.ok && r.changes.turns).toEqual([{ id: 'a', fields: { responderName: 'Ông Trần Văn Chủ' } }]);
    const h = chairAction(room([turn('a', 1)]), { type: 'hide_name', turnId: 'a', hidden: true }, T0);
    expect(h.ok && h.changes.turns).toEqual([{ id: 'a', fields: { hideNameOnDisplay: true } }]);
  });

  it('records a written reply with its follow-up, dated in Vietnam whatever the hour in UTC', () => {
    // 18:00 UTC on the 12th is already 01:00 on the 13th in Vietnam.
    const lateUtc = Date.UTC(2026, 9, 12, 18, 0, 0);
    const r = chairAction(
      room([turn('a', 1, 'done')]),
      { type: 'dispose', turnId: 'a', choice: { kind: 'written_reply', departmentId: 'd1' }, calendar: cal },
      lateUtc,
    );
    expect(r.ok && r.changes.turns[0]!.fields.disposition).toEqual({ kind: 'written_reply', departmentId: 'd1', dueOn: '2026-10-20' });
    expect(r.ok && r.changes.followUps).toEqual([
      { kind: 'create', fields: expect.objectContaining({ turnId: 'a', departmentId: 'd1', assignedOn: '2026-10-13' }) },
    ]);
  });

  it('dates a written reply from the day of its session, not the day the disposition is tapped', () => {
    // The secretary finishes the minutes a week after the session of Tuesday 13/10/2026.
    const weekLater = Date.UTC(2026, 9, 20, 3, 0, 0);
    const r = chairAction(
      { ...room([turn('a', 1, 'done')]), sessionDate: '2026-10-13' },
      { type: 'dispose', turnId: 'a', choice: { kind: 'written_reply', departmentId: 'd1' }, calendar: cal },
      weekLater,
    );
    expect(r.ok && r.changes.turns[0]!.fields.disposition).toEqual({ kind: 'written_reply', departmentId: 'd1', dueOn: '2026-10-20' });
    expect(r.ok && r.changes.followUps).toEqual([{ kind: 'create', fields: expect.objectContaining({ assignedOn: '2026-10-13', dueOn: '2026-10-20' }) }]);
  });

  it('records a complaint’s kind and where the person was sent, and the body a forwarded opinion goes to', () => {
    const c = chairAction(
      room([turn('a', 1, 'done')]),
      {
        type: 'dispose',
        turnId: 'a',
        choice: { kind: 'complaint_outside', complaintKind: 'denunciation', redirectedTo: ' Thanh tra tỉnh ' },
        calendar: cal,
      },
      T0,
    );
    expect(c.ok && c.changes.turns[0]!.fields.disposition).toEqual({
      kind: 'complaint_outside',
      complaintKind: 'denunciation',
      redirectedTo: 'Thanh tra tỉnh',
    });
    const f = chairAction(
      room([turn('a', 1, 'done')]),
      { type: 'dispose', turnId: 'a', choice: { kind: 'forwarded_upward', body: 'UBND tỉnh' }, calendar: cal },
      T0,
    );
    expect(f.ok && f.changes.turns[0]!.fields.disposition).toEqual({ kind: 'forwarded_upward', body: 'UBND tỉnh' });
  });
});

describe('timer events in HLC order (the room’s clock model)', () => {
  it('a pause pressed on a tablet whose clock is a minute behind still pauses the turn it saw start', () => {
    // Device A starts at its 09:00:00; device B, a minute behind, receives A's stamp, then pauses 40 s later
    // by its own clock: its `at` is before the start, its HLC after it.
    const startStamp = tick(null, T0, 'deviceA');
    const bClock = receive(null, startStamp, T0 - 60_000, 'deviceB')!;
    const pauseAt = T0 - 60_000 + 40_000;
    const pauseStamp = tick(bClock, pauseAt, 'deviceB');
    expect(pauseStamp > startStamp).toBe(true);
    const events = [
      { type: 'start' as const, at: T0, amountMs: 300_000, updatedAt: startStamp },
      { type: 'pause' as const, at: pauseAt, amountMs: 0, updatedAt: pauseStamp },
    ];
    const state = timerState(events, T0 + 120_000);
    expect(state.phase).toBe('paused');
    // The length between them comes from `at`, never negative.
    expect(state.elapsedMs).toBe(0);
    // Ordered by wall time alone, the pause would come first and be ignored: the clock would run on.
    const byWallTime = timerState(
      events.map(({ updatedAt: _u, ...e }) => e),
      T0 + 120_000,
    );
    expect(byWallTime.phase).toBe('running');
  });

  it('a just-decided event (not stored yet, no stamp) comes after every stored one', () => {
    const stored = {
      type: 'start' as const,
      at: T0 + 5_000,
      amountMs: 300_000,
      updatedAt: formatHlc({ ms: T0 + 5_000, counter: 0, node: 'a' }),
    };
    const state = timerState([stored, { type: 'stop', at: T0 + 65_000, amountMs: 0 }], T0 + 100_000);
    expect(state).toMatchObject({ phase: 'stopped', elapsedMs: 60_000 });
  });
});

describe('speakerFromRegistration', () => {
  const form = { id: 'r1', fullName: '', organisation: '', village: '', procedureName: 'Cấp phép xây dựng', field: 'Xây dựng' };
  it('a person’s form: their name, and their village or the organisation they belong to', () => {
    expect(speakerFromRegistration({ ...form, fullName: 'Lê Thị Hương', village: 'Tổ dân phố 3' })).toMatchObject({
      speakerName: 'Lê Thị Hương',
      affiliation: 'Tổ dân phố 3',
      representativeOf: null,
    });
    expect(
      speakerFromRegistration({ ...form, fullName: 'Trần Văn Nam', organisation: 'HTX Nông nghiệp Đông Hòa', village: 'Thôn 1' }),
    ).toMatchObject({
      speakerName: 'Trần Văn Nam',
      affiliation: 'HTX Nông nghiệp Đông Hòa',
    });
  });
  it('an organisation’s form: the organisation is the affiliation and its representative is to be named', () => {
    expect(speakerFromRegistration({ ...form, fullName: 'Công ty TNHH Minh Phát', organisation: 'Công ty TNHH Minh Phát' })).toMatchObject({
      speakerName: '',
      affiliation: 'Công ty TNHH Minh Phát',
      representativeOf: 'Công ty TNHH Minh Phát',
    });
    expect(speakerFromRegistration({ ...form, fullName: 'Hợp tác xã Đông Hòa' }).representativeOf).toBe('Hợp tác xã Đông Hòa');
    expect(speakerFromRegistration({ ...form, fullName: 'Cơ sở may Thu Hà' }).representativeOf).toBe('Cơ sở may Thu Hà');
    // "Trường" is an organisation's first word only as a word of its own: "Trương Văn Hải" is a person.
    expect(speakerFromRegistration({ ...form, fullName: 'Trương Văn Hải' }).representativeOf).toBeNull();
  });
});

describe('fieldChoices and nameShownOnDisplay', () => {
  it('lists each field once in Vietnamese order, keeping a turn’s own older value', () => {
    expect(
      fieldChoices(
        [
          ['Đất đai', 'Hộ tịch'],
          [' đất  đai', 'Xây dựng'],
        ],
        'Môi trường',
      ),
    ).toEqual(['Đất đai', 'Hộ tịch', 'Môi trường', 'Xây dựng']);
  });
  it('never projects a complaint or a denunciation by name, and hides any name the chair hides', () => {
    const complaint: Disposition = { kind: 'complaint_outside', complaintKind: 'denunciation', redirectedTo: '' };
    expect(nameShownOnDisplay({ disposition: null, hideNameOnDisplay: false })).toBe(true);
    expect(nameShownOnDisplay({ disposition: complaint, hideNameOnDisplay: false })).toBe(false);
    expect(nameShownOnDisplay({ disposition: null, hideNameOnDisplay: true })).toBe(false);
    // A record from before the flag existed.
    expect(nameShownOnDisplay({ disposition: null } as never)).toBe(true);
  });
});
