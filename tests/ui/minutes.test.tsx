import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgendaItem, SpeakerTurn } from '../../src/domain/model.ts';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { create, type Change } from '../../src/storage/changes.ts';
import { flushAllMinutes, readStoredTexts } from '../../src/storage/minutesText.ts';
import { commit } from '../../src/storage/write.ts';
import { refuseTextRows } from '../storage/refuseTextRows.ts';
import { conferenceRecord, scope, sessionRecord, turnFields, unitRecord } from './fixtures.ts';
import { renderApp } from './render.tsx';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Tuesday 13 October 2026, 09:00:05 in Vietnam. */
const NOW = Date.UTC(2026, 9, 13, 2, 0, 5);
const now = () => NOW;
/** Vietnam time, as the stamp and the status show it whatever the test machine's zone. */
const HHMM = '09:00';
const HHMMSS = '09:00:05';

function item(id: string, step: AgendaItem['step'], title: string, position: number) {
  return create(
    'agendaItems',
    scope,
    { sessionId: 's1', step, title, position, plannedMinutes: 10, presenter: '', startedAt: null, endedAt: null },
    id,
  );
}

function turn(id: string, speakerName: string, status: SpeakerTurn['status'], position: number, extra: Partial<SpeakerTurn> = {}) {
  return create('speakerTurns', scope, turnFields(speakerName, position, { status, ...extra }), id);
}

async function seed(extra: Change[] = []): Promise<DoiThoaiDb> {
  const db = openDatabase(`ui-minutes-${Math.random()}`);
  await commit(
    db,
    [
      unitRecord(),
      create('departments', { unitId: 'u1' }, { name: 'Phòng Kinh tế', fields: ['Đất đai'] }, 'dep-kt'),
      create('departments', { unitId: 'u1' }, { name: 'Văn phòng HĐND và UBND', fields: [] }, 'dep-vp'),
      conferenceRecord(),
      sessionRecord(),
      item('a1', 'opening', 'Khai mạc', 1024),
      item('a4', 'citizen_opinions', 'Người dân phát biểu', 4096),
      item('a6', 'conclusion', 'Kết luận', 6144),
      turn('t1', 'Nguyễn Văn An', 'done', 1024),
      turn('t2', 'Phạm Thị Bình', 'speaking', 2048),
      turn('t3', 'Hoàng Văn Cường', 'waiting', 3072),
      turn('t4', 'Đỗ Thị Dung', 'waiting', 4096),
      turn('t5', 'Vũ Văn Em', 'waiting', 5120),
      turn('t6', 'Lý Thị Rút', 'withdrawn', 1500),
      ...extra,
    ],
    now,
  );
  return db;
}

async function openMinutes(db: DoiThoaiDb) {
  const app = renderApp('/sessions/s1?tab=minutes', { db, now });
  // The first open transforms the workspace's lazy chunks (with the recorder and player since issue 11): slow on a loaded machine.
  await screen.findByLabelText('Ghi chép: Khai mạc', {}, { timeout: 15_000 });
  return app;
}

const typeText = (el: HTMLElement, value: string) => fireEvent.input(el, { target: { value }, inputType: 'insertText' });
const saveStatus = () => document.querySelector('.save-status__text') as HTMLElement;

