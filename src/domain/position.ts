/**
 * Fractional positions for anything the chair reorders: agenda items and the
 * speaker queue.
 *
 * Why fractions and not indexes: a move rewrites only the moved record's
 * `position`, one field. Two tablets reordering the same list offline then
 * merge field by field (merge.ts) without overwriting each other's moves; with
 * indexes every move would rewrite every record below it and the last device
 * to sync would silently undo the others.
 *
 * Ties (two devices inserting at the same spot) are broken by `id`, so every
 * device shows the same order.
 */

/** Gap between neighbours when a list is laid out fresh: about 50 halvings before two neighbours meet. */
export const POSITION_STEP = 1024;

export interface Positioned {
  readonly id: string;
  readonly position: number;
}

/** Position and then id: the one order every device agrees on. */
export function compareByPosition(a: Positioned, b: Positioned): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortByPosition<T extends Positioned>(items: readonly T[]): T[] {
  return [...items].sort(compareByPosition);
}

/**
 * A position strictly between `a` and `b` (either may be null for "the end").
 * With both null the list is empty and the first item gets one step.
 */
export function positionBetween(a: number | null, b: number | null): number {
  if (a === null && b === null) return POSITION_STEP;
  if (a === null) return (b as number) - POSITION_STEP;
  if (b === null) return a + POSITION_STEP;
  return a + (b - a) / 2;
}

/**
 * True when doubles have run out between two neighbours (after ~50 moves into
 * the same gap), so the caller must `respread` the list; rare, but a silent
 * tie would put two items in an order that depends on their ids.
 */
export function positionsExhausted(a: number, b: number): boolean {
  const mid = positionBetween(a, b);
  return !(mid > Math.min(a, b) && mid < Math.max(a, b));
}

/** Fresh positions for a list in its current order: one step apart. Rewrites every item, so only for repair. */
export function respread<T extends Positioned>(ordered: readonly T[]): { id: string; position: number }[] {
  return ordered.map((item, i) => ({ id: item.id, position: (i + 1) * POSITION_STEP }));
}

/**
 * The new position of item `id` so that it ends up at `toIndex` of `ordered`
 * (indexes as in the list without the moved item, clamped to the ends).
 * Returns the item's current position when it is already there, so a no-op
 * drag writes nothing new; null when `id` is not in the list.
 */
export function positionForMove<T extends Positioned>(ordered: readonly T[], id: string, toIndex: number): number | null {
  const from = ordered.findIndex((item) => item.id === id);
  if (from < 0) return null;
  const moved = ordered[from]!;
  const rest = ordered.filter((item) => item.id !== id);
  const to = Math.max(0, Math.min(rest.length, Math.trunc(toIndex)));
  if (to === from) return moved.position;
  const before = rest[to - 1]?.position ?? null;
  const after = rest[to]?.position ?? null;
  return positionBetween(before, after);
}
