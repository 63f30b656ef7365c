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
import { makeRouter } from './router.tsx';
import { registerServiceWorker, requestPersistentStorage } from './pwa.ts';

document.documentElement.lang = lang();
const store = makeStore(openDatabase());
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
