/** Turns the room rules' output into changes for the one write path. */
import { standardAgenda } from '../../domain/agenda.ts';
import type { RoomChanges } from '../../domain/room.ts';
import { create, update, type Change, type Scope } from '../../storage/changes.ts';
import type { Row } from '../../storage/queries.ts';

export function sessionScope(session: Row<'sessions'>): Scope {
  return { unitId: session.unitId, conferenceId: session.conferenceId };
}

export function roomChanges(session: Row<'sessions'>, changes: RoomChanges): Change[] {
  return [
    ...changes.turns.map((c) => update('speakerTurns', c.id, c.fields)),
    ...changes.timerEvents.map((e) => create('timerEvents', sessionScope(session), { sessionId: session.id, ...e })),
  ];
}

/** The standard running order as records of a new session (also used when a session is created). */
export function standardAgendaChanges(session: Pick<Row<'sessions'>, 'id' | 'unitId' | 'conferenceId' | 'chairName'>) {
  return standardAgenda().map((item) =>
    create('agendaItems', { unitId: session.unitId, conferenceId: session.conferenceId }, {
      sessionId: session.id,
      step: item.step,
      title: item.title,
      position: item.position,
      plannedMinutes: item.plannedMinutes,
      presenter: item.step === 'chair_statement' || item.step === 'conclusion' ? session.chairName : '',
      startedAt: null,
      endedAt: null,
    }),
  );
}

