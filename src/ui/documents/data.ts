/**
 * The records a conference's documents are built from, read in one go for a
 * live query: any change to them (a late correction of a name, an outcome
 * changed by the chair) rebuilds the documents.
 */
import { parseEntryKey } from '../../domain/minutesDoc.ts';
import { toVietnamLocal } from '../../domain/workingDays.ts';
import type { ConferenceRecords, SessionRecords } from '../../documents/index.ts';
import type { DoiThoaiDb } from '../../storage/db.ts';
import type * as Y from 'yjs';
import { currentUnit, getRecord, listAll, listBy, listBySession, listSessions } from '../../storage/queries.ts';
import { workingDayCalendar } from '../calendar.ts';

export { conferenceDocumentsDocId } from '../../domain/minutesDoc.ts';

/**
 * The records, without the minutes' texts: those come from the open Yjs
 * documents (live, and never read inside a live query, where Dexie's cache
 * would hand back the stored updates cloned into plain objects).
 */
export async function readConferenceRecords(db: DoiThoaiDb, conferenceId: string, now: number): Promise<ConferenceRecords | null> {
  const [unit, conference] = await Promise.all([currentUnit(db), getRecord(db, 'conferences', conferenceId)]);
  if (!unit || !conference) return null;
  const [sessionRows, departments, registrations, followUps, surveys] = await Promise.all([
    listSessions(db, conferenceId),
    listAll(db, 'departments'),
    listBy(db, 'registrations', 'conferenceId', conferenceId),
    listBy(db, 'followUps', 'conferenceId', conferenceId),
    listBy(db, 'surveyResponses', 'conferenceId', conferenceId),
  ]);
  const sessions: SessionRecords[] = await Promise.all(
    sessionRows.map(async (session) => {
      const [agenda, attendees, turns, bridgePoints] = await Promise.all([
        listBySession(db, 'agendaItems', session.id),
        listBySession(db, 'attendees', session.id),
        listBySession(db, 'speakerTurns', session.id),
        listBySession(db, 'bridgePoints', session.id),
      ]);
      // The chair's general conclusion, on sessions recorded by a version that has it (the room issue).
      const conclusion: unknown = 'chairConclusion' in session ? session.chairConclusion : undefined;
      return {
        session,
        agenda,
        attendees,
        turns,
        bridgePoints,
        texts: {},
        ...(typeof conclusion === 'string' && conclusion ? { generalConclusion: conclusion } : {}),
      };
    }),
  );
  return {
    unit,
    conference,
    departments: Object.fromEntries(departments.map((d) => [d.id, d])),
    sessions,
    registrations,
    followUps,
    surveys,
    calendar: workingDayCalendar,
    today: toVietnamLocal(now).date,
  };
}

/** The minutes' entries of an open minutes document (not the documents' own edits and settings kept beside them). */
export function minutesTexts(doc: Y.Doc): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const name of doc.share.keys()) if (parseEntryKey(name)) texts[name] = doc.getText(name).toString();
  return texts;
}
