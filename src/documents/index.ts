/**
 * The documents of a conference: build one from the records, apply the
 * secretary's edits. Renderers are separate modules (pdf.ts, docx.ts), loaded
 * only when a file is exported.
 */
import { live, type ConferenceRecords } from './inputs.ts';
import { buildInvitations, buildInviteeList } from './invitations.ts';
import { buildMinutes } from './minutes.ts';
import { firstSessionDate } from '../domain/registration.ts';
import { resultsNoticeDue } from '../domain/workingDays.ts';
import type { DocumentKind, OfficialDocument } from './model.ts';
import { buildNotice } from './notice.ts';
import { buildRegistrationForm } from './registrationForm.ts';
import { buildReport } from './report.ts';
import type { DocumentSettings } from './settings.ts';

export * from './model.ts';
export * from './settings.ts';
export * from './edits.ts';
export type { ConferenceRecords, SessionRecords, TurnRecord } from './inputs.ts';
export { conferenceStatistics, type ConferenceStatistics } from './statistics.ts';
export { live };

export type DocumentProblem = 'no_session' | 'no_invitees';

/**
 * Builds `kind` for the conference, or for `sessionId` for a session's
 * documents. Returns a problem code instead of an empty file when there is
 * nothing to put in it.
 */
export function buildDocument(
  kind: DocumentKind,
  records: ConferenceRecords,
  sessionId: string | null,
  settings: DocumentSettings,
): OfficialDocument | DocumentProblem {
  switch (kind) {
    case 'notice':
      return buildNotice(records, settings);
    case 'report':
      return buildReport(records, settings);
    case 'registration_form':
      return buildRegistrationForm(records);
  }
  const session = records.sessions.find((s) => s.session.id === sessionId && !s.session.deleted);
  if (!session) return 'no_session';
  switch (kind) {
    case 'minutes':
      return buildMinutes(records, session, settings);
    case 'invitations': {
      const doc = buildInvitations(records, session, settings);
      return doc.sections.length ? doc : 'no_invitees';
    }
    case 'invitee_list':
      return buildInviteeList(records, session, settings);
  }
}

/** The day the notice of results is due: 7 working days after the conference's first session (seed 002). */
export function noticeDue(records: ConferenceRecords): string | null {
  const first = firstSessionDate(live(records.sessions.map((s) => s.session)));
  return first ? resultsNoticeDue(records.calendar, first) : null;
}
