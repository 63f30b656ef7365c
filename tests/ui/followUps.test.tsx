/** The follow-up dashboard (issue 9 item 5): what is due, overdue and done, and a reply recorded from it. */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { Disposition } from '../../src/domain/model.ts';
import { fromVietnamLocal } from '../../src/domain/workingDays.ts';
import { create, type Change } from '../../src/storage/changes.ts';
import type { DoiThoaiDb } from '../../src/storage/db.ts';
import { commit } from '../../src/storage/write.ts';
import { ENROLMENT_KEY } from '../../src/sync/enrolment.ts';
import { conferenceRecord, scope, sessionRecord, turnFields, unitRecord } from './fixtures.ts';
import { renderApp } from './render.tsx';

const LOADED = { timeout: 20_000 };

const session = (id: string, date: string) => sessionRecord({ title: id, date }, id);

const turn = (id: string, sessionId: string, speakerName: string, topic: string, disposition: Disposition) =>
  create('speakerTurns', scope, turnFields(speakerName, 1024, { sessionId, topic, responderName: 'Ông Trần Văn Bình', status: 'done', disposition }), id);

const form = (id: string, fullName: string, receivedOn: string) =>
  create('registrations', scope, {
    fullName, organisation: '', phone: '0912345678', houseNumber: '12', village: 'Thôn Đông', addressDetail: 'ngõ 3', email: '',
    procedureName: 'Chứng thực bản sao', contentQuality: '', publication: '', initiatives: '', facilities: '', officialsAttitude: '',
    appointmentSlipGiven: 'yes', feeReceiptGiven: 'yes', resultTimeliness: 'on_time', proposals: '', signedOn: '',
    receivedAt: fromVietnamLocal({ date: receivedOn, time: '09:00' }), channel: 'paper', field: 'Chứng thực', departmentId: 'd2',
  }, id);

/** Sessions on Friday 21/8/2026 and Wednesday 26/8/2026; opened on Tuesday 1/9/2026 (a day off, 2/9 too). */
async function seed(db: DoiThoaiDb) {
  const changes: Change[] = [
    unitRecord(),
    create('departments', { unitId: 'u1' }, { name: 'Phòng Kinh tế', fields: ['Đất đai'] }, 'd1'),
    create('departments', { unitId: 'u1' }, { name: 'Văn phòng HĐND và UBND', fields: ['Chứng thực'] }, 'd2'),
    create('responders', { unitId: 'u1' }, { name: 'Bà Nguyễn Thị Thu', title: 'Trưởng phòng Kinh tế', departmentId: 'd1' }, 'p1'),
    conferenceRecord(),
    session('s1', '2026-08-21'),
    session('s2', '2026-08-26'),
    form('r-absent', 'Nguyễn Thị Hoa', '2026-08-04'),
    turn('t1', 's1', 'Lê Văn Cường', 'Cấp giấy chứng nhận quyền sử dụng đất', { kind: 'written_reply', departmentId: 'd1', dueOn: '2026-08-27' }),
    turn('t2', 's2', 'Phạm Văn Dũng', 'Quy hoạch khu dân cư', { kind: 'forwarded_upward', body: 'UBND tỉnh' }),
    turn('t3', 's2', 'Hoàng Thị Mai', 'Tranh chấp đất', { kind: 'guided_elsewhere', body: 'Tòa án nhân dân khu vực' }),
    turn('t4', 's2', 'Đỗ Văn Nam', 'Giờ làm việc', { kind: 'answered_in_room' }),
  ];
  await commit(db, changes);
}

const now = () => fromVietnamLocal({ date: '2026-09-01', time: '10:00' });

