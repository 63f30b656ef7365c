/**
 * The chair's view of the floor: who speaks now with the 5-minute clock and its
 * controls, who is waiting (reorder by drag or keyboard), who has spoken and for
 * how long. Every button goes through the room rules in src/domain/room.ts.
 */
import { For, Show, createEffect, createMemo, createSignal, createUniqueId, on, onCleanup, onMount, type Accessor } from 'solid-js';
import { turnTimer, type ChairAction, type TimerCommand } from '../../domain/room.ts';
import {
  done,
  orderedQueue,
  positionAtEnd,
  waiting,
  current,
  speakerKey,
  fieldChoices,
  nameShownOnDisplay,
  speakerFromRegistration,
} from '../../domain/speakers.ts';
import { firstSessionDate, queueableRegistrations, timeliness } from '../../domain/registration.ts';
import { create, update } from '../../storage/changes.ts';
import { getRecord, listBy, listBySession, listSessions, type Row } from '../../storage/queries.ts';
import { FormError, FormText, SelectField } from '../components/Field.tsx';
import { createForm } from '../primitives/form.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { createMayWrite } from '../access/roles.ts';
import { formatTime } from '../format.ts';
import { lang, t } from '../i18n.ts';
import { createNow, untilNextSecond } from '../primitives/ticker.ts';
import { workingDayCalendar } from '../calendar.ts';
import { useStore } from '../store.tsx';
import type { SessionRow } from '../screens/SessionWorkspace.tsx';
import { createActionGuard, shortcutFor } from './chairKeys.ts';
import { muted, playCue, setMuted } from './cue.ts';
import { InlineField, parseDecimal } from '../components/InlineField.tsx';
import { MoveButtons } from './MoveButtons.tsx';
import { formatDuration, formatMinutes, rt } from './room.i18n.ts';
import { createRoomData } from './roomData.ts';
import { sessionScope } from './roomWrite.ts';
import { TimerFace } from './TimerFace.tsx';
import { LinkedForms } from './LinkedForms.tsx';
import './room.css';

type Turn = Row<'speakerTurns'>;

/** One chair action by name, at most once at a time per name (see chairKeys.ts). */
type Act = (key: string, action: ChairAction) => Promise<void>;

