/**
 * Starts syncing with the office server the app was loaded from. Imported
 * lazily by app/main.tsx once the first screen is up, so none of the engine
 * (nor Yjs, nor the validator) weighs on the first screen.
 */
import type { DoiThoaiDb } from '../storage/db.ts';
import type { RoomClock } from './clock.ts';
import { SyncEngine } from './engine.ts';
import { EventSourceChannel, HttpTransport } from './transport.ts';

export function startSync(db: DoiThoaiDb, clock: RoomClock): SyncEngine {
  const engine = new SyncEngine({ db, clock, transport: new HttpTransport(''), live: new EventSourceChannel(''), browser: true });
  void engine.start();
  return engine;
}