describe('follow-up dashboard', LOADED, () => {
  it('lists every opinion not closed in the room with its due dates, the overdue one first and marked in words', async () => {
    const db = (await import('../../src/storage/db.ts')).openDatabase(`ui-${Math.random()}`);
    await seed(db);
    renderApp('/follow-ups', { db, now });
    await screen.findByRole('heading', { name: 'Theo dõi trả lời sau hội nghị' });
    const open = await screen.findByRole('list', { name: 'Việc chưa xong' });
    await waitFor(() => expect(within(open).getAllByRole('listitem')).toHaveLength(4));
    const items = within(open).getAllByRole('listitem');
    // The written reply of Friday 21/8: Saturday 22/8 is a make-up working day, due Thursday 27/8, overdue on 1/9.
    expect(items[0]).toHaveTextContent('Trả lời bằng văn bản');
    expect(items[0]).toHaveTextContent('⚠ QUÁ HẠN 5 ngày');
    expect(items[0]).toHaveTextContent('Hạn trả lời: 27/08/2026');
    expect(items[0]).toHaveTextContent('Hạn thông báo kết quả: 09/09/2026');
    expect(items[0]).toHaveTextContent('Phòng Kinh tế');
    expect(items[0]).toHaveTextContent('Người phụ trách: Ông Trần Văn Bình');
    // Assigned on Wednesday 26/8: 27, 28 August, 3, 4, 7 September.
    const rest = items.slice(1).map((li) => li.textContent ?? '');
    expect(rest.every((text) => text.includes('Hạn trả lời: 07/09/2026') && text.includes('Trong hạn'))).toBe(true);
    expect(rest.some((text) => text.includes('Báo cáo cấp trên') && text.includes('Phạm Văn Dũng'))).toBe(true);
    expect(rest.some((text) => text.includes('Hướng dẫn bằng văn bản') && text.includes('Hoàng Thị Mai'))).toBe(true);
    // The form never heard: answered at the address on the form.
    const absent = items.find((li) => li.textContent?.includes('Nguyễn Thị Hoa'))!;
    expect(absent).toHaveTextContent('Phiếu đăng ký chưa được trả lời tại hội nghị');
    expect(absent).toHaveTextContent('Gửi trả lời về địa chỉ: 12, Thôn Đông, ngõ 3');
    // The tallies: per department, the overdue count carries a sign, not only a colour.
    const byDept = screen.getByRole('table', { name: 'Theo phòng, ban' });
    expect(within(byDept).getByRole('row', { name: /Phòng Kinh tế/ })).toHaveTextContent('⚠ 1');
    // Opening again writes nothing new: the rule is idempotent.
    expect(await db.followUps.count()).toBe(4);
  });

  it('records a reply with its number, date and how the citizen was informed; a late one counts as late', async () => {
    const db = (await import('../../src/storage/db.ts')).openDatabase(`ui-${Math.random()}`);
    await seed(db);
    renderApp('/follow-ups', { db, now });
    const open = await screen.findByRole('list', { name: 'Việc chưa xong' });
    await waitFor(() => expect(within(open).getAllByRole('listitem')).toHaveLength(4));
    const first = within(open).getAllByRole('listitem')[0]!;
    fireEvent.click(within(first).getByRole('button', { name: 'Ghi nhận trả lời' }));
    // Nothing typed: each field says what is missing.
    fireEvent.click(within(first).getByRole('button', { name: 'Lưu trả lời' }));
    expect(await within(first).findAllByText('Không được để trống.')).toHaveLength(2);
    fireEvent.input(within(first).getByLabelText('Số văn bản trả lời'), { target: { value: '15/UBND-KT' } });
    fireEvent.input(within(first).getByLabelText('Ngày văn bản'), { target: { value: '20/08/2026' } });
    fireEvent.click(within(first).getByRole('button', { name: 'Lưu trả lời' }));
    expect(await within(first).findByText('Ngày văn bản trả lời trước ngày giao việc. Kiểm tra lại ngày.')).toBeInTheDocument();
    fireEvent.input(within(first).getByLabelText('Ngày văn bản'), { target: { value: '31/08/2026' } });
    fireEvent.change(within(first).getByLabelText('Cách báo cho người dân'), { target: { selectedIndex: 1 } });
    fireEvent.click(within(first).getByRole('button', { name: 'Lưu trả lời' }));
    await waitFor(async () =>
      expect(await db.followUps.get('fu-w-t1')).toMatchObject({ replyNumber: '15/UBND-KT', repliedOn: '2026-08-31', informedBy: 'post', status: 'notified' }),
    );
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Việc chưa xong' })).getAllByRole('listitem')).toHaveLength(3));
    const byDept = screen.getByRole('table', { name: 'Theo phòng, ban' });
    // Replied on 31/8 for a due date of 27/8: done, and late.
    expect(within(byDept).getByRole('row', { name: /Phòng Kinh tế/ }).textContent).toBe('Phòng Kinh tế0011');
  });

  it('assigns a report upward to a department and an official, and reassigns a written reply, by keyboard; the due dates stay', async () => {
    const db = (await import('../../src/storage/db.ts')).openDatabase(`ui-${Math.random()}`);
    await seed(db);
    renderApp('/follow-ups', { db, now });
    const open = await screen.findByRole('list', { name: 'Việc chưa xong' });
    await waitFor(() => expect(within(open).getAllByRole('listitem')).toHaveLength(4));
    const upward = () => within(open).getAllByRole('listitem').find((li) => li.textContent?.includes('Phạm Văn Dũng'))!;
    // The report upward came with no department: it says so, and offers to assign one.
    expect(upward()).toHaveTextContent('Chưa giao phòng, ban');
    fireEvent.click(within(upward()).getByRole('button', { name: 'Giao phòng, ban' }));
    const form = within(upward()).getByRole('form', { name: 'Giao phòng, ban và người phụ trách' });
    // Saving with no department chosen: the message is beside the field, nothing is written.
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu giao việc' }));
    const department = within(form).getByLabelText('Phòng, ban trả lời');
    await waitFor(() => expect(department).toHaveAttribute('aria-invalid', 'true'));
    expect(within(form).getByText('Không được để trống.')).toBeInTheDocument();
    // The officials of the chosen department are offered first.
    fireEvent.change(department, { target: { selectedIndex: 1 } }); // Phòng Kinh tế (sorted by name)
    const official = within(form).getByLabelText('Người phụ trách');
    const offered = [...document.getElementById(official.getAttribute('list')!)!.querySelectorAll('option')].map((o) => o.value);
    expect(offered[0]).toBe('Bà Nguyễn Thị Thu');
    fireEvent.input(official, { target: { value: '  Bà Nguyễn Thị Thu ' } });
    fireEvent.submit(form);
    await waitFor(async () => expect(await db.followUps.get('fu-u-t2')).toMatchObject({ departmentId: 'd1', responderName: 'Bà Nguyễn Thị Thu' }));
    // Assigned on 1/9 from the dashboard, still due from the session's day (26/8), not from today.
    expect(await db.followUps.get('fu-u-t2')).toMatchObject({ assignedOn: '2026-08-26', dueOn: '2026-09-07' });
    await waitFor(() => expect(upward()).toHaveTextContent('Phòng Kinh tế · Người phụ trách: Bà Nguyễn Thị Thu'));
    // The focus is back on the button that opened the form, now "reassign".
    await waitFor(() => expect(document.activeElement).toBe(within(upward()).getByRole('button', { name: 'Giao lại' })));
    // It is a change like any other: in the outbox, so it syncs and is in the server's audit trail.
    const outbox = await db.outbox.toArray();
    expect(outbox.some((o) => JSON.stringify(o).includes('fu-u-t2') && JSON.stringify(o).includes('Bà Nguyễn Thị Thu'))).toBe(true);

    // The written reply the chair gave to Phòng Kinh tế, given by the office to the other department.
    const reply = () => within(open).getAllByRole('listitem').find((li) => li.textContent?.includes('Lê Văn Cường'))!;
    fireEvent.click(within(reply()).getByRole('button', { name: 'Giao lại' }));
    const again = within(reply()).getByRole('form', { name: 'Giao phòng, ban và người phụ trách' });
    fireEvent.change(within(again).getByLabelText('Phòng, ban trả lời'), { target: { selectedIndex: 2 } });
    fireEvent.submit(again);
    await waitFor(async () => expect(await db.followUps.get('fu-w-t1')).toMatchObject({ departmentId: 'd2', assignedOn: '2026-08-21', dueOn: '2026-08-27' }));
    await waitFor(() => expect(reply()).toHaveTextContent('Văn phòng HĐND và UBND'));
    // Opening the dashboard again (which brings follow-ups up to date with the minutes) keeps the office's choice.
    const { reconcileConference } = await import('../../src/storage/followUps.ts');
    const { workingDayCalendar } = await import('../../src/ui/calendar.ts');
    expect(await reconcileConference(db, 'c1', '2026-09-01', workingDayCalendar, now)).toBe(0);
    expect((await db.followUps.get('fu-w-t1'))?.departmentId).toBe('d2');
  });

  it('offers no assignment or reply to a role that may not write follow-ups', async () => {
    const db = (await import('../../src/storage/db.ts')).openDatabase(`ui-${Math.random()}`);
    await seed(db);
    // The office's device made the follow-ups; this one is a viewer's.
    const { reconcileConference } = await import('../../src/storage/followUps.ts');
    const { workingDayCalendar } = await import('../../src/ui/calendar.ts');
    await reconcileConference(db, 'c1', '2026-09-01', workingDayCalendar, now);
    await db.meta.put({ key: ENROLMENT_KEY, value: { deviceName: 'Máy B', accountName: 'Người B', unitId: 'u1', roles: ['viewer'], enrolledAt: 0 } });
    renderApp('/follow-ups', { db, now });
    const open = await screen.findByRole('list', { name: 'Việc chưa xong' });
    await waitFor(() => expect(within(open).getAllByRole('listitem')).toHaveLength(4));
    // While the enrolment is read every control is offered (a device on its own never loses one); then they go.
    await waitFor(() => expect(within(open).queryAllByRole('button', { name: /Giao|Ghi nhận trả lời/ })).toHaveLength(0));
    expect(within(open).getAllByRole('listitem')[0]).toHaveTextContent('Hạn trả lời: 27/08/2026');
  });
});
