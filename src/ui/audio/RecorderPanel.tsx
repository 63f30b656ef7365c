/**
 * The recorder's controls in a session's workspace: start and stop, what is
 * running and for how long, a level meter so a dead microphone is noticed at
 * once, and the storage left at the current rate. Shown to the chair and the
 * secretary (and on a device on its own); the recording goes on while they
 * move between tabs and screens (see hallRecorder.ts).
 */
import { Show, createEffect, createMemo, createSignal, onCleanup, onMount, untrack } from 'solid-js';
import { v7 as uuidv7 } from 'uuid';
import { RECORDS_AUDIO, hasAnyRole } from '../../domain/access.ts';
import { interruptRunningParts } from '../../storage/audio.ts';
import { formatBytes } from '../format.ts';
import { lang } from '../i18n.ts';
import { createRoles } from '../access/roles.ts';
import { createNow } from '../primitives/ticker.ts';
import { useStore } from '../store.tsx';
import { at } from './audio.i18n.ts';
import { hallRecorderFor, type RecorderState, type SessionScope } from './hallRecorder.ts';
import { setRecordingNow } from './recordingStatus.ts';
import './audio.css';

/** Below this level for SILENCE_MS the meter warns: a hall is never that quiet while someone speaks. */
const SILENT_LEVEL = 0.01;
const SILENCE_MS = 5_000;

export function durationText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`;
}

/** "2 giờ 15 phút" / "2 h 15 min", for the time left. */
function hoursMinutes(ms: number, en: boolean): string {
  const min = Math.floor(ms / 60_000);
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (en) return h > 0 ? `${h} h ${m} min` : `${m} min`;
  return h > 0 ? `${h} giờ ${m} phút` : `${m} phút`;
}

export function RecorderPanel(props: { scope: SessionScope }) {
  const store = useStore();
  const recorder = hallRecorderFor(store.db, store.now, () => uuidv7());
  const roles = createRoles();
  // A device on its own (no enrolment) is whoever uses it: it may record, as it may do everything else.
  const mayRecord = () => {
    const r = roles();
    return r === undefined || r === null || hasAnyRole(r, RECORDS_AUDIO);
  };
  const [state, setState] = createSignal<RecorderState>(recorder.current);
  onCleanup(recorder.subscribe(setState));
  const [notice, setNotice] = createSignal<'resumed' | 'interrupted' | null>(null);
  const [level, setLevel] = createSignal(0);
  const [silentSince, setSilentSince] = createSignal<number | null>(null);
  const here = () => state().sessionId === props.scope.sessionId;
  const recordingHere = () => here() && state().phase === 'recording';
  const now = createNow(store.now, 1000);

  // Only when what is recorded changes, not with every chunk's byte count: the header re-renders on it.
  const recordingKey = createMemo(() => {
    const s = state();
    return s.phase === 'recording' && s.sessionId && s.startedAt !== null ? `${s.sessionId} ${s.startedAt}` : '';
  });
  createEffect(() => {
    const key = recordingKey();
    const s = untrack(state);
    setRecordingNow(key && s.sessionId && s.startedAt !== null ? { sessionId: s.sessionId, startedAt: s.startedAt } : null);
  });

  // The meter reads the analyser four times a second, only while this session records, and redraws only
  // when the level moves by a step: the tablet is busy with the secretary's typing.
  createEffect(() => {
    if (!recordingHere()) return;
    const timer = setInterval(() => {
      const l = Math.round(recorder.level() * 20) / 20;
      if (l !== level()) setLevel(l);
      const t = store.now();
      if (l >= SILENT_LEVEL) setSilentSince(null);
      else if (silentSince() === null) setSilentSince(t);
    }, 250);
    onCleanup(() => {
      clearInterval(timer);
      setSilentSince(null);
    });
  });

  // A part still "recording" when this session opens was cut by a crash or a reload. The secretary
  // expects the hall to go on being recorded: resume at once as a new part (if the browser still lets
  // this page use the microphone without asking; otherwise she is told, with a button).
  onMount(() => {
    void (async () => {
      const cut = await interruptRunningParts(store.db, props.scope.sessionId, recorder.current.partId);
      if (cut.length === 0 || recorder.current.phase !== 'idle' || !mayRecord()) return;
      await recorder.start(props.scope);
      const after: RecorderState = recorder.current;
      setNotice(after.phase === 'recording' ? 'resumed' : 'interrupted');
    })();
  });

  const start = async () => {
    setNotice(null);
    await recorder.start(props.scope);
  };

  return (
    <Show when={mayRecord() || here()}>
      <section class="recorder" classList={{ 'recorder--on': recordingHere() }} aria-label={at('recorder')}>
        <Show
          when={here() && state().phase !== 'idle'}
          fallback={
            <button type="button" class="btn recorder__start" disabled={state().phase !== 'idle'} onClick={() => void start()}>
              <span class="recorder__dot" aria-hidden="true" /> {notice() === 'interrupted' ? at('resume') : at('start')}
            </button>
          }
        >
          <Show when={state().phase === 'recording'} fallback={<span role="status">{state().phase === 'starting' ? at('starting') : at('stopping')}</span>}>
            <span class="recorder__live" role="status">
              <span class="recorder__dot" aria-hidden="true" /> {at('recording_for', { time: durationText(now() - (state().startedAt ?? now())) })}
            </span>
            <meter class="recorder__meter" min={0} max={1} low={0.05} optimum={0.3} value={level()} aria-label={at('level')} />
            <button type="button" class="btn recorder__stop" onClick={() => void recorder.stop('user')}>
              {at('stop')}
            </button>
          </Show>
        </Show>
        <Show when={recordingHere()}>
          <span class="muted recorder__storage">
            {state().timeLeftMs !== null
              ? at('storage', { size: formatBytes(state().bytes), left: hoursMinutes(state().timeLeftMs ?? 0, lang() === 'en') })
              : at('storage_unknown', { size: formatBytes(state().bytes) })}
          </span>
        </Show>
        <Show when={recordingHere() && silentSince() !== null && now() - (silentSince() ?? now()) >= SILENCE_MS}>
          <p class="recorder__warn" role="alert">
            {at('silent')}
          </p>
        </Show>
        <Show when={!recordingHere() && state().problem}>
          {(p) => (
            <p class="recorder__warn" role="alert">
              {at(`p_${p()}`)}
            </p>
          )}
        </Show>
        <Show when={notice()}>
          {(n) => (
            <p class="muted recorder__notice" role="status">
              {at(n())}
            </p>
          )}
        </Show>
      </section>
    </Show>
  );
}
