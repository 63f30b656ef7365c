/**
 * The hall display (projector or TV): the current speaker, the topic, a clock
 * readable from the back of a hall of 200, the next speakers and the current
 * agenda item. No controls. It reads the session's records from IndexedDB and
 * follows them live, whoever writes them (chair, secretary, another device
 * through sync); it says it is lost only when this device can no longer
 * receive changes (see roomConnection.ts), never because no chair's window is
 * open here.
 * `?site=<bridgePointId>` names the bridge point this screen stands in.
 */
import { For, Show, createMemo, createSignal, onCleanup, onMount } from 'solid-js';
import { agendaProgress } from '../../domain/agenda.ts';
import { turnTimer } from '../../domain/room.ts';
import { current, nameShownOnDisplay, waiting } from '../../domain/speakers.ts';
import type { Row } from '../../storage/queries.ts';
import { formatTime } from '../format.ts';
import { lang, t } from '../i18n.ts';
import { agendaTitle } from '../session/agendaTitle.ts';
import { createNow, untilNextSecond } from '../primitives/ticker.ts';
import { useStore } from '../store.tsx';
import { listenForRoom } from '../session/hallChannel.ts';
import { useRoomConnection } from '../session/roomConnection.ts';
import { rt } from '../session/room.i18n.ts';
import { createRoomData, type RoomData } from '../session/roomData.ts';
import { TimerFace } from '../session/TimerFace.tsx';
import '../session/display.css';

export function HallDisplay(props: { sessionId: string; site?: string }) {
  const store = useStore();
  const stored = createRoomData(store.db, () => props.sessionId);
  const [posted, setPosted] = createSignal<RoomData | undefined>(undefined);
  // The newer of the two copies of the room: what this display read itself, and what the chair's screen posted.
  const room = createMemo(() => {
    const a = stored();
    const b = posted();
    if (!a) return b;
    return b && b.version > a.version ? b : a;
  });
  const now = createNow(store.now, () => untilNextSecond(timer()?.remainingMs ?? 0));
  const connection = useRoomConnection();
  onMount(() => onCleanup(listenForRoom(props.sessionId, setPosted)));

  const session = () => room()?.session ?? null;
  const turns = () => room()?.turns ?? [];
  const speaker = createMemo(() => current(turns()));
  const next = createMemo(() => waiting(turns()).slice(0, 3));
  const timer = createMemo(() => {
    const s = speaker();
    const sess = session();
    return s && sess ? turnTimer(room()?.timerEvents ?? [], s.id, now(), sess.speakingLimitMs) : null;
  });
  const item = createMemo(() => agendaProgress(room()?.agenda ?? [], now(), 0).current);
  const siteName = (id: string | undefined) => room()?.bridgePoints.find((b) => b.id === id)?.name;
  // A hidden name takes its village or organisation with it: in a commune, "thôn 3" may be enough to tell who it is.
  const shownName = (turn: Row<'speakerTurns'>) => (nameShownOnDisplay(turn) ? turn.speakerName : rt('display_name_hidden'));
  const shownPlace = (turn: Row<'speakerTurns'>) =>
    [nameShownOnDisplay(turn) ? turn.affiliation : '', siteName(turn.bridgePointId)].filter(Boolean).join(' · ');
  const lost = () => connection() === 'lost';

  return (
    <main class="display" id="main" aria-labelledby="display-title">
      <Show when={session()} fallback={<p class="display__loading">{room() ? t('session_not_found') : t('loading')}</p>}>
        {(s) => (
          <>
            <header class="display__header">
              <h1 id="display-title" class="display__title">
                {s().title || s().venue}
              </h1>
              <span class="display__clock">
                <Show when={props.site && siteName(props.site)}>{(name) => <span class="display__site">{name()} · </span>}</Show>
                {formatTime(now())}
              </span>
            </header>
            <Show when={lost()}>
              <p class="display__lost" role="alert">
                {rt('display_lost')}
              </p>
            </Show>
            <Show when={item()}>
              {(i) => (
                <p class="display__item">
                  <span class="display__label">{rt('display_current_item')}:</span> {agendaTitle(i(), lang())}
                </p>
              )}
            </Show>
            <section class="display__floor" aria-label={rt('now_speaking')}>
              <Show when={speaker()} fallback={<p class="display__waiting">{rt('display_waiting')}</p>}>
                {(sp) => (
                  <div class="display__speaker">
                    <p class="display__name" data-testid="display-speaker">
                      {shownName(sp())}
                    </p>
                    <Show when={shownPlace(sp())}>{(place) => <p class="display__affiliation">{place()}</p>}</Show>
                    <Show when={sp().topic}>
                      <p class="display__topic">{sp().topic}</p>
                    </Show>
                  </div>
                )}
              </Show>
              {/* The clock's box keeps its place and size whatever it shows (see display.css), so it never jumps. */}
              <div class="display__timer">
                <Show when={timer()}>{(state) => <TimerFace state={state()} size="hall" />}</Show>
              </div>
            </section>
            <Show when={next().length > 0}>
              <section class="display__next" aria-labelledby="next-heading">
                <h2 id="next-heading">{rt('next_speakers')}</h2>
                <ol>
                  <For each={next()}>
                    {(turn) => (
                      <li>
                        {shownName(turn)}
                        <Show when={shownPlace(turn)}>
                          {(place) => (
                            <span class="display__muted">
                              {' · '}
                              {place()}
                            </span>
                          )}
                        </Show>
                      </li>
                    )}
                  </For>
                </ol>
              </section>
            </Show>
          </>
        )}
      </Show>
    </main>
  );
}
