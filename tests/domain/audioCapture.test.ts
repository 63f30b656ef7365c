/**
 * The capture's pure rules (issue 11): the audio thread's blocks batched without a frame lost or moved,
 * their loudness, and the meter telling the page only now and then.
 */
import { describe, expect, it } from 'vitest';
import { MeterTracker, PcmBatcher, SILENCE_MS, levelOf, rms } from '../../src/domain/audioCapture.ts';

const block = (from: number, n = 128) => Float32Array.from({ length: n }, (_, i) => ((from + i) % 1000) / 1000);

describe('PcmBatcher', () => {
  it('gathers 128-frame blocks into batches of its size, splitting a block that straddles two, frames in order', () => {
    const b = new PcmBatcher(300);
    const out = [];
    for (let f = 0; f < 128 * 7; f += 128) out.push(...b.push(block(f), f));
    // 896 frames: two full batches of 300, 296 left over.
    expect(out.map((x) => [x.startFrame, x.samples.length])).toEqual([
      [0, 300],
      [300, 300],
    ]);
    const last = b.flush();
    expect(last && [last.startFrame, last.samples.length]).toEqual([600, 296]);
    const all = [...out.flatMap((x) => [...x.samples]), ...(last?.samples ?? [])];
    expect(all).toEqual([...block(0, 896)]);
    expect(b.flush()).toBeNull();
  });

  it('hands over a fresh buffer with each batch (the full one is transferred away)', () => {
    const b = new PcmBatcher(128);
    const [first] = b.push(block(0), 0);
    const [second] = b.push(block(128), 128);
    expect(first?.samples.buffer).not.toBe(second?.samples.buffer);
    expect(first?.samples[0]).toBe(0);
  });

  it('measures each batch: the level of its RMS', () => {
    const b = new PcmBatcher(256);
    const loud = new Float32Array(128).fill(0.1);
    const [batch] = [...b.push(loud, 0), ...b.push(loud, 128)];
    expect(batch?.level).toBeCloseTo(levelOf(0.1), 5);
    expect(rms([3, 4, 0, 0], 2)).toBeCloseTo(Math.sqrt(12.5), 6);
    expect(levelOf(1)).toBe(1);
  });
});

describe('MeterTracker', () => {
  it('tells the first reading, then a value moving inside speech at most every 10 s', () => {
    const m = new MeterTracker();
    expect(m.reading(0.5, 0)).toEqual({ level: 0.5, silent: false });
    const told = [];
    for (let t = 100; t <= 25_000; t += 100) {
      const n = m.reading(0.2 + 0.7 * Math.abs(Math.sin(t / 300)), t);
      if (n) told.push(t);
    }
    expect(told.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < told.length; i++) expect(told[i]! - told[i - 1]!).toBeGreaterThanOrEqual(10_000);
  });

  it('with the value on a schedule of its own (the worker): tells only band changes, and keeps the latest reading', () => {
    const m = new MeterTracker(Infinity);
    expect(m.reading(0.5, 0)).toEqual({ level: 0.5, silent: false });
    let told = 0;
    for (let t = 100; t <= 60_000; t += 100) if (m.reading(0.2 + 0.6 * Math.abs(Math.sin(t / 300)), t)) told++;
    expect(told).toBe(0);
    m.reading(0.34, 60_100);
    expect(m.latest).toEqual({ level: 0.3, silent: false });
    expect(m.reading(0, 61_200)).toEqual({ level: 0, silent: false }); // sound stopping is still told at once
  });

  it('tells sound stopping within a second, and the dead-microphone warning after SILENCE_MS of silence', () => {
    const m = new MeterTracker();
    m.reading(0.5, 0);
    expect(m.reading(0.5, 400)).toBeNull();
    expect(m.reading(0, 800)).toBeNull(); // a dip between words, under a second after the last telling
    expect(m.reading(0, 1_200)).toEqual({ level: 0, silent: false });
    let warned: number | null = null;
    for (let t = 1_300; t <= 10_000 && warned === null; t += 100) if (m.reading(0, t)?.silent) warned = t;
    expect(warned).toBe(800 + SILENCE_MS);
    expect(m.reading(0.3, 6_000)).toEqual({ level: 0.3, silent: false });
  });
});
