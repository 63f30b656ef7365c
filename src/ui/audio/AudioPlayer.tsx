/**
 * Replay while writing: the session's audio under the minutes, with ±5 s and
 * ±15 s, speed 1×-2×, a timeline marked by agenda items and turns, and play
 * controls for each turn and each `[HH:mm]` stamp (given to them through
 * AudioPlayerContext).
 *
 * Its shortcuts all need Alt (Alt+K, Alt+J, Alt+L; with Shift for 15 s), by
 * physical key: the secretary types the minutes while listening, and a plain
 * key or Space must always reach the text. Alt+T stays the minutes' "insert time".
 */
import { For, Show, createContext, createEffect, createMemo, createSignal, onCleanup, onMount, useContext, type JSX } from 'solid-js';
import { HEARS_AUDIO, hasAnyRole } from '../../domain/access.ts';
import { AudioOnServer } from './AudioOnServer.tsx';
import { AUDIO_SEGMENT_MS, audioSpan, stampInstant, timelineMarkers, turnWindow, type Span } from '../../domain/audio.ts';
import { listAudioSegments, type AudioSegmentRow } from '../../storage/audio.ts';
import { createRoles } from '../access/roles.ts';
import { formatTime, formatTimeSeconds } from '../format.ts';
import { useStore } from '../store.tsx';
import type { RoomData } from '../session/roomData.ts';
import { at } from './audio.i18n.ts';
import { downloadAudio } from './exportAudio.ts';
import { SessionPlayer } from './player.ts';
import { recordingNow } from './recordingStatus.ts';

/** How often the segment list is read again while this session records. */
const SEGMENTS_REFRESH_MS = 4 * AUDIO_SEGMENT_MS;
/** The first read after a recording starts: its first chunks are stored, so its turns can be played at once. */
const SEGMENTS_FIRST_READ_MS = 3_000;
import './audio.css';

export interface AudioPlayerApi {
  readonly hasAudio: () => boolean;
  /** Plays from a room-clock instant. */
  readonly playAt: (instant: number) => void;
  readonly turnWindow: (turnId: string) => Span | null;
  readonly stampInstant: (time: string) => number | null;
  readonly exportTurn: (turnId: string) => void;
}

export const AudioPlayerContext = createContext<AudioPlayerApi>();
export const useAudioPlayer = () => useContext(AudioPlayerContext);

export const SPEEDS = [1, 1.25, 1.5, 1.75, 2] as const;

/** Which player shortcut a key press is, if any. Alt is required; the letters go by physical key. */
export function playerShortcut(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>): 'toggle' | number | null {
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  const step = e.shiftKey ? 15_000 : 5_000;
  if (e.code === 'KeyK') return 'toggle';
  if (e.code === 'KeyJ') return -step;
  if (e.code === 'KeyL') return step;
  return null;
}

/**
 * `shown`: whether the bar belongs on the screen open now. It is for the minutes, where the
 * secretary replays while writing; on the chair's screens its two rows would cover the clock's
 * buttons at the bottom of a tablet (issue 6 item 9), so there it shows only while it plays
 * (a play started from the keyboard, or before the tab changed, can always be paused).
 */
