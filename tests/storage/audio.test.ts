/**
 * The hall's audio on the device: chunks stored as they arrive, segments that are whole files,
 * a part cut by a crash marked and kept, a full disk stopping the recording with its audio kept.
 * The recorder runs on a scripted MediaRecorder (jsdom has none); the real one is in the e2e test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { appendChunk, beginPart, beginSegment, directSink, interruptRunningParts, listAudioParts, listAudioSegments, segmentFile } from '../../src/storage/audio.ts';
import { AUDIO_RESERVE_BYTES } from '../../src/domain/audio.ts';
import { HallRecorder } from '../../src/ui/audio/hallRecorder.ts';
import type { AudioCapture } from '../../src/ui/audio/workerSink.ts';
import type { AudioWriterEvent } from '../../src/storage/audioWriterProtocol.ts';

let db: DoiThoaiDb;
let clock = 1_790_000_000_000;
const now = () => clock;
let ids = 0;
const newId = () => `part-${++ids}`;
const scope = { sessionId: 's1', unitId: 'u1', conferenceId: 'c1' };

beforeEach(() => {
  db = openDatabase(`audio-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

/** A MediaRecorder whose chunks the test hands over: what a real one does once a second. */
class ScriptedRecorder extends EventTarget {
  state: 'inactive' | 'recording' = 'inactive';
  ondataavailable: ((e: { data: Blob }) => void) | null = null;
  onerror: (() => void) | null = null;
  onstart: (() => void) | null = null;
  static made: ScriptedRecorder[] = [];
  private n = 0;
  constructor(readonly label: string) {
    super();
    ScriptedRecorder.made.push(this);
  }
  start() {
    this.state = 'recording';
    this.onstart?.();
  }
  chunk() {
    this.ondataavailable?.({ data: new Blob([`${this.label}-${this.n++};`]) });
  }
  stop() {
    // A real recorder hands over what it still holds, then says it stopped.
    this.chunk();
    this.state = 'inactive';
    queueMicrotask(() => this.dispatchEvent(new Event('stop')));
  }
}

function recorder(estimate: () => Promise<{ usage: number; quota: number }> = async () => ({ usage: 0, quota: 1e12 })) {
  ScriptedRecorder.made = [];
  let made = 0;
  return new HallRecorder({
    sink: directSink(db),
    now,
    newId,
    getUserMedia: async () => ({ getTracks: () => [] }) as unknown as MediaStream,
    createRecorder: () => new ScriptedRecorder(`r${made++}`) as unknown as MediaRecorder,
    isTypeSupported: (m) => m === 'audio/webm;codecs=opus',
    estimate,
    audioContext: () => null,
    segmentMs: 3_600_000,
  });
}

