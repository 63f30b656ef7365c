/**
 * The officially announced day-off schedules for public servants (cán bộ, công
 * chức, viên chức), year by year, as the announcements wrote them.
 *
 * Why as data: the Labour Code (art. 112) fixes how many days each holiday has,
 * but every year the government picks the Tết days, the day next to 2/9 and
 * the swaps (hoán đổi ngày làm việc, with a make-up Saturday: làm bù). No rule
 * computes those choices, so a rule-only calendar was wrong on 12 days over
 * 2024-2026. When a year is listed here it is the truth for that year: the
 * calendar adds nothing of its own to it (no compensatory day is computed).
 *
 * How to read a year: `days` lists every day that differs from an ordinary
 * week (Monday-Friday worked, Saturday and Sunday off): each day off that
 * falls on a weekday, the holidays that fall on a weekend (so they are named on
 * the screen), and each Saturday worked. `source` names the announcing
 * document. The office corrects a year, or adds one, in Settings; its version
 * of a year replaces the one shipped here (see `calendarYears`).
 *
 * Checked against the announcements as reported by the Government's and the
 * ministries' news pages (search notes in the comments). Where a document's
 * number was not found, the comment says so.
 */

export type ScheduleDayKind = 'off' | 'working';

export interface ScheduleDay {
  /** 'YYYY-MM-DD'. */
  readonly date: string;
  /** 'off': no work that day; 'working': worked, even on a Saturday (làm bù). */
  readonly kind: ScheduleDayKind;
  readonly label: string;
}

/** Where a year's schedule comes from: shipped with the app, or entered by the office in Settings. */
export type ScheduleOrigin = 'shipped' | 'office';

export interface YearSchedule {
  readonly year: number;
  /** Absent: shipped. */
  readonly origin?: ScheduleOrigin;
  /** The announcing documents, as an official would cite them. */
  readonly source: string;
  readonly days: readonly ScheduleDay[];
}

const off = (date: string, label: string): ScheduleDay => ({ date, kind: 'off', label });
const working = (date: string, label: string): ScheduleDay => ({ date, kind: 'working', label });

