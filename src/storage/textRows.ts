/**
 * The minutes' keystroke rows, written and read in IndexedDB transactions that commit in the
 * task that issued their requests.
 *
 * Why not through Dexie like every other table: see rawTx.ts. With two tabs on the same minutes
 * at 4x CPU, each tab's writes and reads stayed open ~200-300 ms behind that tab's own rendering,
 * and a key typed in the other tab waited for all of them: the minutes bench's second-tab run
 * measured about 90 % of a write as that wait, 3 % as the commit itself.
 *
 * What Dexie would have done on completion is done here too: every tab's live queries and
 * followers are told which keys changed, through Dexie's own cross-tab `storagemutated` channel
 * (see `announce`), so nothing that watches the table can tell the difference.
 */
import Dexie, { RangeSet, type IndexableType, type ObservabilitySet } from 'dexie';
import type { DoiThoaiDb, TextUpdateRow } from './db.ts';
import { backend, completion, runCommitted } from './rawTx.ts';

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

/** Adds the rows in one transaction; resolves with their keys once it committed. */
export async function addTextRows(db: DoiThoaiDb, rows: readonly Omit<TextUpdateRow, 'seq'>[]): Promise<number[]> {
  const keys = await runCommitted(db, TABLE, 'readwrite', (tx) => {
    const store = tx.objectStore(TABLE);
    const requests = rows.map((row) => store.add(row));
    return () => requests.map((r) => Number(r.result));
  });
  announce(db, rows, keys);
  return keys;
}

/** Every row with a key above `seq`, in key order. */
export function readTextRowsAbove(db: DoiThoaiDb, seq: number): Promise<TextUpdateRow[]> {
  return readRows(db, (store) => store.getAll(IDBKeyRange.lowerBound(seq, true)));
}

/** The rows one request over the table returns, in a transaction committed at once. */
function readRows(db: DoiThoaiDb, query: (store: IDBObjectStore) => IDBRequest<unknown[]>): Promise<TextUpdateRow[]> {
  return runCommitted(db, TABLE, 'readonly', (tx) => {
    const request = query(tx.objectStore(TABLE));
    return () => request.result as TextUpdateRow[];
  });
}

/**
 * The oldest rows not yet sent, at most `limit`: what the sync engine pushes next. Read like the
 * keystrokes are written: the engine's read must not hold the table while its tab is busy, or the
 * secretary's next key waits behind it.
 */
export function readPendingTextRows(db: DoiThoaiDb, limit: number): Promise<TextUpdateRow[]> {
  return readRows(db, (store) => store.index('pending').getAll(IDBKeyRange.only(1), limit));
}

/** Every row of one document, in key order. */
export function readDocRows(db: DoiThoaiDb, docId: string): Promise<TextUpdateRow[]> {
  return readRows(db, (store) => store.index('docId').getAll(docId));
}

/** Rows of one document to be replaced by the one row that merges them. */
export interface RowSwap {
  readonly replaced: readonly TextUpdateRow[];
  readonly merged: Omit<TextUpdateRow, 'seq'>;
}

/**
 * Replaces each swap's rows by its merged row, in one transaction, where every one of them is
 * still there with the pending flag it was read with (the sync engine may have acknowledged one,
 * another tab may have compacted them); a swap whose rows changed is left alone. Resolves with
 * the keys of the rows added and how many rows the document holds once it committed.
 *
 * The transaction waits for this tab once, between reading which keys are there and writing:
 * that decision needs the keys. Dexie waited for it after every statement (read, delete, add,
 * count), and a busy tab's compaction held the table for a second while the other tab's
 * keystrokes queued behind it.
 */
export async function swapTextRows(db: DoiThoaiDb, docId: string, swaps: readonly RowSwap[]): Promise<{ added: number[]; rows: number }> {
  const idb = await backend(db);
  const tx = idb.transaction(TABLE, 'readwrite', { durability: 'strict' });
  const done = completion(tx);
  const store = tx.objectStore(TABLE);
  const flags = [...new Set(swaps.map((s) => s.merged.pending))];
  const held = new Map<0 | 1, Set<number>>();
  const adds: { swap: RowSwap; request: IDBRequest<IDBValidKey> }[] = [];
  let count: IDBRequest<number> | null = null;
  const write = () => {
    for (const swap of swaps) {
      const keys = held.get(swap.merged.pending)!;
      if (!swap.replaced.every((r) => keys.has(r.seq!))) continue;
      for (const r of swap.replaced) store.delete(r.seq!);
      adds.push({ swap, request: store.add(swap.merged) });
    }
    count = store.index('docId').count(docId);
    tx.commit?.();
  };
  if (flags.length === 0) write();
  for (const flag of flags) {
    const request = store.index('[docId+pending]').getAllKeys([docId, flag]);
    request.onsuccess = () => {
      held.set(flag, new Set(request.result as number[]));
      if (held.size === flags.length) write();
    };
  }
  await done;
  const added = adds.map((a) => Number(a.request.result));
  const removed = adds.flatMap((a) => a.swap.replaced);
  announce(db, [...removed, ...adds.map((a) => a.swap.merged)], [...removed.map((r) => r.seq!), ...added]);
  return { added, rows: (count as IDBRequest<number> | null)?.result ?? 0 };
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
