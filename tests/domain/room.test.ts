import { describe, expect, it } from 'vitest';
import { callNextSpeaker, timerCommand, turnTimer, type TimedEvent } from '../../src/domain/room.ts';
import type { QueueTurn } from '../../src/domain/speakers.ts';

const LIMIT = 300_000;
const T0 = 1_760_000_000_000;

function turn(id: string, position: number, status: QueueTurn['status'] = 'waiting'): QueueTurn {
  return { id, position, status, speakerName: `Người ${id}`, calledAt: null, finishedAt: null, spokenMs: null };
}

/** Apply room changes to an in-memory room, as the write path would. */
function apply(turns: QueueTurn[], events: TimedEvent[], changes: ReturnType<typeof callNextSpeaker>) {
  const nextTurns = turns.map((t) => {
    const change = changes.turns.filter((c) => c.id === t.id).reduce((acc, c) => ({ ...acc, ...c.fields }), {});
    return { ...t, ...change } as QueueTurn;
  });
  return { turns: nextTurns, events: [...events, ...changes.timerEvents.map((e, i) => ({ ...e, id: `${e.at}-${i}` }))] };
}

describe('the chair runs the floor', () => {
  it('call next, start, pause, add a minute, resume, call next: spoken time excludes the pause', () => {
    let room = { turns: [turn('a', 1), turn('b', 2)], events: [] as TimedEvent[] };
    room = apply(room.turns, room.events, callNextSpeaker(room.turns, room.events, T0, LIMIT));
    expect(room.turns.map((t) => t.status)).toEqual(['speaking', 'waiting']);

    const cmd = (c: Parameters<typeof timerCommand>[2], at: number) => {
      const r = timerCommand(room.turns, room.events, c, at, LIMIT);
      if (!r.ok) throw new Error(r.reason);
      room = apply(room.turns, room.events, r.changes);
    };
    cmd('toggle', T0 + 5_000); // start
    cmd('toggle', T0 + 65_000); // pause after 60 s
    cmd('add_minute', T0 + 70_000);
    cmd('toggle', T0 + 95_000); // resume
    expect(turnTimer(room.events, 'a', T0 + 155_000, LIMIT)).toMatchObject({ phase: 'running', elapsedMs: 120_000, remainingMs: 240_000 });

    room = apply(room.turns, room.events, callNextSpeaker(room.turns, room.events, T0 + 155_000, LIMIT));
    expect(room.turns[0]).toMatchObject({ status: 'done', spokenMs: 120_000, finishedAt: T0 + 155_000 });
    expect(room.turns[1]).toMatchObject({ status: 'speaking', calledAt: T0 + 155_000 });
    expect(turnTimer(room.events, 'a', T0 + 999_000, LIMIT).phase).toBe('stopped');
    expect(turnTimer(room.events, 'b', T0 + 999_000, LIMIT).phase).toBe('idle');
  });

  it('stopping records the spoken time and keeps the floor for the answer', () => {
    let room = { turns: [turn('a', 1, 'speaking')], events: [] as TimedEvent[] };
    const start = timerCommand(room.turns, room.events, 'start', T0, LIMIT);
    if (!start.ok) throw new Error();
    room = apply(room.turns, room.events, start.changes);
    const stop = timerCommand(room.turns, room.events, 'stop', T0 + 330_000, LIMIT);
    if (!stop.ok) throw new Error();
    expect(stop.changes.turns).toEqual([{ id: 'a', fields: { spokenMs: 330_000 } }]);
    room = apply(room.turns, room.events, stop.changes);
    expect(room.turns[0]!.status).toBe('speaking');
    expect(turnTimer(room.events, 'a', T0 + 400_000, LIMIT)).toMatchObject({ phase: 'stopped', overtimeMs: 30_000 });
  });

  it('refuses timer commands when nobody holds the floor, and illegal transitions', () => {
    expect(timerCommand([turn('a', 1)], [], 'start', T0, LIMIT)).toEqual({ ok: false, reason: 'no_speaker' });
    expect(timerCommand([turn('a', 1, 'speaking')], [], 'pause', T0, LIMIT)).toEqual({ ok: false, reason: 'not_running' });
  });

  it('calling next with an idle timer records no stop event and no spoken time beyond zero', () => {
    const turns = [turn('a', 1, 'speaking'), turn('b', 2)];
    const changes = callNextSpeaker(turns, [], T0, LIMIT);
    expect(changes.timerEvents).toEqual([]);
    expect(changes.turns[0]).toEqual({ id: 'a', fields: { status: 'done', finishedAt: T0, spokenMs: 0 } });
  });
});

describe('planAnchor', () => {
  it('counts the plan from the first item actually started, else from the scheduled start', async () => {
    const { planAnchor, agendaProgress } = await import('../../src/domain/agenda.ts');
    const item = (id: string, position: number, startedAt: number | null, endedAt: number | null = null) => ({ id, position, plannedMinutes: 10, startedAt, endedAt });
    expect(planAnchor([item('a', 1, null), item('b', 2, null)], T0)).toBe(T0);
    const late = T0 + 40 * 86_400_000; // held weeks after the planned date
    const items = [item('a', 1, late, late + 10 * 60_000), item('b', 2, late + 10 * 60_000)];
    expect(planAnchor(items, T0)).toBe(late);
    expect(agendaProgress(items, late + 15 * 60_000, planAnchor(items, T0)).behindMs).toBe(0);
  });
});

describe('untilNextSecond (when the speaking clock next changes)', () => {
  it('wakes just after the displayed second changes, counting down and in overtime', async () => {
    const { untilNextSecond } = await import('../../src/ui/primitives/ticker.ts');
    const { formatClock } = await import('../../src/domain/timer.ts');
    for (const r of [300_000, 299_999, 299_400, 1, 0, -1, -999, -1000, -5_500]) {
      const wait = untilNextSecond(r, 5000);
      expect(formatClock(r - wait)).not.toBe(formatClock(r));
      expect(formatClock(r - wait + 2)).toBe(formatClock(r));
    }
  });
});