describe('minutes panel: typing', () => {
  it('saves what is typed, stamped with the time, and says so only once it is on disk', async () => {
    const db = await seed();
    await openMinutes(db);
    const notes = screen.getByLabelText('Ghi chép: Khai mạc') as HTMLTextAreaElement;
    fireEvent.focus(notes);
    typeText(notes, 'Ông Chủ tịch tuyên bố lý do.');
    expect(notes.value).toBe(`[${HHMM}] Ông Chủ tịch tuyên bố lý do.`);
    await waitFor(() => expect(saveStatus()).toHaveTextContent('Đang lưu…'));
    expect(saveStatus()).toHaveAttribute('aria-live', 'polite');

    await waitFor(() => expect(saveStatus()).toHaveTextContent(`Đã lưu lúc ${HHMMSS}`));
    await flushAllMinutes();
    const texts = await readStoredTexts(db, 'minutes:s1');
    expect(texts['item:a1']).toBe(`[${HHMM}] Ông Chủ tịch tuyên bố lý do.`);
    const rows = await db.textUpdates.toArray();
    expect(rows.every((r) => r.pending === 1 && r.docId === 'minutes:s1')).toBe(true);
  });

  it('keeps typing in place: no second stamp, the text continues where it was', async () => {
    const db = await seed();
    await openMinutes(db);
    const notes = screen.getByLabelText('Ghi chép: Kết luận') as HTMLTextAreaElement;
    typeText(notes, 'K');
    typeText(notes, `${notes.value}ết luận: giao Phòng Kinh tế.`);
    expect(notes.value).toBe(`[${HHMM}] Kết luận: giao Phòng Kinh tế.`);
    await flushAllMinutes();
    expect((await readStoredTexts(db, 'minutes:s1'))['item:a6']).toBe(notes.value);
  });

  it('shows the text again when the screen is opened again', async () => {
    const db = await seed();
    const first = await openMinutes(db);
    typeText(screen.getByLabelText('Câu hỏi của Nguyễn Văn An'), 'Bao giờ cấp sổ đỏ cho thửa 123?');
    first.unmount(); // closing the screen flushes
    await waitFor(async () => expect((await readStoredTexts(db, 'minutes:s1'))['turn:t1:q']).toContain('thửa 123'));
    await openMinutes(db);
    expect(screen.getByLabelText('Câu hỏi của Nguyễn Văn An')).toHaveValue(`[${HHMM}] Bao giờ cấp sổ đỏ cho thửa 123?`);
  });

  it('inserts the time at the caret with Alt+T and with the button', async () => {
    const db = await seed();
    await openMinutes(db);
    const insert = screen.getByRole('button', { name: /Chèn giờ/ });
    expect(insert).toBeDisabled();
    const answer = within(screen.getByRole('article', { name: 'Nguyễn Văn An' })).getByLabelText('Trả lời') as HTMLTextAreaElement;
    answer.focus();
    fireEvent.input(answer, { target: { value: 'Trả lời' }, inputType: '' }); // not typed (no insert): no stamp
    expect(answer.value).toBe('Trả lời');
    answer.setSelectionRange(7, 7);
    fireEvent.keyDown(answer, { key: 't', code: 'KeyT', altKey: true });
    expect(answer.value).toBe(`Trả lời [${HHMM}] `);
    expect(insert).toBeEnabled();
    answer.setSelectionRange(0, 0);
    fireEvent.click(insert);
    expect(answer.value).toBe(`[${HHMM}] Trả lời [${HHMM}] `);
    expect(document.activeElement).toBe(answer);
    await flushAllMinutes();
    expect((await readStoredTexts(db, 'minutes:s1'))['turn:t1:a']).toBe(answer.value);
  });

  it('shows the error and loses nothing when a write fails, then saves on retry', async () => {
    const db = await seed();
    let failing = true;
    refuseTextRows(
      () => failing,
      () => new Error('ổ đĩa đầy (giả lập)'),
    );
    await openMinutes(db);
    const notes = screen.getByLabelText('Ghi chép: Khai mạc') as HTMLTextAreaElement;
    typeText(notes, 'Dòng một.');
    await waitFor(() => expect(saveStatus()).toHaveTextContent(/Chưa lưu được .*ổ đĩa đầy/));
    typeText(notes, `${notes.value} Dòng hai.`);
    failing = false;
    fireEvent.click(screen.getByRole('button', { name: 'Thử lại ngay' }));
    await waitFor(() => expect(saveStatus()).toHaveTextContent(`Đã lưu lúc ${HHMMSS}`));
    expect((await readStoredTexts(db, 'minutes:s1'))['item:a1']).toBe(`[${HHMM}] Dòng một. Dòng hai.`);
  });
});

