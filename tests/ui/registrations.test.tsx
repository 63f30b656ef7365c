import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { fromVietnamLocal } from '../../src/domain/workingDays.ts';
import { create } from '../../src/storage/changes.ts';
import type { DoiThoaiDb } from '../../src/storage/db.ts';
import { commit } from '../../src/storage/write.ts';
import { renderApp } from './render.tsx';

const scope = { unitId: 'u1', conferenceId: 'c1' };

async function seedConference(db: DoiThoaiDb) {
  await commit(db, [
    create('conferences', { unitId: 'u1' }, { title: 'HN 2026', year: 2026, round: 2, planNumber: '', legalBases: [], registrationDeadline: { kind: 'days_before', days: 10 } }, 'c1'),
    create('sessions', scope, {
      conferenceId: 'c1', title: '', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Hội trường', venueKind: 'committee_hall',
      fieldFocus: '', format: 'in_person', speakingLimitMs: 300_000, chairName: '', secretaryName: '',
    }, 's1'),
    create('departments', { unitId: 'u1' }, { name: 'Phòng Kinh tế', fields: ['Đất đai'] }, 'd1'),
  ]);
}

const registration = (id: string, fullName: string, receivedAt: number) =>
  create('registrations', scope, {
    fullName, organisation: '', phone: '0912345678', houseNumber: '12', village: 'Thôn Đông', addressDetail: '', email: '',
    procedureName: 'Cấp giấy chứng nhận quyền sử dụng đất', contentQuality: '', publication: '', initiatives: '', facilities: '', officialsAttitude: '',
    appointmentSlipGiven: 'yes', feeReceiptGiven: 'yes', resultTimeliness: 'late', proposals: '', signedOn: '', receivedAt, channel: 'paper', field: 'Đất đai', departmentId: 'd1',
  }, id);

describe('registration forms', () => {
  it('takes in a form with every field, says whether it came in time, and keeps the entry on a bad value', { timeout: 20_000 }, async () => {
    // 5/10/2026 09:00: after the deadline (Friday 2/10 17:00) for a conference on 13/10.
    const { db } = renderApp('/conferences/c1/registrations', { now: () => fromVietnamLocal({ date: '2026-10-05', time: '09:00' }) });
    await seedConference(db);
    expect(await screen.findByText('Hạn nhận phiếu: 17:00 ngày 02/10/2026')).toBeInTheDocument();
    const form = (await screen.findByRole('heading', { name: 'Nhập phiếu đăng ký' })).closest('form')!;
    const type = (label: string, value: string) => fireEvent.input(within(form).getByLabelText(label), { target: { value } });
    type('Họ tên (hoặc tên tổ chức)', 'Nguyễn Văn An');
    type('Thôn/tổ dân phố', 'Thôn Đông');
    type('Email', 'không phải email');
    type('Tên thủ tục hành chính', 'Đăng ký khai sinh');
    type('Thái độ giao tiếp, hướng dẫn của công chức', 'Công chức hướng dẫn tận tình.');
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu phiếu' }));
    await waitFor(() => expect(within(form).getByLabelText('Email')).toHaveAccessibleDescription('Địa chỉ email không hợp lệ.'));
    expect(within(form).getByLabelText('Họ tên (hoặc tên tổ chức)')).toHaveValue('Nguyễn Văn An');

    type('Email', 'an@example.vn');
    fireEvent.change(within(form).getByLabelText('Phòng, ban trả lời'), { target: { value: 'd1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu phiếu' }));
    const list = await screen.findByRole('list', { name: 'Phiếu đăng ký tham gia đối thoại' });
    expect(within(list).getByText('Nguyễn Văn An')).toBeInTheDocument();
    expect(within(list).getByText('Nộp muộn: coi như không đăng ký đối thoại')).toBeInTheDocument();
    const [saved] = await db.registrations.toArray();
    expect(saved).toMatchObject({ fullName: 'Nguyễn Văn An', email: 'an@example.vn', officialsAttitude: 'Công chức hướng dẫn tận tình.', departmentId: 'd1', conferenceId: 'c1' });
  });

  it('the chair puts a registered question in line; late forms are not offered', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue');
    await seedConference(db);
    await commit(db, [
      registration('r1', 'Trần Thị Hoa', fromVietnamLocal({ date: '2026-09-30', time: '10:00' })),
      registration('late', 'Lê Văn Muộn', fromVietnamLocal({ date: '2026-10-05', time: '10:00' })),
    ]);
    const pick = await screen.findByLabelText('Từ phiếu đăng ký');
    const options = within(pick).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['— Người phát biểu tại hội nghị —', 'Trần Thị Hoa · Thôn Đông · Cấp giấy chứng nhận quyền sử dụng đất']);
    fireEvent.change(pick, { target: { value: 'r1' } });
    const form = pick.closest('form')!;
    await waitFor(() => expect(within(form).getByLabelText('Người phát biểu')).toHaveValue('Trần Thị Hoa'));
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await waitFor(async () => expect(await db.speakerTurns.count()).toBe(1));
    expect((await db.speakerTurns.toArray())[0]).toMatchObject({ registrationId: 'r1', speakerName: 'Trần Thị Hoa', affiliation: 'Thôn Đông', field: 'Đất đai' });
    // Once in line, the form is no longer offered.
    await waitFor(() => expect(screen.queryByLabelText('Từ phiếu đăng ký')).not.toBeInTheDocument());
  });
});

