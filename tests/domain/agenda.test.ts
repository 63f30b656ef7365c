import { describe, expect, it } from 'vitest';
import { AGENDA_STEPS } from '../../src/domain/model.ts';
import {
  STEP_TITLES_EN,
  agendaProgress,
  endItem,
  moveItem,
  nextPendingItem,
  orderedAgenda,
  standardAgenda,
  skipItem,
  startItem,
  unskipItem,
  type AgendaChange,
  type AgendaItemLike,
} from '../../src/domain/agenda.ts';

const START = Date.UTC(2026, 4, 15, 1, 0, 0); // 08:00 in Hà Nội
const MIN = 60_000;

function items(): (AgendaItemLike & { step: string })[] {
  return standardAgenda().map((s, i) => ({ ...s, id: `i${i + 1}`, startedAt: null, endedAt: null }));
}

function apply<T extends AgendaItemLike>(list: readonly T[], changes: readonly AgendaChange[]): T[] {
  return list.map((item) => {
    let out = item;
    for (const c of changes) if (c.id === item.id) out = { ...out, ...(c.fields as Partial<T>) };
    return out;
  });
}

describe('standardAgenda', () => {
  it('is the six steps of seeds 000 and 003 in order, in the seeds\u2019 words', () => {
    const agenda = standardAgenda();
    expect(agenda.map((a) => a.step)).toEqual([
      'opening',
      'chair_statement',
      'report',
      'citizen_opinions',
      'upper_level_remarks',
      'conclusion',
    ]);
    expect(agenda.map((a) => a.title)).toEqual([
      'Tuyên bố lý do, giới thiệu đại biểu; thông qua chương trình; cử thư ký',
      'Chủ trì nêu mục đích, yêu cầu, nội dung trọng tâm',
      'Báo cáo kết quả công tác cải cách hành chính, giải quyết TTHC',
      'Người dân, tổ chức phát biểu ý kiến; đại diện lãnh đạo trả lời',
      'Đại biểu cấp trên phát biểu',
      'Chủ trì tiếp thu, kết luận',
    ]);
    expect(agenda.map((a) => a.plannedMinutes)).toEqual([10, 10, 15, 90, 10, 15]);
    expect(agenda.map((a) => a.position)).toEqual([1024, 2048, 3072, 4096, 5120, 6144]);
  });

  it('returns a fresh copy each time', () => {
    const a = standardAgenda();
    (a[0] as { title: string }).title = 'changed';
    expect(standardAgenda()[0]!.title).not.toBe('changed');
  });

  it('has an English title for every step', () => {
    for (const step of AGENDA_STEPS) expect(STEP_TITLES_EN[step]).toMatch(/\w/);
  });
});

describe('agendaProgress', () => {
  it('before the start: on plan, 150 minutes', () => {
    const p = agendaProgress(items(), START - 30 * MIN, START);
    expect(p.current).toBeNull();
    expect(p.doneCount).toBe(0);
    expect(p.plannedEndMs).toBe(START + 150 * MIN);
    expect(p.expectedEndMs).toBe(START + 150 * MIN);
    expect(p.behindMs).toBe(0);
    expect(p.items.every((i) => i.status === 'pending' && i.actualMs === 0)).toBe(true);
  });

  it('a late start pushes the expected end', () => {
    const p = agendaProgress(items(), START + 12 * MIN, START);
    expect(p.behindMs).toBe(12 * MIN);
  });

  it('counts actual time, overruns and the expected end as the meeting goes', () => {
    let list = items();
    list = apply(list, startItem(list, 'i1', START));
    list = apply(list, startItem(list, 'i2', START + 14 * MIN)); // opening overran by 4
    list = apply(list, startItem(list, 'i3', START + 22 * MIN)); // chair 2 min short
    const now = START + 30 * MIN; // report running 8 of 15 minutes
    const p = agendaProgress(list, now, START);
    expect(p.current?.id).toBe('i3');
    expect(p.doneCount).toBe(2);
    expect(p.items.slice(0, 3)).toEqual([
      { id: 'i1', status: 'done', plannedMinutes: 10, actualMs: 14 * MIN, overrunMs: 4 * MIN },
      { id: 'i2', status: 'done', plannedMinutes: 10, actualMs: 8 * MIN, overrunMs: 0 },
      { id: 'i3', status: 'running', plannedMinutes: 15, actualMs: 8 * MIN, overrunMs: 0 },
    ]);
    // 7 min left of the report + 90 + 10 + 15.
    expect(p.expectedEndMs).toBe(now + (7 + 90 + 10 + 15) * MIN);
    expect(p.behindMs).toBe(2 * MIN);
  });

  it('an overrunning item adds its overrun as it grows', () => {
    let list = items();
    list = apply(list, startItem(list, 'i1', START));
    const p = agendaProgress(list, START + 25 * MIN, START);
    expect(p.items[0]).toMatchObject({ actualMs: 25 * MIN, overrunMs: 15 * MIN });
    expect(p.behindMs).toBe(15 * MIN);
  });

  it('when everything is done the end is the last item\u2019s end', () => {
    let list = items();
    let t = START;
    for (const item of orderedAgenda(list)) {
      list = apply(list, startItem(list, item.id, t));
      t += item.plannedMinutes * MIN - MIN; // each one a minute short
    }
    list = apply(list, endItem(list, 'i6', t));
    const p = agendaProgress(list, t + 60 * MIN, START);
    expect(p.current).toBeNull();
    expect(p.doneCount).toBe(6);
    expect(p.expectedEndMs).toBe(t);
    expect(p.behindMs).toBe(-6 * MIN);
  });

  it('ignores deleted items and follows positions', () => {
    const list = [
      ...items(),
      { id: 'gone', position: 10, plannedMinutes: 60, startedAt: null, endedAt: null, deleted: true, step: 'custom' },
    ];
    expect(agendaProgress(list, START, START).plannedEndMs).toBe(START + 150 * MIN);
  });

  it('shows the latest started as current when two devices left two items running', () => {
    const list = apply(items(), [
      { id: 'i2', fields: { startedAt: START + 5 * MIN } },
      { id: 'i1', fields: { startedAt: START } },
    ]);
    expect(agendaProgress(list, START + 6 * MIN, START).current?.id).toBe('i2');
  });
});

