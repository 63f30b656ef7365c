/**
 * The import form's messages: a refused file says why next to the file field
 * (the named record, the other unit and its confirmation), a good one says
 * what came in and the conference appears in the list.
 */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordInput } from '../../src/domain/model.ts';

type Session = RecordInput<'sessions'>;
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { commit, create } from '../../src/storage/write.ts';
import { exportFile, importFile } from '../../src/sync/file.ts';
import { renderApp } from './render.tsx';

const T = Date.UTC(2026, 9, 13, 1, 0, 0);
const conference: RecordInput<'conferences'> = {
  title: 'Hội nghị đối thoại TTHC năm 2026 – lần 1', year: 2026, planNumber: '82/KH-UBND', round: 1, legalBases: [],
  registrationDeadline: { kind: 'days_before', days: 10 },
};
const session: Session = {
  conferenceId: 'c1', title: 'Buổi sáng', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Nhà văn hóa thôn 3',
  venueKind: 'village_cultural_house', fieldFocus: '', format: 'in_person', speakingLimitMs: 300_000, chairName: '', secretaryName: '',
};
const unit = (name: string) => ({ name, upperLevel: '', address: '', email: '', phone: '' });

/** The file another device would hand over: its unit, one conference with one session. */
async function exportedFile(): Promise<Uint8Array> {
  const a: DoiThoaiDb = openDatabase(`files-a-${Math.random()}`);
  await commit(a, [
    create('units', { unitId: 'u1' }, unit('UBND xã Thanh Trì'), 'u1'),
    create('conferences', { unitId: 'u1' }, conference, 'c1'),
    create('sessions', { unitId: 'u1', conferenceId: 'c1' }, session, 's1'),
  ], () => T);
  const { bytes } = await exportFile(a, { conferenceId: 'c1', now: () => T });
  await a.delete();
  return bytes;
}

/** The same file with one session's end before its start, sealed again so only the record check can catch it. */
async function withBadSession(bytes: Uint8Array): Promise<Uint8Array> {
  const file = JSON.parse(new TextDecoder().decode(bytes));
  file.body.tables.sessions[0].end = '06:00';
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${JSON.stringify(file.header)}\n${JSON.stringify(file.body)}`)));
  file.checksum = `sha256:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  return new TextEncoder().encode(JSON.stringify(file));
}

async function choose(bytes: Uint8Array | string, name = 'doithoai-hoi-nghi.json') {
  const input = (await screen.findByLabelText(/Tệp đã xuất từ ứng dụng Đối thoại/)) as HTMLInputElement;
  fireEvent.change(input, { target: { files: [new File([bytes as BlobPart], name)] } });
  fireEvent.click(screen.getByRole('button', { name: 'Nhập tệp' }));
  return input;
}

/** The message the input points at with aria-describedby, as a screen reader reads it. */
function messageOf(input: HTMLInputElement): string {
  if (input.getAttribute('aria-invalid') !== 'true') return '';
  const id = input.getAttribute('aria-describedby') ?? '';
  const el = document.getElementById(id);
  expect(input.parentElement?.contains(el)).toBe(true); // next to the field
  return el?.textContent ?? '';
}

