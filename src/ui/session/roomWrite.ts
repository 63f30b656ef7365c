/**
 * Records a session's screens create. The chair's actions on the floor are not
 * here: they are decided inside the write transaction (storage/room.ts).
 */
import { standardAgenda } from '../../domain/agenda.ts';
import { create, type Scope } from '../../storage/changes.ts';
import type { Row } from '../../storage/queries.ts';

export function sessionScope(session: Row<'sessions'>): Scope {
  return { unitId: session.unitId, conferenceId: session.conferenceId };
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

