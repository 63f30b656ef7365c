/** The office's working-day calendar in Settings (issue 9 item 4). */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isWorkingDay } from '../../src/domain/workingDays.ts';
import { create } from '../../src/storage/changes.ts';
import { commit } from '../../src/storage/write.ts';
import { feedCalendarFrom, setOfficeYears, workingDayCalendar } from '../../src/ui/calendar.ts';
import { fromVietnamLocal } from '../../src/domain/workingDays.ts';
import { renderApp } from './render.tsx';

const LOADED = { timeout: 20_000 };
const unit = { name: 'UBND xã Thanh Trì', upperLevel: '', address: '', email: '', phone: '' };

async function settings(date: string) {
  const r = renderApp('/settings', { now: () => fromVietnamLocal({ date, time: '09:00' }) });
  await commit(r.db, [create('units', { unitId: 'u1' }, unit, 'u1')]);
  const card = await screen.findByRole('region', { name: 'Lịch làm việc: ngày nghỉ, ngày làm bù' }, { timeout: 15_000 });
  return { ...r, card };
}

// The screen's lazy chunk is transformed once, here, not inside the first test's time limit.
beforeAll(() => import('../../src/ui/screens/Settings.tsx'), 60_000);
afterEach(() => setOfficeYears([]));

describe('working-day calendar in Settings', LOADED, () => {
  it('shows a shipped year with its documents, and says when a year has no schedule', async () => {
    const { card } = await settings('2026-12-02');
    expect(card).toHaveTextContent('Lịch năm 2026: theo lịch nghỉ đã công bố (Công văn số 12729/VPCP-KGVX');
    expect(within(card).getByRole('row', { name: /22\/08\/2026/ })).toHaveTextContent('Làm việc (làm bù)');
    fireEvent.input(within(card).getByLabelText('Năm'), { target: { value: '2027' } });
    expect(await within(card).findByText(/Chưa nhập lịch nghỉ chính thức của năm 2027/)).toBeInTheDocument();
  });

  it('corrects a year day by day; the correction is synced unit data and every deadline follows it', async () => {
    const { card, db } = await settings('2026-12-02');
    const stop = feedCalendarFrom(db);
    try {
      expect(isWorkingDay(workingDayCalendar, '2026-09-03')).toBe(true);
      const add = within(card).getByRole('group', { name: 'Thêm một ngày' });
      // A day of another year is refused next to the field.
      fireEvent.input(within(add).getByLabelText('Ngày'), { target: { value: '03/09/2025' } });
      fireEvent.click(within(add).getByRole('button', { name: 'Thêm ngày' }));
      expect(await within(add).findByText('Có ngày không thuộc năm này. Kiểm tra lại năm của từng ngày.')).toBeInTheDocument();
      fireEvent.input(within(add).getByLabelText('Ngày'), { target: { value: '03/09/2026' } });
      fireEvent.input(within(add).getByLabelText('Ghi chú'), { target: { value: 'Nghỉ thêm theo UBND tỉnh' } });
      fireEvent.click(within(add).getByRole('button', { name: 'Thêm ngày' }));
      fireEvent.click(within(card).getByRole('button', { name: 'Bỏ ngày 22/08/2026' }));
      fireEvent.input(within(card).getByLabelText('Văn bản thông báo'), { target: { value: 'Thông báo số 9441/TB-BNV; Công văn của UBND tỉnh' } });
      fireEvent.click(within(card).getByRole('button', { name: 'Lưu lịch năm 2026' }));
      await waitFor(async () => expect(await db.calendarYears.get('cal-u1-2026')).toMatchObject({ unitId: 'u1', year: 2026, source: 'Thông báo số 9441/TB-BNV; Công văn của UBND tỉnh' }));
      // It goes to the server like any record.
      expect((await db.outbox.toArray()).some((e) => e.kind === 'record' && e.table === 'calendarYears')).toBe(true);
      expect(await within(card).findByText(/Lịch năm 2026: do văn phòng nhập/)).toBeInTheDocument();
      await waitFor(() => expect(isWorkingDay(workingDayCalendar, '2026-09-03')).toBe(false));
      expect(isWorkingDay(workingDayCalendar, '2026-08-22')).toBe(false);
      // Back to the announced schedule.
      fireEvent.click(within(card).getByRole('button', { name: 'Dùng lại lịch đã công bố' }));
      await waitFor(() => expect(isWorkingDay(workingDayCalendar, '2026-09-03')).toBe(true));
    } finally {
      stop();
    }
  });
});
