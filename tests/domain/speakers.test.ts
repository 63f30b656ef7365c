import { describe, expect, it } from 'vitest';
import type { TurnStatus } from '../../src/domain/model.ts';
import {
  callNext,
  current,
  done,
  finishTurn,
  moveDown,
  moveTurn,
  moveUp,
  orderedQueue,
  positionAtEnd,
  positionBetween,
  reinstate,
  speakerKey,
  speakerSummary,
  speaking,
  waiting,
  withdraw,
  type QueueTurn,
  type TurnChange,
} from '../../src/domain/speakers.ts';

const NOW = Date.UTC(2026, 4, 15, 3, 0, 0);

function turn(id: string, position: number, status: TurnStatus = 'waiting', extra: Partial<QueueTurn> = {}): QueueTurn {
  return {
    id,
    position,
    status,
    speakerName: `Người ${id}`,
    calledAt: null,
    finishedAt: null,
    spokenMs: null,
    ...extra,
  };
}

function apply(turns: readonly QueueTurn[], changes: readonly TurnChange[]): QueueTurn[] {
  return turns.map((t) => {
    let out = t;
    for (const c of changes) if (c.id === t.id) out = { ...out, ...(c.fields as Partial<QueueTurn>) };
    return out;
  });
}

const ids = (ts: readonly { id: string }[]) => ts.map((t) => t.id);

describe('queue views', () => {
  const turns = [
    turn('d', 4096),
    turn('a', 1024, 'done'),
    turn('b', 2048, 'speaking'),
    turn('x', 1500, 'waiting', { deleted: true }),
    turn('c', 3072),
    turn('w', 2500, 'withdrawn'),
    turn('e', 3072),
  ];

  it('orders live turns by position then id', () => {
    expect(ids(orderedQueue(turns))).toEqual(['a', 'b', 'w', 'c', 'e', 'd']);
  });

  it('splits by status', () => {
    expect(ids(waiting(turns))).toEqual(['c', 'e', 'd']);
    expect(current(turns)?.id).toBe('b');
    expect(ids(done(turns))).toEqual(['a']);
  });

  it('has no current speaker when nobody speaks', () => {
    expect(current([turn('a', 1)])).toBeNull();
  });

  it('re-exports positionBetween and gives an end position after the last turn', () => {
    expect(positionBetween(null, null)).toBe(1024);
    expect(positionAtEnd(turns)).toBe(4096 + 1024);
    expect(positionAtEnd([])).toBe(1024);
  });
});

describe('moving turns', () => {
  const turns = [turn('a', 1024, 'done'), turn('b', 2048), turn('c', 3072), turn('d', 4096)];

  it('moveTurn changes only the moved turn and lands it at the index', () => {
    const p = moveTurn(turns, 'd', 1);
    expect(p).not.toBeNull();
    const after = turns.map((t) => (t.id === 'd' ? { ...t, position: p! } : t));
    expect(ids(orderedQueue(after))).toEqual(['a', 'd', 'b', 'c']);
    expect(after.filter((t, i) => t.position !== turns[i]!.position).map((t) => t.id)).toEqual(['d']);
  });

  it('moveUp/moveDown step among waiting turns only', () => {
    const up = moveUp(turns, 'c');
    expect(ids(orderedQueue(turns.map((t) => (t.id === 'c' ? { ...t, position: up! } : t))))).toEqual(['a', 'c', 'b', 'd']);
    // b is the first waiting: it cannot go above the done turn.
    expect(moveUp(turns, 'b')).toBeNull();
    expect(moveDown(turns, 'd')).toBeNull();
    const down = moveDown(turns, 'b');
    expect(ids(orderedQueue(turns.map((t) => (t.id === 'b' ? { ...t, position: down! } : t))))).toEqual(['a', 'c', 'b', 'd']);
    expect(moveUp(turns, 'a')).toBeNull(); // done turns are not reordered
    expect(moveUp(turns, 'nobody')).toBeNull();
  });

  it('two devices moving different turns offline both keep their move', () => {
    const pB = moveTurn(turns, 'b', 3)!; // device 1: b to the end
    const pD = moveTurn(turns, 'd', 1)!; // device 2: d right after a
    const merged = turns.map((t) => (t.id === 'b' ? { ...t, position: pB } : t.id === 'd' ? { ...t, position: pD } : t));
    expect(ids(orderedQueue(merged))).toEqual(['a', 'd', 'c', 'b']);
  });
});

