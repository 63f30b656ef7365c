/**
 * The documents of a conference: build one from the records, apply the
 * secretary's edits. Renderers are separate modules (pdf.ts, docx.ts), loaded
 * only when a file is exported.
 */
import { live, type ConferenceRecords, type SessionRecords } from './inputs.ts';
import { buildInvitations, buildInviteeList } from './invitations.ts';
import { buildMinutes } from './minutes.ts';
import { SESSION_DOCUMENTS, type DocumentKind, type OfficialDocument } from './model.ts';
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
  let session: SessionRecords | undefined;
  if (SESSION_DOCUMENTS.includes(kind)) {
    session = records.sessions.find((s) => s.session.id === sessionId && !s.session.deleted);
    if (!session) return 'no_session';
  }
  switch (kind) {
    case 'minutes':
      return buildMinutes(records, session!, settings);
    case 'invitations': {
      const doc = buildInvitations(records, session!, settings);
      return doc.sections.length ? doc : 'no_invitees';
    }
    case 'invitee_list':
      return buildInviteeList(records, session!, settings);
    case 'notice':
      return buildNotice(records, settings);
    case 'report':
      return buildReport(records, settings);
    case 'registration_form':
      return buildRegistrationForm(records);
  }
}