describe('registration forms: input and corrections (issue 6)', { timeout: 20_000 }, () => {
  const now = () => fromVietnamLocal({ date: '2026-09-20', time: '09:00' });
  const newForm = async () => (await screen.findByRole('heading', { name: 'Nhập phiếu đăng ký' })).closest('form')!;

  it.each([
    ['--------', 'Số điện thoại chỉ gồm chữ số (có thể có dấu cách, chấm, gạch nối).'],
    ['091234567', 'Số điện thoại thiếu chữ số: di động có 10 số, máy bàn có 11 số (bắt đầu bằng 02).'],
  ])('refuses the phone "%s" next to the phone field, with the focus there', async (phone, message) => {
    const { db } = renderApp('/conferences/c1/registrations', { now });
    await seedConference(db);
    const form = await newForm();
    fireEvent.input(within(form).getByLabelText('Họ tên (hoặc tên tổ chức)'), { target: { value: 'Nguyễn Văn An' } });
    const input = within(form).getByLabelText('Điện thoại');
    fireEvent.input(input, { target: { value: phone } });
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu phiếu' }));
    await waitFor(() => expect(input).toHaveAccessibleDescription(message));
    expect(document.activeElement).toBe(input);
    expect(await db.registrations.count()).toBe(0);
  });

  it('accepts +84 and spaced numbers, and a received time typed 7h30', async () => {
    const { db } = renderApp('/conferences/c1/registrations', { now });
    await seedConference(db);
    const form = await newForm();
    fireEvent.input(within(form).getByLabelText('Họ tên (hoặc tên tổ chức)'), { target: { value: 'Nguyễn Văn An' } });
    fireEvent.input(within(form).getByLabelText('Điện thoại'), { target: { value: '+84 912 345 678' } });
    fireEvent.input(within(form).getByLabelText('Giờ nhận'), { target: { value: '7h30' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu phiếu' }));
    await waitFor(async () => expect(await db.registrations.count()).toBe(1));
    expect((await db.registrations.toArray())[0]!.receivedAt).toBe(fromVietnamLocal({ date: '2026-09-20', time: '07:30' }));
  });

  it('refuses a received-at years in the future under the date only; a bad time under the time only', async () => {
    const { db } = renderApp('/conferences/c1/registrations', { now });
    await seedConference(db);
    const form = await newForm();
    fireEvent.input(within(form).getByLabelText('Họ tên (hoặc tên tổ chức)'), { target: { value: 'Nguyễn Văn An' } });
    const date = within(form).getByLabelText('Ngày nhận phiếu');
    const time = within(form).getByLabelText('Giờ nhận');
    fireEvent.input(date, { target: { value: '20/09/2029' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu phiếu' }));
    await waitFor(() => expect(date).toHaveAccessibleDescription('Thời điểm nhận phiếu chưa đến. Kiểm tra lại ngày và giờ.'));
    expect(time).not.toHaveAttribute('aria-invalid', 'true');

    fireEvent.input(date, { target: { value: '19/09/2026' } });
    fireEvent.input(time, { target: { value: '7:3' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu phiếu' }));
    await waitFor(() => expect(time).toHaveAccessibleDescription('Giờ không hợp lệ (24 giờ, VD: 07:30 hoặc 7h30).'));
    expect(date).not.toHaveAttribute('aria-invalid', 'true');
    expect(await db.registrations.count()).toBe(0);
  });

  it('a form signed after it was received says so next to the signing date', async () => {
    const { db } = renderApp('/conferences/c1/registrations', { now });
    await seedConference(db);
    const form = await newForm();
    fireEvent.input(within(form).getByLabelText('Họ tên (hoặc tên tổ chức)'), { target: { value: 'Nguyễn Văn An' } });
    const signed = within(form).getByLabelText('Ngày ký phiếu');
    fireEvent.input(signed, { target: { value: '20/09/2026' } });
    fireEvent.input(within(form).getByLabelText('Ngày nhận phiếu'), { target: { value: '18/09/2026' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu phiếu' }));
    await waitFor(() => expect(signed).toHaveAccessibleDescription('Ngày ký phiếu sau ngày nhận phiếu. Kiểm tra lại hai ngày.'));
    expect(await db.registrations.count()).toBe(0);
  });

  it('a form can be corrected and deleted (after confirming)', async () => {
    const { db } = renderApp('/conferences/c1/registrations', { now });
    await seedConference(db);
    await commit(db, [registration('r1', 'Trần Thị Hoa', fromVietnamLocal({ date: '2026-09-18', time: '10:00' }))]);
    fireEvent.click(await screen.findByRole('button', { name: 'Sửa phiếu của Trần Thị Hoa' }));
    const form = (await screen.findByRole('heading', { name: 'Sửa phiếu của Trần Thị Hoa' })).closest('form')!;
    expect(within(form).getByLabelText('Ngày nhận phiếu')).toHaveValue('18/09/2026');
    expect(within(form).getByLabelText('Lĩnh vực')).toHaveValue('Đất đai');
    fireEvent.input(within(form).getByLabelText('Thôn/tổ dân phố'), { target: { value: 'Thôn Tây' } });
    fireEvent.change(within(form).getByLabelText('Lĩnh vực'), { target: { value: 'Xây dựng' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu phiếu' }));
    await waitFor(async () => expect(await db.registrations.get('r1')).toMatchObject({ village: 'Thôn Tây', field: 'Xây dựng', departmentId: 'd1' }));
    expect(await db.registrations.count()).toBe(1);

    fireEvent.click(await screen.findByRole('button', { name: 'Xóa phiếu của Trần Thị Hoa' }));
    const box = await screen.findByRole('group', { name: /Xóa phiếu đăng ký của Trần Thị Hoa/ });
    fireEvent.click(within(box).getByRole('button', { name: 'Xóa' }));
    await waitFor(async () => expect((await db.registrations.get('r1'))?.deleted).toBe(true));
    expect(await screen.findByText('Chưa có phiếu nào.')).toBeInTheDocument();
  });
});
