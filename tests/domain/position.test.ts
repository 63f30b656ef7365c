import { describe, expect, it } from 'vitest';
import {
  POSITION_STEP,
  compareByPosition,
  positionBetween,
  positionForMove,
  positionsExhausted,
  respread,
  sortByPosition,
} from '../../src/domain/position.ts';

describe('positionBetween', () => {
  it('takes the midpoint between two neighbours', () => {
    expect(positionBetween(1024, 2048)).toBe(1536);
    expect(positionBetween(2048, 1024)).toBe(1536);
    expect(positionBetween(-3, 5)).toBe(1);
  });

  it('steps 1024 past an open end', () => {
    expect(positionBetween(null, null)).toBe(POSITION_STEP);
    expect(positionBetween(null, 1024)).toBe(0);
    expect(positionBetween(2048, null)).toBe(3072);
  });

  it('stays strictly between for many moves into the same gap, then reports exhaustion', () => {
    let lo = 1024;
    const hi = 2048;
    let moves = 0;
    while (!positionsExhausted(lo, hi)) {
      const mid = positionBetween(lo, hi);
      expect(mid).toBeGreaterThan(lo);
      expect(mid).toBeLessThan(hi);
      lo = mid;
      moves += 1;
    }
    expect(moves).toBeGreaterThan(40);
  });
});

describe('ordering', () => {
  it('sorts by position, then id, so equal positions from two devices order the same everywhere', () => {
    const items = [
      { id: 'b', position: 1 },
      { id: 'a', position: 1 },
      { id: 'c', position: 0.5 },
    ];
    expect(sortByPosition(items).map((i) => i.id)).toEqual(['c', 'a', 'b']);
    expect(sortByPosition([...items].reverse()).map((i) => i.id)).toEqual(['c', 'a', 'b']);
    expect(compareByPosition(items[0]!, items[0]!)).toBe(0);
  });

  it('respreads a list one step apart, in its order', () => {
    expect(
      respread([
        { id: 'x', position: 5 },
        { id: 'y', position: 5.0000001 },
      ]),
    ).toEqual([
      { id: 'x', position: 1024 },
      { id: 'y', position: 2048 },
    ]);
  });
});

describe('positionForMove', () => {
  const list = [
    { id: 'a', position: 1024 },
    { id: 'b', position: 2048 },
    { id: 'c', position: 3072 },
    { id: 'd', position: 4096 },
  ];
  const orderAfter = (id: string, to: number) => {
    const p = positionForMove(list, id, to);
    return sortByPosition(list.map((i) => (i.id === id ? { ...i, position: p! } : i)))
      .map((i) => i.id)
      .join('');
  };

  it('puts the item at the asked index', () => {
    expect(orderAfter('d', 0)).toBe('dabc');
    expect(orderAfter('a', 3)).toBe('bcda');
    expect(orderAfter('a', 1)).toBe('bacd');
    expect(orderAfter('c', 1)).toBe('acbd');
  });

  it('clamps the index to the ends', () => {
    expect(orderAfter('b', -5)).toBe('bacd');
    expect(orderAfter('b', 99)).toBe('acdb');
  });

  it('keeps the current position when the item is already there', () => {
    expect(positionForMove(list, 'b', 1)).toBe(2048);
  });

  it('is null for an unknown id', () => {
    expect(positionForMove(list, 'zz', 0)).toBeNull();
  });
});
