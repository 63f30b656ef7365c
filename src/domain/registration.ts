/**
 * Registration forms (Phiếu đăng ký tham gia đối thoại) and the conference:
 * which forms came in time, and which questions can still be put in a
 * session's queue.
 *
 * Seed 004: a late form means the person is treated as not asking for
 * dialogue; they may still speak as anyone in the hall may, as a walk-in.
 */
import type { Registration, RegistrationDeadlineRule } from './model.ts';
import { personKey, phoneDigits, sameName } from './personName.ts';
import { isRegistrationOnTime, registrationDeadline, toVietnamLocal, type LocalDateTime, type WorkingDayCalendar } from './workingDays.ts';

export type Timeliness = 'on_time' | 'late' | 'no_date';

/** The conference's first session date decides the deadline; with no session yet there is nothing to be late for. */
export function firstSessionDate(sessions: readonly { date: string }[]): string | null {
  let first: string | null = null;
  for (const s of sessions) if (first === null || s.date < first) first = s.date;
  return first;
}

/**
 * Was the form in time? A fixed deadline (seed 004: 16:30 on 29/09/2023) is a
 * date of its own and is judged on receipt, before any session exists; "N days
 * before" counts back from the first session, so it waits for one.
 */
export function timeliness(
  form: Pick<Registration, 'receivedAt'>,
  rule: RegistrationDeadlineRule,
  conferenceDate: string | null,
  cal: WorkingDayCalendar,
): Timeliness {
  const deadline = deadlineFor(rule, conferenceDate, cal);
  if (deadline === null) return 'no_date';
  const received = toVietnamLocal(form.receivedAt);
  if (conferenceDate !== null) return isRegistrationOnTime(rule, conferenceDate, received, cal) ? 'on_time' : 'late';
  return received.date < deadline.date || (received.date === deadline.date && received.time <= deadline.time) ? 'on_time' : 'late';
}

export function deadlineFor(rule: RegistrationDeadlineRule, conferenceDate: string | null, cal: WorkingDayCalendar): LocalDateTime | null {
  if (rule.kind === 'fixed') return { date: rule.date, time: rule.time };
  return conferenceDate === null ? null : registrationDeadline(rule, conferenceDate, cal);
}

type Form = Pick<Registration, 'fullName' | 'organisation' | 'village' | 'procedureName' | 'field' | 'receivedAt'> & {
  readonly id: string;
  readonly deleted?: boolean;
  readonly outsideDialogue?: Registration['outsideDialogue'];
};

/** A complaint or denunciation: recorded, but not a dialogue question (seeds 001, 004). */
export function isOutsideDialogue(form: { readonly outsideDialogue?: string }): boolean {
  return !!form.outsideDialogue;
}

/**
 * Forms whose question can be put in the queue: in time, not a complaint, and
 * not already there (a turn of any status in this session that names the form;
 * a further turn for it is linked from the turn, see `formsHeardIn`).
 */
export function queueableRegistrations<F extends Form>(
  forms: readonly F[],
  turns: readonly { registrationId?: string | undefined; answersRegistrationIds?: readonly string[]; deleted?: boolean }[],
  isOnTime: (form: F) => boolean,
): F[] {
  const queued = new Set<string>();
  for (const t of turns) if (!t.deleted) for (const id of formsHeardIn(t)) queued.add(id);
  return forms.filter((f) => !f.deleted && !queued.has(f.id) && !isOutsideDialogue(f) && isOnTime(f)).sort((a, b) => a.receivedAt - b.receivedAt);
}

/** What a form puts in a new turn: the speaker, where they are from, and the question's topic and field. */
export function turnFromRegistration(form: Form): { speakerName: string; affiliation: string; topic: string; field: string; registrationId: string } {
  return {
    speakerName: form.fullName,
    affiliation: form.village || form.organisation,
    topic: form.procedureName,
    field: form.field,
    registrationId: form.id,
  };
}

/** The forms one turn answers: the one it was made from and the ones linked to it (people often ask the same thing). */
export function formsHeardIn(turn: { readonly registrationId?: string | undefined; readonly answersRegistrationIds?: readonly string[] }): string[] {
  const ids = turn.registrationId ? [turn.registrationId] : [];
  for (const id of turn.answersRegistrationIds ?? []) if (!ids.includes(id)) ids.push(id);
  return ids;
}

/**
 * Link `formId` to a turn as one more form it answers, or unlink it. The
 * turn's own form (`registrationId`) is not unlinked this way: it is the one
 * the turn was made from.
 */
export function linkedForms(turn: { readonly registrationId?: string | undefined; readonly answersRegistrationIds?: readonly string[] }, formId: string, link: boolean): string[] {
  const others = (turn.answersRegistrationIds ?? []).filter((id) => id !== formId && id !== turn.registrationId);
  return link && formId !== turn.registrationId ? [...others, formId] : others;
}

// ---------------------------------------------------------------- duplicates

type Comparable = Pick<Registration, 'fullName' | 'phone' | 'procedureName' | 'field'> & {
  readonly id: string;
  readonly deleted?: boolean;
  readonly distinctFrom?: readonly string[];
};

