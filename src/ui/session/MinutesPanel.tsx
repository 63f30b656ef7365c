/**
 * The secretary's minutes (biên bản) of a session, typed live in the room:
 * notes under each agenda item, and under the citizens' part every question
 * heard, with its answer, who answered and the chair's conclusion.
 *
 * The text lives in one Yjs document per session (src/storage/minutesText.ts):
 * it merges with other devices and is on disk a fraction of a second after each
 * key. The records around it (turns, follow-ups) go through the one write path.
 */
import { For, Show, createEffect, createMemo, createSignal, createUniqueId, on, onCleanup, type JSX } from 'solid-js';
import { orderedAgenda } from '../../domain/agenda.ts';
import { agendaNotesKey, minutesDocId } from '../../domain/minutesDoc.ts';
import { current, orderedQueue } from '../../domain/speakers.ts';
import { workingDayCalendar } from '../calendar.ts';
import { update } from '../../storage/changes.ts';
import { lang } from '../i18n.ts';
import { listBy, type Row } from '../../storage/queries.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import type { SessionRow } from '../screens/SessionWorkspace.tsx';
import { MinutesContext, type EntryHandle, type MinutesContextValue } from '../minutes/context.ts';
import { createMinutesDoc } from '../minutes/createMinutesDoc.ts';
import { MinutesEntry, isInsertTimeShortcut } from '../minutes/MinutesEntry.tsx';
import { mt } from '../minutes/minutes.i18n.ts';
import { SaveStatus, reasonOf, type PanelSaveState } from '../minutes/SaveStatus.tsx';
import { SpeakerStrip } from '../minutes/SpeakerStrip.tsx';
import { StripTimer } from './StripTimer.tsx';
import { TurnMinutes, type TurnContext } from '../minutes/TurnMinutes.tsx';
import '../minutes/minutes.css';
import { TypedField } from '../minutes/TypedField.tsx';
import { agendaTitle } from './agendaTitle.ts';
import { createRoomData } from './roomData.ts';
import { AnnounceRecording } from '../audio/AnnounceRecording.tsx';

/** The element id of a turn in the minutes, to land on it. */
const turnAnchor = (turnId: string) => `minutes-turn-${turnId}`;

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Record writes of the panel (dispositions, responders, conclusions), tracked for the save status. */
function createRecordWrites(now: () => number) {
  const [inFlight, setInFlight] = createSignal(0);
  const [savedAt, setSavedAt] = createSignal<number | null>(null);
  const [failed, setFailed] = createSignal<{ task: () => Promise<unknown>; error: unknown } | null>(null);
  const run = async (task: () => Promise<unknown>): Promise<boolean> => {
    setInFlight((n) => n + 1);
    try {
      await task();
      setSavedAt(now());
      setFailed(null);
      return true;
    } catch (error) {
      setFailed({ task, error });
      return false;
    } finally {
      setInFlight((n) => n - 1);
    }
  };
  const retry = () => {
    const f = failed();
    if (f) void run(f.task);
  };
  return { run, retry, inFlight, savedAt, failed };
}

/** How long everything must have stayed saved before the status says so (see createShownSaveState). */
export const SAVED_SETTLE_MS = 400;

/**
 * The status as shown: "saving" and errors at once, "saved at …" only once all
 * has stayed saved for SAVED_SETTLE_MS. While the secretary types, writes
 * finish between keys; flipping to "saved" between every two keys would
 * flicker and make a screen reader announce it over and over. Delaying the
 * good news only is still honest: it never says saved while something is not.
 */
function createShownSaveState(source: () => PanelSaveState) {
  const [shown, setShown] = createSignal<PanelSaveState>(source());
  let timer: ReturnType<typeof setTimeout> | undefined;
  createEffect(
    on(source, (s) => {
      clearTimeout(timer);
      if (s.status === 'saved' && shown().status !== 'saved') timer = setTimeout(() => setShown(s), SAVED_SETTLE_MS);
      else setShown(s);
    }),
  );
  onCleanup(() => clearTimeout(timer));
  return shown;
}

