/**
 * What the chair's buttons do, as pure rules over the queue and the timer
 * together: the queue alone does not know how long someone spoke, and the timer
 * alone does not know who holds the floor. Each function returns the records to
 * write (turn field changes and new timer events); the one write path stores
 * them in one transaction, so the queue and the timer never disagree.
 *
 * `chairAction` is the one entry point the screens use: an action by name,
 * decided on the room's records as they are inside the write transaction (see
 * storage/room.ts), never on what a screen last showed.
 */
import {
  decideDisposition,
  type DispositionChoice,
  type FollowUpChange,
  type FollowUpLike,
} from './disposition.ts';
import type { SpeakerTurn, TimerEventType } from './model.ts';
import { positionForMove } from './position.ts';
import { callNext, current, reinstate, waiting, withdraw, type QueueTurn, type TurnChange } from './speakers.ts';
import { nextTimerEvent, timerState, type TimerErrorCode, type TimerEventLike, type TimerState } from './timer.ts';
import { toVietnamLocal, type WorkingDayCalendar } from './workingDays.ts';

export interface TurnTimerEvent {
  readonly turnId: string;
  readonly type: TimerEventType;
  readonly at: number;
  readonly amountMs: number;
}

export interface RoomChanges {
  readonly turns: readonly TurnChange[];
  readonly timerEvents: readonly TurnTimerEvent[];
  /** Follow-ups a disposition creates, re-assigns or withdraws. */
  readonly followUps?: readonly FollowUpChange[];
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

/** The room's records an action is decided on, read inside the write transaction. */
export interface RoomState {
  /** The session's speaking limit (ms). */
  readonly limitMs: number;
  readonly turns: readonly (QueueTurn & Pick<SpeakerTurn, 'disposition' | 'registrationId' | 'responderName'>)[];
  readonly timerEvents: readonly TimedEvent[];
  readonly followUps: readonly FollowUpLike[];
  /**
   * The session's date: a written reply is assigned on the day of the session in which the chair
   * assigned it, not the day the secretary taps it (finishing the minutes a week later must not move
   * the due date a week). Absent: the room's clock's Vietnamese date.
   */
  readonly sessionDate?: string;
}

/** Everything the chair (or the secretary) can do to the floor, by name. */
export type ChairAction =
  | { readonly type: 'call_next' }
  | { readonly type: 'timer'; readonly command: TimerCommand }
  | { readonly type: 'withdraw'; readonly turnId: string }
  | { readonly type: 'reinstate'; readonly turnId: string }
  /** To `toIndex` among those waiting (counted without the moved turn). */
  | { readonly type: 'move'; readonly turnId: string; readonly toIndex: number }
  | { readonly type: 'assign_responder'; readonly turnId: string; readonly responderName: string }
  | { readonly type: 'hide_name'; readonly turnId: string; readonly hidden: boolean }
  | { readonly type: 'dispose'; readonly turnId: string; readonly choice: DispositionChoice; readonly calendar: WorkingDayCalendar };

export type ChairRefusal = TimerErrorCode | 'no_speaker' | 'nobody_waiting' | 'not_found' | 'not_waiting' | 'not_withdrawn';

/** Refused actions are not errors: the room had already moved on (another tab, another device). */
export type ChairActionResult = { readonly ok: true; readonly changes: RoomChanges } | { readonly ok: false; readonly reason: ChairRefusal };

const turnsOnly = (turns: readonly TurnChange[]): RoomChanges => ({ turns, timerEvents: [] });

/**
 * Decide `action` on `room` at `now` (the room's shared clock). Pure; the
 * caller writes the changes in the same transaction it read `room` in.
 */
export function chairAction(room: RoomState, action: ChairAction, now: number): ChairActionResult {
  const { turns } = room;
  switch (action.type) {
    case 'call_next':
      if (!current(turns) && waiting(turns).length === 0) return { ok: false, reason: 'nobody_waiting' };
      return { ok: true, changes: callNextSpeaker(turns, room.timerEvents, now, room.limitMs) };
    case 'timer':
      return timerCommand(turns, room.timerEvents, action.command, now, room.limitMs);
    case 'withdraw': {
      const changes = withdraw(turns, action.turnId);
      return changes.length > 0 ? { ok: true, changes: turnsOnly(changes) } : { ok: false, reason: 'not_waiting' };
    }
    case 'reinstate': {
      const changes = reinstate(turns, action.turnId);
      return changes.length > 0 ? { ok: true, changes: turnsOnly(changes) } : { ok: false, reason: 'not_withdrawn' };
    }
    case 'move': {
      const line = waiting(turns);
      const turn = line.find((t) => t.id === action.turnId);
      if (!turn) return { ok: false, reason: 'not_waiting' };
      const position = positionForMove(line, turn.id, action.toIndex);
      return { ok: true, changes: turnsOnly(position === null || position === turn.position ? [] : [{ id: turn.id, fields: { position } }]) };
    }
    case 'assign_responder': {
      const turn = liveTurn(room, action.turnId);
      if (!turn) return { ok: false, reason: 'not_found' };
      const responderName = action.responderName.trim();
      return { ok: true, changes: turnsOnly(turn.responderName === responderName ? [] : [{ id: turn.id, fields: { responderName } }]) };
    }
    case 'hide_name': {
      const turn = liveTurn(room, action.turnId);
      if (!turn) return { ok: false, reason: 'not_found' };
      return { ok: true, changes: turnsOnly([{ id: turn.id, fields: { hideNameOnDisplay: action.hidden } }]) };
    }
    case 'dispose': {
      const turn = liveTurn(room, action.turnId);
      if (!turn) return { ok: false, reason: 'not_found' };
      // The day of assignment is the session's, or else the Vietnamese date of the room's clock, whatever zone the device is set to.
      const decision = decideDisposition(action.choice, turn, room.followUps, room.sessionDate ?? toVietnamLocal(now).date, action.calendar);
      return { ok: true, changes: { turns: decision.turns, timerEvents: [], followUps: decision.followUps } };
    }
  }
}

function liveTurn(room: RoomState, id: string) {
  return room.turns.find((t) => t.id === id && !t.deleted);
}
