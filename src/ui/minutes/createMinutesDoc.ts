/**
 * A session's minutes document for a screen: opened from the shared cache
 * while the screen shows, released when it goes, flushed when the tablet hides
 * the page (screen off, app switch) or unloads it.
 */
import { createEffect, createMemo, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import type { DoiThoaiDb } from '../../storage/db.ts';
import { flushAllMinutes, openMinutesDoc, type DurableEvent, type PersistedMinutesDoc, type SaveState } from '../../storage/minutesText.ts';

/**
 * Dispatched on `window` after each write of minutes text has committed, with a
 * `DurableEvent` as detail. The benchmark measures keystroke-to-disk with it.
 */
export const MINUTES_DURABLE_EVENT = 'doithoai:minutes-durable';

export interface MinutesDocSignals {
  readonly minutes: Accessor<PersistedMinutesDoc | undefined>;
  readonly saveState: Accessor<SaveState>;
  readonly loadError: Accessor<unknown>;
}

export function createMinutesDoc(db: DoiThoaiDb, docIdOf: Accessor<string>, now: () => number): MinutesDocSignals {
  // Only a different id reopens the document, not every re-evaluation of the accessor.
  const docId = createMemo(docIdOf);
  const [minutes, setMinutes] = createSignal<PersistedMinutesDoc>();
  const [saveState, setSaveState] = createSignal<SaveState>({ status: 'saved', savedAt: null, error: null });
  const [loadError, setLoadError] = createSignal<unknown>(null);

  // The status is drawn once per frame at most: not from inside the keystroke's input handler,
  // and not twice for a saving→saved→saving flip within one frame.
  let latest: SaveState | null = null;
  const nextFrame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (fn: () => void) => setTimeout(fn, 16);
  const showNextFrame = (s: SaveState) => {
    const first = latest === null;
    latest = s;
    if (!first) return;
    nextFrame(() => {
      const shown = latest;
      latest = null;
      if (shown) setSaveState(shown);
    });
  };

  createEffect(
    on(docId, (id) => {
      let cancelled = false;
      let release: (() => Promise<void>) | null = null;
      const stops: (() => void)[] = [];
      setLoadError(null);
      openMinutesDoc(db, id, { now }).then(
        (handle) => {
          if (cancelled) return void handle.release();
          release = handle.release;
          const m = handle.minutes;
          setSaveState(m.getState());
          stops.push(m.subscribe(showNextFrame));
          stops.push(m.onDurable((detail: DurableEvent) => window.dispatchEvent(new CustomEvent(MINUTES_DURABLE_EVENT, { detail }))));
          setMinutes(m);
        },
        (error: unknown) => {
          if (!cancelled) setLoadError(error);
        },
      );
      onCleanup(() => {
        cancelled = true;
        for (const stop of stops) stop();
        setMinutes(undefined);
        void release?.().catch((e) => console.error('minutes: could not save on close', e));
      });
    }),
  );

  // Hidden is the last moment a tablet reliably gives: after it the page may be frozen or killed unannounced.
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') void flushAllMinutes().catch(() => {});
  };
  const onPageHide = () => void flushAllMinutes().catch(() => {});
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', onPageHide);
  onCleanup(() => {
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', onPageHide);
  });

  return { minutes, saveState, loadError };
}