export function AudioPlayerProvider(props: {
  room: () => RoomData | undefined;
  names: { conference: () => string; session: () => string };
  shown: () => boolean;
  children: JSX.Element;
}) {
  const store = useStore();
  const roles = createRoles();
  // Voices are personal data: an enrolled viewer gets no player (a device on its own is its user's).
  const mayHear = () => {
    const r = roles();
    return r === undefined || r === null || hasAnyRole(r, HEARS_AUDIO);
  };
  const sessionId = () => props.room()?.session?.id ?? '';
  // Read, not observed: a live query would re-run with every second's chunk while the hall is recorded,
  // on the main thread the secretary types on. Read on opening; while this session records, a few
  // seconds in (its turns can then be played), then every two minutes while the page is seen (each read
  // moves the timeline's end: a layout and a paint of the page at the tablet's pace), and whenever the
  // pointer or the focus comes to the player; and right before each play or download (freshSegments).
  const [segmentsRead, setSegmentsRead] = createSignal(0);
  /** While this session records: reads the segments now (the player was pointed at or focused). */
  const [readNow, setReadNow] = createSignal<(() => void) | null>(null);
  const [plainSegments, setPlainSegments] = createSignal<readonly AudioSegmentRow[]>([]);
  createEffect(() => {
    const id = sessionId();
    segmentsRead();
    // Again when this session's recording starts or stops: once stopped, no timer reads it any more.
    void (recordingNow()?.sessionId === id);
    if (!id) return;
    let current = true;
    void listAudioSegments(store.db, id).then((list) => current && setPlainSegments(list));
    onCleanup(() => (current = false));
  });
  createEffect(() => {
    if (recordingNow()?.sessionId !== sessionId()) return;
    const read = () => !document.hidden && setSegmentsRead((n) => n + 1);
    setReadNow(() => read);
    const first = setTimeout(read, SEGMENTS_FIRST_READ_MS);
    const timer = setInterval(read, SEGMENTS_REFRESH_MS);
    onCleanup(() => {
      clearTimeout(first);
      clearInterval(timer);
      setReadNow(null);
    });
  });
  const [notice, setNotice] = createSignal<string | null>(null);
  const [position, setPosition] = createSignal<number | null>(null);
  const [playing, setPlaying] = createSignal(false);
  const [rate, setRate] = createSignal(1);
  let audioEl!: HTMLAudioElement;
  let player: SessionPlayer | undefined;

  onMount(() => {
    player = new SessionPlayer(store.db, audioEl);
    const sync = () => {
      setPosition(player?.position() ?? null);
      setPlaying(player?.playing ?? false);
    };
    for (const ev of ['timeupdate', 'play', 'pause', 'ended', 'seeked']) audioEl.addEventListener(ev, sync);
    createEffect(() => player?.setSegments(plainSegments()));
    onCleanup(() => player?.destroy());
  });

  const windows = createMemo(() => {
    const r = props.room();
    const map = new Map<string, Span | null>();
    if (!r) return map;
    for (const t of r.turns) map.set(t.id, turnWindow(t, r.timerEvents.filter((e) => e.turnId === t.id)));
    return map;
  });

  /**
   * The segments as stored now, for an action on them (a play, a download): the list on screen may
   * be older than the last seconds recorded, and just after a stop it may end before the turn the
   * secretary wants to hear again ("no audio from 19:16" for a turn recorded a minute ago).
   */
  const freshSegments = async () => {
    const list = await listAudioSegments(store.db, sessionId());
    // The player follows the signal (the effect in onMount runs before this returns).
    setPlainSegments(list);
    return list;
  };

  const playAt = (instant: number) => {
    setNotice(null);
    void (async () => {
      await freshSegments();
      return player?.playAt(instant) ?? { ok: false as const, reason: 'no_audio' as const };
    })().then((outcome) => {
      if (!outcome.ok) setNotice(outcome.reason === 'on_server_offline' ? at('on_server_offline') : at('nothing_after', { time: formatTime(instant) }));
      else if (!outcome.exact) setNotice(at('not_recorded', { time: formatTime(instant) }));
    });
  };

  const api: AudioPlayerApi = {
    hasAudio: () => mayHear() && plainSegments().length > 0,
    playAt,
    turnWindow: (turnId) => windows().get(turnId) ?? null,
    stampInstant: (time) => {
      const date = props.room()?.session?.date;
      return date ? stampInstant(date, time, plainSegments()) : null;
    },
    exportTurn: (turnId) => {
      const turn = props.room()?.turns.find((t) => t.id === turnId);
      const w = windows().get(turnId);
      if (!turn || !w) return;
      const names = [props.names.conference(), props.names.session(), turn.speakerName];
      void freshSegments()
        .then((segments) => downloadAudio(store.db, segments, { from: w.from, to: w.to ?? Infinity }, names))
        .then((ok) => ok || setNotice(at('export_none')));
    },
  };

  const span = createMemo(() => audioSpan(plainSegments()));
  const markers = createMemo(() => {
    const r = props.room();
    const recorded = span();
    if (!r || !recorded) return [];
    return timelineMarkers(
      r.agenda.map((a) => ({ id: a.id, startedAt: a.startedAt, label: a.title })),
      r.turns.map((t) => ({ id: t.id, label: t.speakerName, window: windows().get(t.id) ?? null })),
      recorded,
    );
  });
  const percent = (instant: number) => {
    const s = span();
    return s && s.to > s.from ? ((instant - s.from) / (s.to - s.from)) * 100 : 0;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (!api.hasAudio()) return;
    const action = playerShortcut(e);
    if (action === null) return;
    e.preventDefault();
    if (action === 'toggle') player?.toggle();
    else void player?.skip(action);
  };
  document.addEventListener('keydown', onKeyDown);
  onCleanup(() => document.removeEventListener('keydown', onKeyDown));

  return (
    <AudioPlayerContext.Provider value={api}>
      {props.children}
      <section
        class="player"
        aria-label={at('player')}
        hidden={!api.hasAudio() || (!props.shown() && !playing())}
        onPointerEnter={() => readNow()?.()}
        onFocusIn={() => readNow()?.()}
      >
        <audio ref={audioEl} class="player__audio" preload="auto" />
        <button type="button" class="btn" onClick={() => void player?.skip(-15_000)} aria-label={at('back15')} aria-keyshortcuts="Alt+Shift+J">
          −15
        </button>
        <button type="button" class="btn" onClick={() => void player?.skip(-5_000)} aria-label={at('back5')} aria-keyshortcuts="Alt+J">
          −5
        </button>
        <button type="button" class="btn btn--primary" onClick={() => player?.toggle()} aria-keyshortcuts="Alt+K">
          {playing() ? at('pause') : at('play')}
        </button>
        <button type="button" class="btn" onClick={() => void player?.skip(5_000)} aria-label={at('fwd5')} aria-keyshortcuts="Alt+L">
          +5
        </button>
        <button type="button" class="btn" onClick={() => void player?.skip(15_000)} aria-label={at('fwd15')} aria-keyshortcuts="Alt+Shift+L">
          +15
        </button>
        <span class="player__time" aria-live="off">
          {position() !== null ? formatTimeSeconds(position()!) : '--:--:--'}
        </span>
        <label>
          {at('speed')}{' '}
          <select
            value={String(rate())}
            onChange={(e) => {
              const r = Number(e.currentTarget.value);
              setRate(r);
              player?.setRate(r);
            }}
          >
            <For each={SPEEDS}>{(s) => <option value={String(s)}>{`${String(s).replace('.', ',')}×`}</option>}</For>
          </select>
        </label>
        <Show when={span()}>
          {(s) => (
            <div class="player__timeline">
              <input
                type="range"
                aria-label={at('timeline')}
                min={s().from}
                max={s().to}
                step={1000}
                value={position() ?? s().from}
                aria-valuetext={position() !== null ? formatTimeSeconds(position()!) : formatTimeSeconds(s().from)}
                onChange={(e) => playAt(Number(e.currentTarget.value))}
              />
              <For each={markers()}>
                {(m) => <span class={`player__mark player__mark--${m.kind}`} style={{ left: `${percent(m.at)}%` }} title={`${formatTime(m.at)} ${m.label}`} />}
              </For>
            </div>
          )}
        </Show>
        <button
          type="button"
          class="btn"
          onClick={() => {
            const names = [props.names.conference(), props.names.session()];
            void freshSegments().then((segments) => {
              const s = audioSpan(segments);
              if (s) return downloadAudio(store.db, segments, s, names);
            });
          }}
        >
          {at('export_session')}
        </button>
        <p class="muted player__note">{notice() ?? at('shortcuts')}</p>
        <AudioOnServer sessionId={sessionId()} onFreed={() => setSegmentsRead((n) => n + 1)} />
      </section>
    </AudioPlayerContext.Provider>
  );
}

