import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { create } from '../../src/storage/changes.ts';
import type { DoiThoaiDb } from '../../src/storage/db.ts';
import { commit } from '../../src/storage/write.ts';
import { sessionFields, turnFields } from './fixtures.ts';
import { renderApp } from './render.tsx';

const T0 = Date.UTC(2026, 9, 13, 1, 0, 0);
const session = sessionFields({
  start: '08:00',
  venue: 'Nhà văn hóa thôn 3',
  venueKind: 'village_cultural_house',
  chairName: 'Nguyễn Văn Lợi',
  secretaryName: '',
});

async function seed(db: DoiThoaiDb, speakers: string[]) {
  const scope = { unitId: 'u1', conferenceId: 'c1' };
  await commit(db, [
    create('sessions', scope, session, 's1'),
    ...speakers.map((name, i) => create('speakerTurns', scope, turnFields(name, (i + 1) * 1024, { affiliation: `Thôn ${i + 1}` }))),
  ]);
}

const clock = () => {
  let now = T0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};
const digits = () => screen.getByRole('timer').querySelector('.timer__digits')!.textContent;
const waitingNames = () =>
  within(screen.getByRole('list', { name: /Đang chờ/ }))
    .getAllByRole('listitem')
    .map((li) => li.querySelector('strong')!.textContent);

