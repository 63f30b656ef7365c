/**
 * Following the rows other writers add to a table (kept out of live.ts, which the
 * first screen loads: only the minutes need this).
 */
import Dexie, { RangeSet, rangesOverlap, type IntervalTree, type ObservabilitySet } from 'dexie';

/**
 * Calls `onAdded` when rows whose auto-incremented key is above `above()` may have been
 * written to `table`, by this tab, another tab or the sync engine (Dexie's
 * `storagemutated` event, which carries the keys each transaction wrote).
 *
 * For a follower that reads only what is new, and writes often itself: a live query
 * re-runs its query after every write to the table, this one's own included, which for
 * the minutes was an IndexedDB read (and the Dexie machinery around it) per keystroke.
 * Here a write reads nothing unless it wrote a row the follower has not seen.
 *
 * The test waits for a task boundary: a transaction's event fires as it completes,
 * before the code that awaited it has recorded the key it was given (its own row).
 */
export function onRowsAbove(db: Dexie, table: string, above: () => number, onAdded: () => void): () => void {
  const part = `idb://${db.name}/${table}/`;
  let written: IntervalTree[] = [];
  let everything = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const test = () => {
    timer = null;
    const newer = new RangeSet(above() + 1, Infinity);
    const added = everything || written.some((keys) => rangesOverlap(keys, newer));
    written = [];
    everything = false;
    if (added) onAdded();
  };
  const listener = (parts: ObservabilitySet) => {
    const keys = parts[part];
    // `all`: Dexie could not say what changed (a page restored from the back-forward cache).
    if (parts['all']) everything = true;
    else if (keys) written.push(keys);
    else return;
    timer ??= setTimeout(test, 0);
  };
  Dexie.on('storagemutated', listener);
  return () => {
    Dexie.on.storagemutated.unsubscribe(listener);
    if (timer !== null) clearTimeout(timer);
  };
}
