/**
 * Service-worker registration and the "new version" signal. The app never
 * reloads by itself: a new version waits until the person taps "update",
 * because the chair may be in the middle of a turn.
 */
import { createSignal } from 'solid-js';
import { Workbox } from 'workbox-window';

const [updateWaiting, setUpdateWaiting] = createSignal(false);
const [offlineReady, setOfflineReady] = createSignal(false);
const [persisted, setPersisted] = createSignal<boolean | null>(null);
export { updateWaiting, offlineReady, persisted };

let workbox: Workbox | undefined;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  workbox = new Workbox('/sw.js');
  workbox.addEventListener('waiting', () => setUpdateWaiting(true));
  workbox.addEventListener('installed', (e) => {
    if (!e.isUpdate) setOfflineReady(true);
  });
  void workbox.register();
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
