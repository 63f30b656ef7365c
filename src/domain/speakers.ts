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
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
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
