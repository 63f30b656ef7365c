/**
 * Service-worker registration, the "new version" signal, and the start-up work
 * that waits until the first screen is up. The app never reloads by itself: a
 * new version waits until the person taps "update", because the chair may be in
 * the middle of a turn.
 */
import { createSignal } from 'solid-js';

const [updateWaiting, setUpdateWaiting] = createSignal(false);
const [offlineReady, setOfflineReady] = createSignal(false);
const [persisted, setPersisted] = createSignal<boolean | null>(null);
export { updateWaiting, offlineReady, persisted };

let registration: ServiceWorkerRegistration | undefined;

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
 * Registers the worker and follows its versions with the plain API (workbox-window
 * did the same for 2 KB more on the first screen). A worker that finishes
 * installing while an older one controls the page is a new version: it waits
 * (`updateWaiting`) until the person taps "update". The first one to install,
 * with no older one, means the precache is complete: the app now opens offline.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const reg = await navigator.serviceWorker.register('/sw.js');
  registration = reg;
  const follow = (worker: ServiceWorker) => {
    const check = () => {
      if (worker.state !== 'installed') return;
      if (navigator.serviceWorker.controller) setUpdateWaiting(true);
      else setOfflineReady(true);
    };
    check();
    worker.addEventListener('statechange', check);
  };
  if (reg.waiting) follow(reg.waiting);
  if (reg.installing) follow(reg.installing);
  reg.addEventListener('updatefound', () => {
    if (reg.installing) follow(reg.installing);
  });
}

/** The person chose to update: let the waiting worker take over, then reload once it controls the page. */
export function applyUpdate(): void {
  const waiting = registration?.waiting;
  if (!waiting) return;
  navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
  waiting.postMessage({ type: 'SKIP_WAITING' });
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
