/**
 * Dates and times as Vietnamese offices write them: dd/MM/yyyy and 24-hour
 * HH:mm, in Vietnam time (domain/vnTime.ts), whatever the device's locale
 * and time zone say.
 */
import { vietnamIsoDate, vietnamTime, vietnamTimeSeconds } from '../domain/vnTime.ts';

/** 'YYYY-MM-DD' → 'dd/MM/yyyy'. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** Epoch ms → 'HH:mm' in Vietnam. */
export function formatTime(ms: number): string {
  return vietnamTime(ms);
}

/** Epoch ms → 'HH:mm:ss' in Vietnam. */
export function formatTimeSeconds(ms: number): string {
  return vietnamTimeSeconds(ms);
}

/** Epoch ms → 'YYYY-MM-DD' in Vietnam. */
export function localIsoDate(ms: number): string {
  return vietnamIsoDate(ms);
}

export function formatBytes(n: number, language: 'vi' | 'en'): string {
  // Vietnamese writes a decimal comma: "4,2 KB".
  const one = (x: number) => (language === 'vi' ? x.toFixed(1).replace('.', ',') : x.toFixed(1));
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${one(n / 1024)} KB`;
  if (n < 1024 ** 3) return `${one(n / 1024 / 1024)} MB`;
  return `${one(n / 1024 ** 3)} GB`;
}
