/**
 * The running order (chương trình hội nghị) of seeds 000 and 003, and how far
 * the room is through it.
 *
 * Why the chair's progress is two timestamps per item and nothing else: the
 * actual time of each item, the overrun and the expected end are all derived
 * from `startedAt`/`endedAt` and `now`, so they cannot disagree between the
 * chair's tablet and the secretary's, and a reload loses nothing.
 * Planned minutes are this software's suggestion; the seeds give no durations,
 * only that the citizens' part is the heart of the conference.
 */
import type { AgendaItem, AgendaStep } from './model.ts';
import { POSITION_STEP, positionForMove, sortByPosition } from './position.ts';

export interface StandardAgendaItem {
  readonly step: AgendaStep;
  readonly title: string;
  readonly plannedMinutes: number;
  readonly position: number;
}

const STANDARD: readonly Omit<StandardAgendaItem, 'position'>[] = [
  { step: 'opening', title: 'Tuyên bố lý do, giới thiệu đại biểu; thông qua chương trình; cử thư ký', plannedMinutes: 10 },
  { step: 'chair_statement', title: 'Chủ trì nêu mục đích, yêu cầu, nội dung trọng tâm', plannedMinutes: 10 },
  { step: 'report', title: 'Báo cáo kết quả công tác cải cách hành chính, giải quyết TTHC', plannedMinutes: 15 },
  { step: 'citizen_opinions', title: 'Người dân, tổ chức phát biểu ý kiến; đại diện lãnh đạo trả lời', plannedMinutes: 90 },
  { step: 'upper_level_remarks', title: 'Đại biểu cấp trên phát biểu', plannedMinutes: 10 },
  { step: 'conclusion', title: 'Chủ trì tiếp thu, kết luận', plannedMinutes: 15 },
];

/** A fresh copy each call: the caller turns it into records and may edit them. */
export function standardAgenda(): StandardAgendaItem[] {
  return STANDARD.map((item, i) => ({ ...item, position: (i + 1) * POSITION_STEP }));
}

/** English names of the steps for the English UI; the Vietnamese title is the item's own `title`. */
export const STEP_TITLES_EN: Readonly<Record<AgendaStep, string>> = {
  opening: 'Opening: purpose, delegates, programme, secretary',
  chair_statement: "Chair's statement of purpose and focus",
  report: 'Report on administrative reform and procedures',
  citizen_opinions: 'Citizens and organisations speak; leaders answer',
  upper_level_remarks: 'Upper-level delegates speak',
  conclusion: "Chair's conclusion",
  custom: 'Other item',
};

export type AgendaItemLike = Pick<AgendaItem, 'position' | 'plannedMinutes' | 'startedAt' | 'endedAt'> & {
  readonly id: string;
  readonly deleted?: boolean;
  /** Older records have no such field: not skipped. */
  readonly skipped?: boolean;
};

export interface AgendaChange {
  readonly id: string;
  readonly fields: Partial<AgendaItem>;
}

/** 'skipped': the chair passed over it; it needs no more time and is not "not started" forever. */
export type AgendaItemStatus = 'pending' | 'running' | 'done' | 'skipped';

export interface AgendaItemProgress {
  readonly id: string;
  readonly status: AgendaItemStatus;
  readonly plannedMinutes: number;
  readonly actualMs: number;
  readonly overrunMs: number;
}

export interface AgendaProgress<T> {
  readonly current: T | null;
  readonly doneCount: number;
  readonly plannedEndMs: number;
  readonly expectedEndMs: number;
  /** Positive when the conference is running late, negative when ahead. */
  readonly behindMs: number;
  readonly items: readonly AgendaItemProgress[];
}

const MINUTE = 60_000;

export function orderedAgenda<T extends AgendaItemLike>(items: readonly T[]): T[] {
  return sortByPosition(items.filter((i) => !i.deleted));
}

export function statusOf(item: AgendaItemLike): AgendaItemStatus {
  if (item.endedAt !== null) return 'done';
  if (item.startedAt !== null) return 'running';
  if (item.skipped) return 'skipped';
  return 'pending';
}

/**
 * Where the conference stands at `now`.
 *
 * Expected end: the room cannot get back time already spent, so from `now`
 * (or the planned start, if it has not come yet) it still needs the rest of the
 * running item's plan (nothing if it has overrun) plus the plan of every item
 * not yet started. When nothing is left, the end is the last item's end.
 */
