/**
 * The speaker queue (danh sách phát biểu): who has the floor, who is next.
 *
 * Why it is a set of SpeakerTurn records and not a list: each turn is one
 * question with its own fractional position, so the secretary adding a speaker
 * on one tablet and the chair reordering on another never touch the same field.
 * A speaker with three questions has three turns (seed 003 limits time per
 * question, not per person).
 *
 * Every operation returns the field changes to write, never mutated records: the
 * one write path stamps and stores them.
 */
import { toneKey } from './personName.ts';
import type { SpeakerTurn } from './model.ts';
import { positionForMove, sortByPosition, positionBetween } from './position.ts';

export { positionBetween };

export type QueueTurn = Pick<SpeakerTurn, 'position' | 'status' | 'speakerName' | 'calledAt' | 'finishedAt' | 'spokenMs'> & {
  readonly id: string;
  readonly deleted?: boolean;
};

export interface TurnChange {
  readonly id: string;
  readonly fields: Partial<SpeakerTurn>;
}

/** Every live turn in the order the room sees it. */
export function orderedQueue<T extends QueueTurn>(turns: readonly T[]): T[] {
  return sortByPosition(turns.filter((t) => !t.deleted));
}

export function waiting<T extends QueueTurn>(turns: readonly T[]): T[] {
  return orderedQueue(turns).filter((t) => t.status === 'waiting');
}

/**
 * Normally at most one; two tablets calling the next speaker offline can leave
 * two, and then the earlier in the queue is the one shown (callNext ends both).
 */
export function speaking<T extends QueueTurn>(turns: readonly T[]): T[] {
  return orderedQueue(turns).filter((t) => t.status === 'speaking');
}

export function current<T extends QueueTurn>(turns: readonly T[]): T | null {
  return speaking(turns)[0] ?? null;
}

export function done<T extends QueueTurn>(turns: readonly T[]): T[] {
  return orderedQueue(turns).filter((t) => t.status === 'done');
}

/** Position for a new turn at the end of the queue. */
export function positionAtEnd(turns: readonly QueueTurn[]): number {
  const last = orderedQueue(turns).at(-1);
  return positionBetween(last?.position ?? null, null);
}

/**
 * The new position for turn `id` so it lands at `toIndex` of orderedQueue
 * (counted without the moved turn). Only that turn's position changes.
 */
export function moveTurn(turns: readonly QueueTurn[], id: string, toIndex: number): number | null {
  return positionForMove(orderedQueue(turns), id, toIndex);
}

/**
 * One place up or down among those still waiting: done turns in between do not
 * count, because reordering only means something for people not yet heard.
 * Null when the turn is not waiting or is already first/last.
 */
export function moveUp(turns: readonly QueueTurn[], id: string): number | null {
  return moveAmongWaiting(turns, id, -1);
}

export function moveDown(turns: readonly QueueTurn[], id: string): number | null {
  return moveAmongWaiting(turns, id, +1);
}

function moveAmongWaiting(turns: readonly QueueTurn[], id: string, step: -1 | 1): number | null {
  const line = waiting(turns);
  const from = line.findIndex((t) => t.id === id);
  if (from < 0) return null;
  const to = from + step;
  if (to < 0 || to >= line.length) return null;
  return positionForMove(line, id, to);
}

/** End one turn: the chair thanks the speaker or stops them. `spokenMs` comes from the timer. */
export function finishTurn(turns: readonly QueueTurn[], id: string, now: number, spokenMs?: number): TurnChange[] {
  const turn = turns.find((t) => t.id === id && !t.deleted);
  if (!turn || turn.status !== 'speaking') return [];
  const fields: Partial<SpeakerTurn> = { status: 'done', finishedAt: now };
  if (spokenMs !== undefined) fields.spokenMs = spokenMs;
  return [{ id, fields }];
}

/**
 * The chair gives the floor to the next person: whoever is speaking is done,
 * the first waiting turn is called. Ends every speaking turn, which also
 * repairs a double call made on two devices.
 * `spokenMs` maps turn id to its timer's elapsed time, when known.
 */
export function callNext(turns: readonly QueueTurn[], now: number, spokenMs: Readonly<Record<string, number>> = {}): TurnChange[] {
  const changes: TurnChange[] = [];
  for (const turn of speaking(turns)) changes.push(...finishTurn(turns, turn.id, now, spokenMs[turn.id]));
  const next = waiting(turns)[0];
  if (next) changes.push({ id: next.id, fields: { status: 'speaking', calledAt: now } });
  return changes;
}

/** A person gives up a question before being called; the turn stays for the minutes. */
export function withdraw(turns: readonly QueueTurn[], id: string): TurnChange[] {
  const turn = turns.find((t) => t.id === id && !t.deleted);
  if (!turn || turn.status !== 'waiting') return [];
  return [{ id, fields: { status: 'withdrawn' } }];
}

/** Put a withdrawn turn back in line, at the end: the others have kept their place meanwhile. */
export function reinstate(turns: readonly QueueTurn[], id: string): TurnChange[] {
  const turn = turns.find((t) => t.id === id && !t.deleted);
  if (!turn || turn.status !== 'withdrawn') return [];
  return [{ id, fields: { status: 'waiting', position: positionAtEnd(turns) } }];
}