export function QueuePanel(props: { session: SessionRow }) {
  const store = useStore();
  // What this device's account may do (everything when it works on its own): a refused control is not offered.
  const may = createMayWrite();
  const room = createRoomData(store.db, () => props.session.id);
  const now = createNow(store.now, () => untilNextSecond(timer()?.remainingMs ?? 0));
  const [announcement, setAnnouncement] = createSignal('');
  const turns = () => room()?.turns ?? [];
  const events = () => room()?.timerEvents ?? [];
  const limit = () => props.session.speakingLimitMs;
  const speaker = createMemo(() => current(turns()));
  const timer = createMemo(() => {
    const s = speaker();
    return s ? turnTimer(events(), s.id, now(), limit()) : null;
  });
  const sites = () => room()?.bridgePoints ?? [];
  const siteName = (id: string | undefined) => sites().find((b) => b.id === id)?.name;

  // The cue sounds when the alert level changes, once, on the device that runs the room.
  createEffect(
    on(
      () => [speaker()?.id, timer()?.alert] as const,
      ([id, alert], prev) => {
        if (!alert || !prev || prev[0] !== id || prev[1] === alert) return;
        playCue(alert);
        if (alert !== 'none') setAnnouncement(rt(`alert_${alert}`));
      },
    ),
  );

  // The conference's forms, for linking the ones a turn also answers (LinkedForms).
  const conferenceForms = createLiveQuery(
    () => props.session.conferenceId,
    (id) => listBy(store.db, 'registrations', 'conferenceId', id),
  );

  const guard = createActionGuard();
  // "Another question" on a row fills the add form with that person (see AddTurn).
  const [askAgain, setAskAgain] = createSignal<Turn | null>(null, { equals: false });
  const [failure, setFailure] = createSignal('');
  // Every action is decided inside the write transaction on the room as it is then (storage/room.ts):
  // this screen only names it. A refusal means the room had moved on already; a failed write is shown.
  const act: Act = async (key, action) => {
    const sessionId = props.session.id;
    await guard.run(key, async () => {
      try {
        await store.act(sessionId, action);
        setFailure('');
      } catch (e) {
        setFailure(t('err_save_failed', { reason: e instanceof Error ? e.message : String(e) }));
      }
    });
  };
  const run = (command: TimerCommand) => act(command, { type: 'timer', command });
  const callNext = () => act('call_next', { type: 'call_next' });

  // Chair shortcuts, only while this panel is open, and never a key the focused control uses itself.
  const onKey = (e: KeyboardEvent) => {
    const command = shortcutFor(e);
    if (!command || !may('timerEvents')) return;
    // The page would scroll on Space; the shortcut is the one thing the key does.
    e.preventDefault();
    // Holding a key repeats it: one press is one action.
    if (e.repeat) return;
    void (command === 'next' ? callNext() : run(command));
  };
  onMount(() => {
    document.addEventListener('keydown', onKey);
    onCleanup(() => document.removeEventListener('keydown', onKey));
  });

  return (
    <div class="room">
      <section class="floor card" aria-labelledby="floor-heading">
        <h2 id="floor-heading">{rt('now_speaking')}</h2>
        <div class="floor__top">
          <Show when={speaker()} fallback={<p class="empty">{rt('no_speaker')}</p>}>
            {(s) => (
              <div class="floor__speaker">
                <p class="floor__name">
                  {s().speakerName}
                  <Show when={!nameShownOnDisplay(s())}>
                    <span class="badge">{rt('name_hidden_badge')}</span>
                  </Show>
                </p>
                <p class="muted">{[s().affiliation, siteName(s().bridgePointId)].filter(Boolean).join(' · ')}</p>
              </div>
            )}
          </Show>
          <Show when={timer()}>{(state) => <TimerFace state={state()} size="chair" />}</Show>
        </div>
        <Show when={may('timerEvents')}>
        <div class="floor__controls" role="group" aria-label={rt('timer_label')}>
          <Show when={timer()}>
            {(state) => (
              <>
                <Show when={state().phase === 'idle'}>
                  <button type="button" class="btn btn--primary btn--big" onClick={() => void run('start')} aria-keyshortcuts="Space">
                    {rt('start')}
                  </button>
                </Show>
                <Show when={state().phase === 'running'}>
                  <button type="button" class="btn btn--big" onClick={() => void run('pause')} aria-keyshortcuts="Space">
                    {rt('pause')}
                  </button>
                </Show>
                <Show when={state().phase === 'paused'}>
                  <button type="button" class="btn btn--primary btn--big" onClick={() => void run('resume')} aria-keyshortcuts="Space">
                    {rt('resume')}
                  </button>
                </Show>
                <Show when={state().phase === 'running' || state().phase === 'paused'}>
                  <button type="button" class="btn btn--big" onClick={() => void run('add_minute')} aria-keyshortcuts="+">
                    {rt('add_minute')}
                  </button>
                  <button type="button" class="btn btn--big" onClick={() => void run('stop')} aria-keyshortcuts="S">
                    {rt('stop')}
                  </button>
                </Show>
              </>
            )}
          </Show>
          <button
            type="button"
            class="btn btn--primary btn--big"
            onClick={() => void callNext()}
            aria-keyshortcuts="N"
            aria-busy={guard.busy('call_next')}
            disabled={waiting(turns()).length === 0 && !speaker()}
          >
            {waiting(turns()).length === 0 && speaker() ? rt('end_turn') : rt('call_next')}
          </button>
          <button type="button" class="btn btn--quiet" aria-pressed={muted()} onClick={() => setMuted(!muted())}>
            {muted() ? rt('unmute') : rt('mute')}
          </button>
        </div>
        {/* The question and the rest come after the buttons: a long topic must not push them off a tablet's screen. */}
        <Show when={speaker()}>
          {(s) => (
            <div class="floor__details">
              <Show when={s().topic}>
                <p class="floor__topic">{s().topic}</p>
              </Show>
              <Show when={s().responderName}>
                <p class="muted">
                  {rt('responder')}: {s().responderName}
                </p>
              </Show>
              <HideNameButton turn={s()} act={act} />
            </div>
          )}
        </Show>
        <Show when={failure()}>
          <p class="form-error" role="alert">
            {failure()}
          </p>
        </Show>
        <p class="muted shortcuts">{rt('shortcuts')}</p>
        </Show>
        <Show when={may('sessions', 'speakingLimitMs')}>
          {/* Applies to turns not yet started; a running clock keeps the limit it started with (its start event). */}
          <InlineField
            label={rt('limit_minutes')}
            inputmode="decimal"
            size={4}
            value={formatMinutes(props.session.speakingLimitMs / 60_000, lang())}
            save={(v) => store.write([update('sessions', props.session.id, { speakingLimitMs: Math.round(parseDecimal(v) * 60_000) })])}
          />
        </Show>
        <p class="visually-hidden" aria-live="assertive">
          {announcement()}
        </p>
      </section>

      <WaitingList
        turns={turns()}
        siteName={siteName}
        act={act}
        onAskAgain={setAskAgain}
        canReorder={may('speakerTurns', 'position')}
        forms={conferenceForms() ?? []}
        canLink={may('speakerTurns', 'answersRegistrationIds')}
        onLink={(turnId, ids) => void store.write([update('speakerTurns', turnId, { answersRegistrationIds: ids })])}
      />
      <Show when={may('speakerTurns')}>
        <AddTurn session={props.session} turns={turns()} sites={sites()} askAgain={askAgain} />
      </Show>
      <SpokenList turns={turns()} siteName={siteName} act={act} onAskAgain={setAskAgain} />
    </div>
  );
}

