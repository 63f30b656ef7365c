/**
 * What screens get from above: the database to read, the one function to
 * write, the room's clock, and the sync engine's status. Given through context
 * so component tests pass their own database.
 *
 * Screens never write tables themselves (a lint rule forbids Dexie's write
 * methods in src/ui): local changes go through `write` (→ `commit`), and what
 * comes from the server arrives through the sync engine's `applyRemote`.
 */
import { createContext, createSignal, useContext, type Accessor, type JSX } from 'solid-js';
import { unwrap } from 'solid-js/store';
import type { DoiThoaiDb } from '../storage/db.ts';
import type { Change } from '../storage/changes.ts';
import type { ChairAction, ChairActionResult } from '../domain/room.ts';
import { roomConnectionOf, type RoomConnection } from '../sync/connection.ts';
import { RoomConnectionContext } from './session/roomConnection.ts';
import type { SyncStatus } from '../sync/engine.ts';
import type { AudioUploadProgress } from '../sync/audioUpload.ts';
// Types only: the write path itself loads on the first write (see `write`).
import type * as WritePath from '../storage/write.ts';

/** What the screens need of the audio uploader (sync/audioUpload.ts): its progress, and a pass soon. */
export interface AudioUploadConnection {
  subscribe(listener: (p: AudioUploadProgress) => void): () => void;
  poke(): void;
}

/** What the screens need of the sync engine; the engine itself loads after the first screen. */
export interface SyncConnection {
  subscribe(listener: (s: SyncStatus) => void): () => void;
  /** A local write happened. */
  poke(): void;
  syncNow(): Promise<unknown>;
  /** The units the office server keeps (first run: join one instead of creating a new one). */
  listUnits(): Promise<readonly { readonly id: string; readonly name: string }[]>;
  /** Work for a unit the server keeps: its records arrive by the next pull. */
  join(unitId: string): Promise<void>;
}

/** A local write that failed: shown to the person who made it, whatever screen made it. */
export interface WriteFailure {
  readonly id: number;
  readonly error: unknown;
  readonly at: number;
}

export interface AppStore {
  /** For reading (storage/queries.ts). Writing goes through `write`. */
  readonly db: DoiThoaiDb;
  readonly write: (changes: readonly Change[]) => Promise<string[]>;
  /** A chair action on a session's floor, decided inside the write transaction (storage/room.ts). */
  readonly act: (sessionId: string, action: ChairAction) => Promise<ChairActionResult>;
  /** The room's clock: every time a screen records (a timer event, a check-in) is read from it, never from Date.now. */
  readonly now: () => number;
  /** The engine's status; null until the engine has started (or where there is none). */
  readonly syncStatus: Accessor<SyncStatus | null>;
  /** Whether this device still receives the room's changes from others: what the hall display reports. */
  readonly roomConnection: Accessor<RoomConnection>;
  readonly sync: Accessor<SyncConnection | null>;
  readonly failures: Accessor<readonly WriteFailure[]>;
  dismissFailure(id: number): void;
  /** Wiring (app/): hands the started engine to the screens. */
  attachSync(engine: SyncConnection): void;
  /** How far the hall's audio has reached the office server; null on a device that does not send any. */
  readonly audioUpload: Accessor<AudioUploadProgress | null>;
  readonly audioUploader: Accessor<AudioUploadConnection | null>;
  /** Wiring (app/): hands the started audio uploader to the screens. */
  attachAudioUpload(uploader: AudioUploadConnection): void;
}

const StoreContext = createContext<AppStore>();

/** A change as plain data (see createLiveQuery: records read from the database come back as store proxies). */
function plain(change: Change): Change {
  if (change.kind === 'text' || change.kind === 'delete') return change;
  return { ...change, fields: unwrap(change.fields) };
}

/** At most this many failures are listed: the newest matter; older ones were seen. */
const MAX_FAILURES = 5;

export function makeStore(db: DoiThoaiDb, now: () => number = Date.now): AppStore {
  const [syncStatus, setSyncStatus] = createSignal<SyncStatus | null>(null);
  const [sync, setSync] = createSignal<SyncConnection | null>(null);
  const [failures, setFailures] = createSignal<readonly WriteFailure[]>([]);
  const [audioUpload, setAudioUpload] = createSignal<AudioUploadProgress | null>(null);
  const [audioUploader, setAudioUploader] = createSignal<AudioUploadConnection | null>(null);
  let nextId = 1;
  let writePath: typeof WritePath | undefined;
  // Reported here, once, for every caller: many call sites fire and forget (`void store.write(...)`), and
  // a chair whose tap was refused must see it. Callers that show the error next to a field still get it.
  const report = (error: unknown) => setFailures((list) => [...list, { id: nextId++, error, at: now() }].slice(-MAX_FAILURES));
  return {
    db,
    now,
    syncStatus,
    roomConnection: () => roomConnectionOf(syncStatus()),
    sync,
    failures,
    dismissFailure: (id) => setFailures((list) => list.filter((f) => f.id !== id)),
    attachSync(engine) {
      setSync(() => engine);
      engine.subscribe((s) => setSyncStatus(s));
    },
    audioUpload,
    audioUploader,
    attachAudioUpload(uploader) {
      setAudioUploader(() => uploader);
      uploader.subscribe((p) => setAudioUpload(p));
    },
    // The write path (and the validator it carries) loads on the first write, not with the first screen.
    // Values read from live queries are store proxies, which IndexedDB cannot clone: unwrap them here, once.
    write: async (changes) => {
      try {
        // Once loaded, `commit` is called in the caller's turn, not a turn later: its transaction is
        // asked for before the screen re-renders for the same key, so the change is on disk sooner.
        const { commit } = writePath ?? (writePath = await import('../storage/write.ts'));
        const ids = await commit(db, changes.map(plain), now);
        sync()?.poke();
        return ids;
      } catch (error) {
        report(error);
        throw error;
      }
    },
    act: async (sessionId, action) => {
      // The moment of the press, before loading the module and waiting for the transaction.
      const at = now();
      try {
        const result = await (await import('../storage/room.ts')).runChairAction(db, sessionId, action, now, at);
        sync()?.poke();
        return result;
      } catch (error) {
        report(error);
        throw error;
      }
    },
  };
}

export function StoreProvider(props: { store: AppStore; children: JSX.Element }) {
  // The store is made once at start-up and never replaced. The hall display asks RoomConnectionContext
  // whether it still receives the room's changes: once the engine runs, the engine answers (connected
  // with no engine: one device, one database).
  // eslint-disable-next-line solid/reactivity
  const store = props.store;
  return (
    <StoreContext.Provider value={store}>
      <RoomConnectionContext.Provider value={store.roomConnection}>{props.children}</RoomConnectionContext.Provider>
    </StoreContext.Provider>
  );
}

/** The store where there may be none (the layout in isolation, in tests). */
export function useOptionalStore(): AppStore | undefined {
  return useContext(StoreContext);
}

export function useStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStore outside StoreProvider');
  return store;
}
