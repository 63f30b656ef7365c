/**
 * The recorder's controls in a session's workspace: start and stop, what is
 * running and for how long, a level meter so a dead microphone is noticed at
 * once, and the storage left at the current rate. Shown to the chair and the
 * secretary (and on a device on its own); the recording goes on while they
 * move between tabs and screens (see hallRecorder.ts).
 */
import { Show, batch, createEffect, createMemo, createSignal, onCleanup, onMount, untrack } from 'solid-js';
import { v7 as uuidv7 } from 'uuid';
import { RECORDS_AUDIO, hasAnyRole } from '../../domain/access.ts';
import { interruptRunningParts } from '../../storage/audio.ts';
import { formatBytes } from '../format.ts';
import { lang } from '../i18n.ts';
import { createRoles } from '../access/roles.ts';
import { useStore } from '../store.tsx';
import { at } from './audio.i18n.ts';
import { hallRecorderFor, type RecorderState, type SessionScope } from './hallRecorder.ts';
import { setRecordingNow } from './recordingStatus.ts';
import './audio.css';

/** Below this level for SILENCE_MS the meter warns: a hall is never that quiet while someone speaks. */
const SILENT_LEVEL = 0.01;
const SILENCE_MS = 5_000;
/**
 * How often the meter reads the microphone's level (and the recording's clock moves): 2.5 times a second,
 * under half a second, so a dead microphone shows at once; each reading that changes what is shown costs
 * the main thread a frame while the secretary types.
 */
const LEVEL_EVERY_MS = 400;

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
  // A memo: the meter's timer below restarts only when recording here starts or stops, not with every
  // state change (a restart cleared the silence being timed, so a dead microphone was never warned of).
  const recordingHere = createMemo(() => here() && state().phase === 'recording');
  // The panel's clock, moved by the meter's reading below (not a ticker of its own): the recording's time
  // and the meter then change in the same frame, and the page is laid out and painted once, not twice.
  const [now, setNow] = createSignal(store.now());

  // A new text once a second, however often `now` moves: a memo of an unchanged string wakes nothing.
  const clock = createMemo(() => durationText(now() - (state().startedAt ?? now())));

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

  // The meter reads the analyser a few times a second, only while this session records, and redraws only
  // when the level moves by a tenth: the tablet is busy with the secretary's typing. A microphone that
  // goes dead shows as an empty bar within one reading (LEVEL_EVERY_MS), the warning after SILENCE_MS.
  createEffect(() => {
    if (!recordingHere()) return;
    setNow(store.now());
    const timer = setInterval(
      () =>
        batch(() => {
          const t = store.now();
          setNow(t);
          const l = Math.round(recorder.level() * 10) / 10;
          if (l !== level()) setLevel(l);
          if (l >= SILENT_LEVEL) setSilentSince(null);
          else if (silentSince() === null) setSilentSince(t);
        }),
      LEVEL_EVERY_MS,
    );
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
            <span class="recorder__live">
              <span class="recorder__dot" aria-hidden="true" /> <span role="status">{at('recording')}</span>{' '}
              {/* Outside the status: a live region would read the time out every second. In a box of its own
                  (audio.css) so its change each second is laid out and painted there, not on the whole page. */}
              <span class="recorder__clock">{clock()}</span>
            </span>
            {/* Not a <meter>: its bar is laid out and painted anew with each value, and the page around it with
                it. This bar moves by a transform on a layer of its own, which the compositor applies without
                layout or paint on the main thread. */}
            <div class="recorder__meter" role="meter" aria-valuemin={0} aria-valuemax={1} aria-valuenow={level()} aria-label={at('level')}>
              <div class="recorder__meter-bar" style={{ transform: `scaleX(${level()})` }} />
            </div>
            {/* Once stopped, the part goes to the office server now, not at the uploader's next pass. */}
            <button type="button" class="btn recorder__stop" onClick={() => void recorder.stop('user').then(() => store.audioUploader()?.poke())}>
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
