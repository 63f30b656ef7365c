/**
 * Which unit and conference a minutes document belongs to: its session's. Read
 * inside the caller's transaction (the tables `sessions` and `units` must be in
 * it). Kept in one place for the write path, the upgrade and the sync engine.
 */
import { sessionIdOfMinutesDoc } from '../domain/minutesDoc.ts';
import type { DoiThoaiDb } from './db.ts';

export interface DocScope {
  readonly unitId: string;
  readonly conferenceId: string | null;
}

/**
 * The session's scope; when this device does not (yet) have the session, the
 * device's own unit with no conference, and `unitId: ''` on a device with no
 * unit: such a row is kept and typed into as usual, and the sync engine looks
 * its scope up again before sending it.
 */
export async function scopeOfDoc(db: DoiThoaiDb, docId: string): Promise<DocScope> {
  const sessionId = sessionIdOfMinutesDoc(docId);
  const session = sessionId ? await db.sessions.get(sessionId) : undefined;
  if (session) return { unitId: session.unitId, conferenceId: session.conferenceId ?? null };
  const first = await db.units.orderBy('id').first();
  return { unitId: first?.id ?? '', conferenceId: null };
}

const known = new WeakMap<DoiThoaiDb, Map<string, DocScope>>();

/**
 * The same, remembered once a session answered it (a session never changes its
 * unit or conference), so a keystroke's write reads nothing else. Its own
 * read-only transaction: call it outside the write's.
 */
export async function scopeOfDocCached(db: DoiThoaiDb, docId: string): Promise<DocScope> {
  let docs = known.get(db);
  if (!docs) known.set(db, (docs = new Map()));
  const hit = docs.get(docId);
  if (hit) return hit;
  const sessionId = sessionIdOfMinutesDoc(docId);
  const session = sessionId ? await db.sessions.get(sessionId) : undefined;
  if (session) {
    const scope = { unitId: session.unitId, conferenceId: session.conferenceId ?? null };
    docs.set(docId, scope);
    return scope;
  }
  return db.transaction('r', [db.sessions, db.units], () => scopeOfDoc(db, docId));
}