describe('startItem and endItem', () => {
  it('starting an item ends the running one at the same instant', () => {
    let list = items();
    list = apply(list, startItem(list, 'i1', START));
    expect(startItem(list, 'i2', START + 9 * MIN)).toEqual([
      { id: 'i1', fields: { endedAt: START + 9 * MIN } },
      { id: 'i2', fields: { startedAt: START + 9 * MIN, endedAt: null } },
    ]);
  });

  it('starting the running item again changes nothing; unknown ids change nothing', () => {
    const list = apply(items(), startItem(items(), 'i1', START));
    expect(startItem(list, 'i1', START + MIN)).toEqual([]);
    expect(startItem(list, 'nope', START + MIN)).toEqual([]);
  });

  it('reopening an ended item counts from now', () => {
    let list = items();
    list = apply(list, startItem(list, 'i1', START));
    list = apply(list, endItem(list, 'i1', START + 10 * MIN));
    expect(startItem(list, 'i1', START + 40 * MIN)).toEqual([{ id: 'i1', fields: { startedAt: START + 40 * MIN, endedAt: null } }]);
  });

  it('ends only a running item', () => {
    const list = apply(items(), startItem(items(), 'i1', START));
    expect(endItem(list, 'i1', START + MIN)).toEqual([{ id: 'i1', fields: { endedAt: START + MIN } }]);
    expect(endItem(list, 'i2', START + MIN)).toEqual([]);
  });

  it('the next pending item follows the order', () => {
    let list = items();
    expect(nextPendingItem(list)?.id).toBe('i1');
    list = apply(list, startItem(list, 'i1', START));
    expect(nextPendingItem(list)?.id).toBe('i2');
  });
});

describe('moveItem', () => {
  it('moves one item by rewriting only its position', () => {
    const list = items();
    const p = moveItem(list, 'i5', 0)!;
    const after = list.map((i) => (i.id === 'i5' ? { ...i, position: p } : i));
    expect(orderedAgenda(after).map((i) => i.id)).toEqual(['i5', 'i1', 'i2', 'i3', 'i4', 'i6']);
    expect(moveItem(list, 'missing', 0)).toBeNull();
  });
});

describe('skipping an item', () => {
  it('a pending item skipped is no longer "not started", needs no more time, and is not next', () => {
    const list = apply(items(), skipItem(items(), 'i5'));
    expect(list.find((i) => i.id === 'i5')?.skipped).toBe(true);
    const p = agendaProgress(list, START, START);
    expect(p.items.find((i) => i.id === 'i5')?.status).toBe('skipped');
    // 150 planned, the 10 minutes of upper-level remarks are no longer needed.
    expect(p.plannedEndMs).toBe(START + 150 * MIN);
    expect(p.expectedEndMs).toBe(START + 140 * MIN);
    const started = apply(list, [
      ...startItem(list, 'i1', START),
      ...endItem(list, 'i1', START),
      ...startItem(list, 'i2', START),
      ...endItem(list, 'i2', START),
      ...startItem(list, 'i3', START),
      ...endItem(list, 'i3', START),
      ...startItem(list, 'i4', START),
      ...endItem(list, 'i4', START),
    ]);
    expect(nextPendingItem(started)?.id).toBe('i6');
  });

  it('only a pending item can be skipped; a skip can be undone; starting a skipped item unskips it', () => {
    const running = apply(items(), startItem(items(), 'i1', START));
    expect(skipItem(running, 'i1')).toEqual([]);
    const skipped = apply(items(), skipItem(items(), 'i2'));
    expect(unskipItem(skipped, 'i2')).toEqual([{ id: 'i2', fields: { skipped: false } }]);
    expect(unskipItem(items(), 'i2')).toEqual([]);
    expect(startItem(skipped, 'i2', START)).toContainEqual({ id: 'i2', fields: { startedAt: START, endedAt: null, skipped: false } });
  });
});