/** The chair hides a name from the hall display (complaints and denunciations are always hidden). */
function HideNameButton(props: { turn: Turn; act: Act }) {
  const forced = () => props.turn.disposition?.kind === 'complaint_outside';
  const hidden = () => !nameShownOnDisplay(props.turn);
  return (
    <button
      type="button"
      class="btn btn--quiet"
      aria-pressed={hidden()}
      disabled={forced()}
      title={forced() ? rt('name_hidden_complaint') : undefined}
      aria-label={rt('hide_name_named', { name: props.turn.speakerName })}
      onClick={() => void props.act(`hide:${props.turn.id}`, { type: 'hide_name', turnId: props.turn.id, hidden: !hidden() })}
    >
      {rt('hide_name')}
    </button>
  );
}

function WaitingList(props: {
  turns: Turn[];
  siteName: (id: string | undefined) => string | undefined;
  act: Act;
  onAskAgain: (turn: Turn) => void;
  /** The chair's controls (drag, move, hide, withdraw); others see the line only. */
  canReorder: boolean;
  forms: readonly Row<'registrations'>[];
  canLink: boolean;
  onLink: (turnId: string, answersRegistrationIds: string[]) => void;
}) {
  const line = () => waiting(props.turns);
  const [dragging, setDragging] = createSignal<{ id: string; dy: number } | null>(null);
  const [status, setStatus] = createSignal('');
  let listEl: HTMLOListElement | undefined;

  const moveTo = async (turn: Turn, toIndex: number) => {
    await props.act(`move:${turn.id}`, { type: 'move', turnId: turn.id, toIndex });
    setStatus(rt('moved', { name: turn.speakerName, n: Math.min(line().length, Math.max(1, toIndex + 1)) }));
  };

  /** Where a row dragged to `clientY` lands: the number of other rows whose middle is above it. */
  const dropIndex = (id: string, clientY: number) => {
    const rows = [...(listEl?.querySelectorAll<HTMLElement>('[data-turn-id]') ?? [])].filter((r) => r.dataset['turnId'] !== id);
    return rows.filter((r) => {
      const box = r.getBoundingClientRect();
      return box.top + box.height / 2 < clientY;
    }).length;
  };

  const startDrag = (turn: Turn, e: PointerEvent) => {
    const handle = e.currentTarget as HTMLElement;
    handle.setPointerCapture(e.pointerId);
    const startY = e.clientY;
    setDragging({ id: turn.id, dy: 0 });
    const move = (ev: PointerEvent) => setDragging({ id: turn.id, dy: ev.clientY - startY });
    const up = (ev: PointerEvent) => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      handle.removeEventListener('pointercancel', up);
      setDragging(null);
      if (ev.type === 'pointerup' && Math.abs(ev.clientY - startY) > 4) void moveTo(turn, dropIndex(turn.id, ev.clientY));
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
    handle.addEventListener('pointercancel', up);
  };

  const onHandleKey = (turn: Turn, index: number, e: KeyboardEvent) => {
    const to =
      e.key === 'ArrowUp'
        ? index - 1
        : e.key === 'ArrowDown'
          ? index + 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? line().length - 1
              : null;
    if (to === null || to < 0 || to >= line().length) return;
    e.preventDefault();
    e.stopPropagation();
    const handle = e.currentTarget as HTMLElement;
    void moveTo(turn, to).then(() => {
      // Keep focus on the moved person's handle so the chair can keep pressing arrows.
      queueMicrotask(() => listEl?.querySelector<HTMLElement>(`[data-turn-id="${turn.id}"] .drag-handle`)?.focus() ?? handle.focus());
    });
  };

  return (
    <section class="card" aria-labelledby="waiting-heading">
      <h2 id="waiting-heading">{rt('queue_waiting', { n: line().length })}</h2>
      <Show when={line().length > 0} fallback={<p class="empty">{rt('queue_empty')}</p>}>
        <ol class="queue" ref={listEl} aria-labelledby="waiting-heading">
          <For each={line()}>
            {(turn, index) => (
              <li
                class="queue__row"
                data-turn-id={turn.id}
                classList={{ 'queue__row--dragging': dragging()?.id === turn.id }}
                style={dragging()?.id === turn.id ? { transform: `translateY(${dragging()!.dy}px)` } : {}}
              >
                <Show when={props.canReorder}>
                  <button
                    type="button"
                    class="drag-handle"
                    aria-label={rt('drag_handle', { name: turn.speakerName })}
                    aria-keyshortcuts="ArrowUp ArrowDown"
                    onPointerDown={(e) => startDrag(turn, e)}
                    onKeyDown={(e) => onHandleKey(turn, index(), e)}
                  >
                    <span aria-hidden="true">⠿</span>
                  </button>
                </Show>
                <span class="queue__order" aria-hidden="true">
                  {index() + 1}
                </span>
                <div class="queue__who">
                  <strong>{turn.speakerName}</strong>
                  <span class="muted">
                    {[turn.affiliation, props.siteName(turn.bridgePointId), turn.field].filter(Boolean).join(' · ')}
                  </span>
                  <Show when={turn.topic}>
                    <span>{turn.topic}</span>
                  </Show>
                  <ResponderField turn={turn} act={props.act} />
                  <Show when={props.forms.length > 0}>
                    <LinkedForms turn={turn} forms={props.forms} canEdit={props.canLink} onChange={(ids) => props.onLink(turn.id, ids)} />
                  </Show>
                </div>
                <Show when={props.canReorder}>
                  <div class="queue__actions">
                    <MoveButtons name={turn.speakerName} index={index()} count={line().length} onMove={(to) => void moveTo(turn, to)} />
                    <HideNameButton turn={turn} act={props.act} />
                    <AskAgainButton turn={turn} onAskAgain={props.onAskAgain} />
                    <button
                      type="button"
                      class="btn btn--quiet"
                      aria-label={rt('withdraw_named', { name: turn.speakerName })}
                      onClick={() => void props.act(`withdraw:${turn.id}`, { type: 'withdraw', turnId: turn.id })}
                    >
                      {rt('withdraw')}
                    </button>
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <p class="visually-hidden" aria-live="polite">
        {status()}
      </p>
    </section>
  );
}

/** The chair assigns who answers: saved when the field loses focus. */
function ResponderField(props: { turn: Turn; act: Act }) {
  return (
    <InlineField
      label={rt('responder')}
      value={props.turn.responderName}
      save={(v) => props.act(`responder:${props.turn.id}`, { type: 'assign_responder', turnId: props.turn.id, responderName: v })}
    />
  );
}

/** A registered person's next question: the form is filled with who they are, only the question is typed. */
function AskAgainButton(props: { turn: Turn; onAskAgain: (turn: Turn) => void }) {
  return (
    <button
      type="button"
      class="btn btn--quiet"
      aria-label={rt('ask_again_named', { name: props.turn.speakerName })}
      onClick={() => props.onAskAgain(props.turn)}
    >
      {rt('ask_again')}
    </button>
  );
}

function AddTurn(props: { session: SessionRow; turns: Turn[]; sites: Row<'bridgePoints'>[]; askAgain: Accessor<Turn | null> }) {
  const store = useStore();
  const blank = { speakerName: '', affiliation: '', topic: '', field: '', responderName: '', bridgePointId: '' };
  const form = createForm(blank, { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) });
  // People on the attendance list are offered as the name is typed; choosing one links the turn to them.
  const attendees = createLiveQuery(
    () => props.session.id,
    (id) => listBySession(store.db, 'attendees', id),
  );
  // The turn's field is a choice from the unit's list of fields (and any a department answers for), so the
  // report can count opinions by field.
  const fieldLists = createLiveQuery(
    () => props.session.unitId,
    async (unitId) => {
      const [unit, departments] = await Promise.all([getRecord(store.db, 'units', unitId), listBy(store.db, 'departments', 'unitId', unitId)]);
      return [unit?.fields ?? [], ...departments.map((d) => d.fields)];
    },
  );
  const fields = createMemo(() => fieldChoices(fieldLists() ?? [], form.values.field));
  const listId = createUniqueId();
  let topicInput: HTMLInputElement | undefined;
  // Registered questions (forms in time, not yet in this session's queue) can be put in line as they are.
  const forms = createLiveQuery(
    () => props.session.conferenceId,
    async (id) => {
      const [conference, sessions, registrations] = await Promise.all([
        getRecord(store.db, 'conferences', id),
        listSessions(store.db, id),
        listBy(store.db, 'registrations', 'conferenceId', id),
      ]);
      return { conference, date: firstSessionDate(sessions), registrations };
    },
  );
  const offered = () => {
    const f = forms();
    if (!f?.conference) return [];
    const rule = f.conference.registrationDeadline;
    return queueableRegistrations(f.registrations, props.turns, (r) => timeliness(r, rule, f.date, workingDayCalendar) !== 'late');
  };
  const [registrationId, setRegistrationId] = createSignal('');
  // A second question of someone already in the queue keeps their links (attendee, form).
  const [sameAs, setSameAs] = createSignal<Turn | null>(null);
  const [representativeOf, setRepresentativeOf] = createSignal<string | null>(null);
  const fill = (values: Partial<typeof blank>) => form.reset({ ...blank, ...values });

  const fromForm = (id: string) => {
    setRegistrationId(id);
    setSameAs(null);
    const found = offered().find((r) => r.id === id);
    if (!found) {
      setRepresentativeOf(null);
      return;
    }
    const { registrationId: _r, representativeOf: org, ...values } = speakerFromRegistration(found);
    setRepresentativeOf(org);
    fill(values);
  };

  createEffect(
    on(
      () => props.askAgain(),
      (turn) => {
        if (!turn) return;
        setRegistrationId('');
        setRepresentativeOf(null);
        setSameAs(turn);
        fill({ speakerName: turn.speakerName, affiliation: turn.affiliation, field: turn.field, bridgePointId: turn.bridgePointId ?? '' });
        topicInput?.focus();
      },
    ),
  );

  const attendeeNamed = (name: string) => (attendees() ?? []).find((a) => speakerKey(a.name) === speakerKey(name));
  // Choosing a person from the attendance list brings their own village: a village left in the form
  // (from the previous speaker, or typed for someone else) must never be recorded as theirs.
  createEffect(
    on([() => form.values.speakerName, attendees], ([name]) => {
      const known = attendeeNamed(name);
      if (!known) return;
      const own = known.village || known.organisation;
      if (own && form.values.affiliation !== own) form.set('affiliation', own);
      if (known.bridgePointId && !form.values.bridgePointId) form.set('bridgePointId', known.bridgePointId);
    }),
  );

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { session, turns } = props;
    const again = sameAs();
    const known = attendeeNamed(form.values.speakerName);
    const attendeeId =
      known?.id ?? (again && speakerKey(again.speakerName) === speakerKey(form.values.speakerName) ? again.attendeeId : undefined);
    const fromRegistration =
      registrationId() ||
      (again && speakerKey(again.speakerName) === speakerKey(form.values.speakerName) ? again.registrationId : undefined);
    const saved = await form.submit(
      'speakerTurns',
      ({ bridgePointId: site, ...fields }) => ({
        sessionId: session.id,
        position: positionAtEnd(turns),
        ...fields,
        // The attendee's own village wins over whatever the field held.
        ...(known ? { affiliation: known.village || known.organisation || fields.affiliation } : {}),
        ...(attendeeId ? { attendeeId } : {}),
        ...(fromRegistration ? { registrationId: fromRegistration } : {}),
        ...(site || known?.bridgePointId ? { bridgePointId: site || known?.bridgePointId } : {}),
        status: 'waiting',
        calledAt: null,
        finishedAt: null,
        spokenMs: null,
        disposition: null,
      }),
      async (record) => {
        await store.write([create('speakerTurns', sessionScope(session), record as never)]);
      },
    );
    // A new speaker starts from an empty form: nothing of the previous one may stick to them
    // (only what was typed for the next one while this one saved).
    if (saved) {
      form.startNext(blank);
      setRegistrationId('');
      setSameAs(null);
      setRepresentativeOf(null);
    }
  };

  return (
    <form class="card" onSubmit={(e) => void submit(e)} novalidate aria-labelledby="add-turn-heading">
      <h2 id="add-turn-heading">{rt('add_turn')}</h2>
      <Show when={offered().length > 0}>
        <SelectField
          label={rt('from_registration')}
          value={registrationId()}
          options={[
            { value: '', label: rt('walk_in') },
            ...offered().map((r) => ({
              value: r.id,
              label: [r.fullName, r.village || r.organisation, r.procedureName].filter(Boolean).join(' · '),
            })),
          ]}
          onValue={fromForm}
        />
      </Show>
      <Show when={sameAs()}>
        {(turn) => (
          <p class="muted" role="status">
            {rt('ask_again_note', { name: turn().speakerName })}
          </p>
        )}
      </Show>
      <div class="row">
        <FormText
          bind={form}
          name="speakerName"
          label={representativeOf() ? rt('representative_of', { org: representativeOf()! }) : rt('speaker_name')}
          list={listId}
          autocomplete="off"
        />
        <datalist id={listId}>
          <For each={attendees()}>{(a) => <option value={a.name}>{[a.village, a.organisation].filter(Boolean).join(' · ')}</option>}</For>
        </datalist>
        <FormText bind={form} name="affiliation" label={rt('affiliation')} />
      </div>
      <div class="row">
        <FormText bind={form} name="topic" label={rt('topic')} ref={(el: HTMLInputElement) => (topicInput = el)} />
        <Show when={fields().length > 0} fallback={<FormText bind={form} name="field" label={rt('field')} />}>
          <SelectField
            label={rt('field')}
            value={form.values.field}
            onValue={(v) => form.set('field', v)}
            options={[{ value: '', label: rt('field_none') }, ...fields().map((f) => ({ value: f, label: f }))]}
          />
        </Show>
        <FormText bind={form} name="responderName" label={rt('responder')} />
      </div>
      <Show when={props.sites.length > 0}>
        <SelectField
          label={rt('site')}
          value={form.values.bridgePointId}
          onValue={(v) => form.set('bridgePointId', v)}
          options={[{ value: '', label: '—' }, ...props.sites.map((b) => ({ value: b.id, label: b.name }))]}
        />
      </Show>
      <FormError form={form} />
      <button type="submit" class="btn btn--primary" disabled={form.busy()}>
        {t('add')}
      </button>
    </form>
  );
}

