/**
 * The running order: edited before the conference, driven live by the chair.
 * Where the meeting stands against the plan is derived by agendaProgress from
 * the items' start/end times and the clock, never stored.
 */
import { For, Show, createMemo, createSignal, onMount } from 'solid-js';
import {
  agendaProgress,
  planAnchor,
  moveItem,
  orderedAgenda,
  startItem,
  endItem,
  skipItem,
  unskipItem,
  STEP_TITLES_EN,
  standardAgenda,
} from '../../domain/agenda.ts';
import { positionBetween } from '../../domain/position.ts';
import { fromVietnamWallClock } from '../../domain/vnTime.ts';
import { create, remove, restore, update } from '../../storage/changes.ts';
import type { Row } from '../../storage/queries.ts';
import { formatTime } from '../format.ts';
import { lang, t } from '../i18n.ts';
import { createNow } from '../primitives/ticker.ts';
import { useStore } from '../store.tsx';
import type { SessionRow } from '../screens/SessionWorkspace.tsx';
import { formatDuration, rt } from './room.i18n.ts';
import { InlineField, parseDecimal } from '../components/InlineField.tsx';
import { UndoBar, type Undoable } from '../components/Confirm.tsx';
import { FormError, FormText } from '../components/Field.tsx';
import { createForm } from '../primitives/form.ts';
import { at } from './agenda.i18n.ts';
import { MoveButtons } from './MoveButtons.tsx';
import { createRoomData } from './roomData.ts';
import { sessionScope, standardAgendaChanges } from './roomWrite.ts';
import { createMayWrite } from '../access/roles.ts';
import { ReadOnlyNote } from '../access/ReadOnlyNote.tsx';
import { AnnounceRecording } from '../audio/AnnounceRecording.tsx';

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
  // The chair runs the agenda and the office prepares it; the others see it as it runs (domain/access.ts).
  const may = createMayWrite();
  const canEdit = () => may('agendaItems');

  const act = (changes: { id: string; fields: Partial<Item> }[]) =>
    void store.write(changes.map((c) => update('agendaItems', c.id, c.fields)));
  const move = (item: Item, toIndex: number) => {
    const position = moveItem(items(), item.id, toIndex);
    if (position !== null && position !== item.position) void store.write([update('agendaItems', item.id, { position })]);
  };
  const [adding, setAdding] = createSignal(false);
  const [lastDeleted, setLastDeleted] = createSignal<Undoable | null>(null);
  // Deleting is frequent while the plan is drafted, so it acts at once and offers an undo (a later write of deleted: false).
  const deleteItem = async (item: Item) => {
    const name = title(item);
    await store.write([remove('agendaItems', item.id)]);
    setLastDeleted({
      message: at('deleted', { title: name }),
      undo: () => {
        setLastDeleted(null);
        void store.write([restore('agendaItems', item.id)]);
      },
    });
  };
  const statusText = (id: string) => {
    const status = rowOf(id)?.status ?? 'pending';
    return status === 'skipped' ? at('status_skipped') : rt(`agenda_status_${status}`);
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
      <Show when={!canEdit()}>
        <ReadOnlyNote kind="agendaItems" />
      </Show>
      <Show when={items().length > 0} fallback={<EmptyAgenda session={props.session} canEdit={canEdit()} />}>
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
                    readOnly={!canEdit()}
                  />
                  <div class="agenda__meta">
                    <InlineField
                      label={rt('agenda_planned')}
                      inputmode="numeric"
                      size={4}
                      value={String(item.plannedMinutes)}
                      save={(v) => store.write([update('agendaItems', item.id, { plannedMinutes: parseDecimal(v) })])}
                      readOnly={!canEdit()}
                    />
                    <InlineField
                      label={rt('agenda_presenter')}
                      value={item.presenter}
                      save={(v) => store.write([update('agendaItems', item.id, { presenter: v })])}
                      readOnly={!canEdit()}
                    />
                    <span class="agenda__status">
                      {statusText(item.id)}
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
                  {/* The opening: where the chair reads out that the hall is recorded (the same tick as in the minutes). */}
                  <Show when={index() === 0}>
                    <AnnounceRecording sessionId={props.session.id} announcedAt={props.session.recordingAnnouncedAt ?? null} />
                  </Show>
                </div>
                <Show when={canEdit()}>
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
                    <Show when={rowOf(item.id)?.status === 'pending'}>
                      <button
                        type="button"
                        class="btn"
                        aria-label={`${at('skip')}: ${title(item)}`}
                        onClick={() => act(skipItem(items(), item.id))}
                      >
                        {at('skip')}
                      </button>
                    </Show>
                    <Show when={rowOf(item.id)?.status === 'skipped'}>
                      <button
                        type="button"
                        class="btn"
                        aria-label={`${at('unskip')}: ${title(item)}`}
                        onClick={() => act(unskipItem(items(), item.id))}
                      >
                        {at('unskip')}
                      </button>
                    </Show>
                    <MoveButtons name={title(item)} index={index()} count={items().length} onMove={(to) => move(item, to)} />
                    <button
                      type="button"
                      class="btn btn--quiet"
                      aria-label={`${t('delete')}: ${title(item)}`}
                      onClick={() => void deleteItem(item)}
                    >
                      {t('delete')}
                    </button>
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <UndoBar last={lastDeleted()} onClose={() => setLastDeleted(null)} />
      <Show when={canEdit()}>
        <Show
          when={adding()}
          fallback={
            <button type="button" class="btn" onClick={() => setAdding(true)}>
              {rt('agenda_add')}
            </button>
          }
        >
          <NewAgendaItem session={props.session} after={items().at(-1)?.position ?? null} onDone={() => setAdding(false)} />
        </Show>
      </Show>
    </section>
  );
}

