import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { Attendee, AttendeeGroup, Session } from '../../src/domain/model.ts';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { create } from '../../src/storage/changes.ts';
import { commit } from '../../src/storage/write.ts';
import { siteKey } from '../../src/ui/session/siteChoice.ts';
import { renderApp } from './render.tsx';

const NOW = Date.UTC(2026, 9, 13, 0, 35); // 07:35 in Hà Nội
const type = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value } });
const scope = { unitId: 'u1', conferenceId: 'c1' };

function person(name: string, village: string, group: AttendeeGroup = 'citizens', extra: Partial<Attendee> = {}): Attendee {
  return { sessionId: 's1', name, group, title: '', organisation: '', village, invited: true, present: false, checkedInAt: null, ...extra };
}

async function setUp(opts: { format?: Session['format']; people?: Attendee[] } = {}) {
  const db: DoiThoaiDb = openDatabase(`att-${Math.random()}`);
  await commit(db, [
    create('units', { unitId: 'u1' }, { name: 'UBND xã Ngọc Kỳ', upperLevel: '', address: '', email: '', phone: '' }, 'u1'),
    create('conferences', { unitId: 'u1' }, {
      title: 'Hội nghị đối thoại 2026', year: 2026, round: 2, planNumber: '', legalBases: [],
      registrationDeadline: { kind: 'days_before', days: 10 },
    }, 'c1'),
    create('sessions', scope, {
      conferenceId: 'c1', title: 'Buổi sáng', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Hội trường UBND xã',
      venueKind: 'committee_hall', fieldFocus: '', format: opts.format ?? 'in_person', speakingLimitMs: 300_000, chairName: '', secretaryName: '',
    }, 's1'),
    ...(opts.people ?? []).map((p, i) => create('attendees', scope, p, `a${i + 1}`)),
  ]);
  const app = renderApp('/sessions/s1?tab=attendance', { db, now: () => NOW });
  const search = (await screen.findByLabelText('Tìm người dự: họ tên hoặc thôn/tổ')) as HTMLInputElement;
  return { ...app, search };
}

const people = [
  person('Nguyễn Văn An', 'Thôn 3', 'village_heads', { title: 'Trưởng thôn' }),
  person('Trần Thị Bình', 'Thôn 1'),
  person('Đặng Văn Đức', 'Thôn 3'),
  person('Lê Thị Nguyệt', 'Tổ dân phố 5', 'leaders', { organisation: 'Hội Phụ nữ xã' }),
];

const results = () => screen.getByRole('list', { name: 'Kết quả tìm kiếm' });
const resultNames = () => within(results()).queryAllByRole('button').map((b) => b.getAttribute('aria-label'));
const summary = () => screen.getByText(/^Có mặt \d+ người/);