function SpokenList(props: {
  turns: Turn[];
  siteName: (id: string | undefined) => string | undefined;
  act: Act;
  onAskAgain: (turn: Turn) => void;
}) {
  const spoken = () => done(props.turns);
  const withdrawn = () => orderedQueue(props.turns).filter((x) => x.status === 'withdrawn');
  return (
    <section class="card" aria-labelledby="spoken-heading">
      <h2 id="spoken-heading">{rt('queue_done', { n: spoken().length })}</h2>
      <ol class="plain-list">
        <For each={spoken()}>
          {(turn) => (
            <li class="list-row">
              <span>
                <strong>{turn.speakerName}</strong>
                <span class="muted">
                  {' '}
                  · {[turn.affiliation, props.siteName(turn.bridgePointId), turn.topic].filter(Boolean).join(' · ')}
                </span>
              </span>
              <span class="muted">
                {turn.calledAt ? formatTime(turn.calledAt) : ''} · {rt('spoke_for', { time: formatDuration(turn.spokenMs ?? 0) })}
              </span>
              <AskAgainButton turn={turn} onAskAgain={props.onAskAgain} />
            </li>
          )}
        </For>
      </ol>
      <Show when={withdrawn().length > 0}>
        <h3>{rt('queue_withdrawn')}</h3>
        <ul class="plain-list">
          <For each={withdrawn()}>
            {(turn) => (
              <li class="list-row">
                <span>{turn.speakerName}</span>
                <button
                  type="button"
                  class="btn btn--quiet"
                  onClick={() => void props.act(`reinstate:${turn.id}`, { type: 'reinstate', turnId: turn.id })}
                >
                  {rt('reinstate')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
