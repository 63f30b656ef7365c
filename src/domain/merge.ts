import type { Hlc } from './clock.ts';

/** Bookkeeping every synced record carries next to its own fields. */
export interface SyncMeta {
  /** uuid v7: sorts by creation time, unique without asking the server. */
  readonly id: string;
  /** The ward/commune that owns the record: the server scopes every query by it. */
  readonly unitId: string;
  /** The conference (hội nghị) it belongs to; absent for unit-wide records (departments, settings of the unit). */
  readonly conferenceId?: string;
  /** Per-field stamps: the field's value is the one written with the highest stamp. */
  readonly stamps: Readonly<Record<string, Hlc>>;
  /** Highest stamp of the record: the pull cursor and "changed since" index. */
  readonly updatedAt: Hlc;
  /** Tombstone: deleted records stay so that a delete reaches every device and is not resurrected by an older edit. */
  readonly deleted: boolean;
}

export type Stored<T> = T & SyncMeta;

/** Fields that are bookkeeping, never user data. */
export const META_FIELDS = ['id', 'unitId', 'conferenceId', 'stamps', 'updatedAt', 'deleted'] as const;

export interface FieldChange {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly stamps: Readonly<Record<string, Hlc>>;
}

/**
 * The conflict rule, in one place: **per field, the higher HLC stamp wins**;
 * equal stamps cannot happen between devices (the device id is part of the
 * stamp) and are idempotent on one device. A tombstone is the field `deleted`
 * and follows the same rule, so an undelete after a delete is an ordinary later
 * write. Fields a side does not mention are left alone, which is what makes two
 * devices' edits to different fields of one record both survive.
 *
 * Pure and order-independent: applying the same set of changes in any order
 * gives the same record (commutative, associative, idempotent).
 */
export function mergeFields(
  current: Readonly<Record<string, unknown>> | undefined,
  currentStamps: Readonly<Record<string, Hlc>> | undefined,
  change: FieldChange,
): { record: Record<string, unknown>; stamps: Record<string, Hlc>; applied: string[] } {
  const record: Record<string, unknown> = { ...(current ?? {}) };
  const stamps: Record<string, Hlc> = { ...(currentStamps ?? {}) };
  const applied: string[] = [];
  for (const [field, value] of Object.entries(change.fields)) {
    const incoming = change.stamps[field];
    if (!incoming) continue;
    const existing = stamps[field];
    if (existing !== undefined && existing >= incoming) continue;
    record[field] = value;
    stamps[field] = incoming;
    applied.push(field);
  }
  return { record, stamps, applied };
}

export function highestStamp(stamps: Readonly<Record<string, Hlc>>): Hlc {
  let max = '' as Hlc;
  for (const s of Object.values(stamps)) if (s > max) max = s;
  return max;
}
