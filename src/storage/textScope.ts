/**
 * Which unit and conference a text document belongs to: a minutes document its
 * session's, a conference's documents (`documents:<conferenceId>`) that
 * conference's. Read inside the caller's transaction (the tables `sessions`,
 * `conferences` and `units` must be in it: `TEXT_SCOPE_TABLES`). Kept in one
 * place for the write path, the upgrade, the import and the sync engine.
 */
import { conferenceIdOfDocumentsDoc, sessionIdOfMinutesDoc } from '../domain/minutesDoc.ts';
import type { DoiThoaiDb } from './db.ts';

export interface DocScope {
  readonly unitId: string;
  readonly conferenceId: string | null;
}

/** The tables `scopeOfDoc` reads: a transaction that calls it must hold them. */
export const TEXT_SCOPE_TABLES = ['sessions', 'conferences', 'units'] as const;

/**
 * The owner's scope; when this device does not (yet) have the session or
 * conference, the device's own unit (and, for a conference's documents, the
 * conference its id names), and `unitId: ''` on a device with no unit: such a
 * row is kept and typed into as usual, and the sync engine looks its scope up
 * again before sending it.
 */
export async function scopeOfDoc(db: DoiThoaiDb, docId: string): Promise<DocScope> {
  const owned = await ownerScope(db, docId);
  if (owned) return owned;
  const first = await db.units.orderBy('id').first();
  return { unitId: first?.id ?? '', conferenceId: conferenceIdOfDocumentsDoc(docId) };
}

/** The scope of the session or conference the document belongs to, if this device holds it. */
async function ownerScope(db: DoiThoaiDb, docId: string): Promise<DocScope | null> {
  const sessionId = sessionIdOfMinutesDoc(docId);
  if (sessionId) {
    const session = await db.sessions.get(sessionId);
    return session ? { unitId: session.unitId, conferenceId: session.conferenceId ?? null } : null;
  }
  const conferenceId = conferenceIdOfDocumentsDoc(docId);
  if (conferenceId) {
    const conference = await db.conferences.get(conferenceId);
    return conference ? { unitId: conference.unitId, conferenceId } : null;
  }
  return null;
}

/**
 * A conference's documents rows written before they carried their conference
 * (`conferenceId: null`) are read as the conference's all the same: what the
 * engine sends and an export carries must not depend on when a row was written.
 */
export function effectiveConferenceId(docId: string, conferenceId: string | null | undefined): string | null {
  return conferenceId ?? conferenceIdOfDocumentsDoc(docId);
}

const known = new WeakMap<DoiThoaiDb, Map<string, DocScope>>();

/**
 * The same, remembered once a session or conference answered it (neither ever
 * changes its unit or conference), so a keystroke's write reads nothing else.
 * Its own read-only transaction: call it outside the write's.
 */
export async function scopeOfDocCached(db: DoiThoaiDb, docId: string): Promise<DocScope> {
  let docs = known.get(db);
  if (!docs) known.set(db, (docs = new Map()));
  const hit = docs.get(docId);
  if (hit) return hit;
  return db.transaction('r', [...TEXT_SCOPE_TABLES], async () => {
    const owned = await ownerScope(db, docId);
    if (owned) {
      docs.set(docId, owned);
      return owned;
    }
    return scopeOfDoc(db, docId);
  });
}
