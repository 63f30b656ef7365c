/** Departments and the unit's fields in Settings (issue 6 item 1, issue 9 item 3). */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { create } from '../../src/storage/changes.ts';
import { commit } from '../../src/storage/write.ts';
import { renderApp } from './render.tsx';

/** The first render transforms the lazy screens, which on a loaded shared machine can take seconds. */
const LOADED = { timeout: 20_000 };

const unit = { name: 'UBND xã Thanh Trì', upperLevel: '', address: '', email: '', phone: '' };

async function settings() {
  const r = renderApp('/settings');
  await commit(r.db, [create('units', { unitId: 'u1' }, unit, 'u1')]);
  await screen.findByRole('heading', { name: 'Phòng, ban chuyên môn' });
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
    expect(await within(box).findByText(/còn 2 ý kiến phải trả lời bằng văn bản/)).toBeInTheDocument();
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
