/**
 * How a minutes document follows rows written elsewhere (another tab, the sync engine): from the
 * keys each transaction wrote, so that what the secretary types costs no read of its own rows.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { PersistedMinutesDoc } from '../../src/storage/minutesText.ts';

const DOC = 'minutes:session-1';
const NOTES = 'item:agenda-4';
const opened: DoiThoaiDb[] = [];
const docs: PersistedMinutesDoc[] = [];
const now = () => Date.UTC(2026, 9, 13, 2, 15, 0);

async function load(d: DoiThoaiDb) {
  const m = await PersistedMinutesDoc.load(d, DOC, { now, debounceMs: 5 });
  docs.push(m);
  return m;
}

function typeInto(m: PersistedMinutesDoc, text: string) {
  const y = m.doc.getText(NOTES);
  for (const ch of text) m.doc.transact(() => y.insert(y.length, ch), 'test-typing');
}

/** Lets queued tasks run (the follower looks at what a transaction wrote in a task after it). */
const nextTasks = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

async function until(fn: () => boolean, what: string) {
  const deadline = Date.now() + 5000;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

afterEach(async () => {
  vi.restoreAllMocks();
  for (const m of docs.splice(0)) await m.destroy().catch(() => {});
  for (const d of opened.splice(0)) {
    d.close();
    await d.delete().catch(() => {});
  }
});

describe('following the rows written elsewhere', () => {
  it('reads nothing back after its own keystrokes', async () => {
    const d = openDatabase(`follow-${Math.random()}`);
    opened.push(d);
    const m = await load(d);
    await nextTasks();
    // Any read of the text table, through Dexie or past it (storage/textRows.ts): a read-only transaction over it.
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const reads = () => transaction.mock.calls.filter(([stores, mode]) => [stores].flat().includes('textUpdates') && mode !== 'readwrite');
    for (const word of ['Ông ', 'Chủ ', 'tịch ', 'phát ', 'biểu.']) {
      typeInto(m, word);
      await m.flush();
      await nextTasks();
    }
    expect(await d.textUpdates.count()).toBe(5);
    expect(reads()).toEqual([]);
    expect(transaction).toHaveBeenCalled();
  });

  it('applies what another tab writes to the same minutes', async () => {
    const name = `follow-${Math.random()}`;
    const mine = openDatabase(name);
    const other = openDatabase(name);
    opened.push(mine, other);
    const here = await load(mine);
    const there = await load(other);
    typeInto(there, 'Bà Lan hỏi về sổ đỏ.');
    await there.flush();
    await until(() => here.doc.getText(NOTES).toString() === 'Bà Lan hỏi về sổ đỏ.', "the other tab's text");
    // And back: each follows the other, neither writes the other's rows again.
    typeInto(here, ' Đã trả lời.');
    await here.flush();
    await until(() => there.doc.getText(NOTES).toString() === 'Bà Lan hỏi về sổ đỏ. Đã trả lời.', 'the reply');
    expect(await mine.textUpdates.count()).toBe(2);
  });
});
