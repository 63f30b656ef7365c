/** Issue 9: the office's full form, keyboard entry, complaints, duplicates, routing and the overview. */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { fromVietnamLocal } from '../../src/domain/workingDays.ts';
import type { RegistrationDeadlineRule } from '../../src/domain/model.ts';
import { create } from '../../src/storage/changes.ts';
import type { DoiThoaiDb } from '../../src/storage/db.ts';
import { commit } from '../../src/storage/write.ts';
import { renderApp } from './render.tsx';

const scope = { unitId: 'u1', conferenceId: 'c1' };
const now = () => fromVietnamLocal({ date: '2026-09-20', time: '09:00' });
const nfd = (s: string) => s.normalize('NFD');

async function seed(db: DoiThoaiDb, opts: { rule?: RegistrationDeadlineRule; session?: boolean } = {}) {
  await commit(db, [
    create('conferences', { unitId: 'u1' }, { title: 'HN 2026', year: 2026, round: 2, planNumber: '', legalBases: [], registrationDeadline: opts.rule ?? { kind: 'days_before', days: 10 } }, 'c1'),
    create('departments', { unitId: 'u1' }, { name: 'Phòng Kinh tế', fields: ['Đất đai'] }, 'd1'),
    create('departments', { unitId: 'u1' }, { name: 'Công an xã', fields: ['Đăng ký, quản lý cư trú'] }, 'd2'),
    create('responders', { unitId: 'u1' }, { name: 'Lê Văn Bình', title: 'Trưởng phòng Kinh tế', departmentId: 'd1' }, 'p1'),
  ]);
  if (opts.session !== false) {
    await commit(db, [
      create('sessions', scope, {
        conferenceId: 'c1', title: '', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Hội trường', venueKind: 'committee_hall',
        fieldFocus: '', format: 'in_person', speakingLimitMs: 300_000, chairName: '', secretaryName: '',
      }, 's1'),
    ]);
  }
}

const registration = (id: string, fields: Record<string, unknown>) =>
  create('registrations', scope, {
    fullName: 'Nguyễn Thị Hòa', organisation: '', phone: '0912345678', houseNumber: '12', village: 'Thôn Đông', addressDetail: '', email: '',
    procedureName: 'Cấp giấy chứng nhận quyền sử dụng đất', contentQuality: '', publication: '', initiatives: '', facilities: '', officialsAttitude: '',
    appointmentSlipGiven: 'unknown', feeReceiptGiven: 'unknown', resultTimeliness: 'unknown', proposals: '', signedOn: '',
    receivedAt: fromVietnamLocal({ date: '2026-09-18', time: '10:00' }), channel: 'paper', field: 'Đất đai', ...fields,
  } as never, id);

const newForm = async () => (await screen.findByRole('heading', { name: 'Nhập phiếu đăng ký' })).closest('form')!;

