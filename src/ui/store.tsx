/**
 * What screens get from above: the database to read and the one function to
 * write. Given through context so component tests pass their own database.
 */
import { createContext, useContext, type JSX } from 'solid-js';
import { unwrap } from 'solid-js/store';
import type { DoiThoaiDb } from '../storage/db.ts';
import type { Change } from '../storage/changes.ts';
import type { ChairAction, ChairActionResult } from '../domain/room.ts';

export interface AppStore {
  readonly db: DoiThoaiDb;
  readonly write: (changes: readonly Change[]) => Promise<string[]>;
  /** A chair action on a session's floor, decided inside the write transaction (storage/room.ts). */
  readonly act: (sessionId: string, action: ChairAction) => Promise<ChairActionResult>;
  /** The room's clock: every time a screen records (a timer event, a check-in) is read from it, never from Date.now. */
  readonly now: () => number;
}

const StoreContext = createContext<AppStore>();

/** A change as plain data (see createLiveQuery: records read from the database come back as store proxies). */
function plain(change: Change): Change {
  if (change.kind === 'text' || change.kind === 'delete') return change;
  return { ...change, fields: unwrap(change.fields) };
}

export function makeStore(db: DoiThoaiDb, now: () => number = Date.now): AppStore {
  // The write path (and the validator it carries) loads on the first write, not with the first screen.
  // Values read from live queries are store proxies, which IndexedDB cannot clone: unwrap them here, once.
  return {
    db,
    now,
    write: async (changes) => (await import('../storage/write.ts')).commit(db, changes.map(plain), now),
    act: async (sessionId, action) => {
      // The moment of the press, before loading the module and waiting for the transaction.
      const at = now();
      return (await import('../storage/room.ts')).runChairAction(db, sessionId, action, now, at);
    },
  };
}

export function StoreProvider(props: { store: AppStore; children: JSX.Element }) {
  // The store is made once at start-up and never replaced.
  // eslint-disable-next-line solid/reactivity
  return <StoreContext.Provider value={props.store}>{props.children}</StoreContext.Provider>;
}

export function useStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside StoreProvider');
  return store;
}
