/// <reference lib="webworker" />
/**
 * The service worker: precaches every built asset so the app opens in a village
 * hall with no network. It never takes over by itself: a new version waits until
 * the person taps "update" (a meeting may be running), then the page reloads.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

// Client-side routes (/conferences/…, /sessions/…/display) all open the app shell, offline too;
// the API is never answered from cache.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// On the very first install there is no old version to protect: take control at once so the
// page that installed us works offline without a reload.
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
