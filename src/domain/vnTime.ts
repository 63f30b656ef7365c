/**
 * Vietnam time: every date and time the app shows, counts or prints.
 *
 * Why a fixed offset and not the device's zone: a conference happens in a
 * Vietnamese commune, and its minutes, deadlines and check-in times are read
 * against the hall's clock. A tablet left on another zone (a donated device,
 * a laptop set to UTC, a server in a data centre) must still say 07:30 for the
 * chair's 07:30. Vietnam has had no daylight saving since 1975: UTC+7 all year,
 * so the offset is a constant, not a lookup in the browser's zone data.
 */

export const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

export interface VietnamDateTime {
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  readonly day: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

/** The wall clock in Vietnam at an instant. */
export function vietnamParts(epochMs: number): VietnamDateTime {
  // Shifted by the offset, a UTC reading of the instant is the Vietnamese wall clock.
  const d = new Date(epochMs + VIETNAM_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hours: d.getUTCHours(),
    minutes: d.getUTCMinutes(),
    seconds: d.getUTCSeconds(),
  };
}

/** 'YYYY-MM-DD' of the instant in Vietnam. */
export function vietnamIsoDate(epochMs: number): string {
  const p = vietnamParts(epochMs);
  return `${String(p.year).padStart(4, '0')}-${pad(p.month)}-${pad(p.day)}`;
}

/** 'HH:mm', 24-hour, in Vietnam. */
export function vietnamTime(epochMs: number): string {
  const p = vietnamParts(epochMs);
  return `${pad(p.hours)}:${pad(p.minutes)}`;
}

/** 'HH:mm:ss', 24-hour, in Vietnam. */
export function vietnamTimeSeconds(epochMs: number): string {
  const p = vietnamParts(epochMs);
  return `${pad(p.hours)}:${pad(p.minutes)}:${pad(p.seconds)}`;
}

/**
 * The instant of a Vietnamese wall date and time ('YYYY-MM-DD', 'HH:mm'):
 * when a session planned for 07:30 begins, whatever zone the device is in.
 */
export function fromVietnamWallClock(date: string, time: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return Date.UTC(y!, m! - 1, d!, hh!, mm!) - VIETNAM_OFFSET_MS;
}

/** Whole calendar days from one 'YYYY-MM-DD' to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const at = (s: string) => {
    const [y, m, d] = s.split('-').map(Number);
    return Date.UTC(y!, m! - 1, d!) / DAY_MS;
  };
  return Math.round(at(to) - at(from));
}
