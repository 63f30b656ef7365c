/**
 * Vietnam time whatever zone the device is in. The zone is set before any Date
 * is made: Node reads TZ lazily, so this file runs its cases in New York, and
 * the control case proves the zone really changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type * as VnTime from '../../src/domain/vnTime.ts';
import type * as Format from '../../src/ui/format.ts';
import type * as Stamp from '../../src/ui/minutes/stamp.ts';

let vn: typeof VnTime;
let format: typeof Format;
let stamp: typeof Stamp;

const zoneBefore = process.env.TZ;
beforeAll(async () => {
  process.env.TZ = 'America/New_York';
  vn = await import('../../src/domain/vnTime.ts');
  format = await import('../../src/ui/format.ts');
  stamp = await import('../../src/ui/minutes/stamp.ts');
});

// A worker may run other files after this one: give them back their zone.
afterAll(() => {
  if (zoneBefore === undefined) delete process.env.TZ;
  else process.env.TZ = zoneBefore;
});

// 07:30 on 15/03/2026 in Hà Nội is 00:30 UTC, and 20:30 on 14/03 in New York.
const HALF_SEVEN_HANOI = Date.UTC(2026, 2, 15, 0, 30, 5);

describe('Vietnam time on a device set to New York', () => {
  it('the device really is in New York (the control)', () => {
    expect(new Date(HALF_SEVEN_HANOI).getHours()).toBe(20);
  });

  it('shows, counts and stamps Vietnam hours and dates', () => {
    expect(vn.vietnamTime(HALF_SEVEN_HANOI)).toBe('07:30');
    expect(vn.vietnamIsoDate(HALF_SEVEN_HANOI)).toBe('2026-03-15');
    expect(format.formatTime(HALF_SEVEN_HANOI)).toBe('07:30');
    expect(format.formatTimeSeconds(HALF_SEVEN_HANOI)).toBe('07:30:05');
    expect(format.localIsoDate(HALF_SEVEN_HANOI)).toBe('2026-03-15');
    expect(stamp.timeStamp(HALF_SEVEN_HANOI)).toBe('[07:30] ');
  });

  it('reads a session planned for 07:30 as that instant', () => {
    expect(vn.fromVietnamWallClock('2026-03-15', '07:30')).toBe(Date.UTC(2026, 2, 15, 0, 30));
    expect(vn.vietnamParts(vn.fromVietnamWallClock('2026-12-31', '23:59'))).toMatchObject({ year: 2026, month: 12, day: 31, hours: 23, minutes: 59 });
  });

  it('has no daylight saving: a summer and a winter instant are both UTC+7', () => {
    expect(vn.vietnamTime(Date.UTC(2026, 6, 1, 0, 0))).toBe('07:00');
    expect(vn.vietnamTime(Date.UTC(2026, 0, 1, 0, 0))).toBe('07:00');
  });

  it('counts whole days between dates', () => {
    expect(vn.daysBetween('2026-03-01', '2026-03-15')).toBe(14);
    expect(vn.daysBetween('2026-03-15', '2026-03-01')).toBe(-14);
  });
});
