/**
 * Properties of the two rules sync rests on, over random inputs (fast-check):
 * the merge rule (per field, the higher stamp wins) and the hybrid logical clock.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatHlc, isHlc, MAX_DRIFT_MS, parseHlc, receive, tick, type Hlc } from '../../src/domain/clock.ts';
import { mergeFields, type FieldChange } from '../../src/domain/merge.ts';

const FIELDS = ['title', 'venue', 'status', 'deleted', 'order'] as const;
const NODES = ['a1', 'b2', 'c3', 'd4'] as const;
const BASE = 1_760_000_000_000;

const hlcArb: fc.Arbitrary<Hlc> = fc
  .record({ ms: fc.integer({ min: BASE, max: BASE + 10_000 }), counter: fc.integer({ min: 0, max: 5 }), node: fc.constantFrom(...NODES) })
  .map(formatHlc);

/** A change as a device makes it: some fields, each with its own stamp; a stamp is unique to its value (device id in it). */
const changeArb: fc.Arbitrary<FieldChange> = fc
  .uniqueArray(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: FIELDS.length })
  .chain((fields) =>
    fc.tuple(...fields.map((f) => hlcArb.map((h) => [f, h] as const))).map((pairs) => ({
      // The value is a function of the stamp: two changes with the same stamp carry the same value, as on real devices.
      fields: Object.fromEntries(pairs.map(([f, h]) => [f, `${f}@${h}`])),
      stamps: Object.fromEntries(pairs),
    })),
  );

function applyAll(changes: readonly FieldChange[]) {
  let record: Record<string, unknown> = {};
  let stamps: Record<string, Hlc> = {};
  for (const c of changes) ({ record, stamps } = mergeFields(record, stamps, c));
  return { record, stamps };
}

/** Two changes folded into one, as a relay would merge them: the pair-wise merge of their fields. */
function combine(a: FieldChange, b: FieldChange): FieldChange {
  const { record, stamps } = mergeFields(a.fields, a.stamps, b);
  return { fields: record, stamps };
}

describe('merge rule (property)', () => {
  it('is commutative: two changes in either order give the same record', () => {
    fc.assert(
      fc.property(changeArb, changeArb, (a, b) => {
        expect(applyAll([a, b])).toEqual(applyAll([b, a]));
      }),
    );
  });

  it('is associative: (a·b)·c equals a·(b·c)', () => {
    fc.assert(
      fc.property(changeArb, changeArb, changeArb, (a, b, c) => {
        expect(applyAll([combine(a, b), c])).toEqual(applyAll([a, combine(b, c)]));
      }),
    );
  });

  it('is idempotent: applying a change again changes nothing', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 6 }), changeArb, (before, c) => {
        const once = applyAll([...before, c]);
        const twice = mergeFields(once.record, once.stamps, c);
        expect(twice.applied).toEqual([]);
        expect({ record: twice.record, stamps: twice.stamps }).toEqual(once);
      }),
    );
  });

  it('any order of any set of changes converges to the same record', () => {
    fc.assert(
      fc.property(
        fc.array(changeArb, { minLength: 1, maxLength: 8 }).chain((cs) => fc.tuple(fc.constant(cs), fc.shuffledSubarray(cs, { minLength: cs.length, maxLength: cs.length }))),
        ([changes, shuffled]) => {
          expect(applyAll(shuffled)).toEqual(applyAll(changes));
        },
      ),
    );
  });
});

describe('hybrid logical clock (property)', () => {
  const nowsArb = fc.array(fc.integer({ min: BASE - 100_000, max: BASE + 100_000 }), { minLength: 1, maxLength: 40 });

  it('is monotonic on one device whatever the wall clock does (backwards jumps included)', () => {
    fc.assert(
      fc.property(nowsArb, (nows) => {
        let last: Hlc | null = null;
        for (const now of nows) {
          const next = tick(last, now, 'a1');
          if (last) expect(next > last).toBe(true);
          expect(parseHlc(next)!.ms).toBeGreaterThanOrEqual(now);
          last = next;
        }
      }),
    );
  });

  it('receive moves past the remote stamp and past our own last, and later ticks stay past both', () => {
    fc.assert(
      fc.property(fc.option(hlcArb, { nil: null }), hlcArb, fc.integer({ min: BASE - 50_000, max: BASE + 50_000 }), (last, remote, now) => {
        const next = receive(last, remote, now, 'z9');
        expect(next).not.toBeNull();
        // Compare times and counters, not the device tie-break: the new stamp is later than both.
        const n = parseHlc(next!)!;
        for (const seen of [remote, last]) {
          if (!seen) continue;
          const s = parseHlc(seen)!;
          expect(n.ms > s.ms || (n.ms === s.ms && n.counter > s.counter)).toBe(true);
        }
        expect(tick(next, now, 'z9') > next!).toBe(true);
      }),
    );
  });

  it('refuses a remote stamp implausibly far in the future, and accepts one just within the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 * 365 * 24 * 3600 * 1000 }), fc.option(hlcArb, { nil: null }), (ahead, last) => {
        const now = BASE;
        const far = formatHlc({ ms: now + MAX_DRIFT_MS + ahead, counter: 0, node: 'b2' });
        expect(receive(last, far, now, 'a1')).toBeNull();
        const near = formatHlc({ ms: now + MAX_DRIFT_MS, counter: 0, node: 'b2' });
        expect(receive(last, near, now, 'a1')).not.toBeNull();
      }),
    );
  });
});

describe('stamp parsing (property)', () => {
  // The shape a stamp must have, as the regular expression it was first written as.
  const SHAPE = /^([0-9a-z]{11})-([0-9a-z]{5})-(.+)$/;
  const reference = (h: string) => {
    const m = SHAPE.exec(h);
    return m ? { ms: parseInt(m[1]!, 36), counter: parseInt(m[2]!, 36), node: m[3]! } : null;
  };
  const chars = fc.constantFrom(...'0123456789abcxyzAZ-_.:\n\r\u2028\u2029 é'.split(''));
  const nearStamp = fc.oneof(
    hlcArb,
    fc.tuple(hlcArb, fc.nat(40), fc.string({ unit: chars, maxLength: 3 })).map(([h, at, s]) => h.slice(0, at) + s + h.slice(at + s.length)),
    fc.string({ unit: chars, maxLength: 24 }),
  );

  it('accepts and reads exactly what the stamp shape describes', () => {
    fc.assert(
      fc.property(nearStamp, (h) => {
        expect(parseHlc(h)).toEqual(reference(h));
        expect(isHlc(h)).toBe(reference(h) !== null);
      }),
      { numRuns: 2000 },
    );
    expect(isHlc(42)).toBe(false);
    expect(parseHlc('000mx65luod-00000-')).toBeNull();
    expect(parseHlc('000mx65luod-00000-a\nb')).toBeNull();
    expect(parseHlc('000mx65luod-0000z-aa36e93a5d9e')).toEqual({ ms: parseInt('000mx65luod', 36), counter: 35, node: 'aa36e93a5d9e' });
  });
});