describe('attendance: check-in', () => {
  it('filters as you type, without diacritics, by name or village', async () => {
    const { search } = await setUp({ people });
    expect(resultNames()).toEqual([]);
    type(search, 'n');
    expect(resultNames()).toEqual(['Đánh dấu có mặt: Nguyễn Văn An', 'Đánh dấu có mặt: Lê Thị Nguyệt']);
    type(search, 'nguyen v');
    expect(resultNames()).toEqual(['Đánh dấu có mặt: Nguyễn Văn An']);
    type(search, 'DUC');
    expect(resultNames()).toEqual(['Đánh dấu có mặt: Đặng Văn Đức']);
    type(search, 'thon 3');
    expect(resultNames()).toEqual(['Đánh dấu có mặt: Đặng Văn Đức', 'Đánh dấu có mặt: Nguyễn Văn An']);
    expect(screen.getByText('2 kết quả')).toBeInTheDocument();
    type(search, 'xyz');
    expect(resultNames()).toEqual([]);
    expect(screen.getByText('Không tìm thấy ai khớp với «xyz».')).toBeInTheDocument();
  });

  it('marks present with one tap, counts update live, and a second tap undoes it', async () => {
    const { search, db } = await setUp({ people });
    expect(summary()).toHaveTextContent('Có mặt 0 người: 0/4 người được mời, 0 người không có giấy mời.');
    type(search, 'an');
    fireEvent.click(within(results()).getByRole('button', { name: 'Đánh dấu có mặt: Nguyễn Văn An' }));
    const undo = await within(results()).findByRole('button', { name: 'Bỏ đánh dấu có mặt: Nguyễn Văn An' });
    expect(undo).toHaveAccessibleDescription(/^Có mặt lúc \d\d:\d\d · Trưởng thôn · Thôn 3/);
    expect(summary()).toHaveTextContent('Có mặt 1 người: 1/4 người được mời');
    const row = screen.getByRole('rowheader', { name: 'Bí thư chi bộ, Trưởng thôn/Tổ trưởng TDP' }).closest('tr')!;
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1', '1']);
    expect(await db.attendees.get('a1')).toMatchObject({ present: true, checkedInAt: NOW });

    fireEvent.click(undo);
    await within(results()).findByRole('button', { name: 'Đánh dấu có mặt: Nguyễn Văn An' });
    expect(summary()).toHaveTextContent('Có mặt 0 người');
    expect(await db.attendees.get('a1')).toMatchObject({ present: false, checkedInAt: null });
  });

  it('ignores the second click of a double tap', async () => {
    const { search, db } = await setUp({ people });
    type(search, 'binh');
    const button = within(results()).getByRole('button', { name: 'Đánh dấu có mặt: Trần Thị Bình' });
    fireEvent.click(button, { detail: 1 });
    fireEvent.click(button, { detail: 2 });
    await within(results()).findByRole('button', { name: 'Bỏ đánh dấu có mặt: Trần Thị Bình' });
    // A second toggle, had the click not been ignored, is queued by now; a read-write transaction on the
    // table runs after every one already made, so what it reads includes that toggle.
    expect(await db.transaction('rw', db.attendees, () => db.attendees.get('a2'))).toMatchObject({ present: true });
  });

  it('checks in the first result on Enter and announces it', async () => {
    const { search, db } = await setUp({ people });
    type(search, 'dang van');
    fireEvent.keyDown(search, { key: 'Enter' });
    await within(results()).findByRole('button', { name: 'Bỏ đánh dấu có mặt: Đặng Văn Đức' });
    expect(await db.attendees.get('a3')).toMatchObject({ present: true, checkedInAt: NOW });
    expect(screen.getByText('Đã đánh dấu có mặt: Đặng Văn Đức.')).toBeInTheDocument();
    // The typed name is selected, so the next name typed replaces it.
    expect([search.selectionStart, search.selectionEnd]).toEqual([0, 'dang van'.length]);
    // Enter again on someone already present does not undo them.
    fireEvent.keyDown(search, { key: 'Enter' });
    expect(await screen.findByText(/^Đặng Văn Đức đã có mặt từ \d\d:\d\d\.$/)).toBeInTheDocument();
    expect(await db.attendees.get('a3')).toMatchObject({ present: true });
  });

  it('adds a walk-in straight from the search box', async () => {
    const { search, db } = await setUp({ people });
    type(search, '  Hoàng   Văn Mới ');
    fireEvent.click(screen.getByRole('button', { name: 'Thêm người dự mới: Hoàng Văn Mới' }));
    await waitFor(() => expect(summary()).toHaveTextContent('Có mặt 1 người: 0/4 người được mời, 1 người không có giấy mời.'));
    expect(search).toHaveValue('');
    const added = (await db.attendees.toArray()).find((a) => a.name === 'Hoàng Văn Mới');
    expect(added).toMatchObject({ group: 'citizens', invited: false, present: true, checkedInAt: NOW, sessionId: 's1', unitId: 'u1', conferenceId: 'c1' });
    expect(added!.bridgePointId).toBeUndefined();
    type(search, 'hoang');
    expect(resultNames()).toEqual(['Bỏ đánh dấu có mặt: Hoàng Văn Mới']);
    expect(within(results()).getByText('Không có giấy mời')).toBeInTheDocument();
  });
});

