import { describe, expect, it } from 'vitest';
import { consecutiveRuns } from '../../src/sync/engine.ts';

describe('consecutiveRuns (settling a push: one key-range delete per run of outbox seqs)', () => {
  it('joins seqs that follow one another, in any order given', () => {
    expect(consecutiveRuns([5, 3, 4, 1])).toEqual([
      [1, 1],
      [3, 5],
    ]);
  });

  it('never joins across a missing number, so a range holds only the seqs given', () => {
    for (const seqs of [[1, 3], [10, 12, 13, 20], [7]]) {
      const covered = consecutiveRuns(seqs).flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));
      expect(covered).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    }
  });

  it('gives nothing for nothing, and one run for a repeated seq', () => {
    expect(consecutiveRuns([])).toEqual([]);
    expect(consecutiveRuns([2, 2])).toEqual([[2, 2]]);
  });
});
