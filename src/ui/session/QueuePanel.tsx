/**
 * The chair's view of the floor: who speaks now with the 5-minute clock and its
 * controls, who is waiting (reorder by drag or keyboard), who has spoken and for
 * how long. Every button goes through the room rules in src/domain/room.ts.
 */
import { For, Show, createEffect, createMemo, createSignal, createUniqueId, on, onCleanup, onMount } from 'solid-js';
import { callNextSpeaker, timerCommand, turnTimer, type TimerCommand } from '../../domain/room.ts';
import { done, orderedQueue, positionAtEnd, waiting, withdraw, reinstate, current, speakerKey } from '../../domain/speakers.ts';
import { positionForMove } from '../../domain/position.ts';
import { firstSessionDate, queueableRegistrations, timeliness, turnFromRegistration } from '../../domain/registration.ts';
import { create, update } from '../../storage/changes.ts';
import { getRecord, listBy, listBySession, listSessions, type Row } from '../../storage/queries.ts';
import { FormError, FormText, SelectField } from '../components/Field.tsx';
import { createForm } from '../primitives/form.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { createMayWrite } from '../access/roles.ts';
import { formatTime } from '../format.ts';
import { t } from '../i18n.ts';
import { createNow, untilNextSecond } from '../primitives/ticker.ts';
import { workingDayCalendar } from '../calendar.ts';
import { useStore } from '../store.tsx';
import type { SessionRow } from '../screens/SessionWorkspace.tsx';
import { muted, playCue, setMuted } from './cue.ts';
import { InlineField, parseDecimal } from '../components/InlineField.tsx';
import { MoveButtons } from './MoveButtons.tsx';
import { formatDuration, rt } from './room.i18n.ts';
import { createRoomData } from './roomData.ts';
import { roomChanges, sessionScope } from './roomWrite.ts';
import { TimerFace } from './TimerFace.tsx';

type Turn = Row<'speakerTurns'>;


/** The chair's keys: one hand on the tablet, eyes on the room. */
const SHORTCUTS: Readonly<Record<string, TimerCommand | 'next'>> = {
  n: 'next',
  ' ': 'toggle',
  '+': 'add_minute',
  '=': 'add_minute',
  s: 'stop',
};

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

  const run = async (command: TimerCommand) => {
    const r = timerCommand(turns(), events(), command, store.now(), limit());
    if (r.ok) await store.write(roomChanges(props.session, r.changes));
  };
  const callNext = async () => {
    await store.write(roomChanges(props.session, callNextSpeaker(turns(), events(), store.now(), limit())));
  };

  // Chair shortcuts, only while this panel is open and focus is not in a text field.
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const command = SHORTCUTS[e.key.toLowerCase()];
    if (!command || !may('timerEvents')) return;
    // Space on a focused button would also click it: the shortcut is the one action.
    e.preventDefault();
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
        <Show when={speaker()} fallback={<p class="empty">{rt('no_speaker')}</p>}>
          {(s) => (
            <div class="floor__speaker">
              <p class="floor__name">{s().speakerName}</p>
              <p class="muted">{[s().affiliation, siteName(s().bridgePointId)].filter(Boolean).join(' · ')}</p>
              <Show when={s().topic}>
                <p class="floor__topic">{s().topic}</p>
              </Show>
              <Show when={s().responderName}>
                <p class="muted">
                  {rt('responder')}: {s().responderName}
                </p>
              </Show>
            </div>
          )}
        </Show>
        <Show when={timer()}>{(state) => <TimerFace state={state()} size="chair" />}</Show>
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
            disabled={waiting(turns()).length === 0 && !speaker()}
          >
            {waiting(turns()).length === 0 && speaker() ? rt('end_turn') : rt('call_next')}
          </button>
          <button type="button" class="btn btn--quiet" aria-pressed={muted()} onClick={() => setMuted(!muted())}>
            {muted() ? rt('unmute') : rt('mute')}
          </button>
        </div>
        <p class="muted shortcuts">{rt('shortcuts')}</p>
        </Show>
        <Show when={may('sessions', 'speakingLimitMs')}>
          {/* Applies to turns not yet started; a running clock keeps the limit it started with (its start event). */}
          <InlineField
            label={rt('limit_minutes')}
            inputmode="decimal"
            size={4}
            value={String(props.session.speakingLimitMs / 60_000)}
            save={(v) => store.write([update('sessions', props.session.id, { speakingLimitMs: Math.round(parseDecimal(v) * 60_000) })])}
          />
        </Show>
        <p class="visually-hidden" aria-live="assertive">
          {announcement()}
        </p>
      </section>

      <WaitingList session={props.session} turns={turns()} siteName={siteName} canReorder={may('speakerTurns', 'position')} />
      <Show when={may('speakerTurns')}>
        <AddTurn session={props.session} turns={turns()} sites={sites()} />
      </Show>
      <SpokenList turns={turns()} siteName={siteName} />
    </div>
  );
}

