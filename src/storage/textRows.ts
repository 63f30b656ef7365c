/**
 * The minutes' keystroke rows, written and read in IndexedDB transactions that commit in the
 * task that issued their requests.
 *
 * Why not through Dexie like every other table: a transaction Dexie runs commits only after this
 * tab's main thread has run the success callbacks of its requests (Dexie issues them from promise
 * callbacks and commits when the callback's promise settles). Until then the transaction holds the
 * text table, and IndexedDB makes every later read-write transaction on it wait, in every tab of
 * the browser. With two tabs on the same minutes at 4x CPU, each tab's writes and reads stayed open
 * ~200-300 ms behind that tab's own rendering, and a key typed in the other tab waited for all of
 * them: the minutes bench's second-tab run measured about 90 % of a write as that wait, 3 % as the
 * commit itself. Here the requests are issued at once and `commit()` is called in the same task,
 * so the table is held for the requests' own work (a few ms), whatever either tab's main thread is
 * doing.
 *
 * What Dexie would have done on completion is done here too: every tab's live queries and
 * followers are told which keys changed, through Dexie's own cross-tab `storagemutated` channel
 * (see `announce`), so nothing that watches the table can tell the difference.
 */
import Dexie, { RangeSet, type IndexableType, type ObservabilitySet } from 'dexie';
import type { DoiThoaiDb, TextUpdateRow } from './db.ts';

const TABLE = 'textUpdates';

/**
 * The channel Dexie 4 itself uses between tabs (`x-storagemutated-1`): a message on it is applied
 * by every Dexie instance in every tab of this origin, this tab's included (a channel does not
 * deliver to its own sender object, but Dexie listens on an object of its own), as if the
 * transaction had been Dexie's: live-query caches are invalidated, live queries re-run,
 * `storagemutated` listeners (the minutes' follower) are called.
 * Tested (tests/storage/textRows.test.ts): a live query over the table sees a row written here.
 */
const DEXIE_CROSS_TAB_CHANNEL = 'x-storagemutated-1';
let channel: BroadcastChannel | null | undefined;

async function backend(db: DoiThoaiDb): Promise<IDBDatabase> {
  if (!db.isOpen()) await db.open();
  return db.backendDB();
}

/** Runs `issue` in a transaction and commits it at once; resolves when it completed. */
async function run<T>(db: DoiThoaiDb, mode: IDBTransactionMode, issue: (store: IDBObjectStore) => () => T): Promise<T> {
  const idb = await backend(db);
  // 'strict', as the database is opened (db.ts): a row counts as written once it is on disk.
  const tx = idb.transaction(TABLE, mode, { durability: 'strict' });
  const result = issue(tx.objectStore(TABLE));
  // Missing on old engines (then the transaction commits as it always did, a little later).
  tx.commit?.();
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
    tx.onerror = (e) => e.preventDefault(); // the abort that follows rejects, once
  });
  return result();
}

/** Adds the rows in one transaction; resolves with their keys once it committed. */
export async function addTextRows(db: DoiThoaiDb, rows: readonly Omit<TextUpdateRow, 'seq'>[]): Promise<number[]> {
  const keys = await run(db, 'readwrite', (store) => {
    const requests = rows.map((row) => store.add(row));
    return () => requests.map((r) => Number(r.result));
  });
  announce(db, rows, keys);
  return keys;
}

/** Every row with a key above `seq`, in key order. */
export function readTextRowsAbove(db: DoiThoaiDb, seq: number): Promise<TextUpdateRow[]> {
  return run(db, 'readonly', (store) => {
    const request = store.getAll(IDBKeyRange.lowerBound(seq, true));
    return () => request.result as TextUpdateRow[];
  });
}

/** What Dexie's observability layer would report for these added rows: the keys of the table and of each index. */
function mutatedParts(db: DoiThoaiDb, rows: readonly Omit<TextUpdateRow, 'seq'>[], keys: readonly number[]): ObservabilitySet {
  const prefix = `idb://${db.name}/${TABLE}/`;
  const parts: ObservabilitySet = { [prefix]: new RangeSet().addKeys([...keys]) };
  for (const index of db.table(TABLE).schema.indexes) {
    const values: IndexableType[] = [];
    for (const row of rows) {
      const value = Dexie.getByKeyPath(row, index.keyPath as string | string[]) as IndexableType | undefined;
      if (Array.isArray(index.keyPath) ? Array.isArray(value) && value.every((v) => v !== undefined) : value !== undefined) values.push(value!);
    }
    if (values.length > 0) parts[prefix + index.name] = new RangeSet().addKeys(values);
  }
  return parts;
}

function announce(db: DoiThoaiDb, rows: readonly Omit<TextUpdateRow, 'seq'>[], keys: readonly number[]): void {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(DEXIE_CROSS_TAB_CHANNEL) : null;
    // In Node (tests) an open channel keeps the process alive; Dexie unrefs its own the same way.
    (channel as { unref?: () => void } | null)?.unref?.();
  }
  const parts = mutatedParts(db, rows, keys);
  if (channel) channel.postMessage(parts);
  // No channel (very old engines): this tab at least, as Dexie does for its own writes.
  else Dexie.on.storagemutated.fire(parts);
}
