/**
 * Starts syncing with the office server the app was loaded from. Imported
 * lazily by app/main.tsx once the first screen is up, so none of the engine
 * (nor Yjs, nor the validator) weighs on the first screen.
 */
import type { DoiThoaiDb } from '../storage/db.ts';
import type { RoomClock } from './clock.ts';
import { SyncEngine } from './engine.ts';
import { readEnrolment } from './enrolment.ts';
import { EventSourceChannel, HttpTransport } from './transport.ts';

/**
 * Null on a device that was never enrolled: it works on its own exactly as
 * before (one tablet, no office server) and sends nothing anywhere.
 */
export async function startSync(db: DoiThoaiDb, clock: RoomClock): Promise<SyncEngine | null> {
  if (!(await readEnrolment(db))) return null;
  const engine = new SyncEngine({ db, clock, transport: new HttpTransport(''), live: new EventSourceChannel(''), browser: true });
  void engine.start();
  return engine;
}
