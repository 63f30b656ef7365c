/**
 * The running order: edited before the conference, driven live by the chair.
 * Where the meeting stands against the plan is derived by agendaProgress from
 * the items' start/end times and the clock, never stored.
 */
import { For, Show, createMemo } from 'solid-js';
import {
  agendaProgress,
  planAnchor,
  moveItem,
  orderedAgenda,
  startItem,
  endItem,
  STEP_TITLES_EN,
  standardAgenda,
} from '../../domain/agenda.ts';
import { positionBetween } from '../../domain/position.ts';
import { fromVietnamWallClock } from '../../domain/vnTime.ts';
import { create, remove, update } from '../../storage/changes.ts';
import type { Row } from '../../storage/queries.ts';
import { formatTime } from '../format.ts';
import { lang, t } from '../i18n.ts';
import { createNow } from '../primitives/ticker.ts';
import { useStore } from '../store.tsx';
import type { SessionRow } from '../screens/SessionWorkspace.tsx';
import { formatDuration, rt } from './room.i18n.ts';
import { InlineField, parseDecimal } from '../components/InlineField.tsx';
import { MoveButtons } from './MoveButtons.tsx';
import { createRoomData } from './roomData.ts';
import { sessionScope, standardAgendaChanges } from './roomWrite.ts';

type Item = Row<'agendaItems'>;

/** Epoch ms of the session's planned start: its date and hour are Vietnam's, whatever the device's zone. */
export function sessionStartMs(session: SessionRow): number {
  return fromVietnamWallClock(session.date, session.start);
}

export function AgendaPanel(props: { session: SessionRow }) {
  const store = useStore();
  const room = createRoomData(store.db, () => props.session.id);
  const now = createNow(store.now, 1000);
  const items = () => orderedAgenda(room()?.agenda ?? []);
  const progress = createMemo(() => agendaProgress(items(), now(), planAnchor(items(), sessionStartMs(props.session))));
  /** Whole minutes: the room plans in minutes, and seconds would only flicker. */
  const behindMinutes = () => Math.trunc(progress().behindMs / 60_000);
  const rowOf = (id: string) => progress().items.find((p) => p.id === id);

  const act = (changes: { id: string; fields: Partial<Item> }[]) =>
    void store.write(changes.map((c) => update('agendaItems', c.id, c.fields)));
  const move = (item: Item, toIndex: number) => {
    const position = moveItem(items(), item.id, toIndex);
    if (position !== null && position !== item.position) void store.write([update('agendaItems', item.id, { position })]);
  };
  const addItem = () => {
    const last = items().at(-1);
    void store.write([
      create('agendaItems', sessionScope(props.session), {
        sessionId: props.session.id,
        step: 'custom',
        title: rt('agenda_add'),
        position: positionBetween(last?.position ?? null, null),
        plannedMinutes: 10,
        presenter: '',
        startedAt: null,
        endedAt: null,
      }),
    ]);
  };
  const title = (item: Item) =>
    lang() === 'en' && item.step !== 'custom' && item.title === standardAgenda().find((s) => s.step === item.step)?.title
      ? STEP_TITLES_EN[item.step]
      : item.title;

  return (
    <section class="card" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{rt('agenda_title')}</h2>
      {/* Not a live region: it changes every minute while the chair speaks, which a screen reader would read out each time. */}
      <p class="agenda__summary">
        <span>{rt('agenda_planned_end', { time: formatTime(progress().plannedEndMs) })}</span>
        {/* Ahead or behind means something once the conference has begun; before that the plan is all there is. */}
        <Show when={items().some((i) => i.startedAt !== null)}>
          {' · '}
          <span>{rt('agenda_expected_end', { time: formatTime(progress().expectedEndMs) })}</span>
          {' · '}
          <strong classList={{ late: behindMinutes() > 0 }}>
            {behindMinutes() === 0
              ? rt('agenda_on_time')
              : behindMinutes() > 0
                ? rt('agenda_behind', { n: behindMinutes() })
                : rt('agenda_ahead', { n: -behindMinutes() })}
          </strong>
        </Show>
      </p>
      <Show when={items().length > 0} fallback={<EmptyAgenda session={props.session} />}>
        <ol class="agenda">
          <For each={items()}>
            {(item, index) => (
              <li
                class={`agenda__item agenda__item--${rowOf(item.id)?.status ?? 'pending'}`}
                aria-current={rowOf(item.id)?.status === 'running' ? 'step' : undefined}
              >
                <div class="agenda__main">
                  <InlineField
                    wide
                    hideLabel
                    label={`${rt('agenda_item_title')} ${index() + 1}`}
                    value={title(item)}
                    save={(v) => store.write([update('agendaItems', item.id, { title: v })])}
                  />
                  <div class="agenda__meta">
                    <InlineField
                      label={rt('agenda_planned')}
                      inputmode="numeric"
                      size={4}
                      value={String(item.plannedMinutes)}
                      save={(v) => store.write([update('agendaItems', item.id, { plannedMinutes: parseDecimal(v) })])}
                    />
                    <InlineField
                      label={rt('agenda_presenter')}
                      value={item.presenter}
                      save={(v) => store.write([update('agendaItems', item.id, { presenter: v })])}
                    />
                    <span class="agenda__status">
                      {rt(`agenda_status_${rowOf(item.id)?.status ?? 'pending'}`)}
                      <Show when={item.startedAt !== null}>
                        {' · '}
                        {formatTime(item.startedAt!)}
                        <Show when={item.endedAt !== null}>–{formatTime(item.endedAt!)}</Show>
                        {' · '}
                        {rt('agenda_actual', { time: formatDuration(rowOf(item.id)?.actualMs ?? 0) })}
                        <Show when={(rowOf(item.id)?.overrunMs ?? 0) > 0}>
                          {' '}
                          <strong class="late">({rt('agenda_overrun', { time: formatDuration(rowOf(item.id)!.overrunMs) })})</strong>
                        </Show>
                      </Show>
                    </span>
                  </div>
                </div>
                <div class="agenda__actions">
                  <Show
                    when={rowOf(item.id)?.status === 'running'}
                    fallback={
                      <button
                        type="button"
                        class="btn"
                        aria-label={`${rt('agenda_start')}: ${title(item)}`}
                        onClick={() => act(startItem(items(), item.id, store.now()))}
                      >
                        {rt('agenda_start')}
                      </button>
                    }
                  >
                    <button
                      type="button"
                      class="btn btn--primary"
                      aria-label={`${rt('agenda_end')}: ${title(item)}`}
                      onClick={() => act(endItem(items(), item.id, store.now()))}
                    >
                      {rt('agenda_end')}
                    </button>
                  </Show>
                  <MoveButtons name={title(item)} index={index()} count={items().length} onMove={(to) => move(item, to)} />
                  <button
                    type="button"
                    class="btn btn--quiet"
                    aria-label={`${t('delete')}: ${title(item)}`}
                    onClick={() => void store.write([remove('agendaItems', item.id)])}
                  >
                    {t('delete')}
                  </button>
                </div>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <button type="button" class="btn" onClick={addItem}>
        {rt('agenda_add')}
      </button>
    </section>
  );
}

function EmptyAgenda(props: { session: SessionRow }) {
  const store = useStore();
  return (
    <div>
      <p class="empty">{rt('agenda_empty')}</p>
      <button type="button" class="btn" onClick={() => void store.write(standardAgendaChanges(props.session))}>
        {rt('agenda_restore_standard')}
      </button>
    </div>
  );
}
