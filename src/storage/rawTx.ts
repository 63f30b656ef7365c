/**
 * IndexedDB transactions past Dexie that commit in the task that issued their requests.
 *
 * Why: a transaction Dexie runs commits only after this tab's main thread has run the success
 * callbacks of its requests (Dexie issues them from promise callbacks and commits when the
 * callback's promise settles). Until then it holds its tables, and IndexedDB makes every later
 * read-write transaction on them wait, in every tab of the browser. A tab busy rendering (a long
 * minutes page at 4x CPU) held the minutes' table for hundreds of milliseconds that way, and a
 * key typed in the other tab waited for it. Here the requests are issued at once and `commit()`
 * is called in the same task, so the tables are held for the requests' own work.
 *
 * For the few hot paths that need it (the minutes' rows, the pending count every screen shows);
 * everything else goes through Dexie.
 */
import type Dexie from 'dexie';

export async function backend(db: Dexie): Promise<IDBDatabase> {
  if (!db.isOpen()) await db.open();
  return db.backendDB();
}

/** Resolves when `tx` completed; rejects once with its error if it aborted. */
export function completion(tx: IDBTransaction): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
    tx.onerror = (e) => e.preventDefault(); // the abort that follows rejects, once
  });
}

/**
 * Runs `issue` (which makes its requests and returns how to read their results) in a transaction
 * over `stores`, commits it at once, and resolves with the result once it completed.
 */
export async function runCommitted<T>(db: Dexie, stores: string | string[], mode: IDBTransactionMode, issue: (tx: IDBTransaction) => () => T): Promise<T> {
  const idb = await backend(db);
  // 'strict', as the database is opened (db.ts): a row counts as written once it is on disk.
  const tx = idb.transaction(stores, mode, { durability: 'strict' });
  const result = issue(tx);
  // Missing on old engines (then the transaction commits as it always did, a little later).
  tx.commit?.();
  await completion(tx);
  return result();
}
