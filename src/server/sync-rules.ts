/**
 * What the server does with one pushed change, as pure functions: given the
 * stored state and the change, either the new state or a refusal with its
 * reason. No database and no clock here (`now` comes in), so every rule can be
 * tested on its own and the store only does the reading and writing.
 *
 * The order of the checks is the order a person would want to hear about
 * problems: a malformed change first, then a clock that is wrong, then a change
 * that names the wrong unit or conference, and only then the record's own rules.
 */
import * as Y from 'yjs';
import { parseHlc, type Hlc } from '../domain/clock.ts';
import { mergeFields } from '../domain/merge.ts';
import { conferenceIdOfDocumentsDoc, minutesDocId } from '../domain/minutesDoc.ts';
import type { TableName } from '../domain/model.ts';
import { validateRecord, type FieldIssue } from '../domain/validate.ts';
import { SYNC_LIMITS, type Change, type RecordChange, type RefusalReason, type TextChange } from '../protocol/index.ts';

/** A record as the server holds it: merged fields (with `deleted`) and each field's winning stamp. */
export interface RecordState {
  readonly unitId: string;
  readonly conferenceId: string | null;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly stamps: Readonly<Record<string, Hlc>>;
}

export interface TextDocState {
  readonly unitId: string;
  readonly conferenceId: string | null;
  readonly state: Uint8Array;
  readonly mergesSinceCompact: number;
}

export type Refusal = { readonly ok: false; readonly reason: RefusalReason; readonly details?: unknown };
export type Decision<T> = { readonly ok: true; readonly state: T } | Refusal;

/**
 * Fields that are the record's bookkeeping, carried beside the fields on the
 * wire (`id`, `unitId`) or computed from them (`stamps`, `updatedAt`): a change
 * that writes one as a field would give the record two answers to one question.
 * (`conferenceId` is allowed: a session carries it both as its scope and as a field.)
 */
const RESERVED_FIELDS = new Set(['id', 'unitId', 'stamps', 'updatedAt']);
/** Field names are camelCase identifiers; anything else (`__proto__`, `a.b`, '') is a broken or hostile client. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function refuse(reason: RefusalReason, details?: unknown): Refusal {
  return details === undefined ? { ok: false, reason } : { ok: false, reason, details };
}

/** A problem with the change's own shape, which no merge could fix: `details.problem` names it. */
function malformed(problem: string, field?: string): Refusal {
  return refuse('validation_failed', field === undefined ? { problem } : { problem, field });
}

/** Stamps (and the change's `hlc`) more than `maxFutureMs` ahead of the server are a device with a wrong clock. */
function clockSkew(stamps: readonly string[], now: number): Refusal | null {
  for (const stamp of stamps) {
    const parts = parseHlc(stamp);
    if (parts && parts.ms - now > SYNC_LIMITS.maxFutureMs) {
      return refuse('clock_skew', { stamp, serverTime: now, maxFutureMs: SYNC_LIMITS.maxFutureMs });
    }
  }
  return null;
}

function sameScope(
  a: { unitId: string; conferenceId: string | null },
  b: { unitId: string; conferenceId?: string | null | undefined },
): boolean {
  return a.unitId === b.unitId && a.conferenceId === (b.conferenceId ?? null);
}

/**
 * One record change against the stored record (`undefined`: the server has
 * never seen it).
 *
 * The merge is `domain/merge.ts` (per field, the higher stamp wins), exactly as
 * on the devices. The merged record is then validated with the same schema the
 * app's write path uses. **When the merge would produce a record the schema
 * refuses**, the change is refused as a whole (`validation_failed` with the
 * field issues) and nothing of it is applied: the stored record stays as it
 * was, the device keeps the change and shows why. Tombstoned records are not
 * validated: a deleted record has nothing left to be right or wrong about.
 * A change to a record the server has not got must therefore carry the fields
 * its schema requires (a device's first change of a record is its creation).
 */
