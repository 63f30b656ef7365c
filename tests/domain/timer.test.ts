import { describe, expect, it } from 'vitest';
import type { TimerEventType } from '../../src/domain/model.ts';
import {
  DEFAULT_SPEAKING_LIMIT_MS,
  canApply,
  formatClock,
  nextTimerEvent,
  sortTimerEvents,
  timerState,
  type TimerEventLike,
} from '../../src/domain/timer.ts';

const T0 = Date.UTC(2026, 4, 15, 2, 0, 0); // 09:00 in Hà Nội, an injected clock
const s = (n: number) => n * 1000;

function ev(type: TimerEventType, at: number, amountMs = 0, id?: string): TimerEventLike {
  return id === undefined ? { type, at, amountMs } : { type, at, amountMs, id };
}

/** The events a chair's taps produce, through nextTimerEvent as the app would. */
function record(taps: readonly [TimerEventType, number, number?][]): TimerEventLike[] {
  const events: TimerEventLike[] = [];
  for (const [type, at, amount] of taps) {
    const next = nextTimerEvent(timerState(events, at), type, at, amount);
    if (!next.ok) throw new Error(`${type} at ${at}: ${next.reason}`);
    events.push(next.event);
  }
  return events;
}

describe('timerState', () => {
  it('is idle with the default limit and nothing elapsed before start', () => {
    const st = timerState([], T0);
    expect(st).toMatchObject({ phase: 'idle', limitMs: DEFAULT_SPEAKING_LIMIT_MS, elapsedMs: 0, remainingMs: 300_000, alert: 'none' });
    expect(timerState([], T0, 120_000).limitMs).toBe(120_000);
  });

  it('counts down from the limit carried by start', () => {
    const events = [ev('start', T0, 300_000)];
    expect(timerState(events, T0)).toMatchObject({ phase: 'running', elapsedMs: 0, remainingMs: 300_000 });
    expect(timerState(events, T0 + s(61))).toMatchObject({ elapsedMs: s(61), remainingMs: s(239), overtimeMs: 0 });
  });

  it('is drift-free: exactly 0 remaining at start + 300000, whatever ticks came before', () => {
    const events = [ev('start', T0, 300_000)];
    const st = timerState(events, T0 + 300_000);
    expect(st.remainingMs).toBe(0);
    expect(st.overtimeMs).toBe(0);
    expect(formatClock(st.remainingMs)).toBe('00:00');
  });

  it('excludes paused time', () => {
    const events = [ev('start', T0, 300_000), ev('pause', T0 + s(100)), ev('resume', T0 + s(160))];
    expect(timerState(events.slice(0, 2), T0 + s(130))).toMatchObject({ phase: 'paused', elapsedMs: s(100), remainingMs: s(200) });
    expect(timerState(events, T0 + s(200))).toMatchObject({ phase: 'running', elapsedMs: s(140), remainingMs: s(160) });
  });

  it('freezes while paused however long the pause', () => {
    const events = [ev('start', T0, 300_000), ev('pause', T0 + s(10))];
    expect(timerState(events, T0 + s(10)).remainingMs).toBe(s(290));
    expect(timerState(events, T0 + s(10_000)).remainingMs).toBe(s(290));
  });

  it('adds time, and takes it back with a negative add', () => {
    const events = [ev('start', T0, 300_000), ev('add', T0 + s(250), 60_000)];
    expect(timerState(events, T0 + s(300))).toMatchObject({ limitMs: 360_000, addedMs: 60_000, remainingMs: s(60) });
    const back = [...events, ev('add', T0 + s(260), -90_000)];
    expect(timerState(back, T0 + s(300))).toMatchObject({
      limitMs: 270_000,
      addedMs: -30_000,
      remainingMs: -s(30),
      overtimeMs: s(30),
      alert: 'overtime',
    });
  });

  it('never lets the limit go below zero', () => {
    const events = [ev('start', T0, 60_000), ev('add', T0 + 1, -600_000)];
    expect(timerState(events, T0 + s(10))).toMatchObject({ limitMs: 0, remainingMs: -s(10), overtimeMs: s(10) });
  });

  it('runs into overtime and counts it up', () => {
    const events = [ev('start', T0, 300_000)];
    const st = timerState(events, T0 + s(312));
    expect(st).toMatchObject({ remainingMs: -s(12), overtimeMs: s(12), alert: 'overtime' });
    expect(formatClock(st.remainingMs)).toBe('+00:12');
  });

  it('raises the alerts exactly at their boundaries', () => {
    const events = [ev('start', T0, 300_000)];
    const at = (ms: number) => timerState(events, T0 + ms).alert;
    expect(at(240_000 - 1)).toBe('none'); // 60.001 s left
    expect(at(240_000)).toBe('one_minute'); // 60 s left
    expect(at(270_000 - 1)).toBe('one_minute'); // 30.001 s left
    expect(at(270_000)).toBe('thirty_seconds');
    expect(at(300_000 - 1)).toBe('thirty_seconds');
    expect(at(300_000)).toBe('overtime'); // time is up
    expect(at(300_001)).toBe('overtime');
  });

  it('keeps alerting while paused but not once stopped', () => {
    const paused = [ev('start', T0, 300_000), ev('pause', T0 + s(280))];
    expect(timerState(paused, T0 + s(999)).alert).toBe('thirty_seconds');
    const stopped = [ev('start', T0, 300_000), ev('stop', T0 + s(320))];
    expect(timerState(stopped, T0 + s(999))).toMatchObject({ phase: 'stopped', alert: 'none', elapsedMs: s(320), overtimeMs: s(20) });
  });

  it('stop from pause keeps the speaking time up to the pause', () => {
    const events = [ev('start', T0, 300_000), ev('pause', T0 + s(50)), ev('stop', T0 + s(90))];
    expect(timerState(events, T0 + s(500))).toMatchObject({ phase: 'stopped', elapsedMs: s(50) });
  });

  it('recomputes the same remaining time after a reload mid-turn', () => {
    const events = record([
      ['start', T0, 300_000],
      ['pause', T0 + s(40)],
      ['resume', T0 + s(70)],
      ['add', T0 + s(100), 30_000],
    ]);
    // The tablet reloads; the events come back from storage in another order.
    const stored = JSON.parse(JSON.stringify([...events].reverse())) as TimerEventLike[];
    const later = T0 + s(200);
    expect(timerState(stored, later)).toEqual(timerState(events, later));
    // 170 s spoken (40 + 130), limit 330 s.
    expect(timerState(stored, later)).toMatchObject({ phase: 'running', elapsedMs: s(170), remainingMs: s(160) });
  });

  it('ignores events that are illegal where they fall', () => {
    const events = [
      ev('pause', T0 - 5), // before start: a device with a slow clock
      ev('start', T0, 300_000),
      ev('start', T0 + s(1), 60_000), // second start from another tablet
      ev('resume', T0 + s(2)), // not paused
      ev('pause', T0 + s(10)),
      ev('pause', T0 + s(20)), // already paused
      ev('stop', T0 + s(30)),
      ev('resume', T0 + s(40)), // after stop
      ev('add', T0 + s(50), 60_000), // after stop
    ];
    expect(timerState(events, T0 + s(100))).toMatchObject({ phase: 'stopped', limitMs: 300_000, elapsedMs: s(10) });
  });

  it('never shows negative speaking time to a viewer whose clock is behind', () => {
    const events = [ev('start', T0, 300_000)];
    expect(timerState(events, T0 - s(3))).toMatchObject({ elapsedMs: 0, remainingMs: 300_000 });
  });

  it("applies an event stamped after `now` (the viewer's clock is behind) without counting time backwards", () => {
    const events = [ev('start', T0, 300_000), ev('pause', T0 + s(100)), ev('resume', T0 + s(160))];
    // This tablet's clock says T0+130 but another already resumed at T0+160: it is running, frozen until its clock catches up.
    expect(timerState(events, T0 + s(130))).toMatchObject({ phase: 'running', elapsedMs: s(100) });
  });

  it('gives the same state on two devices for events sharing a timestamp, in any input order', () => {
    const a = [
      ev('start', T0, 300_000, 'a1'),
      ev('pause', T0 + s(60), 0, 'b1'),
      ev('add', T0 + s(60), 30_000, 'a2'),
      ev('stop', T0 + s(60), 0, 'c1'),
      ev('resume', T0 + s(60), 0, 'c2'),
    ];
    const b = [a[3]!, a[1]!, a[4]!, a[0]!, a[2]!];
    expect(timerState(a, T0 + s(90))).toEqual(timerState(b, T0 + s(90)));
    expect(sortTimerEvents(a).map((e) => e.type)).toEqual(['start', 'resume', 'add', 'pause', 'stop']);
  });

  it('orders equal events of the same type by id', () => {
    const x = ev('add', T0, 10_000, 'b');
    const y = ev('add', T0, 20_000, 'a');
    expect(sortTimerEvents([x, y])).toEqual([y, x]);
    expect(sortTimerEvents([y, x])).toEqual([y, x]);
  });

  it('keeps input order for full ties without ids', () => {
    const x = ev('add', T0, 10_000);
    const y = ev('add', T0, 20_000);
    expect(sortTimerEvents([x, y])).toEqual([x, y]);
  });
});

