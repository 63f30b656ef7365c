/**
 * Who may do what: ONE table, read by the office server (which is the judge:
 * every pushed change is checked against it) and by the app (which hides a
 * button the server would refuse). Written to be read by an official: one line
 * per kind of record, one column per role.
 *
 * Every role reads every record of its own unit (personal data aside, see
 * `PERSONAL_FIELDS`); nobody reads or writes another unit's records (checked by
 * the server from the account's unit, not here). A cell says what the role may
 * WRITE in that kind of record:
 *   ALL            create, change and delete the record, every field;
 *   [fields...]    change only these fields of an existing record (no create, no delete);
 *   NONE           nothing.
 */
import { conferenceDocumentsDocId } from './minutesDoc.ts';
import type { TableName } from './model.ts';

export const ROLES = ['admin', 'chair', 'secretary', 'office', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** What a role may write in one kind of record. */
export type Grant = 'all' | 'none' | readonly string[];

const ALL: Grant = 'all';
const NONE: Grant = 'none';

/**
 * The texts (Yjs documents), which are not record tables but are written like
 * ones: a session's minutes (with the secretary's edits of its biên bản), and a
 * conference's documents (the edits and settings of its thông báo, báo cáo, giấy mời).
 */
export type WritableKind = TableName | 'minutesText' | 'documentsText';

/**
 * One line per kind of record; in each line the roles: admin (quản trị), chair
 * (chủ trì), secretary (thư ký), office (văn phòng / đầu mối KSTTHC), viewer (chỉ xem).
 */
export const ACCESS_TABLE: Readonly<Record<WritableKind, Readonly<Record<Role, Grant>>>> = {
  /** The unit itself (name, address): set up by the office. */
  units: { admin: ALL, chair: NONE, secretary: NONE, office: ALL, viewer: NONE },
  departments: { admin: ALL, chair: NONE, secretary: NONE, office: ALL, viewer: NONE },
  responders: { admin: ALL, chair: NONE, secretary: NONE, office: ALL, viewer: NONE },
  /** The plan and its sessions are prepared by the office. */
  conferences: { admin: ALL, chair: NONE, secretary: NONE, office: ALL, viewer: NONE },
  /**
   * The chair changes the speaking limit of a session from the chair's screen; the chair's general
   * conclusion of the session is the chair's words, written down by the secretary in the minutes.
   * Either records that the chair announced the recording (issue 11).
   */
  sessions: {
    admin: ALL,
    chair: ['speakingLimitMs', 'chairConclusion', 'recordingAnnouncedAt'],
    // The secretary notes in the minutes that the chair announced the recording.
    secretary: ['chairConclusion', 'recordingAnnouncedAt'],
    office: ALL,
    viewer: NONE,
  },
  bridgePoints: { admin: ALL, chair: NONE, secretary: NONE, office: ALL, viewer: NONE },
  /** The chair runs the agenda (starts and ends items, reorders); the office prepares it. */
  agendaItems: { admin: ALL, chair: ALL, secretary: NONE, office: ALL, viewer: NONE },
  /** The attendance list and check-in are the office's. */
  attendees: { admin: ALL, chair: NONE, secretary: NONE, office: ALL, viewer: NONE },
  registrations: { admin: ALL, chair: NONE, secretary: NONE, office: ALL, viewer: NONE },
  /**
   * The chair runs the queue: adds, reorders, calls, withdraws. The secretary
   * records what was concluded (the disposition and the chair's conclusion), never the order or the status.
   */
  speakerTurns: { admin: ALL, chair: ALL, secretary: ['disposition', 'responderName', 'conclusion'], office: NONE, viewer: NONE },
  /** The 5-minute clock: the chair's alone. */
  timerEvents: { admin: ALL, chair: ALL, secretary: NONE, office: NONE, viewer: NONE },
  /**
   * Written replies after the conference: the office's. A "written reply"
   * disposition made in the room creates its follow-up (and undoing it removes
   * it), so the chair and the secretary write them too.
   */
  followUps: { admin: ALL, chair: ALL, secretary: ALL, office: ALL, viewer: NONE },
  surveyResponses: { admin: ALL, chair: NONE, secretary: NONE, office: ALL, viewer: NONE },
  /** The unit's working-day calendar (days off, make-up Saturdays): kept by the office; every deadline reads it. */
  calendarYears: { admin: ALL, chair: NONE, secretary: NONE, office: ALL, viewer: NONE },
  /** The minutes text: the secretary's (and the admin's). */
  minutesText: { admin: ALL, chair: NONE, secretary: ALL, office: NONE, viewer: NONE },
  /** The conference's documents (notice of results, report, invitations): prepared by the office; the secretary edits them too. */
  documentsText: { admin: ALL, chair: NONE, secretary: ALL, office: ALL, viewer: NONE },
};

/** Which text a Yjs document id names (`domain/minutesDoc.ts`): a conference's documents, or else a session's minutes. */
export function textKindOf(docId: string): 'minutesText' | 'documentsText' {
  return docId.startsWith(conferenceDocumentsDocId('')) ? 'documentsText' : 'minutesText';
}

/**
 * Personal data (Decree 13/2023/NĐ-CP): phone numbers, addresses and e-mails.
 * Sent only to the roles in `SEES_PERSONAL_DATA`; every other role receives
 * these fields empty. Names, village or organisation and the question are not
 * listed: the chair and the hall display need them.
 */
export const PERSONAL_FIELDS: Readonly<Partial<Record<TableName, readonly string[]>>> = {
  // mergedNote: what a merged duplicate said differently, often a second phone or address.
  registrations: ['phone', 'houseNumber', 'addressDetail', 'email', 'mergedNote'],
};

/** Fields that identify the person, blanked (besides the personal fields) when their data is erased on request. */
export const IDENTIFYING_FIELDS: Readonly<Partial<Record<TableName, readonly string[]>>> = {
  registrations: ['fullName', 'organisation', 'phone', 'houseNumber', 'addressDetail', 'email', 'mergedNote', 'deliveryNote'],
  attendees: ['name', 'title', 'organisation'],
};

export const SEES_PERSONAL_DATA: readonly Role[] = ['admin', 'office'];

/** What an erased name reads as on every device (the schemas need a name to be non-empty). */
export const ERASED_NAME = '(đã xoá theo yêu cầu)';

/** Who may read a record's history and export or erase one person's data. */
export const SEES_HISTORY: readonly Role[] = ['admin', 'office', 'chair', 'secretary'];
export const MANAGES_PERSONAL_DATA: readonly Role[] = ['admin', 'office'];

/**
 * The hall's audio (issue 11), one line per role. Voices are personal data (Decree 13/2023/NĐ-CP):
 *   records   may record the hall on a tablet;
 *   sends     may upload a recording to the office server (the recorders, and the administrator
 *             for a tablet recorded on before it was enrolled to them);
 *   hears     may play and download it, on the device and from the server (never another unit's).
 * A viewer does none of these: the hall display and a lent tablet never carry voices.
 */
export const AUDIO_TABLE: Readonly<Record<Role, { readonly records: boolean; readonly sends: boolean; readonly hears: boolean }>> = {
  admin: /*     */ { records: false, sends: true, hears: true },
  chair: /*     */ { records: true, sends: true, hears: true },
  secretary: /* */ { records: true, sends: true, hears: true },
  office: /*    */ { records: false, sends: false, hears: true },
  viewer: /*    */ { records: false, sends: false, hears: false },
};
export const RECORDS_AUDIO: readonly Role[] = ROLES.filter((r) => AUDIO_TABLE[r].records);
export const SENDS_AUDIO: readonly Role[] = ROLES.filter((r) => AUDIO_TABLE[r].sends);
export const HEARS_AUDIO: readonly Role[] = ROLES.filter((r) => AUDIO_TABLE[r].hears);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function seesPersonalData(roles: readonly Role[]): boolean {
  return roles.some((r) => SEES_PERSONAL_DATA.includes(r));
}

export function hasAnyRole(roles: readonly Role[], wanted: readonly Role[]): boolean {
  return roles.some((r) => wanted.includes(r));
}

/** Why a write is refused, for the person who tried it. */
export type WriteDenial = { readonly ok: false; readonly field?: string };
export type WriteDecision = { readonly ok: true } | WriteDenial;

/**
 * May someone with `roles` write `fields` of a record of `kind`? `exists`:
 * the record is already known (a field grant changes records, it never creates
 * or deletes one). With several roles, any role that allows it is enough.
 */
export function mayWrite(roles: readonly Role[], kind: WritableKind, fields: readonly string[], exists: boolean): WriteDecision {
  let firstRefused: string | undefined;
  for (const role of roles) {
    const grant = ACCESS_TABLE[kind][role];
    if (grant === 'all') return { ok: true };
    if (grant === 'none' || !exists) continue;
    const outside = fields.find((f) => f === 'deleted' || !grant.includes(f));
    if (outside === undefined) return { ok: true };
    firstRefused ??= outside;
  }
  return firstRefused === undefined ? { ok: false } : { ok: false, field: firstRefused };
}

/** May the role write anything at all in this kind of record: what the app asks before showing a control. */
export function mayWriteAny(roles: readonly Role[], kind: WritableKind, field?: string): boolean {
  return roles.some((role) => {
    const grant = ACCESS_TABLE[kind][role];
    if (grant === 'all') return true;
    if (grant === 'none') return false;
    return field === undefined || grant.includes(field);
  });
}

/**
 * "Nhập tệp" (a file from another device): a file brings whole records of a
 * unit, its conferences with their sessions above all (`sync/file.ts`), so it
 * is offered to the roles that may create those. Every change it brings is
 * still judged by the server at the next sync, kind by kind.
 */
export const FILE_IMPORT_KINDS: readonly WritableKind[] = ['conferences', 'sessions'];

/** May someone with `roles` bring a file in: create and delete records of every kind a file is made of. */
export function mayImportFiles(roles: readonly Role[]): boolean {
  // 'deleted' is in no field grant: only a grant of the whole record passes (see `mayWrite`).
  return FILE_IMPORT_KINDS.every((kind) => mayWriteAny(roles, kind, 'deleted'));
}

/**
 * The fields of a change as a role may receive them: personal fields blanked
 * (kept present, so the record stays valid on the device, with their stamp, so
 * a later real value from the office still merges in order).
 */
export function redactForRoles(
  roles: readonly Role[],
  table: string,
  fields: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  const personal = PERSONAL_FIELDS[table as TableName];
  if (!personal || seesPersonalData(roles)) return fields;
  let out: Record<string, unknown> | null = null;
  for (const name of personal) {
    if (name in fields && fields[name] !== '') {
      out ??= { ...fields };
      out[name] = '';
    }
  }
  return out ?? fields;
}
