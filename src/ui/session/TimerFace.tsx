/**
 * The speaking clock as the room sees it: counting down, then counting up in
 * overtime in a different colour (and with a '+' so colour is not the only
 * signal). Used by the chair's screen and, much larger, by the hall display.
 */
import { Show } from 'solid-js';
import { formatClock, type TimerState } from '../../domain/timer.ts';
import { rt } from './room.i18n.ts';

export function TimerFace(props: { state: TimerState; size: 'chair' | 'hall' | 'strip' }) {
  const over = () => props.state.alert === 'overtime';
  return (
    <div
      class={`timer timer--${props.size} timer--${props.state.alert} timer--${props.state.phase}`}
      role="timer"
      aria-label={over() ? rt('timer_overtime_label') : rt('timer_label')}
      data-remaining-ms={Math.round(props.state.remainingMs)}
    >
      <span class="timer__digits">{formatClock(props.state.remainingMs)}</span>
      <Show when={props.size !== 'strip'}>
        <span class="timer__phase">{over() ? rt('alert_overtime') : rt(`phase_${props.state.phase}`)}</span>
      </Show>
    </div>
  );
}