export function decideRecordChange(
  current: RecordState | undefined,
  change: RecordChange,
  now: number,
  unitOfParent: UnitOfRecord = () => undefined,
): Decision<RecordState> {
  const fieldNames = Object.keys(change.fields);
  for (const name of fieldNames) {
    if (!FIELD_NAME.test(name) || RESERVED_FIELDS.has(name)) return malformed('reserved_or_invalid_field', name);
    if (!Object.hasOwn(change.stamps, name)) return malformed('field_without_stamp', name);
  }
  for (const name of Object.keys(change.stamps)) {
    if (!Object.hasOwn(change.fields, name)) return malformed('stamp_without_field', name);
  }
  if ('deleted' in change.fields && typeof change.fields.deleted !== 'boolean') return malformed('deleted_not_boolean', 'deleted');

  const skew = clockSkew([...Object.values(change.stamps), change.hlc], now);
  if (skew) return skew;

  if (current && !sameScope(current, change)) {
    return refuse('scope_mismatch', { unitId: current.unitId, conferenceId: current.conferenceId });
  }
  // A unit is its own scope: its id is the unitId every record of it carries.
  if (change.table === 'units' && change.id !== change.unitId) return refuse('scope_mismatch', { unitId: change.id, conferenceId: null });
  const foreign = parentsOf(change).find((p) => {
    // An existing record's conference was checked when it was made, and its scope cannot change (above).
    if (p.field === 'conferenceId' && current) return false;
    const unit = unitOfParent(p.table, p.id);
    return unit !== undefined && unit !== change.unitId;
  });
  if (foreign) return refuse('scope_mismatch', { field: foreign.field, problem: 'parent_in_other_unit' });

  const merged = mergeFields(current?.fields, current?.stamps, change);
  const { deleted, ...content } = merged.record;
  if (deleted !== true) {
    const check = validateRecord(change.table as TableName, content);
    if (!check.ok) return refuse('validation_failed', { issues: check.issues satisfies FieldIssue[] });
    // A session names its conference as a field too: it must be the one it is scoped to.
    const ownConference = content.conferenceId;
    const scopeConference = change.conferenceId ?? null;
    if (typeof ownConference === 'string' && scopeConference !== null && ownConference !== scopeConference) {
      return refuse('scope_mismatch', { field: 'conferenceId', conferenceId: scopeConference });
    }
  }
  return {
    ok: true,
    state: { unitId: change.unitId, conferenceId: change.conferenceId ?? null, fields: merged.record, stamps: merged.stamps },
  };
}

/** The unit of a record the server holds, or undefined when it holds none by that id. */
export type UnitOfRecord = (table: string, id: string) => string | undefined;

/** A record a change names as its parent, and the field (or scope) that names it. */
export interface ParentRef {
  readonly table: 'conferences' | 'sessions' | 'speakerTurns';
  readonly id: string;
  readonly field: 'conferenceId' | 'sessionId' | 'turnId';
}

/**
 * The records a change hangs under: its conference (its scope), and the
 * session or turn its fields name. Each must be of the change's own unit, or
 * a device of one commune could put a turn, a timer event or an attendee into
 * another commune's session by writing its own unit id beside the other's
 * session id. A parent the server does not hold yet passes (offline devices
 * push in any order); one it holds in another unit is refused.
 */
export function parentsOf(change: RecordChange): ParentRef[] {
  const out: ParentRef[] = [];
  const conferenceId = change.conferenceId ?? null;
  if (conferenceId !== null && !(change.table === 'conferences' && change.id === conferenceId)) {
    out.push({ table: 'conferences', id: conferenceId, field: 'conferenceId' });
  }
  const { sessionId, turnId } = change.fields;
  if (typeof sessionId === 'string' && sessionId !== '') out.push({ table: 'sessions', id: sessionId, field: 'sessionId' });
  if (typeof turnId === 'string' && turnId !== '') out.push({ table: 'speakerTurns', id: turnId, field: 'turnId' });
  return out;
}

/** Merges this many updates into the stored state before compacting it through a Y.Doc. */
export const COMPACT_EVERY = 100;

/** An empty Yjs document, as an update. */
export const EMPTY_UPDATE: Uint8Array = Y.encodeStateAsUpdate(new Y.Doc());