const text = async (blob: Blob | null) => (blob ? new TextDecoder().decode(await blob.arrayBuffer()) : null);
/** Waits for a condition (up to 10 s, for a loaded machine); the assertions after it say what was missing. */
const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 2000 && !(await check()); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('the recorder stores its audio as it arrives', () => {
  it('chunks land in order in their segment; a rotation starts a new whole file; stop keeps the last chunk', async () => {
    const rec = recorder();
    await rec.start(scope);
    expect(rec.current.phase).toBe('recording');
    const first = ScriptedRecorder.made[0]!;
    clock += 1000;
    first.chunk();
    clock += 1000;
    first.chunk();
    clock += 500;
    rec.rotate();
    const second = ScriptedRecorder.made[1]!;
    clock += 1000;
    second.chunk();
    clock += 300;
    await rec.stop();

    const segments = await listAudioSegments(db, 's1');
    expect(segments.map((s) => [s.index, s.chunks])).toEqual([
      [0, 3],
      [1, 2],
    ]);
    expect(await text(await segmentFile(db, segments[0]!.id))).toBe('r0-0;r0-1;r0-2;');
    expect(await text(await segmentFile(db, segments[1]!.id))).toBe('r1-0;r1-1;');
    // The second recorder started before the first stopped: no gap between them.
    expect(segments[1]!.startedAt).toBeLessThanOrEqual(segments[0]!.endedAt);
    expect((await segmentFile(db, segments[0]!.id))!.type).toBe('audio/webm;codecs=opus');
    const [part] = await listAudioParts(db, 's1');
    expect(part).toMatchObject({ status: 'stopped', stopReason: 'user', mimeType: 'audio/webm;codecs=opus' });
    expect(part!.endedAt).toBe(clock);
  });

  it('a chunk is on disk before the next one is handed over (what a crash can lose is the one being recorded)', async () => {
    const rec = recorder();
    await rec.start(scope);
    ScriptedRecorder.made[0]!.chunk();
    await until(async () => (await listAudioSegments(db, 's1'))[0]?.chunks === 1);
    expect((await listAudioSegments(db, 's1'))[0]?.chunks).toBe(1);
    await rec.stop();
  });

  it('stops cleanly, keeping its audio, when the storage is nearly full', async () => {
    let usage = 0;
    const rec = recorder(async () => ({ usage, quota: 60 * 1024 * 1024 }));
    await rec.start(scope);
    const r = ScriptedRecorder.made[0]!;
    r.chunk();
    await until(async () => rec.current.timeLeftMs !== null);
    expect(rec.current.timeLeftMs).toBeGreaterThan(0);
    usage = 59 * 1024 * 1024;
    for (let i = 0; i < 10; i++) r.chunk();
    await until(async () => rec.current.phase === 'idle');
    expect(rec.current).toMatchObject({ phase: 'idle', problem: 'quota', stoppedBecause: 'quota' });
    expect((await listAudioSegments(db, 's1'))[0]!.chunks).toBe(12);
    expect((await listAudioParts(db, 's1'))[0]).toMatchObject({ status: 'stopped', stopReason: 'quota' });
  });

  it('tells the screens the bytes stored at the first chunk, then every ten chunks, not with each one', async () => {
    const rec = recorder();
    const told: number[] = [];
    rec.subscribe((s) => s.phase === 'recording' && told.at(-1) !== s.bytes && told.push(s.bytes));
    await rec.start(scope);
    const r = ScriptedRecorder.made[0]!;
    let stored = 0;
    const chunksStored = async () => (await listAudioSegments(db, 's1'))[0]?.chunks ?? 0;
    for (let i = 1; i <= 12; i++) {
      r.chunk();
      await until(async () => (await chunksStored()) === i);
      stored += `r0-${i - 1};`.length;
      // Each chunk is on disk as it arrives; only the first and the eleventh change what the panel shows.
      expect(await chunksStored()).toBe(i);
      if (i === 1 || i === 11) await until(async () => rec.current.bytes === stored);
    }
    expect(told).toEqual([0, 'r0-0;'.length, Array.from({ length: 11 }, (_, i) => `r0-${i};`.length).reduce((a, b) => a + b)]);
    await rec.stop();
  });

  it('says why when there is no microphone, and records nothing', async () => {
    const rec = new HallRecorder({
      sink: directSink(db),
      now,
      newId,
      getUserMedia: () => Promise.reject(Object.assign(new Error('no'), { name: 'NotAllowedError' })),
      createRecorder: () => new ScriptedRecorder('x') as unknown as MediaRecorder,
      isTypeSupported: () => true,
    });
    await rec.start(scope);
    expect(rec.current).toMatchObject({ phase: 'idle', problem: 'mic_denied' });
    expect(await listAudioParts(db, 's1')).toEqual([]);
  });
});

describe('after a crash', () => {
  it('a part still marked recording becomes interrupted, its audio kept; the part recording now is left alone', async () => {
    await beginPart(db, { id: 'old', ...scope, mimeType: 'audio/webm', startedAt: clock });
    await beginPart(db, { id: 'live', ...scope, mimeType: 'audio/webm', startedAt: clock });
    const seg = await beginSegment(db, { partId: 'old', sessionId: 's1', index: 0, mimeType: 'audio/webm', startedAt: clock });
    await appendChunk(db, seg, 0, new Uint8Array([1, 2, 3]), clock + 1000);
    const cut = await interruptRunningParts(db, 's1', 'live');
    expect(cut.map((p) => p.id)).toEqual(['old']);
    const parts = await listAudioParts(db, 's1');
    expect(parts.find((p) => p.id === 'old')).toMatchObject({ status: 'interrupted', stopReason: 'crash', endedAt: clock + 1000 });
    expect(parts.find((p) => p.id === 'live')).toMatchObject({ status: 'recording' });
    expect([...new Uint8Array(await (await segmentFile(db, seg))!.arrayBuffer())]).toEqual([1, 2, 3]);
  });

  it('a segment file stops at a missing chunk rather than playing garbage after it', async () => {
    const seg = await beginSegment(db, { partId: 'p', sessionId: 's1', index: 0, mimeType: 'audio/webm', startedAt: clock });
    await appendChunk(db, seg, 0, new Uint8Array([1]), clock + 1000);
    await appendChunk(db, seg, 2, new Uint8Array([3]), clock + 3000);
    expect([...new Uint8Array(await (await segmentFile(db, seg))!.arrayBuffer())]).toEqual([1]);
  });
});

