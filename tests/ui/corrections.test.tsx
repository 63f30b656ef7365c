/**
 * Issue 6, items 1 and 2 on the conference screens: every record can be
 * corrected, every delete asks first, and each bad input gets its own message
 * next to its own field, with the focus on the first one.
 */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { create } from '../../src/storage/changes.ts';
import { commit } from '../../src/storage/write.ts';
import { renderApp } from './render.tsx';

/** The first render transforms the lazy screens, which on a loaded shared machine can take seconds. */
const LOADED = { timeout: 20_000 };

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
/** 1 September 2026, 09:00 in Hà Nội. */
const NOW = Date.UTC(2026, 8, 1, 2, 0);

const conference = {
  title: 'HN đối thoại 2026',
  year: 2026,
  round: 2 as const,
  planNumber: '116/KH-UBND',
  legalBases: [],
  registrationDeadline: { kind: 'days_before' as const, days: 10 },
};
const session = {
  conferenceId: 'c1',
  title: 'Buổi sáng',
  date: '2026-10-13',
  start: '07:30',
  end: '11:30',
  venue: 'Nhà văn hóa thôn 3',
  venueKind: 'village_cultural_house' as const,
  fieldFocus: '',
  format: 'in_person' as const,
  speakingLimitMs: 300_000,
  chairName: '',
  secretaryName: '',
};

async function conferencePage() {
  const r = renderApp('/conferences/c1', { now: () => NOW });
  await commit(r.db, [create('conferences', { unitId: 'u1' }, conference, 'c1')]);
  await screen.findByRole('heading', { level: 1, name: conference.title });
  return r;
}

const sessionForm = async () => (await screen.findByRole('heading', { name: 'Thêm buổi đối thoại' })).closest('form')!;

describe('session form input', LOADED, () => {
  it('refuses a session on 15/12/1926 and says why, with the focus on the date', async () => {
    const { db } = await conferencePage();
    const form = await sessionForm();
    type(within(form).getByLabelText('Ngày'), '15/12/1926');
    type(within(form).getByLabelText('Địa điểm'), 'Hội trường UBND');
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    const date = within(form).getByLabelText('Ngày');
    await waitFor(() => expect(date).toHaveAccessibleDescription(/quá xa trong quá khứ/));
    expect(document.activeElement).toBe(date);
    expect(await db.sessions.count()).toBe(0);
  });

  it('accepts 7h30 and 1130 and stores HH:mm', async () => {
    const { db } = await conferencePage();
    const form = await sessionForm();
    type(within(form).getByLabelText('Ngày'), '13/10/2026');
    type(within(form).getByLabelText('Bắt đầu'), '7h30');
    type(within(form).getByLabelText('Kết thúc'), '1130');
    type(within(form).getByLabelText('Địa điểm'), 'Hội trường UBND');
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await waitFor(async () => expect(await db.sessions.count()).toBe(1));
    expect((await db.sessions.toArray())[0]).toMatchObject({ start: '07:30', end: '11:30' });
  });

  it('shows a time once it is left as HH:mm', async () => {
    await conferencePage();
    const form = await sessionForm();
    const start = within(form).getByLabelText('Bắt đầu');
    type(start, '13g30');
    fireEvent.blur(start);
    await waitFor(() => expect(start).toHaveValue('13:30'));
  });

  it('a bad start time shows its message under the start field only', async () => {
    await conferencePage();
    const form = await sessionForm();
    type(within(form).getByLabelText('Ngày'), '13/10/2026');
    type(within(form).getByLabelText('Bắt đầu'), '25:00');
    type(within(form).getByLabelText('Địa điểm'), 'Hội trường UBND');
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    const start = within(form).getByLabelText('Bắt đầu');
    await waitFor(() => expect(start).toHaveAccessibleDescription('Giờ phải từ 00:00 đến 23:59.'));
    expect(within(form).getByLabelText('Kết thúc')).not.toHaveAttribute('aria-invalid', 'true');
    expect(document.activeElement).toBe(start);
  });

  it('a 0-minute limit and 30/02 each name their own problem', async () => {
    await conferencePage();
    const form = await sessionForm();
    type(within(form).getByLabelText('Ngày'), '30/02/2027');
    type(within(form).getByLabelText('Thời gian mỗi câu hỏi (phút)'), '0');
    type(within(form).getByLabelText('Địa điểm'), 'Hội trường UBND');
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await waitFor(() => expect(within(form).getByLabelText('Ngày')).toHaveAccessibleDescription('Không có ngày này trong lịch (VD: 30/02).'));
    expect(within(form).getByLabelText('Thời gian mỗi câu hỏi (phút)')).toHaveAccessibleDescription('Thời gian mỗi câu hỏi phải từ 0,5 đến 60 phút.');
  });
});