export function MinutesPanel(props: { session: SessionRow }) {
  const store = useStore();
  // Memos, so that an edit of the session record (another field, another device) does not look like
  // a new session: that would reopen the document and rebuild every textarea under the secretary's hands.
  const sessionId = createMemo(() => props.session.id);
  const unitId = createMemo(() => props.session.unitId);
  const room = createRoomData(store.db, sessionId);
  const text = createMinutesDoc(store.db, () => minutesDocId(sessionId()), store.now);
  const departments = createLiveQuery(unitId, async (unitId) =>
    (await listBy(store.db, 'departments', 'unitId', unitId)).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  );
  const responders = createLiveQuery(unitId, (unitId) => listBy(store.db, 'responders', 'unitId', unitId));
  const records = createRecordWrites(store.now);

  const trueState = createMemo<PanelSaveState>(() => {
    const t = text.saveState();
    const failed = records.failed();
    const savedAt = Math.max(t.savedAt ?? -Infinity, records.savedAt() ?? -Infinity);
    return {
      status: t.status === 'error' || failed ? 'error' : t.status === 'saving' || records.inFlight() > 0 ? 'saving' : 'saved',
      savedAt: Number.isFinite(savedAt) ? savedAt : null,
      error: t.status === 'error' ? t.error : (failed?.error ?? null),
    };
  });
  const saveState = createShownSaveState(trueState);
  const retry = () => {
    text.minutes()?.retry();
    records.retry();
  };

  // Rows are rendered by id, so a live update of a record never re-creates its textareas.
  const agenda = createMemo(() => orderedAgenda(room()?.agenda ?? []));
  const agendaIds = createMemo(() => agenda().map((a) => a.id), [], { equals: sameIds });
  const agendaById = createMemo(() => new Map(agenda().map((a) => [a.id, a])));
  const turns = () => room()?.turns ?? [];
  const heardIds = createMemo(
    () =>
      orderedQueue(turns())
        .filter((t) => t.status === 'speaking' || t.status === 'done')
        .map((t) => t.id),
    [],
    { equals: sameIds },
  );
  const turnById = createMemo(() => new Map(turns().map((t) => [t.id, t])));
  const hasOpinionsItem = () => agenda().some((a) => a.step === 'citizen_opinions');
  const hasConclusionItem = () => agenda().some((a) => a.step === 'conclusion');

  const [active, setActive] = createSignal<EntryHandle | null>(null);
  const respondersListId = createUniqueId();
  const turnContext: TurnContext = {
    departments,
    calendar: workingDayCalendar,
    write: (changes) => records.run(() => store.write(changes)),
    act: (action) => {
      const id = sessionId();
      return records.run(() => store.act(id, action));
    },
    respondersListId,
  };
  const saveSessionConclusion = (chairConclusion: string) => {
    const change = update('sessions', sessionId(), { chairConclusion });
    return records.run(() => store.write([change]));
  };

  const SessionConclusion = () => (
    <TypedField label={mt('session_conclusion')} multiline value={props.session.chairConclusion ?? ''} save={saveSessionConclusion} />
  );

  // Reopening the minutes lands where the room is: at the person speaking now, not at agenda item 1.
  let landed = false;
  createEffect(() => {
    if (landed || !text.minutes()) return;
    const speaking = current(turns());
    if (!speaking) return;
    landed = true;
    queueMicrotask(() => document.getElementById(turnAnchor(speaking.id))?.scrollIntoView({ block: 'start' }));
  });
  const responderNames = () =>
    [
      ...new Set(
        [props.session.chairName, ...(responders() ?? []).map((r) => (r.title ? `${r.name} (${r.title})` : r.name))].filter(Boolean),
      ),
    ].sort((a, b) => a.localeCompare(b, 'vi'));

  const onKeyDown = (e: KeyboardEvent) => {
    // Entries handle Alt+T themselves; this catches it when the focus is on a button of the panel.
    if (e.defaultPrevented || !isInsertTimeShortcut(e)) return;
    const entry = active();
    if (!entry) return;
    e.preventDefault();
    entry.insertTime();
  };

  const TurnsList = () => (
    <Show when={heardIds().length > 0} fallback={<p class="empty">{mt('turns_empty')}</p>}>
      <ol class="minutes-turns">
        <For each={heardIds()}>
          {(id) => (
            <Show when={turnById().get(id)}>
              {(turn) => (
                <li>
                  <TurnMinutes turn={turn()} ctx={turnContext} anchor={turnAnchor(turn().id)} />
                </li>
              )}
            </Show>
          )}
        </For>
      </ol>
    </Show>
  );

  return (
    <div class="minutes" onKeyDown={onKeyDown}>
      <h2 class="visually-hidden">{mt('title')}</h2>
      <div class="minutes__bar">
        <SpeakerStrip
          turns={turns()}
          timer={(s) => <StripTimer turnId={s.id} events={room()?.timerEvents ?? []} limitMs={props.session.speakingLimitMs} />}
        />
        <div class="minutes__tools">
          <button
            type="button"
            class="btn"
            disabled={!active()}
            aria-keyshortcuts="Alt+T"
            title={mt('insert_time_hint')}
            // Keeps the focus (and the caret) in the entry being typed in, on touch as with a mouse.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => active()?.insertTime()}
          >
            {mt('insert_time')} <kbd>Alt+T</kbd>
          </button>
          <SaveStatus state={saveState()} onRetry={retry} />
        </div>
      </div>

      <Show when={!text.loadError()} fallback={<p role="alert">{mt('load_failed', { reason: reasonOf(text.loadError()) })}</p>}>
        <Show when={text.minutes()} fallback={<p>{mt('loading')}</p>}>
          {(minutes) => {
            const ctx: MinutesContextValue = {
              doc: minutes().doc,
              now: store.now,
              setActive: (entry) => setActive(() => entry),
              forget: (entry) => {
                if (active() === entry) setActive(null);
              },
            };
            return (
              <MinutesContext.Provider value={ctx}>
                <datalist id={respondersListId}>
                  <For each={responderNames()}>{(name) => <option value={name} />}</For>
                </datalist>
                <Show when={agendaIds().length > 0} fallback={<p class="empty">{mt('agenda_empty')}</p>}>
                  <ol class="minutes-agenda">
                    <For each={agendaIds()}>
                      {(id, index) => (
                        <Show when={agendaById().get(id)}>
                          {(item) => (
                            <AgendaItemMinutes item={item()} number={index() + 1}>
                              <Show when={index() === 0}>
                                <AnnounceRecording sessionId={sessionId()} announcedAt={props.session.recordingAnnouncedAt ?? null} />
                              </Show>
                              <Show when={item().step === 'citizen_opinions'}>
                                <TurnsList />
                              </Show>
                              <Show when={item().step === 'conclusion'}>
                                <SessionConclusion />
                              </Show>
                            </AgendaItemMinutes>
                          )}
                        </Show>
                      )}
                    </For>
                  </ol>
                </Show>
                <Show when={!hasOpinionsItem() && heardIds().length > 0}>
                  <section class="minutes-item" aria-labelledby="minutes-opinions-heading">
                    <h3 id="minutes-opinions-heading">{mt('opinions_heading')}</h3>
                    <TurnsList />
                  </section>
                </Show>
                {/* An agenda without the standard conclusion item still has the chair's conclusion, at the end. */}
                <Show when={!hasConclusionItem()}>
                  <section class="minutes-item" aria-label={mt('session_conclusion')}>
                    <SessionConclusion />
                  </section>
                </Show>
              </MinutesContext.Provider>
            );
          }}
        </Show>
      </Show>
    </div>
  );
}

function AgendaItemMinutes(props: { item: Row<'agendaItems'>; number: number; children?: JSX.Element }) {
  const headingId = createUniqueId();
  const running = () => props.item.startedAt !== null && props.item.endedAt === null;
  const title = () => agendaTitle(props.item, lang());
  return (
    <li class="minutes-item" classList={{ 'minutes-item--running': running() }}>
      <section aria-labelledby={headingId}>
        <h3 id={headingId} class="minutes-item__title">
          {props.number}. {title()}
          <Show when={running()}>
            {' '}
            <span class="minutes-badge">{mt('item_running')}</span>
          </Show>
        </h3>
        <MinutesEntry name={agendaNotesKey(props.item.id)} label={mt('notes_for', { title: title() })} />
        {props.children}
      </section>
    </li>
  );
}
