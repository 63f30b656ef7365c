/**
 * How many changes wait for the office server: queued records (the outbox) and minutes rows not
 * yet sent. Every screen shows it (the sync bar), so it is watched all the time, in every tab.
 *
 * Why not a live query: a live query re-runs after every write to the tables it read, and the
 * minutes write a row every keystroke or two. Its Dexie transaction then stays open until its
 * tab's main thread gets back to it (rawTx.ts), and a busy tab (a second tab on the same long
 * minutes, at 4x CPU) held the minutes' table for hundreds of milliseconds per keystroke: the
 * other tab's typing waited behind a number nobody reads at that pace. Here the count runs in a
 * transaction that commits at once, and at most once per `recountMs` while writes keep coming;
 * the first write after a quiet spell is counted at once.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import { runCommitted } from './rawTx.ts';

/** A count a second at most: the bar's "12 thay đổi chờ gửi" need not follow every key. */
export const RECOUNT_MS = 1000;

const WATCHED = ['outbox', 'textUpdates'] as const;

/** The number of changes not yet acknowledged by the office server. */
export function countPending(db: Dexie): Promise<number> {
  return runCommitted(db, [...WATCHED], 'readonly', (tx) => {
    const queued = tx.objectStore('outbox').count();
    const unsent = tx.objectStore('textUpdates').index('pending').count(IDBKeyRange.only(1));
    return () => queued.result + unsent.result;
  });
}

export interface PendingCountOptions {
  readonly recountMs?: number;
  /** When to run a recount: a timer by default (tests step it by hand). */
  readonly schedule?: (run: () => void, ms: number) => () => void;
  readonly now?: () => number;
}

const timer = (run: () => void, ms: number) => {
  const id = setTimeout(run, ms);
  return () => clearTimeout(id);
};

/**
 * Calls `onValue` with the count now, and again after writes to the outbox or the minutes' rows,
 * by this tab, another tab or the sync engine. Returns the function that stops it.
 */
export function observePendingCount(db: Dexie, onValue: (n: number) => void, onError: (e: unknown) => void, options: PendingCountOptions = {}): () => void {
  const recountMs = options.recountMs ?? RECOUNT_MS;
  const schedule = options.schedule ?? timer;
  const now = options.now ?? (() => performance.now());
  const prefixes = WATCHED.map((t) => `idb://${db.name}/${t}/`);
  let stopped = false;
  let counting = false;
  /** A write came while a count ran: it may not have seen it. */
  let again = false;
  let lastStart = -Infinity;
  let cancel: (() => void) | null = null;

  const count = () => {
    cancel = null;
    if (stopped) return;
    counting = true;
    again = false;
    lastStart = now();
    countPending(db)
      .then((n) => !stopped && onValue(n), onError)
      .finally(() => {
        counting = false;
        if (again) request();
      });
  };
  const request = () => {
    if (stopped || cancel !== null) return;
    if (counting) {
      again = true;
      return;
    }
    cancel = schedule(count, Math.max(0, lastStart + recountMs - now()));
  };
  const listener = (parts: ObservabilitySet) => {
    if (parts['all'] || Object.keys(parts).some((k) => prefixes.some((p) => k.startsWith(p)))) request();
  };
  Dexie.on('storagemutated', listener);
  count();
  return () => {
    stopped = true;
    cancel?.();
    Dexie.on.storagemutated.unsubscribe(listener);
  };
}