/** `canReorder`: the chair's controls (drag, move, withdraw); others see the line only. */
function WaitingList(props: { session: SessionRow; turns: Turn[]; siteName: (id: string | undefined) => string | undefined; canReorder: boolean }) {
  const store = useStore();
  const line = () => waiting(props.turns);
  const [dragging, setDragging] = createSignal<{ id: string; dy: number } | null>(null);
  const [status, setStatus] = createSignal('');
  let listEl: HTMLOListElement | undefined;

  const moveTo = async (turn: Turn, toIndex: number) => {
    const position = positionForMove(line(), turn.id, toIndex);
    if (position === null || position === turn.position) return;
    await store.write([update('speakerTurns', turn.id, { position })]);
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
                  <ResponderField turn={turn} />
                </div>
                <Show when={props.canReorder}>
                  <div class="queue__actions">
                    <MoveButtons name={turn.speakerName} index={index()} count={line().length} onMove={(to) => void moveTo(turn, to)} />
                    <button
                      type="button"
                      class="btn btn--quiet"
                      aria-label={rt('withdraw_named', { name: turn.speakerName })}
                      onClick={() => void store.write(withdraw(props.turns, turn.id).map((c) => update('speakerTurns', c.id, c.fields)))}
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
function ResponderField(props: { turn: Turn }) {
  const store = useStore();
  return (
    <InlineField
      label={rt('responder')}
      value={props.turn.responderName}
      save={(v) => store.write([update('speakerTurns', props.turn.id, { responderName: v })])}
    />
  );
}

function AddTurn(props: { session: SessionRow; turns: Turn[]; sites: Row<'bridgePoints'>[] }) {
  const store = useStore();
  const blank = { speakerName: '', affiliation: '', topic: '', field: '', responderName: '', bridgePointId: '' };
  const form = createForm(blank, { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) });
  // People on the attendance list are offered as the name is typed; choosing one links the turn to them.
  const attendees = createLiveQuery(
    () => props.session.id,
    (id) => listBySession(store.db, 'attendees', id),
  );
  const listId = createUniqueId();
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
  const fromForm = (id: string) => {
    setRegistrationId(id);
    const form_ = offered().find((r) => r.id === id);
    if (!form_) return;
    const { registrationId: _r, ...fields } = turnFromRegistration(form_);
    for (const [k, v] of Object.entries(fields)) form.set(k as keyof typeof blank, v);
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { session, turns } = props;
    const { affiliation, bridgePointId } = form.values;
    const known = (attendees() ?? []).find((a) => speakerKey(a.name) === speakerKey(form.values.speakerName));
    const fromRegistration = registrationId();
    const saved = await form.submit(
      'speakerTurns',
      ({ bridgePointId: site, ...fields }) => ({
        sessionId: session.id,
        position: positionAtEnd(turns),
        ...fields,
        ...(known ? { attendeeId: known.id, affiliation: fields.affiliation || known.village || known.organisation } : {}),
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
    // Keep the village and site: the next speaker often comes from the same place.
    if (saved) {
      form.reset({ ...blank, affiliation, bridgePointId });
      setRegistrationId('');
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
      <div class="row">
        <FormText bind={form} name="speakerName" label={rt('speaker_name')} list={listId} autocomplete="off" />
        <datalist id={listId}>
          <For each={attendees()}>{(a) => <option value={a.name}>{[a.village, a.organisation].filter(Boolean).join(' · ')}</option>}</For>
        </datalist>
        <FormText bind={form} name="affiliation" label={rt('affiliation')} />
      </div>
      <div class="row">
        <FormText bind={form} name="topic" label={rt('topic')} />
        <FormText bind={form} name="field" label={rt('field')} />
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

function SpokenList(props: { turns: Turn[]; siteName: (id: string | undefined) => string | undefined }) {
  const store = useStore();
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
                  onClick={() => void store.write(reinstate(props.turns, turn.id).map((c) => update('speakerTurns', c.id, c.fields)))}
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
