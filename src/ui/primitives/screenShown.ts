/**
 * "This screen is drawn, lazy parts included": fired on `window` by a screen
 * that may be the first one a visit shows. app/pwa.ts holds the start-up work
 * that can wait (the service worker and its precache of every chunk, the sync
 * engine) until then, so on a slow tablet and a weak link it does not compete
 * with the screen's own lazy form for the network and the main thread.
 */
import { onMount } from 'solid-js';

export const SCREEN_SHOWN_EVENT = 'doithoai:screen-shown';

/**
 * Put it last inside the screen's Suspense boundary: Solid runs its onMount
 * only once everything in the boundary has loaded and been inserted.
 */
export function ScreenShown() {
  onMount(() => window.dispatchEvent(new Event(SCREEN_SHOWN_EVENT)));
  return null;
}