describe('registration forms: entry (issue 9)', { timeout: 30_000 }, () => {
  it('keys a paper form from the keyboard: Enter moves on, names typed decomposed are stored composed, the office’s fields are kept', async () => {
    const { db } = renderApp('/conferences/c1/registrations', { now });
    await seed(db);
    await commit(db, [registration('old', { fullName: 'Trần Văn Cũ', village: 'Thôn Bắc Sơn', procedureName: 'Chứng thực bản sao' })]);
    const form = await newForm();
    const name = within(form).getByLabelText('Họ tên (hoặc tên tổ chức)');
    fireEvent.input(name, { target: { value: nfd('  Hoàng Thị Thuý ') } });
    name.focus();
    fireEvent.keyDown(name, { key: 'Enter' });
    expect(document.activeElement).toBe(within(form).getByLabelText('Cơ quan, tổ chức'));
    // The unit's villages and procedures are offered as they are typed.
    const village = within(form).getByLabelText('Thôn/tổ dân phố');
    const villages = document.getElementById(village.getAttribute('list')!)!;
    // The lists fill from a live query over the unit's forms: wait for it, as a person would see it appear.
    await waitFor(() => expect([...villages.querySelectorAll('option')].map((o) => o.value)).toEqual(['Thôn Bắc Sơn']));
    const procedure = within(form).getByLabelText('Tên thủ tục hành chính');
    await waitFor(() =>
      expect([...document.getElementById(procedure.getAttribute('list')!)!.querySelectorAll('option')].map((o) => o.value)).toEqual(['Chứng thực bản sao']),
    );
    // Shift+Enter in a long answer is a new line, not the next field.
    const proposals = within(form).getByLabelText('Kiến nghị, đề xuất');
    proposals.focus();
    fireEvent.keyDown(proposals, { key: 'Enter', shiftKey: true });
    expect(document.activeElement).toBe(proposals);

    fireEvent.input(village, { target: { value: 'Thôn Bắc Sơn' } });
    fireEvent.input(within(form).getByLabelText('Người nhận phiếu'), { target: { value: 'Phạm Thị Văn thư' } });
    fireEvent.change(within(form).getByLabelText('Hình thức gửi'), { target: { value: 'at_office' } });
    fireEvent.input(within(form).getByLabelText('Cách gửi (ghi chú)'), { target: { value: 'Con trai nộp thay' } });
    fireEvent.change(within(form).getByLabelText('Có được nhận Biên lai thu phí'), { target: { value: 'no_fee' } });
    fireEvent.change(within(form).getByLabelText('Kết quả giải quyết hồ sơ'), { target: { value: 'not_returned' } });
    fireEvent.input(within(form).getByLabelText('Ghi chú về kết quả'), { target: { value: 'Hẹn trả ngày 25/09' } });
    fireEvent.change(within(form).getByLabelText('Phòng, ban trả lời'), { target: { value: 'd1' } });
    fireEvent.change(within(form).getByLabelText('Người chịu trách nhiệm trả lời'), { target: { value: 'p1' } });
    fireEvent.input(within(form).getByLabelText('Nội dung trả lời đã chuẩn bị'), { target: { value: nfd('Đã hướng dẫn bổ sung hồ sơ.') } });
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu phiếu' }));
    await waitFor(async () => expect(await db.registrations.count()).toBe(2));
    const saved = (await db.registrations.toArray()).find((r) => r.id !== 'old')!;
    expect(saved).toMatchObject({
      fullName: 'Hoàng Thị Thuý',
      receivedBy: 'Phạm Thị Văn thư',
      channel: 'at_office',
      deliveryNote: 'Con trai nộp thay',
      feeReceiptGiven: 'no_fee',
      resultTimeliness: 'not_returned',
      resultNote: 'Hẹn trả ngày 25/09',
      departmentId: 'd1',
      responderId: 'p1',
      // Routed the day the department was given.
      routedOn: '2026-09-20',
      preparedAnswer: 'Đã hướng dẫn bổ sung hồ sơ.',
    });
    expect(saved.fullName).toBe(saved.fullName.normalize('NFC'));
    // Ready for the next form: empty, the focus on the name, the receipt details kept.
    await waitFor(() => expect(document.activeElement).toBe(name));
    expect(name).toHaveValue('');
    expect(within(form).getByLabelText('Người nhận phiếu')).toHaveValue('Phạm Thị Văn thư');
  });

  it('a complaint needs where it is redirected, then is flagged outside the dialogue with where it goes', async () => {
    const { db } = renderApp('/conferences/c1/registrations', { now });
    await seed(db);
    const form = await newForm();
    fireEvent.input(within(form).getByLabelText('Họ tên (hoặc tên tổ chức)'), { target: { value: 'Đỗ Văn Khiếu' } });
    fireEvent.change(within(form).getByLabelText('Khiếu nại, tố cáo'), { target: { value: 'complaint' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu phiếu' }));
    const redirect = await within(form).findByLabelText('Hướng dẫn chuyển đến');
    await waitFor(() => expect(redirect).toHaveAttribute('aria-invalid', 'true'));
    expect(redirect).toHaveAccessibleDescription(/Không được để trống\.$/);
    expect(await db.registrations.count()).toBe(0);
    fireEvent.input(redirect, { target: { value: 'Bộ phận tiếp công dân xã' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu phiếu' }));
    const list = await screen.findByRole('list', { name: 'Phiếu đăng ký tham gia đối thoại' });
    expect(await within(list).findByText(/Khiếu nại: ngoài phạm vi đối thoại\. Hướng dẫn chuyển đến: Bộ phận tiếp công dân xã\./)).toBeInTheDocument();
    expect(within(list).getByText('Ngoài đối thoại')).toBeInTheDocument();
  });

  it('a fixed deadline is judged before any session exists; the late form is marked and kept', async () => {
    const { db } = renderApp('/conferences/c1/registrations', { now });
    await seed(db, { rule: { kind: 'fixed', date: '2026-09-18', time: '16:30' }, session: false });
    await commit(db, [
      registration('in', { fullName: 'Người Đúng Hạn', receivedAt: fromVietnamLocal({ date: '2026-09-18', time: '16:30' }) }),
      registration('late', { fullName: 'Người Nộp Muộn', procedureName: 'Đăng ký khai sinh', receivedAt: fromVietnamLocal({ date: '2026-09-18', time: '16:45' }) }),
    ]);
    expect(await screen.findByText('Hạn nhận phiếu: 16:30 ngày 18/09/2026')).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Phiếu đăng ký tham gia đối thoại' });
    const row = (name: string) => within(list).getByText(name).closest('li')!;
    await waitFor(() => expect(within(row('Người Nộp Muộn')).getByText('Nộp muộn: coi như không đăng ký đối thoại')).toBeInTheDocument());
    // Said once: the routing status does not repeat "Nộp muộn" after the status.
    expect(row('Người Nộp Muộn').textContent!.match(/Nộp muộn/g)).toHaveLength(1);
    expect(within(row('Người Đúng Hạn')).getByText('Đúng hạn')).toBeInTheDocument();
    expect(await db.registrations.count()).toBe(2);
  });
});

describe('registration forms: duplicates and routing (issue 9)', { timeout: 30_000 }, () => {
  it('offers the same person with the other tone placement as a possible duplicate; merging keeps both forms’ text in one', async () => {
    const { db } = renderApp('/conferences/c1/registrations', { now });
    await seed(db);
    await commit(db, [
      registration('a', { proposals: 'Rút ngắn thời gian cấp sổ.' }),
      registration('b', { fullName: 'Nguyễn Thị Hoà', phone: '+84 912 345 678', houseNumber: '14', proposals: 'Công khai lệ phí.', receivedAt: fromVietnamLocal({ date: '2026-09-19', time: '08:00' }) }),
      registration('c', { fullName: 'Nguyễn Thị Hoa', procedureName: 'Đăng ký khai sinh', field: 'Hộ tịch' }),
    ]);
    const offer = await screen.findByRole('group', { name: 'Có thể trùng với phiếu của Nguyễn Thị Hòa' });
    expect(within(offer).getByText(/Có thể trùng: phiếu của Nguyễn Thị Hoà nhận 19\/09\/2026 08:00/)).toBeInTheDocument();
    fireEvent.click(within(offer).getByRole('button', { name: 'Gộp vào phiếu này' }));
    await waitFor(async () => expect((await db.registrations.get('b'))?.deleted).toBe(true));
    const merged = (await db.registrations.get('a'))!;
    expect(merged.proposals).toBe('Rút ngắn thời gian cấp sổ.\nCông khai lệ phí.');
    expect(merged.mergedFrom).toEqual(['b']);
    // The second house number had no room: it is kept, named, in the merged form's note.
    expect(merged.mergedNote).toBe('Từ phiếu nhận 19/09/2026 08:00:\nSố nhà: 14');
    expect(merged.deleted).toBe(false);
    // Nguyễn Thị Hoa is another name, asking about another thing: never offered.
    await waitFor(() => expect(screen.queryByRole('group', { name: /Có thể trùng/ })).not.toBeInTheDocument());
  });

  it('"keep both" is remembered, and the overview counts forms by field, department and status', async () => {
    const { db } = renderApp('/conferences/c1/registrations', { now });
    await seed(db);
    await commit(db, [
      registration('a', { departmentId: 'd1', preparedAnswer: 'Đã chuẩn bị.' }),
      registration('b', { fullName: 'nguyen thi hoa', departmentId: 'd1' }),
      registration('c', { fullName: 'Lê Văn Cư', field: 'Đăng ký, quản lý cư trú', departmentId: 'd2', procedureName: 'Đăng ký thường trú' }),
    ]);
    const offers = await screen.findAllByRole('group', { name: /Có thể trùng/ });
    fireEvent.click(within(offers[0]!).getByRole('button', { name: 'Không trùng, giữ cả hai' }));
    await waitFor(() => expect(screen.queryByRole('group', { name: /Có thể trùng/ })).not.toBeInTheDocument());
    expect(await db.registrations.count()).toBe(3);

    const byField = screen.getByRole('table', { name: 'Theo lĩnh vực' });
    const fieldRow = within(byField).getByRole('rowheader', { name: 'Đăng ký, quản lý cư trú' }).closest('tr')!;
    expect(within(fieldRow).getAllByRole('cell').map((c) => c.textContent)[0]).toBe('1');
    const byDepartment = screen.getByRole('table', { name: 'Theo phòng, ban' });
    const kt = within(byDepartment).getByRole('rowheader', { name: 'Phòng Kinh tế' }).closest('tr')!;
    const headers = within(byDepartment).getAllByRole('columnheader').map((h) => h.textContent);
    const cells = within(kt).getAllByRole('cell').map((c) => c.textContent);
    expect(cells[headers.indexOf('Số phiếu') - 1]).toBe('2');
    expect(cells[headers.indexOf('Đã chuẩn bị trả lời') - 1]).toBe('1');
    expect(cells[headers.indexOf('Đã chuyển') - 1]).toBe('1');
  });

  it('in the queue, one turn is linked to the other forms it answers', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue', { now });
    await seed(db);
    await commit(db, [
      registration('a', {}),
      registration('b', { fullName: 'Phạm Văn Đông', procedureName: 'Cấp lại sổ đỏ' }),
      create('speakerTurns', { unitId: 'u1', conferenceId: 'c1' }, {
        sessionId: 's1', position: 1, speakerName: 'Nguyễn Thị Hòa', registrationId: 'a', affiliation: 'Thôn Đông', topic: 'Cấp sổ đỏ', field: 'Đất đai',
        responderName: '', status: 'waiting', calledAt: null, finishedAt: null, spokenMs: null, disposition: null,
      }, 't1'),
    ]);
    const summary = await screen.findByText('Phiếu đăng ký được trả lời trong lượt này (1)');
    fireEvent.click(summary);
    const list = screen.getByRole('list', { name: 'Phiếu cùng nội dung với câu hỏi của Nguyễn Thị Hòa' });
    // The turn's own form is not a choice.
    expect(within(list).getAllByRole('checkbox')).toHaveLength(1);
    fireEvent.click(within(list).getByRole('checkbox', { name: /Phạm Văn Đông/ }));
    await waitFor(async () => expect((await db.speakerTurns.get('t1'))?.answersRegistrationIds).toEqual(['b']));
    expect(await screen.findByText('Phiếu đăng ký được trả lời trong lượt này (2)')).toBeInTheDocument();
  });
});
