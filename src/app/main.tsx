/**
 * Wiring: open the database, give it to the screens, start the router, register
 * the service worker. Nothing else happens at start-up: the first screen must
 * render fast on a slow tablet with no network.
 */
import { RouterProvider } from '@tanstack/solid-router';
import { render } from 'solid-js/web';
import '../ui/styles.css';
import { lang } from '../ui/i18n.ts';
import { StoreProvider, makeStore } from '../ui/store.tsx';
import { openDatabase } from '../storage/db.ts';
import { RoomClock } from '../sync/clock.ts';
import { makeRouter } from './router.tsx';
import { ENROLLED_EVENT } from '../ui/access/enrolled.ts';
import { registerServiceWorker, requestPersistentStorage } from './pwa.ts';

document.documentElement.lang = lang();
const db = openDatabase();
// The room's clock: device time corrected by the office server's, kept from the last exchange so a
// tablet reloaded offline in the hall still agrees with the others.
const clock = new RoomClock();
void clock.load(db);
const store = makeStore(db, clock.now);
const router = makeRouter();

const root = document.getElementById('root')!;
// Drop the static boot shell; render is synchronous, so no frame is painted in between.
root.textContent = '';
render(
  () => (
    <StoreProvider store={store}>
      <RouterProvider router={router} />
    </StoreProvider>
  ),
  root,
);

if (import.meta.env.PROD) registerServiceWorker();
void requestPersistentStorage();

// Sync starts once the first screen is up and the browser is idle: the engine, Yjs and the validator
// it needs are a chunk of their own, not part of the first screen's JavaScript.
const idle = (fn: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 1000));
// Only an enrolled device syncs; the enrolment screen announces a new enrolment with ENROLLED_EVENT.
let connected = false;
const connect = () => {
  if (connected) return;
  void import('../sync/start.ts')
    .then(({ startSync }) => startSync(db, clock))
    .then((engine) => {
      if (engine && !connected) {
        connected = true;
        store.attachSync(engine);
      }
    });
};
idle(connect);
window.addEventListener(ENROLLED_EVENT, connect);
