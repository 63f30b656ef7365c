import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { questionKey } from '../../src/domain/minutesDoc.ts';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { create } from '../../src/storage/changes.ts';
import { flushAllMinutes, openMinutesDoc, readStoredTexts } from '../../src/storage/minutesText.ts';
import { commit } from '../../src/storage/write.ts';
import { conferenceRecord, scope, sessionRecord, turnFields, unitRecord } from './fixtures.ts';
import { renderApp } from './render.tsx';

const NOW = Date.UTC(2026, 9, 13, 2, 0, 5);
const now = () => NOW;
const QUESTION = 'Đề nghị hướng dẫn cấp Giấy chứng nhận quyền sử dụng đất.';

async function seed(): Promise<DoiThoaiDb> {
  const db = openDatabase(`ui-docs-${Math.random()}`);
  await commit(
    db,
    [
      unitRecord({ upperLevel: 'UBND thành phố Hà Nội' }),
      conferenceRecord(),
      sessionRecord({ chairName: 'Trần Văn Hưởng', secretaryName: 'Lê Thị Ký' }),
      create(
        'speakerTurns',
        scope,
        turnFields('Nguyễn Thị Diệp', 1, {
          affiliation: 'thôn Đông',
          topic: 'Cấp giấy chứng nhận',
          responderName: 'Phó Chủ tịch',
          status: 'done',
          disposition: { kind: 'answered_in_room' },
        }),
        't1',
      ),
    ],
    now,
  );
  const handle = await openMinutesDoc(db, 'minutes:s1');
  handle.minutes.doc.getText(questionKey('t1')).insert(0, QUESTION);
  await handle.release();
  return db;
}

const preview = () => screen.getByRole('article');

describe('documents screen', { timeout: 30_000 }, () => {
  it('previews the minutes from the records and the minutes text', async () => {
    const db = await seed();
    renderApp('/conferences/c1/documents?kind=minutes&session=s1', { db, now });
    await waitFor(() => expect(preview()).toHaveTextContent('BIÊN BẢN'), { timeout: 15_000 });
    expect(preview()).toHaveTextContent('Ý kiến 1. Ông (Bà) Nguyễn Thị Diệp (thôn Đông)');
    expect(preview()).toHaveTextContent(QUESTION);
    expect(preview()).toHaveTextContent('Hướng xử lý: Đã trả lời tại hội nghị.');
    expect(screen.getByRole('link', { name: 'Biên bản' })).toHaveAttribute('aria-current', 'page');
  });

  it('keeps the secretary’s edit, and when the minutes change under it asks which text to keep', async () => {
    const db = await seed();
    renderApp('/conferences/c1/documents?kind=minutes&session=s1', { db, now });
    await waitFor(() => expect(preview()).toHaveTextContent(QUESTION), { timeout: 15_000 });
    const [editQuestion] = screen.getAllByRole('button', { name: /^Sửa đoạn này: Nội dung:/ });
    fireEvent.click(editQuestion!);
    const box = (await screen.findByRole('textbox', { name: 'Sửa đoạn: Nội dung:' })) as HTMLTextAreaElement;
    expect(box.value).toBe(QUESTION);
    fireEvent.input(box, { target: { value: 'Đề nghị cấp sổ đỏ cho thửa đất số 12.' }, inputType: 'insertText' });
    await waitFor(() => expect(preview()).toHaveTextContent('Nội dung: Đề nghị cấp sổ đỏ cho thửa đất số 12.'));
    fireEvent.click(screen.getByRole('button', { name: 'Xong' }));
    expect(screen.queryByRole('textbox', { name: 'Sửa đoạn: Nội dung:' })).toBeNull();
    expect(screen.getAllByRole('button', { name: /^Sửa đoạn này \(đã sửa\): Nội dung:/ })).toHaveLength(1);

    // The edit is in the session's minutes document, on disk.
    await flushAllMinutes();
    const stored = await readStoredTexts(db, 'minutes:s1');
    expect(stored['edit:minutes:turn:t1:question']).toBe('Đề nghị cấp sổ đỏ cho thửa đất số 12.');
    expect(stored['base:minutes:turn:t1:question']).toBe(QUESTION);

    // A late correction in the minutes (another screen, or another device through sync).
    const handle = await openMinutesDoc(db, 'minutes:s1');
    handle.minutes.doc.getText(questionKey('t1')).insert(QUESTION.length - 1, ' lần đầu');
    const conflicts = await screen.findByRole('region', { name: /Biên bản đã thay đổi sau khi sửa \(1 đoạn\)/ });
    expect(within(conflicts).getByText('Đề nghị cấp sổ đỏ cho thửa đất số 12.')).toBeInTheDocument();
    expect(within(conflicts).getByText(/quyền sử dụng đất lần đầu\./)).toBeInTheDocument();
    // Nothing was discarded meanwhile: the edit still shows.
    expect(preview()).toHaveTextContent('Đề nghị cấp sổ đỏ cho thửa đất số 12.');

    fireEvent.click(within(conflicts).getByRole('button', { name: 'Lấy nội dung mới' }));
    await waitFor(() => expect(preview()).toHaveTextContent('quyền sử dụng đất lần đầu.'));
    expect(screen.queryByRole('region', { name: /Biên bản đã thay đổi/ })).toBeNull();
    await handle.release();
  });

  it('keeps the edit when the secretary chooses so, and the conflict goes', async () => {
    const db = await seed();
    renderApp('/conferences/c1/documents?kind=minutes&session=s1', { db, now });
    await waitFor(() => expect(preview()).toHaveTextContent(QUESTION), { timeout: 15_000 });
    fireEvent.click(screen.getAllByRole('button', { name: /^Sửa đoạn này: Nội dung:/ })[0]!);
    const box = (await screen.findByRole('textbox', { name: 'Sửa đoạn: Nội dung:' })) as HTMLTextAreaElement;
    fireEvent.input(box, { target: { value: 'Bản sửa.' }, inputType: 'insertText' });
    const handle = await openMinutesDoc(db, 'minutes:s1');
    handle.minutes.doc.getText(questionKey('t1')).insert(0, 'Bà Diệp: ');
    const conflicts = await screen.findByRole('region', { name: /Biên bản đã thay đổi/ });
    fireEvent.click(within(conflicts).getByRole('button', { name: 'Giữ bản đã sửa' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: /Biên bản đã thay đổi/ })).toBeNull());
    expect(preview()).toHaveTextContent('Nội dung: Bản sửa.');
    await handle.release();
  });

  it('takes the number the office enters, and says next to the field when it is not a number', async () => {
    const db = await seed();
    renderApp('/conferences/c1/documents?kind=notice', { db, now });
    await waitFor(() => expect(preview()).toHaveTextContent('THÔNG BÁO'), { timeout: 15_000 });
    const number = screen.getByLabelText('Số văn bản');
    fireEvent.input(number, { target: { value: '5a' } });
    await waitFor(() => expect(number).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('Số không hợp lệ.')).toBeInTheDocument();
    expect(preview()).toHaveTextContent(/Số:\s+\/TB-UBND/);
    fireEvent.input(number, { target: { value: '5' } });
    await waitFor(() => expect(preview()).toHaveTextContent('Số: 05/TB-UBND'));
    expect(number).toHaveAttribute('aria-invalid', 'false');
    fireEvent.change(screen.getByLabelText('Hình thức ký'), { target: { selectedIndex: 1 } });
    await waitFor(() => expect(preview()).toHaveTextContent('KT. CHỦ TỊCH'));
  });
});
