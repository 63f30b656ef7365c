import { Link } from '@tanstack/solid-router';
import { unwrap } from 'solid-js/store';
import { For, Show, createEffect, onCleanup, type Accessor, type JSX } from 'solid-js';
import type { Row } from '../../storage/queries.ts';
import { formatDate } from '../format.ts';
import { t, type MessageKey } from '../i18n.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { announceRoom } from '../session/hallChannel.ts';
import { RoomContext, readRoom } from '../session/roomData.ts';
import { role, setRole } from '../session/role.ts';
import { rt } from '../session/room.i18n.ts';
import '../session/room.css';
import { dt } from '../documents/documents.i18n.ts';
import { RecorderPanel } from '../audio/RecorderPanel.tsx';
import { AudioPlayerProvider } from '../audio/AudioPlayer.tsx';
import { getRecord } from '../../storage/queries.ts';

export const WORKSPACE_TABS = ['agenda', 'attendance', 'queue', 'minutes'] as const;
export type WorkspaceTab = (typeof WORKSPACE_TABS)[number];

/** A session's workspace: the header and the tabs; the tabs' contents are given by the route. */
export type SessionRow = Row<'sessions'>;
export type Panels = Partial<Record<WorkspaceTab, (session: Accessor<SessionRow>) => JSX.Element>>;

export function SessionWorkspace(props: { sessionId: string; tab: WorkspaceTab; panels?: Panels }) {
  const store = useStore();
  const { db } = store;
  // One live query of the room for every panel of this workspace.
  const room = createLiveQuery(
    () => props.sessionId,
    (id) => readRoom(db, id),
  );
  // Whatever this device's role, a hall display on it gets the room as soon as this window has read it
  // (a shortcut for speed only: the display follows IndexedDB by itself, see hallChannel.ts).
  createEffect(() => {
    const announcer = announceRoom(props.sessionId);
    createEffect(() => {
      const r = room();
      // A store proxy cannot cross to another window: post the plain records.
      if (r) announcer.room(unwrap(r));
    });
    onCleanup(announcer.stop);
  });
  // The session itself is part of the room: no second query for it.
  const session = () => room()?.session;
  const conference = createLiveQuery(
    () => session()?.conferenceId ?? '',
    (id) => (id ? getRecord(db, 'conferences', id) : Promise.resolve(undefined)),
  );
  return (
    <Show when={session() !== undefined} fallback={<p>{t('loading')}</p>}>
      <Show when={session()} fallback={<p role="alert">{t('session_not_found')}</p>}>
        {(s) => (
          <RoomContext.Provider value={{ sessionId: props.sessionId, room }}>
            <section aria-labelledby="session-heading" class="workspace">
              {/* Compact: on a 10-inch tablet the chair must reach the clock and "Mời người tiếp theo" without scrolling. */}
              <header class="workspace__head">
                <Link to="/conferences/$conferenceId" params={{ conferenceId: s().conferenceId }} class="back-link">
                  ← {t('back')}
                </Link>
                <h1 id="session-heading" class="workspace__title">
                  {s().title || s().venue}
                </h1>
                <p class="muted workspace__meta">
                  {formatDate(s().date)} · {s().start}–{s().end} · {s().venue}
                </p>
              </header>
              <div class="workspace__bar">
                <nav aria-label={t('ws_tabs')} class="tabs">
                  <For each={WORKSPACE_TABS}>
                    {(tab) => (
                      <Link
                        to="/sessions/$sessionId"
                        params={{ sessionId: s().id }}
                        search={{ tab }}
                        class="tab"
                        aria-current={props.tab === tab ? 'page' : undefined}
                      >
                        {t(`tab_${tab}` as MessageKey)}
                      </Link>
                    )}
                  </For>
                  <Link to="/sessions/$sessionId/display" params={{ sessionId: s().id }} class="tab" target="_blank">
                    {t('tab_display')}
                  </Link>
                  <Link
                    to="/conferences/$conferenceId/documents"
                    params={{ conferenceId: s().conferenceId }}
                    search={{ kind: 'minutes', session: s().id }}
                    class="tab"
                  >
                    {dt('title')}
                  </Link>
                </nav>
                <div class="role-choice" role="group" aria-label={rt('role')}>
                  <span aria-hidden="true">{rt('role_short')}</span>
                  <button type="button" class="btn" aria-pressed={role() === 'chair'} onClick={() => setRole('chair')}>
                    {rt('role_chair')}
                  </button>
                  <button type="button" class="btn" aria-pressed={role() === 'secretary'} onClick={() => setRole('secretary')}>
                    {rt('role_secretary')}
                  </button>
                </div>
              </div>
              {/* The hall's audio (issue 11): the recorder runs on whichever tab is open. */}
              <RecorderPanel scope={{ sessionId: s().id, unitId: s().unitId, conferenceId: s().conferenceId }} />
              <Show when={(room()?.bridgePoints.length ?? 0) > 1}>
                {/* Seed 002 ran one dialogue across three sites: each can put its own display on its projector. */}
                <p class="site-displays">
                  {rt('site_displays')}:{' '}
                  <For each={room()?.bridgePoints}>
                    {(b) => (
                      <Link
                        to="/sessions/$sessionId/display"
                        params={{ sessionId: s().id }}
                        search={{ site: b.id }}
                        target="_blank"
                        class="site-displays__link"
                      >
                        {b.name}
                      </Link>
                    )}
                  </For>
                </p>
              </Show>
              <div class="tab-panel">
                {/* Keyed on the panel, not the record: a change to the session (another device, sync) flows in
                    through the accessor instead of rebuilding the panel and losing what is being typed in it. */}
                {/* The session's audio plays under whichever tab is open; the minutes' turns and stamps play through it.
                    Its bar shows under the minutes, elsewhere only while it plays (AudioPlayerProvider's `shown`). */}
                <AudioPlayerProvider
                  room={room}
                  names={{ conference: () => conference()?.title ?? '', session: () => `${s().date} ${s().title || s().venue}` }}
                  shown={() => props.tab === 'minutes'}
                >
                  <Show when={props.panels?.[props.tab]} keyed fallback={<p class="empty">{t('tab_empty')}</p>}>
                    {(panel) => panel(s)}
                  </Show>
                </AudioPlayerProvider>
              </div>
            </section>
          </RoomContext.Provider>
        )}
      </Show>
    </Show>
  );
}