export function agendaProgress<T extends AgendaItemLike>(items: readonly T[], now: number, sessionStartMs: number): AgendaProgress<T> {
  const ordered = orderedAgenda(items);
  let current: T | null = null;
  let currentStartedAt = -Infinity;
  let doneCount = 0;
  let plannedTotalMs = 0;
  let stillNeededMs = 0;
  let lastEnd: number | null = null;
  let anythingLeft = false;
  const rows: AgendaItemProgress[] = [];

  for (const item of ordered) {
    const plannedMs = item.plannedMinutes * MINUTE;
    plannedTotalMs += plannedMs;
    const { startedAt, endedAt } = item;
    let status: AgendaItemStatus;
    let actualMs = 0;
    if (endedAt !== null) {
      status = 'done';
      doneCount += 1;
      actualMs = Math.max(0, endedAt - (startedAt ?? endedAt));
      lastEnd = lastEnd === null ? endedAt : Math.max(lastEnd, endedAt);
    } else if (startedAt !== null) {
      status = 'running';
      anythingLeft = true;
      actualMs = Math.max(0, now - startedAt);
      stillNeededMs += Math.max(0, plannedMs - actualMs);
      // Two devices starting items offline can leave two running: the latest started is the one in the room.
      if (current === null || startedAt >= currentStartedAt) {
        current = item;
        currentStartedAt = startedAt;
      }
    } else if (item.skipped) {
      // Its planned minutes stay in the plan, so skipping it shows as time gained, which it is.
      status = 'skipped';
    } else {
      status = 'pending';
      anythingLeft = true;
      stillNeededMs += plannedMs;
    }
    rows.push({ id: item.id, status, plannedMinutes: item.plannedMinutes, actualMs, overrunMs: Math.max(0, actualMs - plannedMs) });
  }

  const plannedEndMs = sessionStartMs + plannedTotalMs;
  const expectedEndMs = anythingLeft ? Math.max(now, sessionStartMs) + stillNeededMs : (lastEnd ?? plannedEndMs);
  return { current, doneCount, plannedEndMs, expectedEndMs, behindMs: expectedEndMs - plannedEndMs, items: rows };
}

/**
 * The chair moves to item `id`: whatever is running ends now. Starting an item
 * that already ended reopens it and counts from now (its earlier time is not
 * kept; the minutes record what was said, not this clock).
 */
export function startItem(items: readonly AgendaItemLike[], id: string, now: number): AgendaChange[] {
  const target = items.find((i) => i.id === id && !i.deleted);
  if (!target || statusOf(target) === 'running') return [];
  const changes: AgendaChange[] = [];
  for (const item of orderedAgenda(items)) {
    if (item.id !== id && statusOf(item) === 'running') changes.push({ id: item.id, fields: { endedAt: now } });
  }
  // Starting a skipped item after all (the delegate arrived late) takes it off the skipped list.
  changes.push({ id, fields: { startedAt: now, endedAt: null, ...(target.skipped ? { skipped: false } : {}) } });
  return changes;
}

/**
 * The chair passes over item `id` (no upper-level delegate came). Only an item
 * not yet started can be skipped: one that ran has its times, which say more.
 */
export function skipItem(items: readonly AgendaItemLike[], id: string): AgendaChange[] {
  const target = items.find((i) => i.id === id && !i.deleted);
  if (!target || statusOf(target) !== 'pending') return [];
  return [{ id, fields: { skipped: true } }];
}

/** Back to "not started": the skip was a mistake. */
export function unskipItem(items: readonly AgendaItemLike[], id: string): AgendaChange[] {
  const target = items.find((i) => i.id === id && !i.deleted);
  if (!target || statusOf(target) !== 'skipped') return [];
  return [{ id, fields: { skipped: false } }];
}

export function endItem(items: readonly AgendaItemLike[], id: string, now: number): AgendaChange[] {
  const target = items.find((i) => i.id === id && !i.deleted);
  if (!target || statusOf(target) !== 'running') return [];
  return [{ id, fields: { endedAt: now } }];
}

/** The next item not yet started, in order: what "next" on the chair's screen starts. */
export function nextPendingItem<T extends AgendaItemLike>(items: readonly T[]): T | null {
  return orderedAgenda(items).find((i) => statusOf(i) === 'pending') ?? null;
}

/** New position for item `id` at `toIndex` of the running order; only that item's position changes. */
export function moveItem(items: readonly AgendaItemLike[], id: string, toIndex: number): number | null {
  return positionForMove(orderedAgenda(items), id, toIndex);
}

/**
 * The moment the plan counts from. Before anything has started it is the
 * scheduled start; once the chair starts the first item, the plan runs from
 * then: a conference that began twenty minutes late, or on another day than
 * first planned, is judged on how it keeps to its running order, not on the
 * invitation's hour (the late start is plain from the first item's time).
 */
export function planAnchor(items: readonly AgendaItemLike[], scheduledStartMs: number): number {
  let first: number | null = null;
  for (const item of items) {
    if (item.deleted || item.startedAt === null) continue;
    if (first === null || item.startedAt < first) first = item.startedAt;
  }
  return first ?? scheduledStartMs;
}
