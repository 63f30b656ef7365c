/** Issue 6 item 10, the attendance part: walk-ins, pasted groups, reusing a list. */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { Attendee, AttendeeGroup } from '../../src/domain/model.ts';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { create } from '../../src/storage/changes.ts';
import { commit } from '../../src/storage/write.ts';
import { renderApp } from './render.tsx';

/** The first render transforms the lazy screens, which on a loaded shared machine can take seconds. */
const LOADED = { timeout: 20_000 };

const NOW = Date.UTC(2026, 9, 13, 5, 35); // 12:35 in Hà Nội
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const scope = { unitId: 'u1', conferenceId: 'c1' };
const sessionFields = {
  conferenceId: 'c1', date: '2026-10-13', venue: 'Hội trường UBND xã', venueKind: 'committee_hall' as const, fieldFocus: '',
  format: 'in_person' as const, speakingLimitMs: 300_000, chairName: '', secretaryName: '',
};

function person(sessionId: string, name: string, village: string, group: AttendeeGroup = 'citizens', extra: Partial<Attendee> = {}): Attendee {
  return { sessionId, name, group, title: '', organisation: '', village, invited: true, present: false, checkedInAt: null, ...extra };
}

async function setUp(people: Attendee[] = []) {
  const db: DoiThoaiDb = openDatabase(`attc-${Math.random()}`);
  await commit(db, [
    create('conferences', { unitId: 'u1' }, {
      title: 'HN 2026', year: 2026, round: 2, planNumber: '', legalBases: [], registrationDeadline: { kind: 'days_before', days: 10 },
    }, 'c1'),
    create('sessions', scope, { ...sessionFields, title: 'Buổi sáng', start: '07:30', end: '11:30' }, 'am'),
    create('sessions', scope, { ...sessionFields, title: 'Buổi chiều', start: '13:30', end: '17:00' }, 'pm'),
    ...people.map((p, i) => create('attendees', scope, p, `a${i + 1}`)),
  ]);
  const app = renderApp('/sessions/pm?tab=attendance', { db, now: () => NOW });
  const search = (await screen.findByLabelText('Tìm người dự: họ tên hoặc thôn/tổ')) as HTMLInputElement;
  return { ...app, search };
}

const live = async (db: DoiThoaiDb, sessionId: string) => (await db.attendees.toArray()).filter((a) => !a.deleted && a.sessionId === sessionId);

describe('walk-ins at the door', LOADED, () => {
  it('"Thêm người dự mới" is not offered when the typed name is someone found, accents and case aside', async () => {
    const { search } = await setUp([person('pm', 'Nguyễn Văn An', 'Thôn 3')]);
    type(search, 'nguyen van an');
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Kết quả tìm kiếm' })).getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Đánh dấu có mặt: Nguyễn Văn An']));
    expect(screen.queryByRole('button', { name: /^Thêm người dự mới/ })).not.toBeInTheDocument();
    // A different person whose name starts the same is still new.
    type(search, 'nguyen van');
    expect(screen.getByRole('button', { name: 'Thêm người dự mới: nguyen van' })).toBeInTheDocument();
  });

  it('a walk-in gets a group and a village in a small form after being added', async () => {
    const { db, search } = await setUp();
    type(search, 'Phạm Thị Thu');
    fireEvent.click(screen.getByRole('button', { name: 'Thêm người dự mới: Phạm Thị Thu' }));
    const more = await screen.findByRole('form', { name: 'Thông tin thêm của Phạm Thị Thu' });
    // The search box keeps the focus for the next person.
    expect(document.activeElement).toBe(search);
    expect(within(more).getByLabelText('Nhóm')).toHaveValue('citizens');
    fireEvent.change(within(more).getByLabelText('Nhóm'), { target: { value: 'village_heads' } });
    type(within(more).getByLabelText('Thôn/Tổ dân phố'), 'Thôn 7');
    fireEvent.click(within(more).getByRole('button', { name: 'Lưu thông tin' }));
    await waitFor(async () => expect((await live(db, 'pm'))[0]).toMatchObject({ name: 'Phạm Thị Thu', group: 'village_heads', village: 'Thôn 7', present: true, invited: false }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Thông tin thêm của Phạm Thị Thu' })).not.toBeInTheDocument());
  });
});

describe('pasting an invited list', LOADED, () => {
  it('a heading line or a column names the group of each line', async () => {
    const { db } = await setUp();
    const form = screen.getByRole('heading', { name: 'Dán cả danh sách' }).closest('form')!;
    type(
      within(form).getByLabelText('Danh sách, mỗi dòng một người'),
      [
        'Đại biểu cấp trên:',
        'Hoàng Văn Tỉnh; ; Phó Chủ tịch UBND tỉnh',
        'Nhóm: Trưởng thôn',
        'Nguyễn Văn An; Thôn 3',
        'Trần Thị Bình; Thôn 1; ; ; Người dân',
        'Lê Văn Cường; Thôn 2; ; ; nhóm lạ',
      ].join('\n'),
    );
    fireEvent.click(within(form).getByRole('button', { name: 'Nhập danh sách' }));
    await waitFor(async () => expect(await live(db, 'pm')).toHaveLength(3));
    const byName = Object.fromEntries((await live(db, 'pm')).map((a) => [a.name, a.group]));
    expect(byName).toEqual({ 'Hoàng Văn Tỉnh': 'upper_level', 'Nguyễn Văn An': 'village_heads', 'Trần Thị Bình': 'citizens' });
    expect(within(form).getByLabelText('Danh sách, mỗi dòng một người')).toHaveValue('Lê Văn Cường; Thôn 2; ; ; nhóm lạ');
    expect(within(form).getByText(/không rõ nhóm/)).toBeInTheDocument();
  });
});

describe('reusing the list of another session', LOADED, () => {
  it('copies the morning invitees (not check-ins, not walk-ins, not those already listed) into the afternoon', async () => {
    const { db } = await setUp([
      person('am', 'Nguyễn Văn An', 'Thôn 3', 'village_heads', { present: true, checkedInAt: NOW - 3_600_000 }),
      person('am', 'Trần Thị Bình', 'Thôn 1'),
      person('am', 'Khách Vãng Lai', '', 'citizens', { invited: false, present: true, checkedInAt: NOW - 3_600_000 }),
      person('pm', 'tran thi binh', 'thon 1'),
    ]);
    const form = (await screen.findByRole('heading', { name: 'Dùng lại danh sách mời của buổi khác' })).closest('form')!;
    expect(within(form).getByLabelText('Buổi')).toHaveDisplayValue('Buổi sáng · 13/10/2026 07:30');
    fireEvent.click(within(form).getByRole('button', { name: 'Chép danh sách mời' }));
    expect(await within(form).findByText('Đã chép 1 người từ buổi «Buổi sáng».')).toBeInTheDocument();
    const pm = await live(db, 'pm');
    expect(pm).toHaveLength(2);
    expect(pm.find((a) => a.name === 'Nguyễn Văn An')).toMatchObject({ group: 'village_heads', village: 'Thôn 3', invited: true, present: false, checkedInAt: null });
    // The morning's own records are untouched.
    expect((await live(db, 'am')).find((a) => a.name === 'Nguyễn Văn An')?.present).toBe(true);
    fireEvent.click(within(form).getByRole('button', { name: 'Chép danh sách mời' }));
    expect(await within(form).findByText('Không có ai mới để chép từ buổi «Buổi sáng».')).toBeInTheDocument();
  });
});
