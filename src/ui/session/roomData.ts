/**
 * Everything the room screens (chair, secretary's strip, hall display) read
 * about one session, as one live query: one subscription re-run on any change
 * to these tables, wherever the change came from (this tab, another tab, sync).
 */
import type { Accessor } from 'solid-js';
import type { DoiThoaiDb } from '../../storage/db.ts';
import { getRecord, listBySession, type Row } from '../../storage/queries.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';

export interface RoomData {
  readonly session: Row<'sessions'> | null;
  readonly agenda: Row<'agendaItems'>[];
  readonly turns: Row<'speakerTurns'>[];
  readonly timerEvents: Row<'timerEvents'>[];
  readonly bridgePoints: Row<'bridgePoints'>[];
}

export async function readRoom(db: DoiThoaiDb, sessionId: string): Promise<RoomData> {
  const [session, agenda, turns, timerEvents, bridgePoints] = await Promise.all([
    getRecord(db, 'sessions', sessionId),
    listBySession(db, 'agendaItems', sessionId),
    listBySession(db, 'speakerTurns', sessionId),
    listBySession(db, 'timerEvents', sessionId),
    listBySession(db, 'bridgePoints', sessionId),
  ]);
  return { session: session ?? null, agenda, turns, timerEvents, bridgePoints };
}

export function createRoomData(db: DoiThoaiDb, sessionId: () => string): Accessor<RoomData | undefined> {
  return createLiveQuery(sessionId, (id) => readRoom(db, id));
}
