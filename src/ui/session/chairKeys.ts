/**
 * The chair's keyboard shortcuts (N, Space, +, S) and the guard that keeps one
 * action from running twice at once.
 *
 * A shortcut must never steal a key from the control that has the focus: with
 * the focus on "Rút" (withdraw), Space presses that button, it must not start
 * the clock. So Space is left alone on anything Space activates or types into,
 * and letters and "+" on anything they type into or select with (type-ahead in
 * a select or a list box). Letters mean nothing to a button, so N still calls
 * the next speaker after the chair has tapped one.
 */
import { createSignal } from 'solid-js';
import type { TimerCommand } from '../../domain/room.ts';

export type ChairShortcut = TimerCommand | 'next';

export const SHORTCUTS: Readonly<Record<string, ChairShortcut>> = {
  n: 'next',
  ' ': 'toggle',
  '+': 'add_minute',
  // "+" is Shift+= on most keyboards; "=" alone is taken as the same key.
  '=': 'add_minute',
  s: 'stop',
};

/** Controls a typed character goes into or selects with. */
const TYPES_INTO =
  'input:not([type=button]):not([type=submit]):not([type=reset]):not([type=checkbox]):not([type=radio]), textarea, select, ' +
  '[contenteditable]:not([contenteditable="false"]), [role=textbox], [role=combobox], [role=listbox], [role=searchbox], [role=spinbutton], [role=menu], [role=menubar]';
/** Controls Space activates (or scrolls through). */
const SPACE_ACTIVATES =
  'button, a[href], summary, input, [role=button], [role=link], [role=checkbox], [role=radio], [role=switch], [role=tab], [role=menuitem], [role=option], [role=slider]';

function matches(target: EventTarget | null, selector: string): boolean {
  return target instanceof Element && target.closest(selector) !== null;
}

/** The chair's action for a key press, or null when the key belongs to the focused control (or is not a shortcut). */
export function shortcutFor(e: KeyboardEvent): ChairShortcut | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return null;
  const command = SHORTCUTS[e.key.toLowerCase()];
  if (!command) return null;
  if (matches(e.target, TYPES_INTO)) return null;
  if (e.key === ' ' && matches(e.target, SPACE_ACTIVATES)) return null;
  return command;
}

export interface ActionGuard {
  /** Run `task` unless the action `key` is still in flight (a double tap, a bouncing key); false when skipped. */
  readonly run: (key: string, task: () => Promise<unknown>) => Promise<boolean>;
  readonly busy: (key: string) => boolean;
}

/**
 * One guard per action name. The write itself is safe to repeat (each action
 * is decided on the records as they are), but a repeat is a second action: two
 * "call next" in a row call two people. A press that arrives while the same
 * action is still being written is the same press, not a new one.
 */
export function createActionGuard(): ActionGuard {
  const [inFlight, setInFlight] = createSignal<ReadonlySet<string>>(new Set());
  const run = async (key: string, task: () => Promise<unknown>) => {
    if (inFlight().has(key)) return false;
    setInFlight((s) => new Set([...s, key]));
    try {
      await task();
      return true;
    } finally {
      setInFlight((s) => {
        const next = new Set(s);
        next.delete(key);
        return next;
      });
    }
  };
  return { run, busy: (key) => inFlight().has(key) };
}