describe('conference form input', LOADED, () => {
  it.each([
    ['mười', 'Hãy nhập bằng chữ số (VD: 10).'],
    ['400', 'Số ngày phải từ 0 đến 60.'],
    ['-5', 'Số ngày phải từ 0 đến 60.'],
  ])('deadline days "%s": %s', async (typed, message) => {
    const { db } = renderApp('/', { now: () => NOW });
    await commit(db, [create('units', { unitId: 'u1' }, { name: 'UBND xã Ngọc Kỳ', upperLevel: '', address: '', email: '', phone: '' }, 'u1')]);
    const form = (await screen.findByRole('heading', { name: 'Tạo hội nghị mới' })).closest('form')!;
    const days = within(form).getByLabelText('Hạn nhận phiếu đăng ký (số ngày trước hội nghị)');
    type(days, typed);
    fireEvent.click(within(form).getByRole('button', { name: 'Tạo' }));
    await waitFor(() => expect(days).toHaveAccessibleDescription(message));
    expect(document.activeElement).toBe(days);
    expect(await db.conferences.count()).toBe(0);
  });
});

describe('a fixed registration deadline (seed 004: 16:30 on 29/9)', LOADED, () => {
  it('is chosen on the conference form, each part with its own message', async () => {
    const { db } = await conferencePage();
    fireEvent.click(screen.getByRole('button', { name: 'Sửa hội nghị' }));
    const form = (await screen.findByRole('heading', { name: 'Sửa hội nghị' })).closest('form')!;
    fireEvent.change(within(form).getByLabelText('Cách tính hạn nhận phiếu'), { target: { value: 'fixed' } });
    const date = await within(form).findByLabelText('Ngày hết hạn nhận phiếu');
    const time = within(form).getByLabelText('Giờ hết hạn');
    type(date, '31/09/2026');
    type(time, '16g30');
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(date).toHaveAccessibleDescription('Không có ngày này trong lịch (VD: 30/02).'));
    expect(time).not.toHaveAttribute('aria-invalid', 'true');
    type(date, '29/09/2026');
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    await waitFor(async () =>
      expect((await db.conferences.get('c1'))?.registrationDeadline).toEqual({ kind: 'fixed', date: '2026-09-29', time: '16:30' }),
    );
  });
});

