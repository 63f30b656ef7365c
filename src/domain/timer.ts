/**
 * The speaking timer: at most 5 minutes per question (seed 003), the limit set
 * per session.
 *
 * Why events and not a counter: the timer is stored only as what the chair did
 * (start, pause, resume, add time, stop) and when. The time on screen is
 * recomputed from those events and `now` on every tick, so a reload mid-turn, a
 * second tablet joining, or a device that slept shows the same remaining time,
 * and nothing drifts the way an interval counting down one second at a time
 * does. Events are append-only, so two devices' events simply union on sync.
 *
 * Order and length come from two different clocks. The ORDER of events is
 * their record's hybrid logical clock stamp (`updatedAt`): a device that saw
 * the start and then pressed pause stamps the pause after the start, even if
 * its wall clock is a minute behind, and every device sorts the same set of
 * stamps the same way. The LENGTHS between events come from `at`, the room's
 * shared clock (the server-corrected time once sync runs, the device's own on
 * a single tablet), because an HLC counts causality, not seconds. Events not
 * yet stored (no stamp) come after every stored one, then by `at`: that is
 * where a just-decided event belongs. An event that is not legal at its place
 * in that order (a second `start`, a `pause` while paused) is ignored rather
 * than failing the whole turn.
 */
import type { TimerEventType } from './model.ts';

/** Seed 003: "không quá 5 phút/câu hỏi". */
export const DEFAULT_SPEAKING_LIMIT_MS = 5 * 60_000;
/** The chair's two warnings before time is up. */
export const ONE_MINUTE_WARNING_MS = 60_000;
export const THIRTY_SECONDS_WARNING_MS = 30_000;

export interface TimerEventLike {
  readonly type: TimerEventType;
  /** Epoch ms. */
  readonly at: number;
  /** `start`: the limit; `add`: extra time, negative to take time back; otherwise ignored. */
  readonly amountMs: number;
  readonly id?: string;
  /** The record's HLC stamp (events are written once, so it is the stamp of their creation). */
  readonly updatedAt?: string;
}

export type TimerPhase = 'idle' | 'running' | 'paused' | 'stopped';
export type TimerAlert = 'none' | 'one_minute' | 'thirty_seconds' | 'overtime';

export interface TimerState {
  readonly phase: TimerPhase;
  /** The limit in force: the `start` amount plus every `add`, never below 0. */
  readonly limitMs: number;
  /** Net time granted or taken back with `add`. */
  readonly addedMs: number;
  /** Speaking time so far, pauses excluded. What goes into SpeakerTurn.spokenMs at the end. */
  readonly elapsedMs: number;
  /** Negative once the speaker runs over. */
  readonly remainingMs: number;
  readonly overtimeMs: number;
  readonly alert: TimerAlert;
  readonly startedAt: number | null;
  /** Time of the last event that took effect: a new event is never stamped before it (see nextTimerEvent). */
  readonly lastEventAt: number | null;
}

/**
 * Tie-break for events at the same millisecond (two devices): lifecycle order,
 * so a `start` is never lost behind a `pause` stamped in the same millisecond,
 * and time added in the same millisecond as `stop` still counts.
 */
const TYPE_ORDER: Readonly<Record<TimerEventType, number>> = {
  start: 0,
  resume: 1,
  add: 2,
  pause: 3,
  stop: 4,
};

/** The order events are applied in; identical on every device for the same set of events. */
export function sortTimerEvents<T extends TimerEventLike>(events: readonly T[]): T[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((x, y) => {
      const a = x.event;
      const b = y.event;
      if (a.updatedAt !== undefined && b.updatedAt !== undefined) {
        if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? -1 : 1;
      } else if (a.updatedAt !== undefined) return -1;
      else if (b.updatedAt !== undefined) return 1;
      if (a.at !== b.at) return a.at - b.at;
      const byType = TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
      if (byType !== 0) return byType;
      if (a.id !== undefined && b.id !== undefined && a.id !== b.id) return a.id < b.id ? -1 : 1;
      return x.index - y.index;
    })
    .map((x) => x.event);
}

export function canApply(state: Pick<TimerState, 'phase'>, type: TimerEventType): boolean {
  switch (type) {
    case 'start':
      return state.phase === 'idle';
    case 'pause':
      return state.phase === 'running';
    case 'resume':
      return state.phase === 'paused';
    case 'add':
    case 'stop':
      return state.phase === 'running' || state.phase === 'paused';
  }
}

