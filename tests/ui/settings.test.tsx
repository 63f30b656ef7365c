/** Departments and the unit's fields in Settings (issue 6 item 1, issue 9 item 3). */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { create } from '../../src/storage/changes.ts';
import { commit } from '../../src/storage/write.ts';
import { ENROLMENT_KEY } from '../../src/sync/enrolment.ts';
import { renderApp } from './render.tsx';

/** The first render transforms the lazy screens, which on a loaded shared machine can take seconds. */
const LOADED = { timeout: 20_000 };

const unit = { name: 'UBND xã Thanh Trì', upperLevel: '', address: '', email: '', phone: '' };

async function settings() {
  const r = renderApp('/settings');
  await commit(r.db, [create('units', { unitId: 'u1' }, unit, 'u1')]);
  // The first test of the file waits for the lazy screen's first transform, seconds on a loaded machine.
  await screen.findByRole('heading', { name: 'Phòng, ban chuyên môn' }, { timeout: 15_000 });
  return r;
}

describe('departments', LOADED, () => {
  it("keeps a field whose name has a comma as one field, added item by item", async () => {
    const { db } = await settings();
    const form = screen.getByRole('form', { name: 'Phòng, ban chuyên môn' });
    fireEvent.input(within(form).getByLabelText('Tên phòng, ban'), { target: { value: 'Công an xã' } });
    const field = within(form).getByLabelText('Thêm lĩnh vực');
    fireEvent.input(field, { target: { value: 'Đăng ký, quản lý cư trú' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    fireEvent.input(field, { target: { value: 'Hộ tịch' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm lĩnh vực' }));
    // The same field typed again without diacritics is refused, not counted twice.
    fireEvent.input(field, { target: { value: 'ho tich' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm lĩnh vực' }));
    expect(await within(form).findByText('«ho tich» đã có trong danh sách.')).toBeInTheDocument();
    // One removed by its own button.
    fireEvent.click(within(form).getByRole('button', { name: 'Bỏ Hộ tịch' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await waitFor(async () => expect(await db.departments.count()).toBe(1));
    expect((await db.departments.toArray())[0]).toMatchObject({ name: 'Công an xã', fields: ['Đăng ký, quản lý cư trú'] });
  });

  it('is edited in place', async () => {
    const { db } = await settings();
    await commit(db, [create('departments', { unitId: 'u1' }, { name: 'Phòng Kinh tế', fields: ['Đất đai'] }, 'd1')]);
    fireEvent.click(await screen.findByRole('button', { name: 'Sửa: Phòng Kinh tế' }));
    const form = await screen.findByRole('form', { name: 'Sửa: Phòng Kinh tế' });
    fireEvent.input(within(form).getByLabelText('Tên phòng, ban'), { target: { value: 'Phòng Kinh tế, Hạ tầng và Đô thị' } });
    fireEvent.input(within(form).getByLabelText('Thêm lĩnh vực'), { target: { value: 'Xây dựng' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm lĩnh vực' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    await waitFor(async () => expect(await db.departments.get('d1')).toMatchObject({ name: 'Phòng Kinh tế, Hạ tầng và Đô thị', fields: ['Đất đai', 'Xây dựng'] }));
  });

  it('one with no open work is deleted after confirming', async () => {
    const { db } = await settings();
    await commit(db, [create('departments', { unitId: 'u1' }, { name: 'Phòng Văn hóa', fields: [] }, 'd1')]);
    fireEvent.click(await screen.findByRole('button', { name: 'Xóa: Phòng Văn hóa' }));
    const box = await screen.findByRole('group', { name: 'Xóa Phòng Văn hóa?' });
    expect((await db.departments.get('d1'))?.deleted).toBe(false);
    fireEvent.click(within(box).getByRole('button', { name: 'Xóa' }));
    await waitFor(async () => expect((await db.departments.get('d1'))?.deleted).toBe(true));
  });

  it('one that owns written replies is deleted only with them moved to another department', async () => {
    const { db } = await settings();
    const scope = { unitId: 'u1', conferenceId: 'c1' };
    const disposition = { kind: 'written_reply' as const, departmentId: 'land', dueOn: '2026-10-20' };
    await commit(db, [
      create('departments', { unitId: 'u1' }, { name: 'Phòng Kinh tế', fields: ['Đất đai'] }, 'land'),
      create('departments', { unitId: 'u1' }, { name: 'Phòng Xây dựng', fields: [] }, 'build'),
      create('speakerTurns', scope, {
        sessionId: 's1', position: 1, speakerName: 'Nguyễn Văn An', affiliation: '', topic: 'Sổ đỏ', field: 'Đất đai', responderName: '',
        status: 'done', calledAt: null, finishedAt: null, spokenMs: null, disposition,
      }, 't1'),
      create('followUps', scope, { turnId: 't1', departmentId: 'land', assignedOn: '2026-10-13', dueOn: '2026-10-20', repliedOn: '', replyText: '', status: 'assigned' }, 'f1'),
    ]);
    fireEvent.click(await screen.findByRole('button', { name: 'Xóa: Phòng Kinh tế' }));
    const box = await screen.findByRole('group', { name: 'Xóa Phòng Kinh tế?' });
    // One opinion, seen as the disposition and as its follow-up: counted once.
    expect(await within(box).findByText(/còn 1 việc phải trả lời sau hội nghị/)).toBeInTheDocument();
    const go = within(box).getByRole('button', { name: 'Chuyển và xóa' });
    expect(go).toBeDisabled();
    fireEvent.change(within(box).getByLabelText('Chuyển cho'), { target: { value: 'build' } });
    await waitFor(() => expect(go).toBeEnabled());
    fireEvent.click(go);
    await waitFor(async () => expect((await db.departments.get('land'))?.deleted).toBe(true));
    expect((await db.followUps.get('f1'))?.departmentId).toBe('build');
    expect((await db.speakerTurns.get('t1'))?.disposition).toEqual({ ...disposition, departmentId: 'build' });
  });
});

describe('deleting a department that still owns follow-ups of every kind', LOADED, () => {
  const scope = { unitId: 'u1', conferenceId: 'c1' };
  const disposition = { kind: 'written_reply' as const, departmentId: 'land', dueOn: '2026-10-20' };
  const followUp = (id: string, kind: string, over: Record<string, unknown>) =>
    create('followUps', scope, { kind, departmentId: 'land', assignedOn: '2026-10-13', dueOn: '2026-10-20', repliedOn: '', replyText: '', status: 'assigned', ...over } as never, id);

  async function seedWork(db: Awaited<ReturnType<typeof settings>>['db']) {
    await commit(db, [
      create('departments', { unitId: 'u1' }, { name: 'Phòng Kinh tế', fields: ['Đất đai'] }, 'land'),
      create('departments', { unitId: 'u1' }, { name: 'Phòng Xây dựng', fields: [] }, 'build'),
      create('speakerTurns', scope, {
        sessionId: 's1', position: 1, speakerName: 'Nguyễn Văn An', affiliation: '', topic: 'Sổ đỏ', field: 'Đất đai', responderName: '',
        status: 'done', calledAt: null, finishedAt: null, spokenMs: null, disposition,
      }, 't1'),
      followUp('fu-w', 'written_reply', { turnId: 't1' }),
      followUp('fu-u', 'forwarded_upward', { turnId: 't2' }),
      followUp('fu-g', 'guided_elsewhere', { turnId: 't3' }),
      followUp('fu-f', 'unheard_form', { registrationId: 'r9' }),
      // Replied, the citizen not yet told: still open work. Notified: the past, it stays as it was.
      followUp('fu-r', 'written_reply', { turnId: 't4', status: 'replied', repliedOn: '2026-10-15', replyNumber: '1/UBND' }),
      followUp('fu-n', 'written_reply', { turnId: 't5', status: 'notified', repliedOn: '2026-10-15', replyNumber: '2/UBND', informedBy: 'post' }),
    ]);
  }

  it('is refused until another department is chosen, then moves every open one with the delete', async () => {
    const { db } = await settings();
    await seedWork(db);
    fireEvent.click(await screen.findByRole('button', { name: 'Xóa: Phòng Kinh tế' }));
    const box = await screen.findByRole('group', { name: 'Xóa Phòng Kinh tế?' });
    expect(await within(box).findByText(/còn 5 việc phải trả lời sau hội nghị/)).toBeInTheDocument();
    const go = within(box).getByRole('button', { name: 'Chuyển và xóa' });
    expect(go).toBeDisabled();
    // Only the other departments are offered to take over.
    const to = within(box).getByLabelText('Chuyển cho');
    expect([...to.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['— Chọn phòng, ban —', 'Phòng Xây dựng']);
    fireEvent.change(to, { target: { value: 'build' } });
    await waitFor(() => expect(go).toBeEnabled());
    fireEvent.click(go);
    await waitFor(async () => expect((await db.departments.get('land'))?.deleted).toBe(true));
    for (const id of ['fu-w', 'fu-u', 'fu-g', 'fu-f', 'fu-r']) expect((await db.followUps.get(id))?.departmentId, id).toBe('build');
    expect((await db.followUps.get('fu-n'))?.departmentId).toBe('land');
    // The dates do not move with the department: the citizen was promised them in the room.
    expect(await db.followUps.get('fu-u')).toMatchObject({ assignedOn: '2026-10-13', dueOn: '2026-10-20' });
    expect((await db.speakerTurns.get('t1'))?.disposition).toEqual({ ...disposition, departmentId: 'build' });
  });

  it("on an office device, moves the follow-ups but leaves the chair's disposition, which the office may not write", async () => {
    const { db } = await settings();
    await db.meta.put({ key: ENROLMENT_KEY, value: { deviceName: 'Máy VP', accountName: 'Văn phòng', unitId: 'u1', roles: ['office'], enrolledAt: 0 } });
    await seedWork(db);
    fireEvent.click(await screen.findByRole('button', { name: 'Xóa: Phòng Kinh tế' }));
    const box = await screen.findByRole('group', { name: 'Xóa Phòng Kinh tế?' });
    fireEvent.change(await within(box).findByLabelText('Chuyển cho'), { target: { value: 'build' } });
    fireEvent.click(within(box).getByRole('button', { name: 'Chuyển và xóa' }));
    await waitFor(async () => expect((await db.departments.get('land'))?.deleted).toBe(true));
    expect((await db.followUps.get('fu-w'))?.departmentId).toBe('build');
    expect((await db.speakerTurns.get('t1'))?.disposition).toEqual(disposition);
    const last = (await db.outbox.toArray()).filter((o) => JSON.stringify(o).includes('"build"'));
    expect(last.some((o) => JSON.stringify(o).includes('speakerTurns'))).toBe(false);
  });
});

describe("the unit's fields", LOADED, () => {
  it('start from the default list and are edited item by item', async () => {
    const { db } = await settings();
    const form = screen.getByRole('form', { name: 'Đơn vị' });
    const group = within(form).getByRole('group', { name: 'Các lĩnh vực thủ tục hành chính của đơn vị' });
    expect(within(group).getByText('Hộ kinh doanh')).toBeInTheDocument();
    fireEvent.click(within(group).getByRole('button', { name: 'Bỏ Giáo dục' }));
    fireEvent.input(within(group).getByLabelText('Thêm lĩnh vực'), { target: { value: 'Đăng ký, quản lý cư trú' } });
    fireEvent.click(within(group).getByRole('button', { name: 'Thêm lĩnh vực' }));
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    await waitFor(async () => expect((await db.units.get('u1'))?.fields).toContain('Đăng ký, quản lý cư trú'));
    const fields = (await db.units.get('u1'))!.fields;
    expect(fields).not.toContain('Giáo dục');
    expect(fields).toContain('Đất đai');
  });
});
