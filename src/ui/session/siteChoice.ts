/**
 * Which bridge point (điểm cầu) THIS device is at, per session.
 *
 * It is a fact about the tablet, not about the meeting: the tablet at the
 * commune hall and the one at the village cultural house check people in for
 * the same session, each for its own site. So it lives in the device-local
 * `meta` table (key `site:<sessionId>`), never synced, and is written directly
 * rather than through the outbox. Check-ins and walk-ins made here carry it.
 */
import { createMemo, type Accessor } from 'solid-js';
import { getMeta, setMeta, type Row } from '../../storage/queries.ts';
import type { DoiThoaiDb } from '../../storage/db.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';

export const siteKey = (sessionId: string): string => `site:${sessionId}`;

export async function readSite(db: DoiThoaiDb, sessionId: string): Promise<string | null> {
  const value = await getMeta<unknown>(db, siteKey(sessionId));
  return typeof value === 'string' && value !== '' ? value : null;
}

export async function writeSite(db: DoiThoaiDb, sessionId: string, bridgePointId: string | null): Promise<void> {
  await setMeta(db, siteKey(sessionId), bridgePointId ?? '');
}

/**
 * The site a device's check-ins are recorded at: its choice while that bridge
 * point still exists; with a single bridge point, that one (nobody needs to
 * choose); otherwise none.
 */
export function effectiveSite(chosen: string | null, points: readonly Pick<Row<'bridgePoints'>, 'id'>[]): string | null {
  if (chosen && points.some((p) => p.id === chosen)) return chosen;
  return points.length === 1 ? points[0]!.id : null;
}

export interface SiteChoice {
  /** What this device chose: undefined while loading, null for none. */
  readonly chosen: Accessor<string | null | undefined>;
  /** The site its check-ins carry (see `effectiveSite`). */
  readonly site: Accessor<string | null>;
  readonly choose: (bridgePointId: string | null) => Promise<void>;
}

/** Call inside a component: live across tabs of this device (the meta table is observed like any other). */
export function createSiteChoice(sessionId: Accessor<string>, points: Accessor<readonly Row<'bridgePoints'>[]>): SiteChoice {
  const { db } = useStore();
  const chosen = createLiveQuery(sessionId, (id) => readSite(db, id));
  const site = createMemo(() => effectiveSite(chosen() ?? null, points()));
  return { chosen, site, choose: (id) => writeSite(db, sessionId(), id) };
}