/**
 * Names typed on two tablets differ in case, spacing and Unicode form
 * (composed vs decomposed diacritics), not in diacritics: "Lê Văn Bá" and
 * "Lê Văn Ba" are different people, so diacritics are kept.
 */
export function speakerKey(name: string): string {
  // The old and new tone placement ("Hoà"/"Hòa") is one name too: the key is personName.toneKey, which
  // writes each syllable's tone after it, so it is for comparing, never for reading words out of.
  return toneKey(name);
}

export interface SpeakerSummary {
  readonly key: string;
  /** The name as first written in the queue. */
  readonly name: string;
  /** Questions actually asked (done or being asked). */
  readonly questions: number;
  readonly waiting: number;
  readonly spokenMs: number;
  readonly turnIds: readonly string[];
}

/** One row per person for the minutes and the report, in the order they first appear in the queue. */
export function speakerSummary(turns: readonly QueueTurn[]): SpeakerSummary[] {
  const rows = new Map<string, { key: string; name: string; questions: number; waiting: number; spokenMs: number; turnIds: string[] }>();
  for (const turn of orderedQueue(turns)) {
    if (turn.status === 'withdrawn') continue;
    const key = speakerKey(turn.speakerName);
    let row = rows.get(key);
    if (!row) {
      row = {
        key,
        name: turn.speakerName.normalize('NFC').trim().replace(/\s+/g, ' '),
        questions: 0,
        waiting: 0,
        spokenMs: 0,
        turnIds: [],
      };
      rows.set(key, row);
    }
    row.turnIds.push(turn.id);
    if (turn.status === 'waiting') row.waiting += 1;
    else row.questions += 1;
    row.spokenMs += turn.spokenMs ?? 0;
  }
  return [...rows.values()];
}

/**
 * Whether the hall display may show this turn's speaker by name. A
 * denunciation's author must be kept confidential (Law on Denunciation), and a
 * complaint is the person's own affair, so neither is ever projected; the chair
 * can hide any other name too.
 */
export function nameShownOnDisplay(turn: Pick<SpeakerTurn, 'disposition' | 'hideNameOnDisplay'>): boolean {
  // Records written before the flag existed have no `hideNameOnDisplay`.
  return turn.hideNameOnDisplay !== true && turn.disposition?.kind !== 'complaint_outside';
}

/** Words an organisation's name starts with, on forms whose "Họ tên (hoặc tên tổ chức)" holds the organisation. */
// Followed by a space or the end: `\b` does not see a boundary after a letter like 'ở'.
const ORGANISATION_WORDS = /^(công ty|cty|doanh nghiệp|dntn|hợp tác xã|htx|hộ kinh doanh|chi nhánh|cửa hàng|cơ sở|trường|bệnh viện|ngân hàng|hội|tổ hợp tác)(?=\s|$)/u;

export interface SpeakerFromForm {
  /** Empty when the form is an organisation's: its representative is whoever speaks for it in the hall. */
  readonly speakerName: string;
  /** The organisation the speaker represents, else their village. */
  readonly affiliation: string;
  readonly topic: string;
  readonly field: string;
  readonly registrationId: string;
  /** The organisation whose representative must be named, when the form is an organisation's. */
  readonly representativeOf: string | null;
}

/**
 * What a registration form puts in a new turn. A person's form gives their
 * name and village (or the organisation they belong to). An organisation's form
 * names the organisation where a person's name would be: the turn's speaker is
 * then its representative, named by the chair, with the organisation as the
 * affiliation, never the organisation itself as a "speaker".
 */
export function speakerFromRegistration(form: {
  readonly id: string;
  readonly fullName: string;
  readonly organisation: string;
  readonly village: string;
  readonly procedureName: string;
  readonly field: string;
}): SpeakerFromForm {
  const name = form.fullName.normalize('NFC').trim();
  const organisation = form.organisation.normalize('NFC').trim();
  const isOrganisation = (organisation !== '' && speakerKey(name) === speakerKey(organisation)) || ORGANISATION_WORDS.test(name.toLowerCase().replace(/\s+/g, ' '));
  const base = { topic: form.procedureName, field: form.field, registrationId: form.id };
  if (isOrganisation) {
    const org = organisation || name;
    return { ...base, speakerName: '', affiliation: org, representativeOf: org };
  }
  return { ...base, speakerName: name, affiliation: organisation || form.village, representativeOf: null };
}

/**
 * The fields (lĩnh vực) a turn can be classified under: the ones the unit's
 * departments answer for, each once, in Vietnamese order. `current` stays in
 * the list so an older turn's free-text field is not lost from its own form.
 */
export function fieldChoices(lists: readonly (readonly string[])[], current = ''): string[] {
  const byKey = new Map<string, string>();
  for (const list of lists) for (const f of list) {
    const name = f.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (name && !byKey.has(speakerKey(name))) byKey.set(speakerKey(name), name);
  }
  const cur = current.trim();
  if (cur && !byKey.has(speakerKey(cur))) byKey.set(speakerKey(cur), cur);
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, 'vi'));
}
