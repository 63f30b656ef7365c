/**
 * What the chair's buttons do, as pure rules over the queue and the timer
 * together: the queue alone does not know how long someone spoke, and the timer
 * alone does not know who holds the floor. Each function returns the records to
 * write (turn field changes and new timer events); the one write path stores
 * them in one transaction, so the queue and the timer never disagree.
 */
import type { TimerEventType } from './model.ts';
import { callNext, current, type QueueTurn, type TurnChange } from './speakers.ts';
import { nextTimerEvent, timerState, type TimerErrorCode, type TimerEventLike, type TimerState } from './timer.ts';

export interface TurnTimerEvent {
  readonly turnId: string;
  readonly type: TimerEventType;
  readonly at: number;
  readonly amountMs: number;
}

export interface RoomChanges {
  readonly turns: readonly TurnChange[];
  readonly timerEvents: readonly TurnTimerEvent[];
}

export type TimedEvent = TimerEventLike & { readonly turnId: string };

export function eventsOfTurn<E extends TimedEvent>(events: readonly E[], turnId: string): E[] {
  return events.filter((e) => e.turnId === turnId);
}

export function turnTimer(events: readonly TimedEvent[], turnId: string, now: number, limitMs: number): TimerState {
  return timerState(eventsOfTurn(events, turnId), now, limitMs);
}

/**
 * Give the floor to the next person. The speaker who had it is done: their
 * timer is stopped if it was still going, and the time they actually spoke is
 * recorded on their turn. The next speaker's timer is not started: the chair
 * starts it when they reach the microphone.
 */
export function callNextSpeaker(turns: readonly QueueTurn[], events: readonly TimedEvent[], now: number, limitMs: number): RoomChanges {
  const timerEvents: TurnTimerEvent[] = [];
  const spoken: Record<string, number> = {};
  for (const turn of turns.filter((t) => t.status === 'speaking' && !t.deleted)) {
    const state = turnTimer(events, turn.id, now, limitMs);
    const stop = nextTimerEvent(state, 'stop', now);
    if (stop.ok) {
      timerEvents.push({ turnId: turn.id, ...stop.event });
      spoken[turn.id] = timerState([...eventsOfTurn(events, turn.id), stop.event], stop.event.at, limitMs).elapsedMs;
    } else {
      spoken[turn.id] = state.elapsedMs;
    }
  }
  return { turns: callNext(turns, now, spoken), timerEvents };
}

export type TimerCommand = 'start' | 'pause' | 'resume' | 'toggle' | 'add_minute' | 'stop';

export type TimerCommandResult = { ok: true; changes: RoomChanges } | { ok: false; reason: TimerErrorCode | 'no_speaker' };

/**
 * A timer button for the turn holding the floor. `toggle` is the chair's one
 * key for everything a pause key should do: start an idle timer, pause a
 * running one, resume a paused one. Stopping records the spoken time on the
 * turn (the turn stays "speaking" until the chair calls the next person, so
 * the answer can still be given).
 */
export function timerCommand(
  turns: readonly QueueTurn[],
  events: readonly TimedEvent[],
  command: TimerCommand,
  now: number,
  limitMs: number,
): TimerCommandResult {
  const turn = current(turns);
  if (!turn) return { ok: false, reason: 'no_speaker' };
  const state = turnTimer(events, turn.id, now, limitMs);
  const type: TimerEventType =
    command === 'toggle'
      ? state.phase === 'idle'
        ? 'start'
        : state.phase === 'running'
          ? 'pause'
          : 'resume'
      : command === 'add_minute'
        ? 'add'
        : command;
  const next = nextTimerEvent(state, type, now, type === 'add' ? 60_000 : type === 'start' ? limitMs : undefined);
  if (!next.ok) return next;
  const event = { turnId: turn.id, ...next.event };
  const turnChanges: TurnChange[] = [];
  if (type === 'stop') {
    const after = timerState([...eventsOfTurn(events, turn.id), next.event], next.event.at, limitMs);
    turnChanges.push({ id: turn.id, fields: { spokenMs: after.elapsedMs } });
  }
  return { ok: true, changes: { turns: turnChanges, timerEvents: [event] } };
}