describe('the import form', () => {
  it('imports a file on a fresh device: the summary says what came in and the conference is listed', async () => {
    const bytes = await exportedFile();
    renderApp('/', { now: () => T + 1000 });
    fireEvent.click(await screen.findByRole('button', { name: 'Nhập tệp từ máy khác…' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText(/Tệp đã xuất từ ứng dụng Đối thoại/)));
    await choose(bytes);
    const status = await screen.findByText(/Đã nhập tệp của UBND xã Thanh Trì: hội nghị «Hội nghị đối thoại TTHC năm 2026 – lần 1»/);
    expect(status.textContent).toContain('Tệp có 3 bản ghi; 3 bản ghi mới hoặc được cập nhật trên máy này');
    expect(screen.getByText('Những thay đổi mới sẽ được gửi lên máy chủ văn phòng ở lần đồng bộ tới.')).toBeInTheDocument();
    const list = await screen.findByRole('list', { name: 'Các hội nghị đối thoại' });
    expect(within(list).getByRole('link', { name: conference.title })).toBeInTheDocument();
  });

  it('says next to the field why a file is refused, naming the record, and that nothing changed', async () => {
    const bytes = await exportedFile();
    renderApp('/settings', { now: () => T + 1000 });
    fireEvent.click(await screen.findByRole('button', { name: 'Nhập tệp' }));
    const input = (await screen.findByLabelText(/Tệp đã xuất/)) as HTMLInputElement;
    await waitFor(() => expect(messageOf(input)).toBe('Hãy chọn một tệp.'));

    await choose('{"header":{"app":"doithoai","kind":"export"');
    await waitFor(() => expect(messageOf(input)).toBe('Tệp không đầy đủ (bị cắt giữa chừng khi chép hoặc tải về). Hãy xuất lại từ máy gốc. Dữ liệu trên máy này không thay đổi.'));

    await choose(JSON.stringify({ type: 'FeatureCollection', features: [] }));
    await waitFor(() => expect(messageOf(input)).toBe('Đây không phải tệp xuất của ứng dụng Đối thoại. Dữ liệu trên máy này không thay đổi.'));

    await choose(new TextDecoder().decode(bytes).replace('Nhà văn hóa thôn 3', 'Nhà văn hóa thôn 9'));
    await waitFor(() => expect(messageOf(input)).toBe('Tệp đã bị sửa hoặc bị hỏng: mã kiểm tra không khớp. Dữ liệu trên máy này không thay đổi.'));

    await choose(await withBadSession(bytes));
    await waitFor(() =>
      expect(messageOf(input)).toBe(
        'Tệp có bản ghi không hợp lệ: buổi «Buổi sáng» (mã s1), trường “end”: Giờ kết thúc phải sau giờ bắt đầu. Dữ liệu trên máy này không thay đổi.',
      ),
    );
    expect(screen.queryByRole('button', { name: 'Vẫn nhập vào máy này' })).toBeNull();
  });

  it('asks before importing another unit’s file, and imports it once confirmed', async () => {
    const bytes = await exportedFile();
    const { db } = renderApp('/settings', { now: () => T + 1000 });
    await commit(db, [create('units', { unitId: 'u0' }, unit('UBND phường Biên Giang'), 'u0')], () => T);
    const input = await choose(bytes);
    await waitFor(() =>
      expect(messageOf(input)).toBe('Tệp này là của đơn vị khác: UBND xã Thanh Trì, không phải UBND phường Biên Giang. Chỉ nhập nếu bạn chắc chắn. Dữ liệu trên máy này không thay đổi.'),
    );
    expect(await db.conferences.count()).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: 'Vẫn nhập vào máy này' }));
    await screen.findByText(/Đã nhập tệp của UBND xã Thanh Trì/);
    expect(messageOf(input)).toBe('');
    expect(await db.conferences.get('c1')).toMatchObject({ title: conference.title });
  });
});

describe('the export button', () => {
  const { createObjectURL, revokeObjectURL } = URL;
  afterEach(() => {
    vi.restoreAllMocks();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  it('on a conference’s page downloads that conference as a file that imports elsewhere, and says what it wrote', async () => {
    const { db } = renderApp('/conferences/c1', { now: () => T + 1000 });
    await commit(db, [
      create('units', { unitId: 'u1' }, unit('UBND xã Thanh Trì'), 'u1'),
      create('conferences', { unitId: 'u1' }, conference, 'c1'),
      create('sessions', { unitId: 'u1', conferenceId: 'c1' }, session, 's1'),
    ], () => T);
    let blob: Blob | undefined;
    // jsdom has no object URLs: catch the Blob the browser would download, and the link's file name.
    Object.assign(URL, { createObjectURL: (b: Blob) => ((blob = b), 'blob:doithoai-test'), revokeObjectURL: () => {} });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    fireEvent.click(await screen.findByRole('button', { name: 'Xuất tệp hội nghị này' }));
    await screen.findByText('Đã xuất 3 bản ghi và biên bản của 0 buổi vào tệp doithoai-hoi-nghi-doi-thoai-tthc-nam-2026-lan-1-13-10-2026.json.');
    expect(clicked).toHaveBeenCalledTimes(1);
    expect((clicked.mock.contexts[0] as HTMLAnchorElement).download).toBe('doithoai-hoi-nghi-doi-thoai-tthc-nam-2026-lan-1-13-10-2026.json');

    const other = openDatabase(`files-b-${Math.random()}`);
    const summary = await importFile(other, new Uint8Array(await blob!.arrayBuffer()), { now: () => T + 2000 });
    expect(summary.conferences).toEqual([{ id: 'c1', title: conference.title }]);
    await other.delete();
  });

  it('in Settings on a device with no unit says there is nothing to export', async () => {
    renderApp('/settings');
    fireEvent.click(await screen.findByRole('button', { name: 'Xuất toàn bộ dữ liệu ra tệp' }));
    await screen.findByText('Không xuất được tệp: máy này chưa có dữ liệu của đơn vị nào.');
  });
});
