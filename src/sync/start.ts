/**
 * Starts syncing with the office server the app was loaded from. Imported
 * lazily by app/main.tsx once the first screen is up. It reads only the
 * enrolment before deciding: the engine, Yjs and the validator are loaded only
 * on a device that will sync, so an unenrolled tablet never fetches them.
 */
import type { DoiThoaiDb } from '../storage/db.ts';
import { getMeta } from '../storage/queries.ts';
import type { RoomClock } from './clock.ts';
import type { SyncEngine } from './engine.ts';
import { ENROLMENT_KEY } from './enrolmentKey.ts';

/**
 * Null on a device that was never enrolled: it works on its own exactly as
 * before (one tablet, no office server) and sends nothing anywhere.
 */
export async function startSync(db: DoiThoaiDb, clock: RoomClock): Promise<SyncEngine | null> {
  if (!(await getMeta(db, ENROLMENT_KEY))) return null;
  const [{ SyncEngine }, { EventSourceChannel, HttpTransport }] = await Promise.all([import('./engine.ts'), import('./transport.ts')]);
  const engine = new SyncEngine({ db, clock, transport: new HttpTransport(''), live: new EventSourceChannel(''), browser: true });
  void engine.start();
  return engine;
}
