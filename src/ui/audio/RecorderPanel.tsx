/**
 * The recorder's controls in a session's workspace: start and stop, what is
 * running and for how long, a level meter so a dead microphone is noticed at
 * once, and the storage left at the current rate. Shown to the chair and the
 * secretary (and on a device on its own); the recording goes on while they
 * move between tabs and screens (see hallRecorder.ts).
 */
import { Show, createEffect, createMemo, createSignal, onCleanup, onMount, untrack } from 'solid-js';
import { durationText } from '../../domain/audio.ts';
import type { MeterNews } from '../../domain/audioCapture.ts';
import { v7 as uuidv7 } from 'uuid';
import { RECORDS_AUDIO, hasAnyRole } from '../../domain/access.ts';
import { interruptRunningParts } from '../../storage/audio.ts';
import { formatBytes } from '../format.ts';
import { lang } from '../i18n.ts';
import { createRoles } from '../access/roles.ts';
import { useStore } from '../store.tsx';
import { at } from './audio.i18n.ts';
import { hallRecorderFor, type HallRecorder, type RecorderState, type SessionScope } from './hallRecorder.ts';
import { setRecordingNow } from './recordingStatus.ts';
import './audio.css';

/** "2 giờ 15 phút" / "2 h 15 min", for the time left. */
function hoursMinutes(ms: number, en: boolean): string {
  const min = Math.floor(ms / 60_000);
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (en) return h > 0 ? `${h} h ${m} min` : `${m} min`;
  return h > 0 ? `${h} giờ ${m} phút` : `${m} phút`;
}

/**
 * The recording's clock, written straight into `el` once a second (on the second of the recording,
 * not of the wall), and not at all while the page is hidden: no Solid signal moves, so nothing else
 * on the page is re-run; the element's box is isolated (audio.css, contain: strict), so its new text
 * is laid out and painted there alone. Returns the stop.
 */
export function runClock(el: HTMLElement, startedAt: number, now: () => number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    clearTimeout(timer);
    timer = undefined;
    if (document.hidden) return;
    const elapsed = now() - startedAt;
    const text = durationText(elapsed);
    if (el.textContent !== text) el.textContent = text;
    timer = setTimeout(tick, 1000 - (((elapsed % 1000) + 1000) % 1000) + 5);
  };
  document.addEventListener('visibilitychange', tick);
  tick();
  return () => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', tick);
  };
}

/** The clock's own box: its text is runClock's, from its mount to its unmount. */
function RecordingClock(props: { startedAt: number; now: () => number }) {
  let el!: HTMLSpanElement;
  onMount(() => onCleanup(runClock(el, props.startedAt, props.now)));
  return <span class="recorder__clock" ref={el} />;
}

/**
 * The meter's canvas, handed to the recorder once it is in the page (onMount), as the clock's is. Handed
 * over from a `ref`, before Solid has put the element in the document (it is still the template's), the
 * worker drew on it and nothing ever showed: an empty bar beside a working clock.
 */
function MeterCanvas(props: { recorder: HallRecorder }) {
  let canvas!: HTMLCanvasElement;
  onMount(() => props.recorder.attachMeter(canvas));
  return <canvas class="recorder__meter-canvas" width={128} height={16} aria-hidden="true" ref={canvas} />;
}

/**
 * The clock while the capture path records: a canvas the audio writer worker draws each second (the
 * compositor shows it; this thread does nothing). Its size, font and colour are read once, here. A
 * screen reader reads its name (an attribute no style depends on: setting it costs no frame), kept
 * within METER_TELL_MS of the time.
 */
function CanvasClock(props: { recorder: HallRecorder; startedAt: number; now: () => number }) {
  let box!: HTMLSpanElement;
  let canvas!: HTMLCanvasElement;
  onMount(() => {
    const rect = box.getBoundingClientRect();
    const style = getComputedStyle(box);
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(rect.width * dpr));
    canvas.height = Math.max(1, Math.round(rect.height * dpr));
    const size = parseFloat(style.fontSize) * dpr;
    props.recorder.attachClock(canvas, { font: `${style.fontWeight} ${size}px ${style.fontFamily}`, colour: style.color });
    // No timer of its own: the name follows the time whenever the recorder tells the meter anything
    // (sound starting or stopping, and at least every METER_TELL_MS), and when the page is shown again.
    const label = () => {
      if (!document.hidden) box.setAttribute('aria-label', at('elapsed', { time: durationText(props.now() - props.startedAt) }));
    };
    onCleanup(props.recorder.subscribeMeter(label));
    document.addEventListener('visibilitychange', label);
    onCleanup(() => document.removeEventListener('visibilitychange', label));
  });
  return (
    <span class="recorder__clock" role="img" ref={box}>
      <canvas class="recorder__clock-canvas" ref={canvas} />
    </span>
  );
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
  // The meter's accessible value and the silence warning: told by the recorder only when they change
  // enough (a few times a minute); the bar itself is drawn on a canvas, off this thread where it can be.
  const [meter, setMeter] = createSignal<MeterNews>({ level: 0, silent: false });
  onCleanup(recorder.subscribeMeter(setMeter));
  const here = () => state().sessionId === props.scope.sessionId;
  const recordingHere = createMemo(() => here() && state().phase === 'recording');
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
              <Show when={state().offThread} fallback={<RecordingClock startedAt={untrack(state).startedAt ?? store.now()} now={store.now} />}>
                <CanvasClock recorder={recorder} startedAt={untrack(state).startedAt ?? store.now()} now={store.now} />
              </Show>
            </span>
            {/* Not a <meter>: its bar would be laid out and painted on this thread with each value. A canvas the
                audio writer worker draws (hallRecorder.ts attachMeter), which the compositor shows as it is. */}
            <div class="recorder__meter" role="meter" aria-valuemin={0} aria-valuemax={1} aria-valuenow={meter().level} aria-label={at('level')}>
              <MeterCanvas recorder={recorder} />
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
              ? at('storage', { size: formatBytes(state().bytes, lang()), left: hoursMinutes(state().timeLeftMs ?? 0, lang() === 'en') })
              : at('storage_unknown', { size: formatBytes(state().bytes, lang()) })}
          </span>
        </Show>
        <Show when={recordingHere() && meter().silent}>
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