export const OFFICIAL_SCHEDULES: readonly YearSchedule[] = [
  {
    year: 2024,
    source:
      'Thông báo số 5015/TB-LĐTBXH ngày 22/11/2023 của Bộ Lao động - Thương binh và Xã hội (Tết Âm lịch, Quốc khánh); ' +
      'Công văn số 2450/VPCP-KGVX ngày 12/4/2024 của Văn phòng Chính phủ (hoán đổi ngày làm việc dịp 30/4 - 1/5); ' +
      'Tết Dương lịch và Giỗ Tổ Hùng Vương theo Điều 112 Bộ luật Lao động 2019.',
    days: [
      off('2024-01-01', 'Tết Dương lịch'),
      // Thông báo 5015: 08/02 to 14/02 (29 tháng Chạp Quý Mão to mùng 5 Giáp Thìn), "05 ngày nghỉ Tết Âm lịch
      // và 02 ngày nghỉ bù" for mùng 1 and mùng 2 on Saturday and Sunday. The notice does not say which two
      // of the seven days are the compensatory ones; the labels below follow the lunar dates.
      off('2024-02-08', 'Tết Nguyên đán (29 tháng Chạp)'),
      off('2024-02-09', 'Tết Nguyên đán (30 tháng Chạp)'),
      off('2024-02-10', 'Tết Nguyên đán (mùng 1)'),
      off('2024-02-11', 'Tết Nguyên đán (mùng 2)'),
      off('2024-02-12', 'Tết Nguyên đán (mùng 3)'),
      off('2024-02-13', 'Tết Nguyên đán (mùng 4)'),
      off('2024-02-14', 'Tết Nguyên đán (mùng 5, nghỉ bù)'),
      off('2024-04-18', 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)'),
      // Công văn 2450: off Saturday 27/4 to Wednesday 1/5; Monday 29/4 swapped with Saturday 4/5.
      off('2024-04-29', 'Nghỉ hoán đổi (làm bù thứ Bảy 04/5/2024)'),
      off('2024-04-30', 'Ngày Giải phóng miền Nam, thống nhất đất nước (30/4)'),
      off('2024-05-01', 'Ngày Quốc tế Lao động (1/5)'),
      working('2024-05-04', 'Làm bù cho thứ Hai 29/4/2024'),
      // Thông báo 5015: Saturday 31/8 to Tuesday 3/9; 2/9 and the day after it.
      off('2024-09-02', 'Quốc khánh (2/9)'),
      off('2024-09-03', 'Quốc khánh (ngày liền kề sau)'),
    ],
  },
  {
    year: 2025,
    source:
      'Công văn số 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ truyền đạt ý kiến của Thủ tướng Chính phủ ' +
      '(Tết Âm lịch, hoán đổi ngày làm việc dịp 30/4 - 1/5, Quốc khánh năm 2025); ' +
      'Tết Dương lịch và Giỗ Tổ Hùng Vương theo Điều 112 Bộ luật Lao động 2019.',
    days: [
      off('2025-01-01', 'Tết Dương lịch'),
      // Five Tết days Monday 27/01 to Friday 31/01 (28 tháng Chạp Giáp Thìn to mùng 3 Ất Tỵ), with the
      // weekends on either side: 25/01-02/02, nine days, no swap and no compensatory day.
      off('2025-01-27', 'Tết Nguyên đán (28 tháng Chạp)'),
      off('2025-01-28', 'Tết Nguyên đán (29 tháng Chạp)'),
      off('2025-01-29', 'Tết Nguyên đán (mùng 1)'),
      off('2025-01-30', 'Tết Nguyên đán (mùng 2)'),
      off('2025-01-31', 'Tết Nguyên đán (mùng 3)'),
      off('2025-04-07', 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)'),
      // Saturday 26/4 worked for Friday 2/5: off Wednesday 30/4 to Sunday 4/5.
      working('2025-04-26', 'Làm bù cho thứ Sáu 02/5/2025'),
      off('2025-04-30', 'Ngày Giải phóng miền Nam, thống nhất đất nước (30/4)'),
      off('2025-05-01', 'Ngày Quốc tế Lao động (1/5)'),
      off('2025-05-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)'),
      // 2/9 and the day before it: Saturday 30/8 to Tuesday 2/9.
      off('2025-09-01', 'Quốc khánh (ngày liền kề trước)'),
      off('2025-09-02', 'Quốc khánh (2/9)'),
    ],
  },
  {
    year: 2026,
    source:
      'Công văn số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ (Tết Dương lịch 2026); ' +
      'Thông báo số 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ (Tết Âm lịch, Quốc khánh năm 2026); ' +
      'Giỗ Tổ Hùng Vương, 30/4 - 1/5 theo Điều 111, 112 Bộ luật Lao động 2019.',
    days: [
      // Công văn 12729: Thursday 1/1 to Sunday 4/1; Friday 2/1 swapped with Saturday 10/1.
      off('2026-01-01', 'Tết Dương lịch'),
      off('2026-01-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)'),
      working('2026-01-10', 'Làm bù cho thứ Sáu 02/01/2026'),
      // Thông báo 9441: five Tết days Monday 16/02 (29 tháng Chạp Ất Tỵ) to Friday 20/02 (mùng 4 Bính Ngọ),
      // with both weekends: 14/02-22/02.
      off('2026-02-16', 'Tết Nguyên đán (29 tháng Chạp)'),
      off('2026-02-17', 'Tết Nguyên đán (mùng 1)'),
      off('2026-02-18', 'Tết Nguyên đán (mùng 2)'),
      off('2026-02-19', 'Tết Nguyên đán (mùng 3)'),
      off('2026-02-20', 'Tết Nguyên đán (mùng 4)'),
      // 10/3 Âm lịch is a Sunday: the next working day is off (art. 111(3)). No separate announcement of this
      // day was found; it is the rule every such year has followed.
      off('2026-04-26', 'Giỗ Tổ Hùng Vương (10/3 Âm lịch)'),
      off('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương'),
      off('2026-04-30', 'Ngày Giải phóng miền Nam, thống nhất đất nước (30/4)'),
      off('2026-05-01', 'Ngày Quốc tế Lao động (1/5)'),
      // Thông báo 9441: 1/9 and 2/9, and Monday 31/8 off, worked on Saturday 22/8: Saturday 29/8 to Wednesday 2/9.
      working('2026-08-22', 'Làm bù cho thứ Hai 31/8/2026'),
      off('2026-08-31', 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)'),
      off('2026-09-01', 'Quốc khánh (ngày liền kề trước)'),
      off('2026-09-02', 'Quốc khánh (2/9)'),
    ],
  },
];

/**
 * The schedules the calendar counts in: the shipped years, each replaced by the office's own version
 * of that year when it has one (a correction), plus the years only the office has entered.
 */
export function schedulesWithOffice(
  officeYears: readonly { readonly year: number; readonly source: string; readonly days: readonly ScheduleDay[]; readonly deleted?: boolean }[],
  shipped: readonly YearSchedule[] = OFFICIAL_SCHEDULES,
): YearSchedule[] {
  const byYear = new Map<number, YearSchedule>();
  for (const y of shipped) byYear.set(y.year, { ...y, origin: 'shipped' });
  for (const y of officeYears) {
    if (y.deleted) continue;
    byYear.set(y.year, { year: y.year, source: y.source, days: y.days, origin: 'office' });
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}
