/**
 * The Vietnamese lunar calendar (âm lịch), for the two public holidays that
 * follow it: Tết Nguyên đán and Giỗ Tổ Hùng Vương (10/3 lunar).
 *
 * Why compute it: the working-day deadlines of every plan skip those holidays,
 * the app must work offline for any year, and a hard-coded table would end.
 * This is Hồ Ngọc Đức's published astronomical algorithm ("Âm lịch Việt Nam",
 * after Jean Meeus, "Astronomical Algorithms") evaluated at UTC+7. The time
 * zone matters: the Vietnamese and Chinese calendars differ in the years a new
 * moon falls between 16:00 and 17:00 UTC (Tết 1985 was 21 January in Vietnam,
 * 20 February in China), so no Chinese-calendar table can stand in.
 *
 * The function names follow the published algorithm so it can be checked
 * against it line by line.
 */

/** Vietnam has kept UTC+7 since 1975. */
export const VIETNAM_TIME_ZONE = 7;

const PI = Math.PI;
const INT = Math.floor;

/** Julian day number of a Gregorian (or, before 1582-10-15, Julian) date. */
export function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = INT((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  let jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
  if (jd < 2299161) jd = dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - 32083;
  return jd;
}

export function jdToDate(jd: number): [day: number, month: number, year: number] {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = INT((4 * a + 3) / 146097);
    c = a - INT((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = INT((4 * c + 3) / 1461);
  const e = c - INT((1461 * d) / 4);
  const m = INT((5 * e + 2) / 153);
  const day = e - INT((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * INT(m / 10);
  const year = b * 100 + d - 4800 + INT(m / 10);
  return [day, month, year];
}

/** Julian date (fractional, UTC) of the k-th new moon after 1900-01-01. */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let Jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  Jd1 = Jd1 + 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3;
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3;
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3;
  let C1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  C1 = C1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  C1 = C1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  C1 = C1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  C1 = C1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  C1 = C1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  C1 = C1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltat =
    T < -11 ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3 : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return Jd1 + C1 - deltat;
}

/** Sun's apparent longitude in radians, [0, 2π), at Julian date `jdn` (UTC). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L = L - PI * 2 * INT(L / (PI * 2));
  return L;
}

/** Which of the 12 major solar terms (0..11, 30° each) the sun is in at local midnight starting `dayNumber`. */
export function getSunLongitude(dayNumber: number, timeZone: number = VIETNAM_TIME_ZONE): number {
  return INT((sunLongitude(dayNumber - 0.5 - timeZone / 24) / PI) * 6);
}

/** Julian day number of the local day on which the k-th new moon falls. */
export function getNewMoonDay(k: number, timeZone: number = VIETNAM_TIME_ZONE): number {
  return INT(newMoon(k) + 0.5 + timeZone / 24);
}

/** First day of lunar month 11 (the month holding the winter solstice) of Gregorian year `yy`. */
export function getLunarMonth11(yy: number, timeZone: number = VIETNAM_TIME_ZONE): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = INT(off / 29.530588853);
  let nm = getNewMoonDay(k, timeZone);
  const sunLong = getSunLongitude(nm, timeZone);
  if (sunLong >= 9) nm = getNewMoonDay(k - 1, timeZone);
  return nm;
}

/** In a 13-month year starting at month 11 `a11`: how many months after it the leap month (the one with no major term) comes. */
export function getLeapMonthOffset(a11: number, timeZone: number = VIETNAM_TIME_ZONE): number {
  const k = INT((a11 - 2415021.076998695) / 29.530588853 + 0.5);
  let last: number;
  let i = 1;
  let arc = getSunLongitude(getNewMoonDay(k + i, timeZone), timeZone);
  do {
    last = arc;
    i++;
    arc = getSunLongitude(getNewMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

export interface LunarDate {
  readonly day: number;
  readonly month: number;
  readonly year: number;
  readonly leap: boolean;
}

export function convertSolar2Lunar(dd: number, mm: number, yy: number, timeZone: number = VIETNAM_TIME_ZONE): LunarDate {
  const dayNumber = jdFromDate(dd, mm, yy);
  const k = INT((dayNumber - 2415021.076998695) / 29.530588853);
  let monthStart = getNewMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) monthStart = getNewMoonDay(k, timeZone);
  let a11 = getLunarMonth11(yy, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = getLunarMonth11(yy - 1, timeZone);
  } else {
    lunarYear = yy + 1;
    b11 = getLunarMonth11(yy + 1, timeZone);
  }
  const lunarDay = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapMonthDiff = getLeapMonthOffset(a11, timeZone);
    if (diff >= leapMonthDiff) {
      lunarMonth = diff + 10;
      if (diff === leapMonthDiff) leap = true;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { day: lunarDay, month: lunarMonth, year: lunarYear, leap };
}

/** Null when the asked leap month does not exist in that lunar year. */
export function convertLunar2Solar(
  lunarDay: number,
  lunarMonth: number,
  lunarYear: number,
  lunarLeap: boolean,
  timeZone: number = VIETNAM_TIME_ZONE,
): [day: number, month: number, year: number] | null {
  let a11: number;
  let b11: number;
  if (lunarMonth < 11) {
    a11 = getLunarMonth11(lunarYear - 1, timeZone);
    b11 = getLunarMonth11(lunarYear, timeZone);
  } else {
    a11 = getLunarMonth11(lunarYear, timeZone);
    b11 = getLunarMonth11(lunarYear + 1, timeZone);
  }
  const k = INT(0.5 + (a11 - 2415021.076998695) / 29.530588853);
  let off = lunarMonth - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = getLeapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (lunarLeap && lunarMonth !== leapMonth) return null;
    if (lunarLeap || off >= leapOff) off += 1;
  } else if (lunarLeap) {
    return null;
  }
  const monthStart = getNewMoonDay(k + off, timeZone);
  return jdToDate(monthStart + lunarDay - 1);
}

function iso(day: number, month: number, year: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The solar date 'YYYY-MM-DD' of a lunar date in Vietnam.
 * Throws RangeError for a day/month out of range or a leap month the year does
 * not have: those are programming errors, not something a user types.
 */
export function lunarToSolar(day: number, month: number, year: number, leap = false): string {
  if (!Number.isInteger(day) || day < 1 || day > 30 || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`invalid lunar date ${day}/${month}/${year}`);
  }
  const solar = convertLunar2Solar(day, month, year, leap);
  if (!solar) throw new RangeError(`lunar year ${year} has no leap month ${month}`);
  return iso(...solar);
}

/** The lunar date of a solar 'YYYY-MM-DD' in Vietnam. */
export function solarToLunar(date: string): LunarDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`invalid date ${date}`);
  return convertSolar2Lunar(Number(m[3]), Number(m[2]), Number(m[1]));
}

/** The lunar year's leap month (1..12), or null in a 12-month year. */
export function leapMonthOf(lunarYear: number): number | null {
  for (let month = 1; month <= 12; month++) {
    if (convertLunar2Solar(1, month, lunarYear, true) !== null) return month;
  }
  return null;
}