/**
 * "Thêm mục" opens an empty item to fill in, saved only when it has a title:
 * an item called "Thêm mục" in the plan was the old behaviour.
 */
function NewAgendaItem(props: { session: SessionRow; after: number | null; onDone: () => void }) {
  const store = useStore();
  const form = createForm(
    { title: '', plannedMinutes: '10', presenter: '' },
    { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) },
  );
  let titleInput: HTMLInputElement | undefined;
  onMount(() => titleInput?.focus());
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { session, after } = props;
    const ok = await form.submit(
      'agendaItems',
      (v) => ({
        sessionId: session.id,
        step: 'custom',
        title: v.title,
        position: positionBetween(after, null),
        plannedMinutes: parseDecimal(v.plannedMinutes),
        presenter: v.presenter,
        startedAt: null,
        endedAt: null,
        skipped: false,
      }),
      async (record) => {
        await store.write([create('agendaItems', sessionScope(session), record as never)]);
      },
    );
    if (ok) props.onDone();
  };
  return (
    <form ref={form.ref} class="agenda__new" onSubmit={(e) => void onSubmit(e)} aria-labelledby="agenda-new-heading" novalidate>
      <h3 id="agenda-new-heading">{at('new_heading')}</h3>
      <FormText bind={form} name="title" label={at('new_title')} ref={(el: HTMLInputElement) => (titleInput = el)} />
      <div class="row">
        <FormText bind={form} name="plannedMinutes" label={rt('agenda_planned')} inputmode="numeric" />
        <FormText bind={form} name="presenter" label={rt('agenda_presenter')} />
      </div>
      <FormError form={form} />
      <div class="actions">
        <button type="submit" class="btn btn--primary" disabled={form.busy()}>
          {at('save_new')}
        </button>
        <button type="button" class="btn btn--quiet" onClick={() => props.onDone()}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

function EmptyAgenda(props: { session: SessionRow; canEdit: boolean }) {
  const store = useStore();
  return (
    <div>
      <p class="empty">{rt('agenda_empty')}</p>
      <Show when={props.canEdit}>
        <button type="button" class="btn" onClick={() => void store.write(standardAgendaChanges(props.session))}>
          {rt('agenda_restore_standard')}
        </button>
      </Show>
    </div>
  );
}
