import { RouterProvider, createMemoryHistory } from '@tanstack/solid-router';
import { render } from '@solidjs/testing-library';
import { makeRouter } from '../../src/app/router.tsx';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { StoreProvider, makeStore, type AppStore } from '../../src/ui/store.tsx';

/** Render the whole app at `path` on a fresh fake-IndexedDB database, as the browser would. */
export function renderApp(path: string, opts: { db?: DoiThoaiDb; now?: () => number } = {}) {
  const db = opts.db ?? openDatabase(`ui-${Math.random()}`);
  const store: AppStore = makeStore(db, opts.now);
  const router = makeRouter(createMemoryHistory({ initialEntries: [path] }));
  const result = render(() => (
    <StoreProvider store={store}>
      <RouterProvider router={router} />
    </StoreProvider>
  ));
  return { ...result, db, store, router };
}
