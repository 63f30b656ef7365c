/**
 * The count of changes waiting for the office server (storage/pending.ts): right, followed across
 * connections (another tab), and not recounted per keystroke while writes keep coming.
 */
import { describe, expect, it } from 'vitest';
import { freshDatabases } from './freshDb.ts';
import { countPending, observePendingCount } from '../../src/storage/pending.ts';
import { commit, create, textUpdate } from '../../src/storage/write.ts';

const DOC = 'minutes:session-1';
const UNIT = { unitId: 'unit-1' };
const db = freshDatabases('pending');

const department = (id: string) => create('departments', UNIT, { name: `Phòng ${id}`, fields: ['Đất đai'] }, id);

/** Resolves with the first value `until` accepts. */
function nextValue(values: number[], until: (n: number) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const hit = values.find(until);
      if (hit !== undefined) resolve(hit);
      else if (Date.now() - started > 5000) reject(new Error(`never seen; values: ${values.join(', ')}`));
      else setTimeout(poll, 5);
    };
    poll();
  });
}

describe('the pending count', () => {
  it('counts queued records and minutes rows not yet sent, not sent ones', async () => {
    const d = db();
    await commit(d, [department('a'), department('b')]);
    await commit(d, [textUpdate(DOC, new Uint8Array([0, 0]))]);
    await d.textUpdates.add({ docId: DOC, update: new Uint8Array([0, 0]), pending: 0, op: 'sent-1', unitId: 'unit-1', conferenceId: null });
    expect(await countPending(d)).toBe(3);
  });

  it('follows writes in this tab and in another one', async () => {
    const name = `pending-${Math.random()}`;
    const here = db(name);
    const there = db(name);
    const values: number[] = [];
    const stop = observePendingCount(here, (n) => values.push(n), (e) => {
      throw e;
    });
    await nextValue(values, (n) => n === 0);
    await commit(here, [textUpdate(DOC, new Uint8Array([0, 0]))]);
    await nextValue(values, (n) => n === 1);
    await commit(there, [department('a')]);
    await nextValue(values, (n) => n === 2);
    stop();
  });

  it('counts once for a burst of keystrokes, then what the burst left', async () => {
    const d = db();
    const pendingRuns: (() => void)[] = [];
    let clock = 0;
    const values: number[] = [];
    const stop = observePendingCount(d, (n) => values.push(n), (e) => {
      throw e;
    }, {
      recountMs: 1000,
      now: () => clock,
      schedule: (run) => {
        pendingRuns.push(run);
        return () => pendingRuns.splice(pendingRuns.indexOf(run), 1);
      },
    });
    await nextValue(values, (n) => n === 0);
    for (let i = 0; i < 20; i++) await commit(d, [textUpdate(DOC, new Uint8Array([0, 0]))]);
    // Let every write's notification arrive before looking at what was scheduled.
    await new Promise((r) => setTimeout(r, 20));
    expect(pendingRuns).toHaveLength(1);
    expect(values).toEqual([0]);
    clock = 1000;
    pendingRuns.shift()!();
    expect(await nextValue(values, (n) => n > 0)).toBe(20);
    stop();
  });

  it('stops counting when stopped', async () => {
    const d = db();
    const values: number[] = [];
    const stop = observePendingCount(d, (n) => values.push(n), () => {});
    await nextValue(values, (n) => n === 0);
    stop();
    await commit(d, [textUpdate(DOC, new Uint8Array([0, 0]))]);
    expect(await countPending(d)).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(values).toEqual([0]);
  });
});
