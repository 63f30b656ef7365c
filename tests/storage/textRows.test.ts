/**
 * The minutes' rows are written past Dexie, in transactions that commit at once (storage/textRows.ts):
 * what watches the table must not be able to tell the difference.
 */
import { liveQuery } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DoiThoaiDb } from '../../src/storage/db.ts';
import { freshDatabases } from './freshDb.ts';
import { addTextRows, readDocRows, readPendingTextRows, readTextRowsAbove, swapTextRows } from '../../src/storage/textRows.ts';
import { commit, textUpdate } from '../../src/storage/write.ts';

const DOC = 'minutes:session-1';
/** A Dexie read of the rows not yet sent: what a live query over the table would run. */
const unsent = (d: DoiThoaiDb) => d.textUpdates.where('pending').equals(1).count();

afterEach(() => {
  vi.restoreAllMocks();
});
const db = freshDatabases('rows');

/** The values a live query gives, until `until` holds for one of them. */
function watch<T>(query: () => Promise<T>, until: (v: T) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the live query never saw the row')), 5000);
    const sub = liveQuery(query).subscribe({
      next: (v) => {
        if (!until(v)) return;
        clearTimeout(timer);
        setTimeout(() => sub.unsubscribe(), 0);
        resolve(v);
      },
      error: reject,
    });
  });
}

describe('text rows written past Dexie', () => {
  it('are seen by a live query in this tab and in another', async () => {
    const name = `rows-${Math.random()}`;
    const here = db(name);
    const there = db(name);
    // Each live query runs once first (0 pending), then must re-run on the write to show 1.
    const seenHere = watch(() => unsent(here), (n) => n === 1);
    const seenThere = watch(() => unsent(there), (n) => n === 1);
    await unsent(here);
    await commit(here, [textUpdate(DOC, new Uint8Array([0, 0]))]);
    expect(await seenHere).toBe(1);
    expect(await seenThere).toBe(1);
  });

  it('commit their transaction in the task that issued the request, not after this tab gets back to it', async () => {
    const d = db();
    await d.open();
    const commits = vi.spyOn(IDBTransaction.prototype, 'commit');
    const [seq] = await addTextRows(d, [{ docId: DOC, update: new Uint8Array([1, 2]), pending: 1, op: 'op-1', unitId: 'u1' }]);
    expect(commits).toHaveBeenCalledTimes(1);
    const rows = await readTextRowsAbove(d, 0);
    expect(commits).toHaveBeenCalledTimes(2);
    expect(rows.map((r) => [r.seq, r.docId, Array.from(r.update)])).toEqual([[seq, DOC, [1, 2]]]);
    expect(await readTextRowsAbove(d, seq!)).toEqual([]);
  });

  it('give the sync engine the oldest rows not yet sent, at most the batch, in a transaction committed at once', async () => {
    const d = db();
    const row = (op: string, pending: 0 | 1) => ({ docId: DOC, update: new Uint8Array([0, 0]), pending, op, unitId: 'u1' });
    const seqs = await addTextRows(d, [row('a', 1), row('b', 0), row('c', 1), row('d', 1)]);
    const commits = vi.spyOn(IDBTransaction.prototype, 'commit');
    expect((await readPendingTextRows(d, 2)).map((r) => [r.seq, r.op])).toEqual([
      [seqs[0], 'a'],
      [seqs[2], 'c'],
    ]);
    expect(commits).toHaveBeenCalledTimes(1);
    expect((await readPendingTextRows(d, 500)).map((r) => r.op)).toEqual(['a', 'c', 'd']);
  });

  it('swap the rows of a document for their merge where they are all still there, and live queries in another tab see it', async () => {
    const name = `rows-${Math.random()}`;
    const here = db(name);
    const there = db(name);
    const row = (op: string, pending: 0 | 1) => ({ docId: DOC, update: new Uint8Array([0, 0]), pending, op, unitId: 'u1' });
    await addTextRows(here, [row('a', 1), row('b', 1), row('c', 0), row('d', 0)]);
    const rows = await readDocRows(here, DOC);
    const [a, b, c, d] = rows;
    // Sync acknowledged `d` after compaction read it: the acknowledged group is left alone.
    await here.textUpdates.update(d!.seq!, { pending: 1 });
    const seen = watch(() => there.textUpdates.where('docId').equals(DOC).count(), (n) => n === 3);
    const swapped = await swapTextRows(here, DOC, [
      { replaced: [a!, b!], merged: row('ab', 1) },
      { replaced: [c!, d!], merged: row('cd', 0) },
    ]);
    expect(swapped.rows).toBe(3);
    expect((await readDocRows(here, DOC)).map((r) => r.op)).toEqual(['c', 'd', 'ab']);
    expect(swapped.added).toEqual([(await readDocRows(here, DOC)).at(-1)!.seq]);
    expect(await seen).toBe(3);
  });

  it('keep the row and its index entries as Dexie would (pending, docId, op)', async () => {
    const d = db();
    await commit(d, [textUpdate(DOC, new Uint8Array([0, 0])), textUpdate('minutes:other', new Uint8Array([0, 0]))]);
    expect(await d.textUpdates.where('[docId+pending]').equals([DOC, 1]).count()).toBe(1);
    expect(await d.textUpdates.where('pending').equals(1).count()).toBe(2);
    const [row] = await d.textUpdates.where('docId').equals('minutes:other').toArray();
    expect(await d.textUpdates.where('op').equals(row!.op).count()).toBe(1);
  });
});
