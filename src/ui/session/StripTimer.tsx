/** The speaking clock, small, for the secretary's strip: same events, same rule, its own ticker. */
import { createMemo } from 'solid-js';
import { turnTimer } from '../../domain/room.ts';
import type { Row } from '../../storage/queries.ts';
import { createNow, untilNextSecond } from '../primitives/ticker.ts';
import { useStore } from '../store.tsx';
import { TimerFace } from './TimerFace.tsx';

export function StripTimer(props: { turnId: string; events: readonly Row<'timerEvents'>[]; limitMs: number }) {
  const store = useStore();
  const now = createNow(store.now, () => untilNextSecond(state().remainingMs));
  const state = createMemo(() => turnTimer(props.events, props.turnId, now(), props.limitMs));
  return <TimerFace state={state()} size="strip" />;
}