const WORD = /[\p{L}\p{N}]+/gu;
/** Words too common in procedure names to say two topics are alike. */
const COMMON_WORDS = new Set(['cap', 'giay', 've', 'thu', 'tuc', 'dang', 'ky', 'cho', 'cua', 'va', 'cac', 'viec', 'xin', 'de', 'nghi', 'lam', 'lai']);

function topicWords(topic: string): Set<string> {
  return new Set((personKey(topic).match(WORD) ?? []).filter((w) => !COMMON_WORDS.has(w)));
}

/**
 * Two topics are alike when the same field was chosen, or when half the
 * meaningful words of the shorter one are in the other ("cấp sổ đỏ thửa đất"
 * and "cấp giấy chứng nhận quyền sử dụng đất" share "đất"); a form with no topic
 * at all is alike any topic of the same person, since nothing tells them apart.
 */
export function similarTopics(a: Pick<Registration, 'procedureName' | 'field'>, b: Pick<Registration, 'procedureName' | 'field'>): boolean {
  const wa = topicWords(a.procedureName);
  const wb = topicWords(b.procedureName);
  if (wa.size === 0 || wb.size === 0) return a.field === '' || b.field === '' || personKey(a.field) === personKey(b.field);
  if (a.field !== '' && personKey(a.field) === personKey(b.field)) return true;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared += 1;
  return shared * 2 >= Math.min(wa.size, wb.size);
}

/**
 * The same person: names equal without case, marks or tone placement, and
 * phones that do not disagree (compared by their digits; a form without a
 * phone does not rule a match out, two different numbers do).
 */
export function samePerson(a: Pick<Registration, 'fullName' | 'phone'>, b: Pick<Registration, 'fullName' | 'phone'>): boolean {
  if (personKey(a.fullName) !== personKey(b.fullName)) return false;
  const pa = phoneDigits(a.phone);
  const pb = phoneDigits(b.phone);
  return pa === '' || pb === '' || pa === pb;
}

/**
 * The forms `form` may duplicate: the same person with a similar topic, not
 * already judged distinct by the office (on either form). Only offered: the
 * office merges or keeps both.
 */
export function possibleDuplicates<F extends Comparable>(form: Comparable, forms: readonly F[]): F[] {
  return forms.filter(
    (other) =>
      other.id !== form.id &&
      !other.deleted &&
      !(form.distinctFrom ?? []).includes(other.id) &&
      !(other.distinctFrom ?? []).includes(form.id) &&
      samePerson(form, other) &&
      similarTopics(form, other),
  );
}

/** Fields written by the citizen or the office as free text; merged so nothing typed is lost. */
const SHORT_TEXT = ['fullName', 'organisation', 'houseNumber', 'village', 'addressDetail', 'email', 'procedureName', 'field', 'deliveryNote', 'receivedBy', 'resultNote', 'redirectTo'] as const;
const LONG_TEXT = ['contentQuality', 'publication', 'initiatives', 'facilities', 'officialsAttitude', 'proposals', 'preparedAnswer'] as const;
const CHOICES = ['appointmentSlipGiven', 'feeReceiptGiven', 'resultTimeliness', 'outsideDialogue'] as const;

export type MergeableForm = Pick<Registration, (typeof SHORT_TEXT)[number] | (typeof LONG_TEXT)[number] | (typeof CHOICES)[number]> &
  Pick<Registration, 'phone' | 'signedOn' | 'receivedAt' | 'departmentId' | 'responderId' | 'routedOn' | 'distinctFrom' | 'mergedFrom' | 'mergedNote'> & { readonly id: string };

/** Where a value of the merged form that did not fit its field is kept, with the field's name. */
export interface MergeResult {
  readonly fields: Partial<Registration>;
  /** Values of `other` that differ from `keep`'s and could not be joined in their own field. */
  readonly kept: readonly { readonly field: string; readonly value: string }[];
}

const sameText = (a: string, b: string) => a.normalize('NFC').trim() === b.normalize('NFC').trim();

/**
 * Merge `other` into `keep`, field by field, so nothing typed is lost:
 * - a field empty on one form takes the other's value;
 * - two different long answers are joined, one after the other;
 * - two different short values (a second address, a second phone) cannot share
 *   one field, so `keep`'s stays and `other`'s goes into `kept`, which the
 *   caller writes into the merged form's result note (with the field's label);
 * - a choice left "unknown" takes the other's answer;
 * - the earlier receipt decides timeliness: the person asked in time once.
 * The caller deletes `other` in the same commit.
 */
