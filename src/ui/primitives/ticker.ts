/**
 * A clock signal for screens that show time passing (the speaking timer, the
 * agenda's overrun). The time shown is always computed from `now()` and stored
 * events, never counted by this interval, so a late or skipped tick cannot
 * make the display drift: the next tick simply shows the right value.
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js';

export function createNow(now: () => number, intervalMs = 100): Accessor<number> {
  const [value, setValue] = createSignal(now());
  const id = setInterval(() => setValue(now()), intervalMs);
  onCleanup(() => clearInterval(id));
  return value;
}
