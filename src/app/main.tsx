/**
 * Wiring: open the database, give it to the screens, start the router, and,
 * once the first screen is up, register the service worker and ask for
 * persistent storage. The first screen must render fast on a slow tablet with
 * no network: the static boot shell in index.html is already painted, so the
 * start-up below is cut into a few tasks (each yields to the browser) rather
 * than one long one that would keep a tap or a paint waiting.
 *
 * Work that can wait (the sync engine, …) goes through `afterFirstScreen`: it
 * runs after the load event, in idle time.
 */
import { RouterProvider } from '@tanstack/solid-router';
import { render } from 'solid-js/web';
import '../ui/styles.css';
import { applyStoredLang, lang } from '../ui/i18n.ts';
import { StoreProvider, makeStore } from '../ui/store.tsx';
import { openDatabase } from '../storage/db.ts';
import { RoomClock } from '../sync/clock.ts';
import { loadScreenTable, makeRouter } from './router.tsx';
import { ENROLLED_EVENT } from '../ui/access/enrolled.ts';
import { afterFirstScreen, registerServiceWorker, requestPersistentStorage } from './pwa.ts';

/** Lets the browser run whatever is waiting (input, a paint) before the next step of start-up. */
const yieldToBrowser = () =>
  new Promise<void>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

async function start(): Promise<void> {
  // Not in the task that evaluated the modules: that one is long enough already on a slow tablet,
  // and opening the database (Dexie parses every schema version) would make it longer still.
  await yieldToBrowser();
  // Opening the database first: IndexedDB answers while the router is built (and English loads, where chosen).
  const db = openDatabase();
  const language = applyStoredLang().then(() => (document.documentElement.lang = lang()));
  // The room's clock: device time corrected by the office server's, kept from the last exchange so a
  // tablet reloaded offline in the hall still agrees with the others.
  const clock = new RoomClock();
  void clock.load(db);
  const store = makeStore(db, clock.now);
  await yieldToBrowser();
  const router = makeRouter();
  await yieldToBrowser();
  // Matching the URL to its route before rendering, in a task of its own: the render then draws
  // the matched screen at once instead of matching in the same long task.
  await router.load();
  await language;
  await yieldToBrowser();

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

  // The office's own calendar years, for every deadline a screen counts. After the first screen: the
  // list counts no deadline, and a screen that does recounts when the years arrive (a signal).
  afterFirstScreen(async () => void (await import('../ui/calendar.ts')).feedCalendarFrom(db));

  if (import.meta.env.PROD) afterFirstScreen(registerServiceWorker);
  afterFirstScreen(requestPersistentStorage);
  // The small table the later screens are reached through (app/screens.ts), so the first tap on a
  // conference does not wait for it as well as for the screen's own files.
  afterFirstScreen(() => void loadScreenTable());
  // The engine, and Yjs and the validator it needs, are a chunk of their own, not first-screen JavaScript.
  // Only an enrolled device syncs (startSync gives null otherwise); the enrolment screen announces a
  // new enrolment with ENROLLED_EVENT, and the engine starts then.
  let connected = false;
  const connect = async () => {
    if (connected) return;
    const { startSync } = await import('../sync/start.ts');
    const engine = await startSync(db, clock);
    if (engine && !connected) {
      connected = true;
      store.attachSync(engine);
      // The hall's audio goes to the server too, in the background (issue 11 item 5): a chunk of its own.
      const { startAudioUpload } = await import('../sync/audioUpload.ts');
      store.attachAudioUpload(startAudioUpload(db));
    }
  };
  afterFirstScreen(connect);
  window.addEventListener(ENROLLED_EVENT, () => void connect());
}

void start();