export function mergeRegistrations(keep: MergeableForm, other: MergeableForm): MergeResult {
  const fields: Record<string, unknown> = {};
  const kept: { field: string; value: string }[] = [];
  for (const f of SHORT_TEXT) {
    const a = keep[f];
    const b = other[f];
    if (sameText(a, b) || b.trim() === '') continue;
    if (a.trim() === '') fields[f] = b;
    else if (f === 'fullName' ? personKey(a) !== personKey(b) || !sameName(a, b) : true) kept.push({ field: f, value: b });
  }
  if (phoneDigits(other.phone) !== '' && phoneDigits(other.phone) !== phoneDigits(keep.phone)) {
    if (phoneDigits(keep.phone) === '') fields.phone = other.phone;
    else kept.push({ field: 'phone', value: other.phone });
  }
  for (const f of LONG_TEXT) {
    const a = keep[f];
    const b = other[f];
    if (b.trim() === '' || a.includes(b.trim())) continue;
    fields[f] = a.trim() === '' ? b : `${a.trimEnd()}\n${b.trim()}`;
  }
  for (const f of CHOICES) {
    const a = keep[f];
    const b = other[f];
    if ((a === 'unknown' || a === '') && b !== 'unknown' && b !== '') fields[f] = b;
    else if (a !== b && b !== 'unknown' && b !== '') kept.push({ field: f, value: b });
  }
  if (other.receivedAt < keep.receivedAt) fields.receivedAt = other.receivedAt;
  if (other.signedOn !== '' && (keep.signedOn === '' || other.signedOn < keep.signedOn)) fields.signedOn = other.signedOn;
  for (const f of ['departmentId', 'responderId', 'routedOn'] as const) if (!keep[f] && other[f]) fields[f] = other[f];
  fields.mergedFrom = [...keep.mergedFrom, other.id, ...other.mergedFrom.filter((id) => !keep.mergedFrom.includes(id))];
  const distinct = [...keep.distinctFrom, ...other.distinctFrom.filter((id) => !keep.distinctFrom.includes(id) && id !== keep.id)];
  if (distinct.length !== keep.distinctFrom.length) fields.distinctFrom = distinct;
  return { fields: fields as Partial<Registration>, kept };
}

// ---------------------------------------------------------------- routing and the overview

/** Where a form stands, from the office's intake to the room. */
export const ROUTING_STATUSES = ['outside_dialogue', 'late', 'not_routed', 'routed', 'answer_prepared', 'in_queue', 'heard'] as const;
export type RoutingStatus = (typeof ROUTING_STATUSES)[number];

type Routable = Pick<Registration, 'field' | 'departmentId' | 'preparedAnswer' | 'outsideDialogue'> & { readonly id: string; readonly deleted?: boolean };
type TurnOfForms = { readonly registrationId?: string | undefined; readonly answersRegistrationIds?: readonly string[]; readonly status: string; readonly deleted?: boolean };

/**
 * One status per form, the furthest it has come: a complaint and a late form
 * stop where they are; otherwise heard (a finished turn answers it) > in the
 * queue > answer prepared > routed (a department assigned) > not routed.
 */
export function routingStatus(form: Routable, late: boolean, turns: readonly TurnOfForms[]): RoutingStatus {
  if (isOutsideDialogue(form)) return 'outside_dialogue';
  if (late) return 'late';
  const mine = turns.filter((t) => !t.deleted && t.status !== 'withdrawn' && formsHeardIn(t).includes(form.id));
  if (mine.some((t) => t.status === 'done' || t.status === 'speaking')) return 'heard';
  if (mine.length > 0) return 'in_queue';
  if (!form.departmentId) return 'not_routed';
  return form.preparedAnswer.trim() ? 'answer_prepared' : 'routed';
}

export interface OverviewRow {
  /** The field's name, or the department's id; '' for forms with none yet. */
  readonly key: string;
  readonly total: number;
  readonly byStatus: Readonly<Record<RoutingStatus, number>>;
}

export interface RegistrationOverview {
  readonly total: number;
  readonly byStatus: Readonly<Record<RoutingStatus, number>>;
  readonly byField: readonly OverviewRow[];
  readonly byDepartment: readonly OverviewRow[];
}

const zero = () => Object.fromEntries(ROUTING_STATUSES.map((s) => [s, 0])) as Record<RoutingStatus, number>;

/** The forms counted by field, by department and by status: what the office checks before the meeting. */
export function registrationOverview<F extends Routable>(forms: readonly F[], isLate: (form: F) => boolean, turns: readonly TurnOfForms[]): RegistrationOverview {
  const byStatus = zero();
  const fields = new Map<string, { total: number; byStatus: Record<RoutingStatus, number> }>();
  const departments = new Map<string, { total: number; byStatus: Record<RoutingStatus, number> }>();
  const add = (map: typeof fields, key: string, status: RoutingStatus) => {
    const row = map.get(key) ?? { total: 0, byStatus: zero() };
    row.total += 1;
    row.byStatus[status] += 1;
    map.set(key, row);
  };
  let total = 0;
  for (const f of forms) {
    if (f.deleted) continue;
    const status = routingStatus(f, isLate(f), turns);
    total += 1;
    byStatus[status] += 1;
    add(fields, f.field, status);
    add(departments, f.departmentId ?? '', status);
  }
  const rows = (map: typeof fields) =>
    [...map.entries()]
      .map(([key, r]) => ({ key, ...r }))
      // The unclassified last: it is the office's to-do, not a field.
      .sort((a, b) => (a.key === '' ? 1 : b.key === '' ? -1 : a.key.localeCompare(b.key, 'vi')));
  return { total, byStatus, byField: rows(fields), byDepartment: rows(departments) };
}