describe('callNext', () => {
  it('ends the current speaker and calls the first waiting', () => {
    const turns = [turn('a', 1024, 'speaking', { calledAt: NOW - 1000 }), turn('c', 3072), turn('b', 2048)];
    const changes = callNext(turns, NOW, { a: 290_000 });
    expect(changes).toEqual([
      { id: 'a', fields: { status: 'done', finishedAt: NOW, spokenMs: 290_000 } },
      { id: 'b', fields: { status: 'speaking', calledAt: NOW } },
    ]);
    const after = apply(turns, changes);
    expect(current(after)?.id).toBe('b');
    expect(ids(waiting(after))).toEqual(['c']);
  });

  it('calls the first speaker when nobody has the floor yet', () => {
    expect(callNext([turn('a', 1), turn('b', 2)], NOW)).toEqual([{ id: 'a', fields: { status: 'speaking', calledAt: NOW } }]);
  });

  it('only ends the last speaker when the queue is empty', () => {
    expect(callNext([turn('a', 1, 'speaking')], NOW)).toEqual([{ id: 'a', fields: { status: 'done', finishedAt: NOW } }]);
    expect(callNext([], NOW)).toEqual([]);
  });

  it('repairs a double call from two devices by ending both speakers', () => {
    const turns = [turn('a', 1, 'speaking'), turn('b', 2, 'speaking'), turn('c', 3)];
    expect(speaking(turns)).toHaveLength(2);
    const after = apply(turns, callNext(turns, NOW));
    expect(ids(speaking(after))).toEqual(['c']);
    expect(ids(done(after))).toEqual(['a', 'b']);
  });

  it('skips withdrawn and deleted turns', () => {
    const turns = [turn('a', 1, 'withdrawn'), turn('b', 2, 'waiting', { deleted: true }), turn('c', 3)];
    expect(callNext(turns, NOW)).toEqual([{ id: 'c', fields: { status: 'speaking', calledAt: NOW } }]);
  });
});

describe('finishTurn, withdraw, reinstate', () => {
  const turns = [turn('a', 1, 'speaking'), turn('b', 2), turn('c', 3, 'withdrawn')];

  it('finishes only a speaking turn', () => {
    expect(finishTurn(turns, 'a', NOW, 120_000)).toEqual([{ id: 'a', fields: { status: 'done', finishedAt: NOW, spokenMs: 120_000 } }]);
    expect(finishTurn(turns, 'b', NOW)).toEqual([]);
  });

  it('withdraws only a waiting turn', () => {
    expect(withdraw(turns, 'b')).toEqual([{ id: 'b', fields: { status: 'withdrawn' } }]);
    expect(withdraw(turns, 'a')).toEqual([]);
    expect(withdraw(turns, 'zz')).toEqual([]);
  });

  it('puts a withdrawn turn back at the end', () => {
    expect(reinstate(turns, 'c')).toEqual([{ id: 'c', fields: { status: 'waiting', position: 3 + 1024 } }]);
    expect(reinstate(turns, 'b')).toEqual([]);
  });
});

describe('speakerSummary', () => {
  it('groups several questions of one person, whatever the spacing, case or Unicode form', () => {
    const decomposed = 'Nguyễn Văn An'.normalize('NFD');
    const turns = [
      turn('1', 1, 'done', { speakerName: 'Nguyễn Văn An', spokenMs: 200_000 }),
      turn('2', 2, 'done', { speakerName: 'Trần Thị Bình', spokenMs: 310_000 }),
      turn('3', 3, 'done', { speakerName: `  ${decomposed.toUpperCase()} `, spokenMs: 100_000 }),
      turn('4', 4, 'speaking', { speakerName: 'nguyễn  văn an' }),
      turn('5', 5, 'waiting', { speakerName: 'Nguyễn Văn An' }),
      turn('6', 6, 'withdrawn', { speakerName: 'Nguyễn Văn An' }),
      turn('7', 7, 'done', { speakerName: 'Nguyễn Văn An', deleted: true, spokenMs: 999 }),
    ];
    const rows = speakerSummary(turns);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ name: 'Nguyễn Văn An', questions: 3, waiting: 1, spokenMs: 300_000, turnIds: ['1', '3', '4', '5'] });
    expect(rows[1]).toMatchObject({ name: 'Trần Thị Bình', questions: 1, waiting: 0, spokenMs: 310_000 });
  });

  it('keeps people whose names differ only by diacritics apart', () => {
    expect(speakerKey('Lê Văn Bá')).not.toBe(speakerKey('Lê Văn Ba'));
    const rows = speakerSummary([turn('1', 1, 'done', { speakerName: 'Lê Văn Bá' }), turn('2', 2, 'done', { speakerName: 'Lê Văn Ba' })]);
    expect(rows).toHaveLength(2);
  });
});