describe('canApply', () => {
  const cases: [string, TimerEventType, boolean][] = [
    ['idle', 'start', true],
    ['idle', 'pause', false],
    ['idle', 'resume', false],
    ['idle', 'add', false],
    ['idle', 'stop', false],
    ['running', 'start', false],
    ['running', 'pause', true],
    ['running', 'resume', false],
    ['running', 'add', true],
    ['running', 'stop', true],
    ['paused', 'start', false],
    ['paused', 'pause', false],
    ['paused', 'resume', true],
    ['paused', 'add', true],
    ['paused', 'stop', true],
    ['stopped', 'start', false],
    ['stopped', 'pause', false],
    ['stopped', 'resume', false],
    ['stopped', 'add', false],
    ['stopped', 'stop', false],
  ];
  it.each(cases)('%s → %s is %s', (phase, type, legal) => {
    expect(canApply({ phase: phase as 'idle' }, type)).toBe(legal);
  });
});

describe('nextTimerEvent', () => {
  it('starts with the given limit, or the idle state limit', () => {
    expect(nextTimerEvent(timerState([], T0), 'start', T0, 180_000)).toEqual({
      ok: true,
      event: { type: 'start', at: T0, amountMs: 180_000 },
    });
    expect(nextTimerEvent(timerState([], T0, 240_000), 'start', T0)).toEqual({
      ok: true,
      event: { type: 'start', at: T0, amountMs: 240_000 },
    });
  });

  it('says why a transition is refused', () => {
    const idle = timerState([], T0);
    const running = timerState([ev('start', T0, 300_000)], T0 + 1);
    const stopped = timerState([ev('start', T0, 300_000), ev('stop', T0 + 5)], T0 + 10);
    expect(nextTimerEvent(running, 'start', T0 + 2)).toEqual({ ok: false, reason: 'already_started' });
    expect(nextTimerEvent(idle, 'pause', T0)).toEqual({ ok: false, reason: 'not_running' });
    expect(nextTimerEvent(running, 'resume', T0 + 2)).toEqual({ ok: false, reason: 'not_paused' });
    expect(nextTimerEvent(idle, 'add', T0, 1000)).toEqual({ ok: false, reason: 'not_active' });
    expect(nextTimerEvent(stopped, 'stop', T0 + 20)).toEqual({ ok: false, reason: 'not_active' });
  });

  it('refuses meaningless amounts', () => {
    const running = timerState([ev('start', T0, 300_000)], T0 + 1);
    expect(nextTimerEvent(running, 'add', T0 + 2)).toEqual({ ok: false, reason: 'invalid_amount' });
    expect(nextTimerEvent(running, 'add', T0 + 2, 0)).toEqual({ ok: false, reason: 'invalid_amount' });
    expect(nextTimerEvent(running, 'add', T0 + 2, 1.5)).toEqual({ ok: false, reason: 'invalid_amount' });
    expect(nextTimerEvent(timerState([], T0), 'start', T0, 0)).toEqual({ ok: false, reason: 'invalid_amount' });
    expect(nextTimerEvent(running, 'add', T0 + 2, -30_000)).toMatchObject({ ok: true, event: { amountMs: -30_000 } });
  });

  it('never stamps an event before the last one, so a tablet with a slow clock can still pause', () => {
    const events = [ev('start', T0, 300_000)];
    const next = nextTimerEvent(timerState(events, T0 - s(4)), 'pause', T0 - s(4));
    expect(next).toEqual({ ok: true, event: { type: 'pause', at: T0 + 1, amountMs: 0 } });
    if (next.ok) expect(timerState([...events, next.event], T0 + s(10)).phase).toBe('paused');
  });
});

describe('formatClock', () => {
  it.each([
    [300_000, '05:00'],
    [299_001, '05:00'],
    [299_000, '04:59'],
    [61_000, '01:01'],
    [1, '00:01'],
    [0, '00:00'],
    [-0, '00:00'],
    [-1, '+00:01'],
    [-12_000, '+00:12'],
    [-75_000, '+01:15'],
    [3_600_000, '60:00'],
    [Number.NaN, '--:--'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });
});