describe('attendance: building the list', () => {
  it('adds one invitee with the form and lists them by group', async () => {
    const { db } = await setUp();
    expect(screen.getByText('Chưa có ai trong danh sách. Thêm từng người hoặc dán cả danh sách bên dưới.')).toBeInTheDocument();
    const form = screen.getByRole('form', { name: 'Thêm từng người' });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm vào danh sách' }));
    await waitFor(() => expect(within(form).getByLabelText('Họ tên')).toHaveAccessibleDescription('Không được để trống.'));
    type(within(form).getByLabelText('Họ tên'), 'Phạm Văn Hùng');
    fireEvent.change(within(form).getByLabelText('Nhóm'), { target: { value: 'upper_level' } });
    type(within(form).getByLabelText('Chức vụ'), 'Phó Chủ tịch UBND huyện');
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm vào danh sách' }));
    const group = await screen.findByRole('list', { name: 'Đại biểu cấp trên: 0/1 có mặt' });
    expect(within(group).getByRole('button', { name: 'Đánh dấu có mặt: Phạm Văn Hùng' })).toBeInTheDocument();
    expect(within(form).getByLabelText('Họ tên')).toHaveValue('');
    expect(await db.attendees.toArray()).toHaveLength(1);
  });

  it('imports the good lines of a pasted list in one commit and keeps the bad line to fix', async () => {
    const { db } = await setUp({ people: [person('Trần Thị Bình', 'Thôn 1')] });
    const transactions = new Set<unknown>();
    db.attendees.hook('creating', (_key, _obj, tx) => void transactions.add(tx));
    const form = screen.getByRole('form', { name: 'Dán cả danh sách' });
    fireEvent.change(within(form).getByLabelText('Nhóm của cả danh sách'), { target: { value: 'village_heads' } });
    const box = within(form).getByLabelText('Danh sách, mỗi dòng một người');
    type(box, ['Nguyễn Văn An; Thôn 3; Trưởng thôn', '; Thôn 4; Bí thư chi bộ', 'Bùi Văn Ân; Thôn 30', 'Trần Thị Bình; Thôn 1', ''].join('\n'));
    fireEvent.click(within(form).getByRole('button', { name: 'Nhập danh sách' }));

    expect(await within(form).findByText('Đã nhập 2 người vào nhóm «Bí thư chi bộ, Trưởng thôn/Tổ trưởng TDP».')).toBeInTheDocument();
    expect(box).toHaveValue('; Thôn 4; Bí thư chi bộ\nTrần Thị Bình; Thôn 1');
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(box).toHaveAccessibleDescription(/2 dòng chưa nhập được, đã giữ lại trong ô để sửa:/);
    expect(box).toHaveAccessibleDescription(/Dòng 1 «; Thôn 4; Bí thư chi bộ»: thiếu họ tên\./);
    expect(box).toHaveAccessibleDescription(/Dòng 2 «Trần Thị Bình; Thôn 1»: người này đã có trong danh sách/);
    expect(transactions.size).toBe(1);
    const rows = await db.attendees.toArray();
    expect(rows.filter((r) => r.group === 'village_heads').map((r) => r.name).sort()).toEqual(['Bùi Văn Ân', 'Nguyễn Văn An']);
    expect(await screen.findByRole('list', { name: 'Bí thư chi bộ, Trưởng thôn/Tổ trưởng TDP: 0/2 có mặt' })).toBeInTheDocument();

    // Fix the bad line and import again: only that person is added.
    type(box, 'Hoàng Thị Lan; Thôn 4; Bí thư chi bộ\nTrần Thị Bình; Thôn 1');
    fireEvent.click(within(form).getByRole('button', { name: 'Nhập danh sách' }));
    expect(await within(form).findByText(/^Đã nhập 1 người/)).toBeInTheDocument();
    expect(box).toHaveValue('Trần Thị Bình; Thôn 1');
    expect(await db.attendees.count()).toBe(4);
  });

  it('corrects a name and removes someone from the list', async () => {
    const { db } = await setUp({ people });
    fireEvent.click(screen.getByRole('button', { name: 'Sửa: Trần Thị Bình' }));
    const form = await screen.findByRole('form', { name: 'Sửa thông tin: Trần Thị Bình' });
    type(within(form).getByLabelText('Họ tên'), 'Trần Thị Bính');
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu thay đổi' }));
    await screen.findByRole('button', { name: 'Đánh dấu có mặt: Trần Thị Bính' });
    expect(await db.attendees.get('a2')).toMatchObject({ name: 'Trần Thị Bính', village: 'Thôn 1' });

    fireEvent.click(screen.getByRole('button', { name: 'Xóa: Đặng Văn Đức' }));
    fireEvent.click(within(screen.getByRole('group', { name: 'Xóa Đặng Văn Đức khỏi danh sách?' })).getByRole('button', { name: 'Xóa' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Đánh dấu có mặt: Đặng Văn Đức' })).not.toBeInTheDocument());
    expect(await db.attendees.get('a3')).toMatchObject({ deleted: true });
    expect(summary()).toHaveTextContent('0/3 người được mời');
  });
});

describe('attendance: bridge points', () => {
  async function addPoint(name: string) {
    const form = screen.getByRole('form', { name: 'Thêm điểm cầu' });
    type(within(form).getByLabelText('Tên điểm cầu'), name);
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm điểm cầu' }));
    await within(await screen.findByRole('list', { name: 'Các điểm cầu của buổi' })).findByText(name);
  }

  it('adds bridge points, the first is the host, and a walk-in carries this device’s site', async () => {
    const { db, search } = await setUp({ format: 'online_bridge_points', people });
    const section = screen.getByRole('region', { name: 'Điểm cầu' });
    expect(within(section).getByText(/Hội nghị trực tuyến qua nhiều điểm cầu/)).toBeInTheDocument();
    await addPoint('Hội trường UBND xã');
    await addPoint('Nhà văn hóa thôn 3');
    const points = await db.bridgePoints.toArray();
    expect(points.map((p) => [p.name, p.isHost])).toEqual([
      ['Hội trường UBND xã', true],
      ['Nhà văn hóa thôn 3', false],
    ]);
    expect(screen.getByText(/Máy này chưa chọn điểm cầu/)).toBeInTheDocument();

    const village = points[1]!;
    fireEvent.change(screen.getByLabelText('Máy này đang ở điểm cầu'), { target: { value: village.id } });
    await waitFor(async () => expect((await db.meta.get(siteKey('s1')))?.value).toBe(village.id));
    await waitFor(() => expect(screen.queryByText(/Máy này chưa chọn điểm cầu/)).not.toBeInTheDocument());

    type(search, 'Vũ Văn Khách');
    fireEvent.click(screen.getByRole('button', { name: 'Thêm người dự mới: Vũ Văn Khách' }));
    await waitFor(async () => expect((await db.attendees.toArray()).find((a) => a.name === 'Vũ Văn Khách')).toMatchObject({ bridgePointId: village.id }));
    // A check-in made here carries the site too.
    type(search, 'nguyen van an');
    fireEvent.click(within(results()).getByRole('button', { name: 'Đánh dấu có mặt: Nguyễn Văn An' }));
    await waitFor(async () => expect(await db.attendees.get('a1')).toMatchObject({ present: true, bridgePointId: village.id }));
    expect(await within(results()).findByRole('button', { name: 'Bỏ đánh dấu có mặt: Nguyễn Văn An' })).toHaveAccessibleDescription(/Điểm cầu: Nhà văn hóa thôn 3/);

    const bySite = screen.getByRole('table', { name: 'Theo điểm cầu' });
    const siteRow = within(bySite).getByRole('rowheader', { name: 'Nhà văn hóa thôn 3' }).closest('tr')!;
    expect(within(siteRow).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1', '2']);
  });

  it('moves the host role when the host is removed, and its people to no site', async () => {
    const { db } = await setUp({ people });
    await addPoint('Điểm cầu A');
    await addPoint('Điểm cầu B');
    const [a, b] = await db.bridgePoints.toArray();
    await commit(db, [create('attendees', scope, person('Khách ở A', '', 'citizens', { invited: false, present: true, checkedInAt: NOW, bridgePointId: a!.id }), 'w1')]);
    fireEvent.click(await screen.findByRole('button', { name: 'Đặt làm điểm cầu chính: Điểm cầu B' }));
    await waitFor(async () => expect((await db.bridgePoints.get(b!.id))?.isHost).toBe(true));
    expect((await db.bridgePoints.get(a!.id))?.isHost).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Xóa: Điểm cầu B' }));
    fireEvent.click(within(screen.getByRole('group', { name: 'Xóa điểm cầu «Điểm cầu B»?' })).getByRole('button', { name: 'Xóa' }));
    await waitFor(async () => expect((await db.bridgePoints.get(a!.id))?.isHost).toBe(true));

    fireEvent.click(screen.getByRole('button', { name: 'Xóa: Điểm cầu A' }));
    const confirm = screen.getByRole('group', { name: 'Xóa điểm cầu «Điểm cầu A»?' });
    expect(confirm).toHaveTextContent('1 người dự đang gắn với điểm cầu này sẽ chuyển sang «Chưa rõ điểm cầu».');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Xóa' }));
    await waitFor(async () => expect(await db.attendees.get('w1')).toMatchObject({ bridgePointId: '' }));
    expect(await screen.findByText('Chưa có điểm cầu nào.')).toBeInTheDocument();
  });

  it('renames a bridge point', async () => {
    const { db } = await setUp();
    await addPoint('Thon 3');
    fireEvent.click(screen.getByRole('button', { name: 'Sửa: Thon 3' }));
    const form = await screen.findByRole('form', { name: 'Sửa điểm cầu: Thon 3' });
    type(within(form).getByLabelText('Tên điểm cầu'), 'Nhà văn hóa thôn 3');
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu thay đổi' }));
    await within(await screen.findByRole('list', { name: 'Các điểm cầu của buổi' })).findByText('Nhà văn hóa thôn 3');
    expect((await db.bridgePoints.toArray()).map((p) => p.name)).toEqual(['Nhà văn hóa thôn 3']);
  });
});
