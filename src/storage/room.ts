/**
 * The chair's actions, applied inside the write transaction: the room's records
 * are read in the same IndexedDB transaction that writes the decision, so an
 * action always lands on the room as it is, not as a screen last showed it
 * (see commitAction). This is also the one place the room rules' output becomes
 * changes for the write path.
 */
import { chairAction, type ChairAction, type ChairActionResult, type RoomChanges, type RoomState } from '../domain/room.ts';
import { create, remove, update, type Change, type Scope } from './changes.ts';
import type { DoiThoaiDb } from './db.ts';
import { getRecord, listBy, listBySession, type Row } from './queries.ts';
import { commitAction } from './write.ts';

export type { ChairAction, ChairActionResult };

/** The changes for the write path; timer events and follow-ups belong to the session's conference. */
export function roomChanges(scope: Scope & { readonly sessionId: string }, changes: RoomChanges): Change[] {
  const { sessionId, ...recordScope } = scope;
  return [
    ...changes.turns.map((c) => update('speakerTurns', c.id, c.fields)),
    ...changes.timerEvents.map((e) => create('timerEvents', recordScope, { sessionId, ...e })),
    ...(changes.followUps ?? []).map((f) =>
      f.kind === 'create' ? create('followUps', recordScope, f.fields, f.id) : f.kind === 'update' ? update('followUps', f.id, f.fields) : remove('followUps', f.id),
    ),
  ];
}

interface ReadRoom {
  readonly session: Row<'sessions'> | undefined;
  readonly room: RoomState;
}

async function readRoomState(db: DoiThoaiDb, sessionId: string): Promise<ReadRoom> {
  const session = await getRecord(db, 'sessions', sessionId);
  const [turns, timerEvents, followUps] = await Promise.all([
    listBySession(db, 'speakerTurns', sessionId),
    listBySession(db, 'timerEvents', sessionId),
    session ? listBy(db, 'followUps', 'conferenceId', session.conferenceId) : Promise.resolve([]),
  ]);
  return {
    session,
    room: { limitMs: session?.speakingLimitMs ?? 0, turns, timerEvents, followUps, ...(session ? { sessionDate: session.date } : {}) },
  };
}

/**
 * Run one chair action on session `sessionId`. `now` is the room's clock
 * (`store.now`: the server-corrected time once sync runs), read for the HLC
 * stamps; `at`, the moment the action was asked for, goes into timer events
 * and the turn's times.
 */
export async function runChairAction(
  db: DoiThoaiDb,
  sessionId: string,
  action: ChairAction,
  now: () => number = Date.now,
  at: number = now(),
): Promise<ChairActionResult> {
  return commitAction(
    db,
    {
      tables: ['sessions', 'speakerTurns', 'timerEvents', 'followUps'],
      read: () => readRoomState(db, sessionId),
      decide: ({ session, room }, at) => {
        if (!session) return { changes: [], result: { ok: false, reason: 'not_found' } };
        const result = chairAction(room, action, at);
        const scope = { unitId: session.unitId, conferenceId: session.conferenceId, sessionId };
        return { changes: result.ok ? roomChanges(scope, result.changes) : [], result };
      },
    },
    now,
    at,
  );
}