/** Whether bytes are a well-formed Yjs (V1) update; garbage must be refused, never merged into a document. */
export function isYjsUpdate(bytes: Uint8Array): boolean {
  try {
    Y.decodeUpdate(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * One text change against the stored document. `sessionUnit` is the unit of
 * the session the document belongs to, when the server holds that session: a
 * document can only be written in the unit of its session. Likewise a
 * conference's documents (`documents:<conferenceId>`): they are scoped to that
 * conference, and `conferenceUnit`, when the server holds the conference, is
 * the only unit that may write them (so another unit cannot claim a
 * conference's documents before its own devices have sent them).
 */
export function decideTextChange(
  current: TextDocState | undefined,
  change: TextChange,
  update: Uint8Array,
  sessionUnit: string | undefined,
  conferenceUnit?: string,
): Decision<TextDocState> {
  if (!isYjsUpdate(update)) return malformed('invalid_text_update', 'update');
  const ownConference = conferenceIdOfDocumentsDoc(change.docId);
  if (ownConference !== null && (change.conferenceId ?? null) !== ownConference) {
    return refuse('scope_mismatch', { field: 'conferenceId', conferenceId: ownConference });
  }
  if (current && !sameScope(current, change)) {
    return refuse('scope_mismatch', { unitId: current.unitId, conferenceId: current.conferenceId });
  }
  if (sessionUnit !== undefined && sessionUnit !== change.unitId) return refuse('scope_mismatch', { unitId: sessionUnit });
  if (conferenceUnit !== undefined && conferenceUnit !== change.unitId)
    return refuse('scope_mismatch', { unitId: conferenceUnit, conferenceId: ownConference });
  const merged = current ? Y.mergeUpdates([current.state, update]) : update;
  const merges = (current?.mergesSinceCompact ?? 0) + 1;
  const state = merges >= COMPACT_EVERY ? compactText(merged) : merged;
  return {
    ok: true,
    state: {
      unitId: change.unitId,
      conferenceId: change.conferenceId ?? null,
      state,
      mergesSinceCompact: merges >= COMPACT_EVERY ? 0 : merges,
    },
  };
}

/**
 * `Y.mergeUpdates` keeps the content of deleted text; loading the merged update
 * into a document lets Yjs garbage-collect it, so a state that has seen hours of
 * typing and correcting shrinks back to about the size of what remains.
 */
export function compactText(state: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return Y.encodeStateAsUpdate(doc);
  } catch {
    // Never lose the merged state over a failed compaction: keep it as it is.
    return state;
  } finally {
    doc.destroy();
  }
}

/** The session id of a minutes document id, if it is one (`minutes:<sessionId>`). */
export function sessionOfDoc(docId: string): string | undefined {
  const prefix = minutesDocId('');
  return docId.startsWith(prefix) && docId.length > prefix.length ? docId.slice(prefix.length) : undefined;
}

/** The conference id of a conference's documents document id (`documents:<conferenceId>`), if it is one. */
export function conferenceOfDoc(docId: string): string | undefined {
  return conferenceIdOfDocumentsDoc(docId) ?? undefined;
}

/**
 * A conference's documents change from an app older than their scoping (it
 * sent `conferenceId: null`) is taken as the conference's: the id names it, and
 * the server keeps and authorises those documents by conference.
 */
export function withDocumentScope<C extends Change>(change: C): C {
  if (change.kind !== 'text' || change.conferenceId) return change;
  const conferenceId = conferenceIdOfDocumentsDoc(change.docId);
  return conferenceId === null ? change : { ...change, conferenceId };
}

/** What a device with `stateVector` lacks of `state` (an empty vector: everything). */
export function textDiffOf(state: Uint8Array, stateVector: Uint8Array): { update: Uint8Array; stateVector: Uint8Array } {
  const update = stateVector.length === 0 ? state : Y.diffUpdate(state, stateVector);
  return { update, stateVector: Y.encodeStateVectorFromUpdate(state) };
}

/** Whether bytes are a well-formed Yjs state vector. */
export function isStateVector(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return true;
  try {
    Y.decodeStateVector(bytes);
    return true;
  } catch {
    return false;
  }
}
