/**
 * How the minutes (biên bản) of one session are laid out as a mergeable text
 * document: one document per session, one named text per entry.
 *
 * Why one text per entry and not one long text: each agenda item's notes and
 * each question and answer is its own place to type, so two devices writing in
 * different entries never interleave, and the minutes' layout (which entry
 * belongs to which item or speaker) comes from the records, not from parsing.
 * The names are stable ids, so renaming an agenda item or reordering the queue
 * never moves text.
 */

/** The document holding a session's minutes. */
export function minutesDocId(sessionId: string): string {
  return `minutes:${sessionId}`;
}

/** The session a minutes document belongs to, or null for an id that is not a minutes document's. */
export function sessionIdOfMinutesDoc(docId: string): string | null {
  return docId.startsWith('minutes:') && docId.length > 'minutes:'.length ? docId.slice('minutes:'.length) : null;
}

/** Notes taken under one agenda item. */
export function agendaNotesKey(agendaItemId: string): string {
  return `item:${agendaItemId}`;
}

/** A speaker's question as the secretary records it. */
export function questionKey(turnId: string): string {
  return `turn:${turnId}:q`;
}

/** The answer given in the room to that question. */
export function answerKey(turnId: string): string {
  return `turn:${turnId}:a`;
}

export type MinutesEntryRef =
  { readonly kind: 'agenda_notes'; readonly agendaItemId: string } | { readonly kind: 'question' | 'answer'; readonly turnId: string };

/** The entry a text name stands for, or null for a name this version does not know. */
export function parseEntryKey(key: string): MinutesEntryRef | null {
  const item = /^item:(.+)$/.exec(key);
  if (item) return { kind: 'agenda_notes', agendaItemId: item[1]! };
  const turn = /^turn:(.+):([qa])$/.exec(key);
  if (turn) return { kind: turn[2] === 'q' ? 'question' : 'answer', turnId: turn[1]! };
  return null;
}

/**
 * The text document of a conference's own documents (the notice, the report,
 * the blank form): the secretary's edits and the office's settings of those,
 * kept like the minutes (see src/documents/edits.ts). A session's documents
 * keep theirs in the session's minutes document.
 */
export function conferenceDocumentsDocId(conferenceId: string): string {
  return `documents:${conferenceId}`;
}

/** The conference a conference-documents document belongs to, or null for an id that is not one. */
export function conferenceIdOfDocumentsDoc(docId: string): string | null {
  const prefix = conferenceDocumentsDocId('');
  return docId.startsWith(prefix) && docId.length > prefix.length ? docId.slice(prefix.length) : null;
}
