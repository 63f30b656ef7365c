import { describe, expect, it } from 'vitest';
import {
  audioExtension,
  audioSpan,
  instantAtSpoken,
  instantOf,
  nextPosition,
  pickAudioMimeType,
  positionAt,
  recordingTimeLeftMs,
  segmentsBetween,
  speakingSpans,
  stampInstant,
  stampsIn,
  timelineMarkers,
  turnWindow,
  type SegmentLike,
} from '../../src/domain/audio.ts';
import type { TimerEventLike } from '../../src/domain/timer.ts';

const T0 = Date.UTC(2026, 4, 15, 2, 0, 0); // 09:00 in Hà Nội
const s = (n: number) => T0 + n * 1000;

/** Segments of `length` s each, overlapping by 20 ms at each rotation, as the recorder makes them. */
function part(partId: string, from: number, count: number, length = 30): SegmentLike[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${partId}:${i}`,
    partId,
    index: i,
    startedAt: s(from + i * length),
    endedAt: s(from + (i + 1) * length) + 20,
  }));
}

// Part A 09:00:00-09:03:00 (6 segments), crash, part B from 09:03:10 to 09:05:10 (4 segments).
const A = part('A', 0, 6);
const B = part('B', 190, 4);
const ALL = [...B, ...A];

const ev = (type: TimerEventLike['type'], at: number, updatedAt?: string, amountMs = 0): TimerEventLike =>
  updatedAt === undefined ? { type, at, amountMs } : { type, at, amountMs, updatedAt };

describe('positionAt', () => {
  it('finds a moment in its segment across several parts', () => {
    expect(positionAt(ALL, s(45))).toEqual({ segmentId: 'A:1', partId: 'A', offsetMs: 15_000, exact: true });
    expect(positionAt(ALL, s(200))).toEqual({ segmentId: 'B:0', partId: 'B', offsetMs: 10_000, exact: true });
    expect(positionAt(ALL, s(305))).toEqual({ segmentId: 'B:3', partId: 'B', offsetMs: 25_000, exact: true });
  });

  it('in the overlap of a rotation takes the later segment, which goes on', () => {
    expect(positionAt(ALL, s(30) + 10)).toEqual({ segmentId: 'A:1', partId: 'A', offsetMs: 10, exact: true });
  });

  it('a moment between two parts (the crash) or before the recording plays the next audio, not exact', () => {
    expect(positionAt(ALL, s(185))).toEqual({ segmentId: 'B:0', partId: 'B', offsetMs: 0, exact: false });
    expect(positionAt(ALL, s(-60))).toEqual({ segmentId: 'A:0', partId: 'A', offsetMs: 0, exact: false });
  });

  it('after all audio: nothing', () => {
    expect(positionAt(ALL, s(400))).toBeNull();
    expect(positionAt([], s(0))).toBeNull();
  });

  it('is the inverse of instantOf inside a segment', () => {
    for (const at of [s(1), s(59), s(150), s(250)]) {
      const p = positionAt(ALL, at)!;
      expect(instantOf(ALL, p.segmentId, p.offsetMs)).toBe(at);
    }
  });
});

describe('nextPosition', () => {
  it('continues in the next segment past the overlap, then into the next part', () => {
    expect(nextPosition(ALL, 'A:0')).toEqual({ segmentId: 'A:1', partId: 'A', offsetMs: 20, exact: true });
    expect(nextPosition(ALL, 'A:5')).toEqual({ segmentId: 'B:0', partId: 'B', offsetMs: 0, exact: false });
    expect(nextPosition(ALL, 'B:3')).toBeNull();
  });
});

describe('spans and windows from timer events', () => {
  // Started 09:10:00, paused 09:11:00 (the chair asks for quiet), resumed 09:11:30, stopped 09:14:00.
  const paused = [
    ev('stop', s(840), 'h4'),
    ev('start', s(600), 'h1', 300_000),
    ev('resume', s(690), 'h3'),
    ev('pause', s(660), 'h2'),
  ];

  it('speaking spans leave out the pause, in HLC order whatever the array order', () => {
    expect(speakingSpans(paused)).toEqual([
      { from: s(600), to: s(660) },
      { from: s(690), to: s(840) },
    ]);
  });

  it('the turn window runs from start to stop, the pause included', () => {
    expect(turnWindow({ calledAt: s(590), finishedAt: s(841) }, paused)).toEqual({ from: s(600), to: s(840) });
  });

  it('a turn still running has an open window; one without events uses its call', () => {
    expect(turnWindow({ calledAt: s(590), finishedAt: null }, [ev('start', s(600), 'h1', 300_000)])).toEqual({ from: s(600), to: null });
    expect(turnWindow({ calledAt: s(590), finishedAt: s(700) }, [])).toEqual({ from: s(590), to: s(700) });
    expect(turnWindow({ calledAt: null, finishedAt: null }, [])).toBeNull();
  });

  it('spoken time maps to the room clock, skipping the pause', () => {
    expect(instantAtSpoken(paused, 30_000, s(900))).toBe(s(630));
    // 90 s spoken: 60 before the pause, 30 after the resume.
    expect(instantAtSpoken(paused, 90_000, s(900))).toBe(s(720));
    expect(instantAtSpoken(paused, 400_000, s(900))).toBeNull();
  });

  it('ignores events that do not apply (a second start, a pause while paused)', () => {
    const odd = [ev('start', s(0), 'h1'), ev('start', s(5), 'h2'), ev('pause', s(10), 'h3'), ev('pause', s(12), 'h4'), ev('resume', s(20), 'h5')];
    expect(speakingSpans(odd)).toEqual([
      { from: s(0), to: s(10) },
      { from: s(20), to: null },
    ]);
  });

  it('a paused turn maps into the right segments of a later part', () => {
    // The turn of the paused timer falls in part A's segments 0-5 and, after the crash, part B.
    const turn = turnWindow({ calledAt: null, finishedAt: null }, [ev('start', s(170), 'h1'), ev('pause', s(185), 'h2'), ev('resume', s(195), 'h3'), ev('stop', s(230), 'h4')])!;
    expect(positionAt(ALL, turn.from)).toMatchObject({ segmentId: 'A:5', offsetMs: 20_000 });
    expect(segmentsBetween(ALL, turn.from, turn.to!).map((x) => x.id)).toEqual(['A:5', 'B:0', 'B:1']);
  });
});

describe('stamps', () => {
  it('finds [HH:mm] stamps in the text, refusing impossible times', () => {
    expect(stampsIn('[09:05] Ông An hỏi … [9:12] bà Hoa đáp [25:00] [10:61]')).toEqual([
      { time: '09:05', index: 0 },
      { time: '09:12', index: 21 },
    ]);
  });

  it('a stamp is the start of its minute, Vietnam time, on the session date', () => {
    expect(stampInstant('2026-05-15', '09:05')).toBe(s(300));
    const p = positionAt(ALL, stampInstant('2026-05-15', '09:04'));
    expect(p).toMatchObject({ segmentId: 'B:1', offsetMs: 20_000, exact: true });
  });

  it('a stamp of a meeting held on another day than planned is read on the day its audio was recorded', () => {
    // The session was planned for 13/05; ALL was recorded on 15/05, from 09:00.
    expect(stampInstant('2026-05-13', '09:05', ALL)).toBe(s(300));
    // Its minute started before the recording did (part B from 09:03:10) but holds some of it: still that day.
    expect(stampInstant('2026-05-13', '09:03', B)).toBe(s(180));
    // No audio at that minute on any day: the planned day, as before.
    expect(stampInstant('2026-05-13', '15:00', ALL)).toBe(Date.UTC(2026, 4, 13, 8, 0, 0));
    // Audio on the planned day wins over another day's.
    const both = [...ALL, { id: 'Z:0', partId: 'Z', index: 0, startedAt: Date.UTC(2026, 4, 13, 2, 0, 0), endedAt: Date.UTC(2026, 4, 13, 2, 30, 0) }];
    expect(stampInstant('2026-05-13', '09:05', both)).toBe(Date.UTC(2026, 4, 13, 2, 5, 0));
  });
});

describe('timeline, formats, storage', () => {
  it('markers in time order, agenda items not started left out', () => {
    const marks = timelineMarkers(
      [
        { id: 'a1', startedAt: s(0), label: 'Khai mạc' },
        { id: 'a2', startedAt: null, label: 'Kết luận' },
      ],
      [
        { id: 't2', label: 'Bà Hoa', window: { from: s(300), to: null } },
        { id: 't1', label: 'Ông An', window: { from: s(100), to: s(200) } },
        { id: 't3', label: 'Chưa gọi', window: null },
      ],
      { from: s(0), to: s(400) },
    );
    expect(marks.map((m) => m.id)).toEqual(['a1', 't1', 't2']);
  });

  it('marks only what the recording holds: a turn under way when it began is marked at its start', () => {
    const marks = timelineMarkers(
      [
        { id: 'opening', startedAt: s(0), label: 'Khai mạc' },
        { id: 'opinions', startedAt: s(150), label: 'Ý kiến' },
      ],
      [
        { id: 'before', label: 'Ông An', window: { from: s(10), to: s(90) } },
        { id: 'across', label: 'Bà Hoa', window: { from: s(90), to: s(160) } },
        { id: 'after', label: 'Ông Bình', window: { from: s(500), to: null } },
      ],
      { from: s(100), to: s(400) },
    );
    expect(marks.map((m) => [m.id, m.at])).toEqual([
      ['across', s(100)],
      ['opinions', s(150)],
    ]);
  });

  it('span of the session audio', () => {
    expect(audioSpan(ALL)).toEqual({ from: s(0), to: s(310) + 20 });
    expect(audioSpan([])).toBeNull();
  });

  it('picks Opus in WebM where supported, AAC in MP4 otherwise', () => {
    expect(pickAudioMimeType((m) => m.startsWith('audio/webm'))).toBe('audio/webm;codecs=opus');
    expect(pickAudioMimeType((m) => m.startsWith('audio/mp4'))).toBe('audio/mp4;codecs=mp4a.40.2');
    expect(pickAudioMimeType(() => false)).toBeNull();
    expect(audioExtension('audio/mp4;codecs=mp4a.40.2')).toBe('m4a');
    expect(audioExtension('audio/webm;codecs=opus')).toBe('webm');
  });

  it('time left at the measured rate keeps the reserve free', () => {
    const MB = 1024 * 1024;
    // 100 MB free beyond a 50 MB reserve at 3 KB/s.
    expect(recordingTimeLeftMs({ usage: 50 * MB, quota: 200 * MB }, 3072, 50 * MB)).toBe(Math.floor(((100 * MB) / 3072) * 1000));
    expect(recordingTimeLeftMs({ usage: 190 * MB, quota: 200 * MB }, 3072, 50 * MB)).toBe(0);
  });
});
