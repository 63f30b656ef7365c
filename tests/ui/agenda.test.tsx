/** The agenda's corrections (issue 6 items 1 and 10): a new item opens empty, items can be skipped, a delete can be undone. */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { RecordInput } from '../../src/domain/model.ts';
import { create } from '../../src/storage/changes.ts';
import type { DoiThoaiDb } from '../../src/storage/db.ts';
import { commit } from '../../src/storage/write.ts';
import { standardAgendaChanges } from '../../src/ui/session/roomWrite.ts';
import { renderApp } from './render.tsx';

/** The first render transforms the lazy screens, which on a loaded shared machine can take seconds. */
const LOADED = { timeout: 20_000 };

const T0 = Date.UTC(2026, 9, 13, 0, 0, 0); // 07:00 in Hà Nội, before the session
const session: RecordInput<'sessions'> = {
  conferenceId: 'c1', title: 'Buổi sáng', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Nhà văn hóa thôn 3',
  venueKind: 'village_cultural_house', fieldFocus: '', format: 'in_person', speakingLimitMs: 300_000, chairName: 'Nguyễn Văn Lợi', secretaryName: '',
};

async function seed(db: DoiThoaiDb) {
  const scope = { unitId: 'u1', conferenceId: 'c1' };
  await commit(db, [create('sessions', scope, session, 's1'), ...standardAgendaChanges({ id: 's1', ...scope, chairName: session.chairName })]);
}

const items = async (db: DoiThoaiDb) => (await db.agendaItems.toArray()).filter((i) => !i.deleted);

describe('agenda corrections', LOADED, () => {
  it('"Thêm mục" opens an empty item to fill in, not an item titled "Thêm mục"', async () => {
    const { db } = renderApp('/sessions/s1?tab=agenda', { now: () => T0 });
    await seed(db);
    fireEvent.click(await screen.findByRole('button', { name: 'Thêm mục' }));
    const form = (await screen.findByRole('heading', { name: 'Mục mới' })).closest('form')!;
    const title = within(form).getByLabelText('Nội dung mục mới');
    expect(title).toHaveValue('');
    await waitFor(() => expect(document.activeElement).toBe(title));
    // Nothing is written until it has a title.
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm vào chương trình' }));
    await waitFor(() => expect(title).toHaveAccessibleDescription('Không được để trống.'));
    expect(await items(db)).toHaveLength(6);
    fireEvent.input(title, { target: { value: 'Phát phiếu khảo sát' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm vào chương trình' }));
    await waitFor(async () => expect(await items(db)).toHaveLength(7));
    expect((await items(db)).some((i) => i.title === 'Thêm mục')).toBe(false);
    expect((await items(db)).find((i) => i.title === 'Phát phiếu khảo sát')).toMatchObject({ step: 'custom', plannedMinutes: 10 });
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Mục mới' })).not.toBeInTheDocument());
  });

  it('the chair marks an item skipped, and can take the skip back', async () => {
    const { db } = renderApp('/sessions/s1?tab=agenda', { now: () => T0 });
    await seed(db);
    const skip = await screen.findByRole('button', { name: /^Bỏ qua mục này: Đại biểu cấp trên phát biểu/ });
    fireEvent.click(skip);
    const unskip = await screen.findByRole('button', { name: /^Không bỏ qua nữa: Đại biểu cấp trên phát biểu/ });
    const row = unskip.closest('li')!;
    expect(within(row).getByText(/Đã bỏ qua/)).toBeInTheDocument();
    expect((await items(db)).find((i) => i.step === 'upper_level_remarks')?.skipped).toBe(true);
    fireEvent.click(unskip);
    await waitFor(async () => expect((await items(db)).find((i) => i.step === 'upper_level_remarks')?.skipped).toBe(false));
  });

  it('a deleted item comes back with "Hoàn tác"', async () => {
    const { db } = renderApp('/sessions/s1?tab=agenda', { now: () => T0 });
    await seed(db);
    fireEvent.click(await screen.findByRole('button', { name: /^Xóa: Đại biểu cấp trên phát biểu/ }));
    await waitFor(async () => expect(await items(db)).toHaveLength(5));
    const bar = await screen.findByText('Đã xóa mục «Đại biểu cấp trên phát biểu».');
    const undo = within(bar.parentElement!).getByRole('button', { name: 'Hoàn tác' });
    // The deleted row had the focus: it moves to the undo, not to the top of the page.
    await waitFor(() => expect(document.activeElement).toBe(undo));
    fireEvent.click(undo);
    await waitFor(async () => expect(await items(db)).toHaveLength(6));
    expect(await screen.findByRole('button', { name: /^Xóa: Đại biểu cấp trên phát biểu/ })).toBeInTheDocument();
  });

  it('planned minutes typed in words or out of range get their own message next to the field', async () => {
    const { db } = renderApp('/sessions/s1?tab=agenda', { now: () => T0 });
    await seed(db);
    const [minutes] = await screen.findAllByLabelText('Dự kiến (phút)');
    fireEvent.change(minutes!, { target: { value: 'mười' } });
    await waitFor(() => expect(minutes).toHaveAccessibleDescription('Hãy nhập bằng chữ số (VD: 10).'));
    fireEvent.change(minutes!, { target: { value: '900' } });
    await waitFor(() => expect(minutes).toHaveAccessibleDescription('Số phút phải từ 0 đến 600.'));
    fireEvent.change(minutes!, { target: { value: '12' } });
    await waitFor(() => expect(minutes).not.toHaveAttribute('aria-invalid', 'true'));
    expect((await items(db)).find((i) => i.step === 'opening')?.plannedMinutes).toBe(12);
  });
});

describe('the recording notice on the chair’s running order (issue 11 item 6)', LOADED, () => {
  it('reminds the chair under the first item only, and a tick there is the session’s (the field the minutes show)', async () => {
    const { db } = renderApp('/sessions/s1?tab=agenda', { now: () => T0 + 35 * 60_000 });
    await seed(db);
    const box = await screen.findByRole('checkbox', { name: /Chủ tọa đã thông báo việc ghi âm/ });
    const rows = screen.getAllByRole('listitem').filter((li) => li.classList.contains('agenda__item'));
    expect(within(rows[0]!).getByText(/thông báo với hội nghị rằng buổi đối thoại được ghi âm/)).toBeInTheDocument();
    expect(screen.getAllByText(/thông báo với hội nghị rằng buổi đối thoại được ghi âm/)).toHaveLength(1);
    fireEvent.click(box);
    await waitFor(async () => expect((await db.sessions.get('s1'))?.recordingAnnouncedAt).toBe(T0 + 35 * 60_000));
    expect(await screen.findByRole('checkbox', { name: /Chủ tọa đã thông báo việc ghi âm \(07:35\)/ })).toBeChecked();
  });
});
