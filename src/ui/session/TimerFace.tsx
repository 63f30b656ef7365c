/**
 * The speaking clock as the room sees it: counting down, then counting up in
 * overtime. Used by the chair's screen and, much larger, by the hall display.
 *
 * On a washed-out projector two shades of red look alike, so each warning
 * also says what it is in words ("Còn 30 giây", "Hết giờ") and has a shape of
 * its own (a dashed frame in the last 30 seconds, a solid frame and stripes in
 * overtime, see timer.css), and overtime has its '+'.
 */
import { Show } from 'solid-js';
import { formatClock, type TimerState } from '../../domain/timer.ts';
import { rt } from './room.i18n.ts';
import './timer.css';

/** The words under the digits: the warning while the clock runs, else the phase. */
function phaseText(state: TimerState): string {
  if (state.alert === 'overtime') return rt('alert_overtime');
  if (state.phase === 'running' && state.alert !== 'none') return rt(`alert_${state.alert}`);
  return rt(`phase_${state.phase}`);
}

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
        <span class="timer__phase">{phaseText(props.state)}</span>
      </Show>
    </div>
  );
}