describe('the chair’s queue and clock', { timeout: 20_000 }, () => {
  it('calls the next speaker and counts down from the session’s limit with warnings and overtime', async () => {
    const c = clock();
    const { db } = renderApp('/sessions/s1?tab=queue', { now: c.now });
    await seed(db, ['Trần Thị Hoa', 'Lê Văn Bá']);
    await screen.findByRole('heading', { name: 'Đang chờ (2)' });

    fireEvent.keyDown(document.body, { key: 'n' });
    await screen.findByText('Trần Thị Hoa', { selector: '.floor__name' });
    expect(digits()).toBe('05:00');

    fireEvent.keyDown(document.body, { key: ' ' });
    await screen.findByRole('button', { name: 'Tạm dừng' });
    c.advance(61_000);
    await waitFor(() => expect(digits()).toBe('03:59'));

    c.advance(210_000); // 29 s left
    await waitFor(() => expect(screen.getByRole('timer')).toHaveClass('timer--thirty_seconds'));

    c.advance(34_000); // 5 s over
    await waitFor(() => expect(digits()).toBe('+00:05'));
    expect(screen.getByRole('timer')).toHaveClass('timer--overtime');
    expect(screen.getByRole('timer')).toHaveAccessibleName('Quá giờ');

    fireEvent.keyDown(document.body, { key: 'n' });
    await screen.findByText('Lê Văn Bá', { selector: '.floor__name' });
    const [hoa] = (await db.speakerTurns.toArray()).filter((t) => t.speakerName === 'Trần Thị Hoa');
    expect(hoa).toMatchObject({ status: 'done', spokenMs: 305_000 });
    expect(await screen.findByText(/đã nói 5:05/)).toBeInTheDocument();
  });

  it('pause freezes the clock and +1 minute adds time; shortcuts are ignored while typing', async () => {
    const c = clock();
    const { db } = renderApp('/sessions/s1?tab=queue', { now: c.now });
    await seed(db, ['Trần Thị Hoa']);
    await screen.findByRole('heading', { name: 'Đang chờ (1)' });
    fireEvent.click(screen.getByRole('button', { name: 'Mời người tiếp theo' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Bắt đầu' }));
    c.advance(100_000);
    fireEvent.click(await screen.findByRole('button', { name: 'Tạm dừng' }));
    await screen.findByRole('button', { name: 'Tiếp tục' });
    c.advance(50_000);
    fireEvent.click(screen.getByRole('button', { name: '+1 phút' }));
    await waitFor(() => expect(digits()).toBe('04:20'));

    const name = screen.getByLabelText('Người phát biểu');
    fireEvent.keyDown(name, { key: 'n' });
    fireEvent.keyDown(name, { key: ' ' });
    // The same Space outside the field resumes, and only that: had the Space in the field acted, this one
    // would pause again; had N acted, the turn would have ended.
    fireEvent.keyDown(document.body, { key: ' ' });
    await screen.findByRole('button', { name: 'Tạm dừng' });
    expect(digits()).toBe('04:20');
    expect(screen.queryByRole('button', { name: 'Tiếp tục' })).not.toBeInTheDocument();
  });

  it('reorders with the arrow keys on a speaker’s handle, and withdraws', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue');
    await seed(db, ['An', 'Bình', 'Chi']);
    await screen.findByRole('heading', { name: 'Đang chờ (3)' });
    fireEvent.keyDown(screen.getByRole('button', { name: 'Kéo để sắp xếp: Chi' }), { key: 'ArrowUp' });
    await waitFor(() => expect(waitingNames()).toEqual(['An', 'Chi', 'Bình']));
    fireEvent.click(screen.getByRole('button', { name: 'Đưa An xuống' }));
    await waitFor(() => expect(waitingNames()).toEqual(['Chi', 'An', 'Bình']));
    fireEvent.click(screen.getByRole('button', { name: 'Rút lượt của An' }));
    await waitFor(() => expect(waitingNames()).toEqual(['Chi', 'Bình']));
    expect(screen.getByRole('button', { name: 'Đưa lại vào hàng' })).toBeInTheDocument();
  });

  it('adds a walk-in speaker and needs a name', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue');
    await seed(db, []);
    const form = (await screen.findByRole('heading', { name: 'Thêm lượt phát biểu' })).closest('form')!;
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await waitFor(() => expect(within(form).getByLabelText('Người phát biểu')).toHaveAccessibleDescription('Không được để trống.'));
    fireEvent.input(within(form).getByLabelText('Người phát biểu'), { target: { value: 'Đỗ Thị Mai' } });
    fireEvent.input(within(form).getByLabelText('Nội dung câu hỏi'), { target: { value: 'Hộ tịch' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await waitFor(() => expect(waitingNames()).toEqual(['Đỗ Thị Mai']));
  });
});

describe('the hall display', { timeout: 20_000 }, () => {
  it('shows the speaker, the clock and who is next, following the records with no chair window open', async () => {
    const c = clock();
    const { db } = renderApp('/sessions/s1/display', { now: c.now });
    await seed(db, ['Trần Thị Hoa', 'Lê Văn Bá', 'Nguyễn Lan']);
    expect(await screen.findByText('Xin mời đại biểu đăng ký phát biểu')).toBeInTheDocument();
    const [first] = await db.speakerTurns.orderBy('id').toArray();
    await commit(db, [
      { kind: 'update', table: 'speakerTurns', id: first!.id, fields: { status: 'speaking', calledAt: T0 } },
      create(
        'timerEvents',
        { unitId: 'u1', conferenceId: 'c1' },
        { sessionId: 's1', turnId: first!.id, type: 'start', at: T0, amountMs: 300_000 },
      ),
    ]);
    expect(await screen.findByTestId('display-speaker')).toHaveTextContent('Trần Thị Hoa');
    c.advance(90_000);
    await waitFor(() => expect(digits()).toBe('03:30'));
    const next = screen.getByRole('region', { name: 'Tiếp theo' });
    expect(
      within(next)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Lê Văn Bá · Thôn 2', 'Nguyễn Lan · Thôn 3']);
    // Minutes later, with no chair's window anywhere, it has nothing to report: it still receives every change.
    c.advance(120_000);
    await waitFor(() => expect(digits()).toBe('01:30'));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('the speaking limit', () => {
  it('is set per session from the chair’s screen and used by the next clock', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue');
    await seed(db, ['Trần Thị Hoa']);
    const limit = await screen.findByLabelText('Thời gian mỗi câu hỏi (phút)');
    expect(limit).toHaveValue('5');
    fireEvent.change(limit, { target: { value: '3' } });
    await waitFor(async () => expect((await db.sessions.get('s1'))?.speakingLimitMs).toBe(180_000));
    fireEvent.click(screen.getByRole('button', { name: 'Mời người tiếp theo' }));
    await waitFor(() => expect(digits()).toBe('03:00'));
  });
});

describe('the agenda', () => {
  it('saves edits in place, and keeps a refused value with its message', { timeout: 20_000 }, async () => {
    const { standardAgendaChanges } = await import('../../src/ui/session/roomWrite.ts');
    const { db } = renderApp('/sessions/s1?tab=agenda');
    await seed(db, []);
    await commit(db, standardAgendaChanges({ id: 's1', unitId: 'u1', conferenceId: 'c1', chairName: 'Nguyễn Văn Lợi' }));
    const planned = (await screen.findAllByLabelText('Dự kiến (phút)'))[0]!;
    fireEvent.change(planned, { target: { value: 'mười' } });
    await waitFor(() => expect(planned).toHaveAccessibleDescription('Hãy nhập bằng chữ số (VD: 10).'));
    expect(planned).toHaveValue('mười');
    fireEvent.change(planned, { target: { value: '20' } });
    await waitFor(() => expect(planned).not.toHaveAttribute('aria-invalid', 'true'));
    const items = await db.agendaItems.toArray();
    expect(items.find((i) => i.step === 'opening')?.plannedMinutes).toBe(20);

    const title = screen.getByLabelText('Nội dung 1');
    fireEvent.change(title, { target: { value: '' } });
    await waitFor(() => expect(title).toHaveAccessibleDescription('Không được để trống.'));
    expect((await db.agendaItems.toArray()).find((i) => i.step === 'opening')?.title).toMatch(/^Tuyên bố lý do/);
  });
});

describe('adding a speaker from the attendance list', () => {
  it('links the turn to the attendee and takes their village', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue');
    await seed(db, []);
    await commit(db, [
      create(
        'attendees',
        { unitId: 'u1', conferenceId: 'c1' },
        {
          sessionId: 's1',
          name: 'Đỗ Thị Mai',
          group: 'citizens',
          title: '',
          organisation: '',
          village: 'Thôn Đông',
          invited: true,
          present: true,
          checkedInAt: T0,
        },
        'a1',
      ),
    ]);
    const form = (await screen.findByRole('heading', { name: 'Thêm lượt phát biểu' })).closest('form')!;
    await waitFor(() => expect(form.querySelector('datalist option[value="Đỗ Thị Mai"]')).not.toBeNull());
    fireEvent.input(within(form).getByLabelText('Người phát biểu'), { target: { value: 'đỗ thị mai' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await waitFor(async () => expect(await db.speakerTurns.count()).toBe(1));
    expect((await db.speakerTurns.toArray())[0]).toMatchObject({ attendeeId: 'a1', affiliation: 'Thôn Đông' });
  });
});