/** "Nghe lượt của …" on a turn in the minutes, with its download. Nothing without audio. */
export function PlayTurn(props: { turnId: string; name: string }) {
  const player = useAudioPlayer();
  const window = () => player?.turnWindow(props.turnId) ?? null;
  return (
    <Show when={player?.hasAudio() && window()}>
      {(w) => (
        <span class="stamp-plays">
          <button type="button" class="btn play-from" onClick={() => player?.playAt(w().from)} aria-label={at('play_turn', { name: props.name })}>
            ▶ {formatTime(w().from)}
          </button>
          <button type="button" class="btn btn--quiet play-from" onClick={() => player?.exportTurn(props.turnId)}>
            {at('export_turn')}
          </button>
        </span>
      )}
    </Show>
  );
}

/** A play button for each `[HH:mm]` stamp of an entry's text. */
export function PlayStamps(props: { times: readonly string[] }) {
  const player = useAudioPlayer();
  return (
    <Show when={player?.hasAudio() && props.times.length > 0}>
      <span class="stamp-plays">
        <For each={props.times}>
          {(time) => (
            <button
              type="button"
              class="btn btn--quiet play-from"
              onClick={() => {
                const instant = player?.stampInstant(time);
                if (instant != null) player?.playAt(instant);
              }}
              aria-label={at('play_stamp', { time })}
            >
              ▶ {time}
            </button>
          )}
        </For>
      </span>
    </Show>
  );
}