describe('minutes panel: the room', () => {
  it('lists the agenda in order and, under the citizens’ item, the turns heard, in queue order', async () => {
    const db = await seed();
    await openMinutes(db);
    const headings = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual(['1. Khai mạc', '2. Người dân phát biểu', '3. Kết luận']);
    const articles = screen
      .getAllByRole('article')
      .map((a) => a.getAttribute('aria-labelledby') && within(a).getByRole('heading').textContent);
    expect(articles).toEqual(['Nguyễn Văn An', 'Phạm Thị Bình']);
    const speaking = screen.getByRole('article', { name: 'Phạm Thị Bình' });
    expect(within(speaking).getByText('Đang phát biểu')).toBeInTheDocument();
    expect(within(speaking).getByLabelText('Câu hỏi của Phạm Thị Bình')).toBeInTheDocument();
    expect(within(speaking).getByLabelText('Trả lời')).toBeInTheDocument();
  });

  it('shows the current speaker and the next two waiting in the strip, with a slot for the timer', async () => {
    const db = await seed();
    await openMinutes(db);
    const strip = screen.getByRole('region', { name: 'Người phát biểu' });
    expect(within(strip).getByText('Phạm Thị Bình')).toBeInTheDocument();
    const next = within(strip)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(next).toEqual(['1. Hoàng Văn Cường · Thôn Đông, ', '2. Đỗ Thị Dung · Thôn Đông']);
    // Read as one text, the names do not run together ("Thôn Đông2. Đỗ Thị Dung" before).
    expect(within(strip).getByRole('list').textContent).toBe('1. Hoàng Văn Cường · Thôn Đông, 2. Đỗ Thị Dung · Thôn Đông');
    expect(strip.querySelector('[data-slot="speaking-timer"]')).not.toBeNull();
  });

  it('records a written reply with its department and due date, and the follow-up, in one tap', { timeout: 20_000 }, async () => {
    const db = await seed();
    await openMinutes(db);
    const article = screen.getByRole('article', { name: 'Nguyễn Văn An' });
    const written = within(article).getByRole('button', { name: 'Trả lời bằng văn bản' });
    expect(written).toHaveAttribute('aria-pressed', 'false');
    // The department is asked only for a written reply.
    expect(within(article).queryByLabelText('Phòng, ban trả lời bằng văn bản')).toBeNull();

    // Two departments and none chosen: the tap asks for one, and choosing it completes the tap.
    await waitFor(() => expect(written).toBeEnabled());
    fireEvent.click(written);
    expect(await within(article).findByRole('alert')).toHaveTextContent('Chọn phòng, ban sẽ trả lời bằng văn bản.');
    await within(article).findByRole('option', { name: 'Văn phòng HĐND và UBND' });
    expect(await db.followUps.count()).toBe(0);
    fireEvent.change(within(article).getByLabelText('Phòng, ban trả lời bằng văn bản'), { target: { value: 'dep-kt' } });

    await waitFor(() => expect(written).toHaveAttribute('aria-pressed', 'true'));
    // Pressed, its name is still the outcome alone: the tick is not read out as part of it.
    expect(within(article).getByRole('button', { name: 'Trả lời bằng văn bản', pressed: true })).toBe(written);
    expect(written.querySelector('[aria-hidden="true"]')).toHaveTextContent('✓');
    expect(within(article).getByText(/Hạn trả lời: 20\/10\/2026/)).toBeInTheDocument();
    const stored = await db.speakerTurns.get('t1');
    expect(stored!.disposition).toEqual({ kind: 'written_reply', departmentId: 'dep-kt', dueOn: '2026-10-20' });
    const followUps = await db.followUps.toArray();
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({
      turnId: 't1',
      departmentId: 'dep-kt',
      assignedOn: '2026-10-13',
      dueOn: '2026-10-20',
      status: 'assigned',
      unitId: 'u1',
      conferenceId: 'c1',
      deleted: false,
    });
    // Both went out in one commit: one outbox entry each, stamped by the same transaction's clock run.
    const outbox = await db.outbox.toArray();
    const last2 = outbox
      .slice(-2)
      .map((e) => e.table)
      .sort();
    expect(last2).toEqual(['followUps', 'speakerTurns']);
    await waitFor(() => expect(saveStatus()).toHaveTextContent(`Đã lưu lúc ${HHMMSS}`));

    // Another outcome withdraws the open follow-up.
    fireEvent.click(within(article).getByRole('button', { name: 'Đã trả lời tại hội nghị' }));
    await waitFor(() =>
      expect(within(article).getByRole('button', { name: 'Đã trả lời tại hội nghị' })).toHaveAttribute('aria-pressed', 'true'),
    );
    expect(written).toHaveAttribute('aria-pressed', 'false');
    expect((await db.speakerTurns.get('t1'))!.disposition).toEqual({ kind: 'answered_in_room' });
    expect((await db.followUps.get(followUps[0]!.id))!.deleted).toBe(true);
    expect(within(article).queryByLabelText('Phòng, ban trả lời bằng văn bản')).toBeNull();
  });

  it('takes the only department without asking, and re-assigns when another is chosen', async () => {
    const db = await seed();
    await commit(db, [{ kind: 'delete', table: 'departments', id: 'dep-vp' }], now);
    await openMinutes(db);
    const article = screen.getByRole('article', { name: 'Phạm Thị Bình' });
    const written = within(article).getByRole('button', { name: 'Trả lời bằng văn bản' });
    await waitFor(() => expect(written).toBeEnabled());
    fireEvent.click(written);
    await waitFor(async () =>
      expect((await db.speakerTurns.get('t2'))!.disposition).toMatchObject({ kind: 'written_reply', departmentId: 'dep-kt' }),
    );
    expect(await db.followUps.count()).toBe(1);

    await commit(db, [create('departments', { unitId: 'u1' }, { name: 'Công an xã', fields: ['Cư trú'] }, 'dep-ca')], now);
    await within(article).findByRole('option', { name: 'Công an xã' });
    fireEvent.change(within(article).getByLabelText('Phòng, ban trả lời bằng văn bản'), { target: { value: 'dep-ca' } });
    await waitFor(async () =>
      expect((await db.speakerTurns.get('t2'))!.disposition).toMatchObject({ kind: 'written_reply', departmentId: 'dep-ca' }),
    );
    const followUps = (await db.followUps.toArray()).filter((f) => !f.deleted);
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({ turnId: 't2', departmentId: 'dep-ca', dueOn: '2026-10-20' });
  });

  it('records the other outcomes, the competent body, and who answered', { timeout: 20_000 }, async () => {
    const db = await seed();
    await openMinutes(db);
    const article = screen.getByRole('article', { name: 'Nguyễn Văn An' });
    fireEvent.click(within(article).getByRole('button', { name: 'Hướng dẫn đến cơ quan có thẩm quyền' }));
    const body = await within(article).findByLabelText('Cơ quan có thẩm quyền');
    // Saved as it is typed: no change event, no blur.
    typeText(body, 'Văn phòng đăng ký đất đai');
    await waitFor(async () =>
      expect((await db.speakerTurns.get('t1'))!.disposition).toEqual({ kind: 'guided_elsewhere', body: 'Văn phòng đăng ký đất đai' }),
    );

    fireEvent.click(within(article).getByRole('button', { name: 'Vượt thẩm quyền, báo cáo cấp trên' }));
    typeText(await within(article).findByLabelText('Cơ quan cấp trên nhận báo cáo'), 'UBND tỉnh');
    await waitFor(async () =>
      expect((await db.speakerTurns.get('t1'))!.disposition).toEqual({ kind: 'forwarded_upward', body: 'UBND tỉnh' }),
    );

    fireEvent.click(within(article).getByRole('button', { name: 'Khiếu nại, tố cáo: ngoài đối thoại' }));
    await waitFor(async () =>
      expect((await db.speakerTurns.get('t1'))!.disposition).toEqual({
        kind: 'complaint_outside',
        complaintKind: 'complaint',
        redirectedTo: '',
      }),
    );
    fireEvent.change(await within(article).findByLabelText('Loại đơn'), { target: { value: 'denunciation' } });
    await waitFor(async () => expect((await db.speakerTurns.get('t1'))!.disposition).toMatchObject({ complaintKind: 'denunciation' }));
    typeText(within(article).getByLabelText('Đã hướng dẫn người dân đến'), 'Thanh tra tỉnh');
    await waitFor(async () =>
      expect((await db.speakerTurns.get('t1'))!.disposition).toEqual({
        kind: 'complaint_outside',
        complaintKind: 'denunciation',
        redirectedTo: 'Thanh tra tỉnh',
      }),
    );
    expect(within(article).getAllByRole('button', { pressed: true })).toHaveLength(1);

    // The chair's conclusion on this opinion, saved as typed.
    typeText(within(article).getByLabelText('Kết luận của chủ trì về ý kiến này'), 'Đề nghị công dân liên hệ Thanh tra tỉnh.');
    await waitFor(async () => expect((await db.speakerTurns.get('t1'))!.conclusion).toBe('Đề nghị công dân liên hệ Thanh tra tỉnh.'));

    fireEvent.change(within(article).getByLabelText('Người trả lời'), { target: { value: ' Ông Trần Văn Chủ ' } });
    await waitFor(async () => expect((await db.speakerTurns.get('t1'))!.responderName).toBe('Ông Trần Văn Chủ'));
  });

  it('keeps the document and the textarea under the secretary’s hands when the session record changes', async () => {
    const db = await seed();
    await openMinutes(db);
    const notes = screen.getByLabelText('Ghi chép: Khai mạc') as HTMLTextAreaElement;
    notes.focus();
    typeText(notes, 'Đang ghi');
    await commit(
      db,
      [{ kind: 'update', table: 'sessions', id: 's1', fields: { speakingLimitMs: 240_000, chairName: 'Bà Nguyễn Thị Chủ' } }],
      now,
    );
    // The change has reached the screen once the chair is among the responders offered (a datalist).
    await waitFor(() => expect(document.querySelector('datalist option[value="Bà Nguyễn Thị Chủ"]')).not.toBeNull());
    expect(screen.getByLabelText('Ghi chép: Khai mạc')).toBe(notes);
    expect(document.activeElement).toBe(notes);
    typeText(notes, `${notes.value}, tiếp tục`);
    await flushAllMinutes();
    expect((await readStoredTexts(db, 'minutes:s1'))['item:a1']).toBe(`[${HHMM}] Đang ghi, tiếp tục`);
  });

  it('keeps a textarea (and what is in it) when its turn changes in the database', async () => {
    const db = await seed();
    await openMinutes(db);
    const question = screen.getByLabelText('Câu hỏi của Nguyễn Văn An') as HTMLTextAreaElement;
    question.focus();
    typeText(question, 'Đang gõ');
    await commit(db, [{ kind: 'update', table: 'speakerTurns', id: 't1', fields: { responderName: 'Bà Hoa' } }], now);
    await waitFor(() =>
      expect(within(screen.getByRole('article', { name: 'Nguyễn Văn An' })).getByLabelText('Người trả lời')).toHaveValue('Bà Hoa'),
    );
    expect(screen.getByLabelText('Câu hỏi của Nguyễn Văn An')).toBe(question);
    expect(document.activeElement).toBe(question);
  });
});