function alertFor(phase: TimerPhase, remainingMs: number): TimerAlert {
  // Warnings are for the live clock; a stopped turn's overrun is reported by overtimeMs.
  if (phase !== 'running' && phase !== 'paused') return 'none';
  // Time is up at exactly 0: that is when the chair must be told, not one tick later.
  if (remainingMs <= 0) return 'overtime';
  if (remainingMs <= THIRTY_SECONDS_WARNING_MS) return 'thirty_seconds';
  if (remainingMs <= ONE_MINUTE_WARNING_MS) return 'one_minute';
  return 'none';
}

/**
 * The timer of one turn at `now`, from that turn's events (the caller filters
 * by turnId). `defaultLimitMs` is what an idle timer shows: the session's limit.
 */
export function timerState(events: readonly TimerEventLike[], now: number, defaultLimitMs: number = DEFAULT_SPEAKING_LIMIT_MS): TimerState {
  let phase: TimerPhase = 'idle';
  let baseLimitMs = defaultLimitMs;
  let addedMs = 0;
  let elapsedMs = 0;
  let runningSince: number | null = null;
  let startedAt: number | null = null;
  let lastEventAt: number | null = null;

  for (const event of sortTimerEvents(events)) {
    if (!Number.isFinite(event.at) || !canApply({ phase }, event.type)) continue;
    switch (event.type) {
      case 'start':
        phase = 'running';
        baseLimitMs = Number.isFinite(event.amountMs) && event.amountMs > 0 ? event.amountMs : defaultLimitMs;
        startedAt = event.at;
        runningSince = event.at;
        break;
      case 'pause':
        // In HLC order, `at` can run backwards between two devices' events by their residual skew: never count negative time.
        elapsedMs += Math.max(0, event.at - (runningSince ?? event.at));
        runningSince = null;
        phase = 'paused';
        break;
      case 'resume':
        runningSince = event.at;
        phase = 'running';
        break;
      case 'add':
        if (Number.isFinite(event.amountMs)) addedMs += event.amountMs;
        break;
      case 'stop':
        if (runningSince !== null) elapsedMs += Math.max(0, event.at - runningSince);
        runningSince = null;
        phase = 'stopped';
        break;
    }
    lastEventAt = Math.max(lastEventAt ?? event.at, event.at);
  }
  // A viewer whose clock is behind the device that pressed start would see negative time.
  if (runningSince !== null) elapsedMs += Math.max(0, now - runningSince);

  const limitMs = Math.max(0, baseLimitMs + addedMs);
  const remainingMs = limitMs - elapsedMs;
  return {
    phase,
    limitMs,
    addedMs,
    elapsedMs,
    remainingMs,
    overtimeMs: Math.max(0, -remainingMs),
    alert: alertFor(phase, remainingMs),
    startedAt,
    lastEventAt,
  };
}

export type TimerErrorCode = 'already_started' | 'not_running' | 'not_paused' | 'not_active' | 'invalid_amount';

export type NextTimerEvent =
  | { readonly ok: true; readonly event: { type: TimerEventType; at: number; amountMs: number } }
  | { readonly ok: false; readonly reason: TimerErrorCode };

/**
 * The event to record when the chair presses a button, or why it cannot be.
 *
 * `at` is `now`, but never before or at the last applied event: a tablet whose
 * clock is a few seconds behind the one that started the turn would otherwise
 * stamp its `pause` before the `start`, and the pause would be ignored.
 */
export function nextTimerEvent(state: TimerState, type: TimerEventType, now: number, amountMs?: number): NextTimerEvent {
  if (!canApply(state, type)) {
    const reason: TimerErrorCode =
      type === 'start' ? 'already_started' : type === 'pause' ? 'not_running' : type === 'resume' ? 'not_paused' : 'not_active';
    return { ok: false, reason };
  }
  let amount = 0;
  if (type === 'start') {
    amount = amountMs ?? state.limitMs;
    if (!Number.isInteger(amount) || amount <= 0) return { ok: false, reason: 'invalid_amount' };
  } else if (type === 'add') {
    if (amountMs === undefined || !Number.isInteger(amountMs) || amountMs === 0) {
      return { ok: false, reason: 'invalid_amount' };
    }
    amount = amountMs;
  }
  const at = state.lastEventAt !== null && now <= state.lastEventAt ? state.lastEventAt + 1 : now;
  return { ok: true, event: { type, at, amountMs: amount } };
}

/**
 * The clock as the room sees it, from remaining ms: "05:00" counting down,
 * then "+00:12" counting up in overtime (the '+' says "over by").
 * Seconds are rounded up in both directions, so the display reads 00:00 exactly
 * when time is up and "+00:01" from the first millisecond over.
 */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms)) return '--:--';
  const over = ms < 0;
  const totalSeconds = Math.ceil(Math.abs(ms) / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${over ? '+' : ''}${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}
