/**
 * The secretary's glance at the floor: who speaks now and the next two waiting.
 * The speaking clock is not drawn here: `timer` is the slot for it (the room's
 * TimerFace, size 'strip'), given by whoever composes the screen.
 */
import { For, Show, type JSX } from 'solid-js';
import { current, waiting } from '../../domain/speakers.ts';
import type { Row } from '../../storage/queries.ts';
import { mt } from './minutes.i18n.ts';

type Turn = Row<'speakerTurns'>;

/** How many waiting speakers the strip names. */
export const NEXT_SHOWN = 2;

export function SpeakerStrip(props: { turns: readonly Turn[]; timer?: (speaking: Turn) => JSX.Element }) {
  const speaking = () => current(props.turns);
  const next = () => waiting(props.turns).slice(0, NEXT_SHOWN);
  return (
    <section class="speaker-strip" aria-label={mt('strip_label')}>
      <div class="speaker-strip__now">
        <span class="speaker-strip__label">{mt('now_speaking')}</span>
        <Show when={speaking()} fallback={<span class="muted">{mt('nobody_speaking')}</span>}>
          {(s) => (
            <span class="speaker-strip__who">
              <strong>{s().speakerName}</strong>
              <Show when={s().affiliation}>
                <span class="muted"> · {s().affiliation}</span>
              </Show>
              <Show when={s().topic}>
                <span class="speaker-strip__topic"> · {s().topic}</span>
              </Show>
            </span>
          )}
        </Show>
      </div>
      {/* SLOT speaking-timer: the room's timer for the speaking turn goes here; none is drawn by this component. */}
      <div class="speaker-strip__timer" data-slot="speaking-timer">
        <Show when={speaking()}>{(s) => props.timer?.(s())}</Show>
      </div>
      <div class="speaker-strip__next">
        <span class="speaker-strip__label">{mt('next')}</span>
        <Show when={next().length > 0} fallback={<span class="muted">{mt('nobody_waiting')}</span>}>
          {/* Numbered in the text itself and separated by a comma that is only heard: read or copied, the list is
              "1. A · thôn X, 2. B", never "thôn X2. B" (CSS list numbers are not part of the text). */}
          <ol class="speaker-strip__list">
            <For each={next()}>
              {(turn, i) => (
                <li>
                  <span class="speaker-strip__order">{i() + 1}.</span> {turn.speakerName}
                  <Show when={turn.affiliation}>
                    <span class="muted"> · {turn.affiliation}</span>
                  </Show>
                  <Show when={i() < next().length - 1}>
                    <span class="visually-hidden">, </span>
                  </Show>
                </li>
              )}
            </For>
          </ol>
        </Show>
      </div>
    </section>
  );
}