describe('correcting conferences and sessions', LOADED, () => {
  it('edits the conference', async () => {
    const { db } = await conferencePage();
    fireEvent.click(screen.getByRole('button', { name: 'Sửa hội nghị' }));
    const form = (await screen.findByRole('heading', { name: 'Sửa hội nghị' })).closest('form')!;
    expect(within(form).getByLabelText('Số kế hoạch')).toHaveValue('116/KH-UBND');
    type(within(form).getByLabelText('Số kế hoạch'), '117/KH-UBND');
    type(within(form).getByLabelText('Hạn nhận phiếu đăng ký (số ngày trước hội nghị)'), '7');
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Sửa hội nghị' })).not.toBeInTheDocument());
    expect(await db.conferences.get('c1')).toMatchObject({ planNumber: '117/KH-UBND', registrationDeadline: { kind: 'days_before', days: 7 } });
    expect(await db.conferences.count()).toBe(1);
  });

  it('deletes a conference with its sessions only after confirming', async () => {
    const { db, router } = await conferencePage();
    await commit(db, [create('sessions', { unitId: 'u1', conferenceId: 'c1' }, session, 's1')]);
    await screen.findByRole('link', { name: 'Buổi sáng' });
    fireEvent.click(screen.getByRole('button', { name: 'Xóa hội nghị' }));
    const box = await screen.findByRole('group', { name: /Xóa «HN đối thoại 2026» cùng 1 buổi/ });
    // Cancel is the safe answer, and where the focus lands.
    expect(document.activeElement).toBe(within(box).getByRole('button', { name: 'Hủy' }));
    fireEvent.click(within(box).getByRole('button', { name: 'Hủy' }));
    expect((await db.conferences.get('c1'))?.deleted).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Xóa hội nghị' }));
    const again = await screen.findByRole('group', { name: /Xóa «HN đối thoại 2026»/ });
    fireEvent.click(within(again).getByRole('button', { name: 'Xóa hội nghị' }));
    await waitFor(async () => expect((await db.conferences.get('c1'))?.deleted).toBe(true));
    expect((await db.sessions.get('s1'))?.deleted).toBe(true);
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
  });

  it('edits a session and deletes one after confirming', async () => {
    const { db } = await conferencePage();
    await commit(db, [create('sessions', { unitId: 'u1', conferenceId: 'c1' }, session, 's1')]);
    fireEvent.click(await screen.findByRole('button', { name: 'Sửa: Buổi sáng' }));
    const form = (await screen.findByRole('heading', { name: 'Sửa buổi: Buổi sáng' })).closest('form')!;
    expect(within(form).getByLabelText('Ngày')).toHaveValue('13/10/2026');
    type(within(form).getByLabelText('Kết thúc'), '11h00');
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    await waitFor(async () => expect((await db.sessions.get('s1'))?.end).toBe('11:00'));
    expect(await db.sessions.count()).toBe(1);

    fireEvent.click(await screen.findByRole('button', { name: 'Xóa: Buổi sáng' }));
    const box = await screen.findByRole('group', { name: /Xóa buổi «Buổi sáng» ngày 13\/10\/2026/ });
    fireEvent.click(within(box).getByRole('button', { name: 'Xóa' }));
    await waitFor(async () => expect((await db.sessions.get('s1'))?.deleted).toBe(true));
    expect(await screen.findByText('Chưa có buổi nào.')).toBeInTheDocument();
  });

  it('an edit opens with the focus on its first field and, cancelled, gives it back to its button', async () => {
    const { db } = await conferencePage();
    await commit(db, [create('sessions', { unitId: 'u1', conferenceId: 'c1' }, session, 's1')]);
    fireEvent.click(await screen.findByRole('button', { name: 'Sửa: Buổi sáng' }));
    const form = (await screen.findByRole('heading', { name: 'Sửa buổi: Buổi sáng' })).closest('form')!;
    await waitFor(() => expect(document.activeElement).toBe(within(form).getByLabelText('Tên buổi')));
    fireEvent.click(within(form).getByRole('button', { name: 'Hủy' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Sửa: Buổi sáng' })));
  });

  it("last year's session keeps its date and can still be corrected", async () => {
    const { db } = await conferencePage();
    await commit(db, [create('sessions', { unitId: 'u1', conferenceId: 'c1' }, { ...session, date: '2025-05-15' }, 's1')]);
    fireEvent.click(await screen.findByRole('button', { name: 'Sửa: Buổi sáng' }));
    const form = (await screen.findByRole('heading', { name: 'Sửa buổi: Buổi sáng' })).closest('form')!;
    type(within(form).getByLabelText('Địa điểm'), 'Nhà văn hóa thôn 5');
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    await waitFor(async () => expect((await db.sessions.get('s1'))?.venue).toBe('Nhà văn hóa thôn 5'));
  });
});