/** The capture path as the recorder sees it: the worker's side scripted, its news sent by the test. */
function scriptedCapture(accept: boolean) {
  const listeners = new Set<(e: AudioWriterEvent) => void>();
  const calls: string[] = [];
  const capture: AudioCapture = {
    start: async (_stream, part) => {
      calls.push(`start ${part.mimeType}`);
      if (accept) await beginPart(db, part);
      return accept;
    },
    stop: async () => void calls.push('stop'),
    attachMeter: () => void calls.push('meter'),
    attachClock: () => void calls.push('clock'),
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const tell = (e: AudioWriterEvent) => {
    for (const l of listeners) l(e);
  };
  return { capture, calls, tell };
}

describe('the recorder on the capture path (AudioWorklet + WebCodecs in the worker)', () => {
  const make = (capture: AudioCapture, estimate = async () => ({ usage: 0, quota: 1e12 })) => {
    ScriptedRecorder.made = [];
    return new HallRecorder({
      sink: directSink(db),
      capture,
      now,
      newId,
      getUserMedia: async () => ({ getTracks: () => [] }) as unknown as MediaStream,
      createRecorder: () => new ScriptedRecorder('fallback') as unknown as MediaRecorder,
      isTypeSupported: (m) => m === 'audio/mp4',
      estimate,
      audioContext: () => null,
    });
  };

  it('records off the main thread when capture starts: no MediaRecorder, Opus in WebM, the meter and clock handed to the worker', async () => {
    const { capture, calls, tell } = scriptedCapture(true);
    const rec = make(capture);
    const meters: number[] = [];
    rec.subscribeMeter((m) => meters.push(m.level));
    await rec.start(scope);
    expect(rec.current).toMatchObject({ phase: 'recording', offThread: true, mimeType: 'audio/webm;codecs=opus' });
    expect(ScriptedRecorder.made).toHaveLength(0);
    rec.attachMeter({} as HTMLCanvasElement);
    rec.attachClock({} as HTMLCanvasElement, { font: '16px serif', colour: '#000' });
    tell({ event: 'stored', bytes: 3_000 });
    await until(async () => rec.current.bytes === 3_000);
    expect(rec.current.bytes).toBe(3_000);
    tell({ event: 'meter', news: { level: 0.4, silent: false } });
    expect(meters.at(-1)).toBe(0.4);
    await rec.stop();
    expect(calls).toEqual(['start audio/webm;codecs=opus', 'meter', 'clock', 'stop']);
    expect((await listAudioParts(db, 's1'))[0]).toMatchObject({ status: 'stopped', stopReason: 'user', mimeType: 'audio/webm;codecs=opus' });
  });

  it('takes the bytes, the storage estimate and the meter value from one message of the worker, in one state change', async () => {
    const { capture, tell } = scriptedCapture(true);
    const rec = make(capture, async () => {
      throw new Error('the page asks the browser nothing while the worker records');
    });
    await rec.start(scope);
    const states: number[] = [];
    const meters: number[] = [];
    rec.subscribe((s) => states.push(s.bytes));
    rec.subscribeMeter((m) => meters.push(m.level));
    states.length = 0;
    tell({ event: 'stored', bytes: 16_000, usage: 1_000_000, quota: 1_000_000 + AUDIO_RESERVE_BYTES + 16_000 * 3600, news: { level: 0.6, silent: false } });
    expect(states).toEqual([16_000]);
    expect(meters.at(-1)).toBe(0.6);
    expect(rec.current.usageBytes).toBe(1_000_000);
    expect(rec.current.timeLeftMs).toBeGreaterThan(0);
    await rec.stop();
  });

  it('stops, keeping its audio, when the worker says the disk is full', async () => {
    const { capture, tell } = scriptedCapture(true);
    const rec = make(capture);
    await rec.start(scope);
    tell({ event: 'failed', name: 'QuotaExceededError', message: 'full' });
    await until(async () => rec.current.phase === 'idle');
    expect(rec.current).toMatchObject({ phase: 'idle', problem: 'quota', stoppedBecause: 'quota' });
  });

  it('falls back to MediaRecorder, in its own format, where capture cannot start', async () => {
    const { capture } = scriptedCapture(false);
    const rec = make(capture);
    await rec.start(scope);
    expect(rec.current).toMatchObject({ phase: 'recording', offThread: false, mimeType: 'audio/mp4' });
    expect(ScriptedRecorder.made).toHaveLength(1);
    await rec.stop();
    expect((await listAudioParts(db, 's1'))[0]).toMatchObject({ mimeType: 'audio/mp4', status: 'stopped' });
  });
});
