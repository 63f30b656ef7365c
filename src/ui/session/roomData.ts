/**
 * Everything the room screens (chair, secretary, hall display) read about one
 * session, as one live query: one subscription re-run on any change to these
 * tables, wherever the change came from (this tab, another tab, sync).
 *
 * The session workspace opens the query once and shares it with its panels
 * through context; a screen outside a workspace (the hall display) opens its own.
 */
import { createContext, useContext, type Accessor } from 'solid-js';
import type { DoiThoaiDb } from '../../storage/db.ts';
import { getRecord, listBySession, type Row } from '../../storage/queries.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';

export interface RoomData {
  readonly session: Row<'sessions'> | null;
  readonly agenda: Row<'agendaItems'>[];
  readonly turns: Row<'speakerTurns'>[];
  readonly timerEvents: Row<'timerEvents'>[];
  readonly bridgePoints: Row<'bridgePoints'>[];
  /** Highest record stamp in it: of two copies of the room, the one with the higher version is the newer. */
  readonly version: string;
}

export async function readRoom(db: DoiThoaiDb, sessionId: string): Promise<RoomData> {
  const [session, agenda, turns, timerEvents, bridgePoints] = await Promise.all([
    getRecord(db, 'sessions', sessionId),
    listBySession(db, 'agendaItems', sessionId),
    listBySession(db, 'speakerTurns', sessionId),
    listBySession(db, 'timerEvents', sessionId),
    listBySession(db, 'bridgePoints', sessionId),
  ]);
  let version = session?.updatedAt ?? '';
  for (const list of [agenda, turns, timerEvents, bridgePoints]) for (const r of list) if (r.updatedAt > version) version = r.updatedAt;
  return { session: session ?? null, agenda, turns, timerEvents, bridgePoints, version };
}

interface SharedRoom {
  readonly sessionId: string;
  readonly room: Accessor<RoomData | undefined>;
}

export const RoomContext = createContext<SharedRoom>();

export function createRoomData(db: DoiThoaiDb, sessionId: () => string): Accessor<RoomData | undefined> {
  const shared = useContext(RoomContext);
  if (shared && shared.sessionId === sessionId()) return shared.room;
  return createLiveQuery(sessionId, (id) => readRoom(db, id));
}
