import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { create } from '../../src/storage/changes.ts';
import { commit } from '../../src/storage/write.ts';
import { openDatabase } from '../../src/storage/db.ts';
import { ENROLMENT_KEY } from '../../src/sync/enrolment.ts';
import { JOINED_UNIT_KEY } from '../../src/sync/engine.ts';
import { unitRecord } from './fixtures.ts';
import { renderApp } from './render.tsx';

const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });

describe('conference list', () => {
  it('asks for the unit first, then offers the conference form', async () => {
    const { db } = renderApp('/');
    const unitName = await screen.findByLabelText('Tên đơn vị');
    type(unitName, 'UBND xã Thanh Trì');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByRole('heading', { name: 'Tạo hội nghị mới' })).toBeInTheDocument();
    // The new unit starts from the default list of fields (lĩnh vực), edited later in Cài đặt.
    expect((await db.units.toArray())[0]?.fields).toContain('Hộ kinh doanh');
    expect(screen.queryByText('Thiết lập đơn vị')).not.toBeInTheDocument();
  });

  it('a device enrolled into a unit the server holds nothing of yet sets it up under that unit’s id', async () => {
    const db = openDatabase(`ui-${Math.random()}`);
    // What enrolment leaves on a device with no unit: the account's unit, whose records have not arrived.
    await db.meta.put({ key: ENROLMENT_KEY, value: { deviceName: 'Máy thư ký', accountName: 'Cán bộ xã', unitId: 'u-new', roles: ['admin', 'chair', 'secretary', 'office'], enrolledAt: 0 } });
    await db.meta.put({ key: JOINED_UNIT_KEY, value: 'u-new' });
    renderApp('/', { db });
    type(await screen.findByLabelText('Tên đơn vị'), 'UBND xã Hòa Bình');
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByRole('heading', { name: 'Tạo hội nghị mới' })).toBeInTheDocument();
    expect(await db.units.toArray()).toMatchObject([{ id: 'u-new', unitId: 'u-new', name: 'UBND xã Hòa Bình' }]);
    expect(await db.outbox.toArray()).toMatchObject([{ table: 'units', id: 'u-new', unitId: 'u-new' }]);
  });

  it('a device whose role may not create conferences is not told to create one below', async () => {
    const db = openDatabase(`ui-${Math.random()}`);
    await db.meta.put({ key: ENROLMENT_KEY, value: { deviceName: 'Máy thư ký', accountName: 'Lê Thị Ký', unitId: 'u1', roles: ['secretary'], enrolledAt: 0 } });
    await commit(db, [unitRecord()]);
    renderApp('/', { db });
    await screen.findByText('Chưa có hội nghị nào. Hội nghị do văn phòng tạo; máy này nhận được khi đồng bộ với máy chủ văn phòng.');
    expect(screen.queryByRole('form', { name: 'Tạo hội nghị mới' })).toBeNull();
    expect(screen.queryByText(/Tạo hội nghị đầu tiên bên dưới/)).toBeNull();
  });

  it('shows a conference written elsewhere without reloading (live query)', async () => {
    const { db } = renderApp('/');
    await screen.findByText('Chưa có hội nghị nào. Tạo hội nghị đầu tiên bên dưới.');
    await commit(db, [
      create('conferences', { unitId: 'u1' }, {
        title: 'Hội nghị đối thoại lần 2 năm 2026',
        year: 2026,
        round: 2,
        planNumber: '116/KH-UBND',
        legalBases: [],
        registrationDeadline: { kind: 'days_before', days: 10 },
      }),
    ]);
    const list = await screen.findByRole('list', { name: 'Các hội nghị đối thoại' });
    expect(within(list).getByRole('link', { name: 'Hội nghị đối thoại lần 2 năm 2026' })).toBeInTheDocument();
    expect(within(list).getByText(/Lần 2 · 2026 · 116\/KH-UBND · 0 buổi/)).toBeInTheDocument();
  });

  it('creates a conference from the form and lists it', async () => {
    const { db } = renderApp('/');
    await commit(db, [create('units', { unitId: 'u1' }, { name: 'UBND phường Đức Thắng', upperLevel: '', address: '', email: '', phone: '' }, 'u1')]);
    const heading = await screen.findByRole('heading', { name: 'Tạo hội nghị mới' });
    const form = heading.closest('form')!;
    type(within(form).getByLabelText('Số kế hoạch'), '25/KH-UBND');
    fireEvent.click(within(form).getByRole('button', { name: 'Tạo' }));
    expect(await screen.findByText(/25\/KH-UBND/)).toBeInTheDocument();
    const rows = await db.conferences.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.unitId).toBe('u1');
  });

  it('shows the message next to the field and keeps what was typed', async () => {
    const { db } = renderApp('/');
    await commit(db, [create('units', { unitId: 'u1' }, { name: 'UBND xã Ngọc Kỳ', upperLevel: '', address: '', email: '', phone: '' }, 'u1')]);
    const heading = await screen.findByRole('heading', { name: 'Tạo hội nghị mới' });
    const form = heading.closest('form')!;
    const year = within(form).getByLabelText('Năm');
    type(year, '19');
    type(within(form).getByLabelText('Số kế hoạch'), 'giữ nguyên');
    fireEvent.click(within(form).getByRole('button', { name: 'Tạo' }));
    await waitFor(() => expect(year).toHaveAttribute('aria-invalid', 'true'));
    expect(year).toHaveAccessibleDescription('Năm phải từ 2000 đến 2100.');
    expect(within(form).getByLabelText('Số kế hoạch')).toHaveValue('giữ nguyên');
    expect(await db.conferences.count()).toBe(0);
  });
});

describe('conference page', () => {
  it('validates a session: required venue, real date, end after start', async () => {
    const { db } = renderApp('/conferences/c1', { now: () => Date.UTC(2026, 8, 1, 2, 0) });
    await commit(db, [
      create('conferences', { unitId: 'u1' }, {
        title: 'HN 2026',
        year: 2026,
        round: 1,
        planNumber: '',
        legalBases: [],
        registrationDeadline: { kind: 'days_before', days: 10 },
      }, 'c1'),
    ]);
    const heading = await screen.findByRole('heading', { name: 'Thêm buổi đối thoại' });
    const form = heading.closest('form')!;
    type(within(form).getByLabelText('Ngày'), '31/02/2026');
    type(within(form).getByLabelText('Kết thúc'), '07:00');
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await waitFor(() => expect(within(form).getByLabelText('Ngày')).toHaveAccessibleDescription('Không có ngày này trong lịch (VD: 30/02).'));
    expect(within(form).getByLabelText('Địa điểm')).toHaveAccessibleDescription('Không được để trống.');

    type(within(form).getByLabelText('Ngày'), '13/10/2026');
    type(within(form).getByLabelText('Địa điểm'), 'Nhà văn hóa thôn 3');
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await waitFor(() => expect(within(form).getByLabelText('Kết thúc')).toHaveAccessibleDescription('Giờ kết thúc phải sau giờ bắt đầu.'));

    type(within(form).getByLabelText('Kết thúc'), '11:30');
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    const list = await screen.findByRole('list', { name: 'Các buổi đối thoại' });
    expect(within(list).getByText(/13\/10\/2026 · 07:30–11:30 · Nhà văn hóa thôn 3/)).toBeInTheDocument();
    const [session] = await db.sessions.toArray();
    expect(session).toMatchObject({ conferenceId: 'c1', unitId: 'u1', speakingLimitMs: 300_000, date: '2026-10-13' });
  });
});
