/**
 * A clock signal for screens that show time passing (the speaking timer, the
 * agenda's overrun). The time shown is always computed from `now()` and stored
 * events, never counted by this timer, so a late or skipped tick cannot make
 * the display drift: the next tick simply shows the right value.
 *
 * `interval` may be a function: the speaking clock asks to be woken just after
 * its next displayed second changes, so "00:00" appears within a few
 * milliseconds of the true end instead of up to a whole polling period late.
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js';

export function createNow(now: () => number, interval: number | (() => number) = 100): Accessor<number> {
  const [value, setValue] = createSignal(now());
  let handle: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    const ms = typeof interval === 'number' ? interval : interval();
    handle = setTimeout(() => {
      setValue(now());
      schedule();
    }, ms);
  };
  // The first wake-up is deferred: `interval` may read signals the caller defines after this one.
  handle = setTimeout(schedule, 0);
  onCleanup(() => clearTimeout(handle));
  return value;
}

/** Milliseconds until a clock showing `remainingMs` (whole seconds, rounded up) next changes, plus a 1 ms margin; bounded so a paused clock still refreshes. */
export function untilNextSecond(remainingMs: number, maxMs = 250): number {
  let until: number;
  if (remainingMs > 0) {
    // Counting down, the shown second drops when the remaining time reaches a whole second.
    const part = remainingMs % 1000;
    until = part === 0 ? 1000 : part;
  } else {
    // In overtime it counts up, and rises just after each whole second.
    const part = -remainingMs % 1000;
    until = part === 0 ? 1 : 1000 - part + 1;
  }
  return Math.max(1, Math.min(maxMs, until + 1));
}
