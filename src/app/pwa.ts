/**
 * Service-worker registration, the "new version" signal, and the start-up work
 * that waits until the first screen is up. The app never reloads by itself: a
 * new version waits until the person taps "update", because the chair may be in
 * the middle of a turn.
 */
import type { Workbox } from 'workbox-window';
import { createSignal } from 'solid-js';
import { SCREEN_SHOWN_EVENT } from '../ui/primitives/screenShown.ts';

const [updateWaiting, setUpdateWaiting] = createSignal(false);
const [offlineReady, setOfflineReady] = createSignal(false);
const [persisted, setPersisted] = createSignal<boolean | null>(null);
export { updateWaiting, offlineReady, persisted };

/** A new version, installed and waiting for the person to tap "update". */
let workbox: Workbox | undefined;

/** A performance mark: the first screen is up and idle, deferred start-up work begins. */
export const FIRST_SCREEN_IDLE = 'doithoai:first-screen-idle';

/**
 * How long after the load event start-up work waits for a screen to say it is drawn
 * (SCREEN_SHOWN_EVENT) before it goes ahead anyway: a screen that never says so (not
 * every screen can be a first one) still gets its service worker.
 */
const SCREEN_SHOWN_TIMEOUT_MS = 2000;

/** Listened for from the start: the screen may be drawn before any start-up work is queued. */
let screenShown = false;
const whenScreenShown: Array<() => void> = [];
if (typeof window !== 'undefined') {
  window.addEventListener(
    SCREEN_SHOWN_EVENT,
    () => {
      screenShown = true;
      for (const resolve of whenScreenShown.splice(0)) resolve();
    },
    { once: true },
  );
}

let firstScreenDone: Promise<void> | null = null;

/** Resolves once the page has loaded and its first screen is drawn (or the wait above is over). */
function firstScreen(): Promise<void> {
  firstScreenDone ??= new Promise<void>((resolve) => {
    const afterLoad = () => {
      if (screenShown) return resolve();
      whenScreenShown.push(resolve);
      setTimeout(resolve, SCREEN_SHOWN_TIMEOUT_MS);
    };
    if (document.readyState === 'complete') afterLoad();
    else window.addEventListener('load', afterLoad, { once: true });
  });
  return firstScreenDone;
}

/**
 * Runs `task` once the page has loaded, its first screen is drawn (lazy form
 * included) and the main thread is idle, so nothing it does competes with the
 * first screen on a slow tablet (each task gets an idle period of its own).
 * Where there is no requestIdleCallback, a timeout stands in. For start-up
 * work nobody waits for: the service worker, the persistent-storage request,
 * the sync engine.
 */
export function afterFirstScreen(task: () => void | Promise<void>): void {
  const go = () => {
    // What the first screen needed has loaded by now: the first-screen benchmark counts up to here.
    if (performance.getEntriesByName(FIRST_SCREEN_IDLE).length === 0) performance.mark(FIRST_SCREEN_IDLE);
    void Promise.resolve()
      .then(task)
      .catch((e: unknown) => console.error('start-up task failed', e));
  };
  void firstScreen().then(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(go, { timeout: 3000 });
    else setTimeout(go, 200);
  });
}

/**
 * Registers the worker with workbox-window, which tells a first install (the precache is complete:
 * the app opens offline) from an update (`waiting`: the new version waits until the person taps
 * "update"; sw.ts never skips waiting by itself). Imported here, after the first screen is drawn
 * and idle, so its 2 KB are not part of what the first screen waits for.
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
  // The message src/app/sw.ts answers with skipWaiting().
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
