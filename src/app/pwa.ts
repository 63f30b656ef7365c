/**
 * Service-worker registration, the "new version" signal, and the start-up work
 * that waits until the first screen is up. The app never reloads by itself: a
 * new version waits until the person taps "update", because the chair may be in
 * the middle of a turn.
 */
import { createSignal } from 'solid-js';
import type { Workbox } from 'workbox-window';

const [updateWaiting, setUpdateWaiting] = createSignal(false);
const [offlineReady, setOfflineReady] = createSignal(false);
const [persisted, setPersisted] = createSignal<boolean | null>(null);
export { updateWaiting, offlineReady, persisted };

let workbox: Workbox | undefined;

/** A performance mark: the first screen is up and idle, deferred start-up work begins. */
export const FIRST_SCREEN_IDLE = 'doithoai:first-screen-idle';

/**
 * Runs `task` once the page has loaded and the main thread is idle, so nothing
 * it does competes with the first screen on a slow tablet (each task gets an
 * idle period of its own). Where there is no requestIdleCallback, a timeout
 * stands in. For start-up work nobody waits for: the service worker, the
 * persistent-storage request, the sync engine.
 */
export function afterFirstScreen(task: () => void | Promise<void>): void {
  const run = () => {
    const go = () => {
      // What the first screen needed has loaded by now: the first-screen benchmark counts up to here.
      if (performance.getEntriesByName(FIRST_SCREEN_IDLE).length === 0) performance.mark(FIRST_SCREEN_IDLE);
      void Promise.resolve()
        .then(task)
        .catch((e: unknown) => console.error('start-up task failed', e));
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(go, { timeout: 3000 });
    else setTimeout(go, 200);
  };
  if (document.readyState === 'complete') run();
  else window.addEventListener('load', run, { once: true });
}

/**
 * Registers the worker with workbox-window, which follows its versions: a worker
 * that finishes installing while an older one controls the page is a new
 * version and waits (`updateWaiting`) until the person taps "update"; the first
 * one to install means the precache is complete and the app opens offline.
 * workbox-window is imported here, after the first screen (this runs through
 * `afterFirstScreen`), so its 2 KB are not part of what the first screen loads.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const { Workbox } = await import('workbox-window');
  const wb = new Workbox('/sw.js');
  workbox = wb;
  wb.addEventListener('waiting', () => setUpdateWaiting(true));
  wb.addEventListener('installed', (e) => {
    if (!e.isUpdate) setOfflineReady(true);
  });
  await wb.register();
}

/** The person chose to update: let the waiting worker take over, then reload once it controls the page. */
export function applyUpdate(): void {
  if (!workbox) return;
  workbox.addEventListener('controlling', () => window.location.reload());
  workbox.messageSkipWaiting();
}

export function dismissUpdate(): void {
  setUpdateWaiting(false);
}

/** Ask the browser not to evict our data (minutes typed in a hall must not vanish when a tablet runs low on space). */
export async function requestPersistentStorage(): Promise<void> {
  if (!navigator.storage?.persist) return;
  const already = await navigator.storage.persisted();
  setPersisted(already || (await navigator.storage.persist()));
}
