/**
 * The room's defects from issue 6, each as the chair or the secretary met it:
 * shortcuts firing where they should not, the wrong village, the organisation
 * as the speaker, retyping a second question, the display's names and its
 * "lost" banner, "0,5" minutes, and the secretary's minutes.
 */
import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { RecordInput } from '../../src/domain/model.ts';
import { create, update, type Change } from '../../src/storage/changes.ts';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { commit } from '../../src/storage/write.ts';
import { HallDisplay } from '../../src/ui/screens/HallDisplay.tsx';
import { setLang } from '../../src/ui/i18n.ts';
import { RoomConnectionContext, type RoomConnection } from '../../src/ui/session/roomConnection.ts';
import { StoreProvider, makeStore } from '../../src/ui/store.tsx';
import { sessionFields, turnFields as queuedTurn } from './fixtures.ts';
import { renderApp } from './render.tsx';

const T0 = Date.UTC(2026, 9, 13, 1, 0, 0); // 13/10/2026 08:00 in Vietnam
const scope = { unitId: 'u1', conferenceId: 'c1' };

const session = sessionFields({
  start: '08:00',
  venue: 'Nhà văn hóa thôn 3',
  venueKind: 'village_cultural_house',
  chairName: 'Nguyễn Văn Lợi',
  secretaryName: '',
});

/** The i-th speaker in the line, from village i + 1. */
const turnFields = (name: string, i: number, extra: Partial<RecordInput<'speakerTurns'>> = {}): RecordInput<'speakerTurns'> =>
  queuedTurn(name, (i + 1) * 1024, { affiliation: `Thôn ${i + 1}`, ...extra });

const registration = (id: string, fullName: string, extra: Partial<RecordInput<'registrations'>> = {}) =>
  create(
    'registrations',
    scope,
    {
      fullName,
      organisation: '',
      phone: '',
      houseNumber: '',
      village: '',
      addressDetail: '',
      email: '',
      procedureName: 'Đăng ký hộ kinh doanh',
      contentQuality: '',
      publication: '',
      initiatives: '',
      facilities: '',
      officialsAttitude: '',
      appointmentSlipGiven: 'unknown',
      feeReceiptGiven: 'unknown',
      resultTimeliness: 'unknown',
      proposals: '',
      signedOn: '',
      receivedAt: Date.UTC(2026, 8, 1, 2, 0, 0),
      channel: 'paper',
      field: 'Hộ kinh doanh',
      ...extra,
    },
    id,
  );

async function seed(db: DoiThoaiDb, speakers: string[], extra: Change[] = []) {
  await commit(db, [
    create('units', { unitId: 'u1' }, { name: 'UBND xã Thanh Trì', upperLevel: '', address: '', email: '' }, 'u1'),
    create(
      'conferences',
      { unitId: 'u1' },
      {
        title: 'Hội nghị 2026',
        year: 2026,
        round: 2,
        planNumber: '',
        legalBases: [],
        registrationDeadline: { kind: 'days_before', days: 10 },
      },
      'c1',
    ),
    create('sessions', scope, session, 's1'),
    ...speakers.map((name, i) => create('speakerTurns', scope, turnFields(name, i), `t${i + 1}`)),
    ...extra,
  ]);
}

const clock = () => {
  let now = T0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};
const turnsByName = async (db: DoiThoaiDb) => new Map((await db.speakerTurns.toArray()).map((t) => [t.speakerName, t]));
/** Actions run one after another: once a later one has landed, an earlier key press that did nothing has done nothing. */
const barrier = async (store: ReturnType<typeof renderApp>['store']) => store.act('s1', { type: 'timer', command: 'stop' });

describe('chair shortcuts', { timeout: 20_000 }, () => {
  it('Space on a focused button is that button’s, not the clock’s: the speaker is withdrawn, the clock does not start', async () => {
    const { db, store } = renderApp('/sessions/s1?tab=queue', { now: clock().now });
    await seed(db, ['Trần Thị Hoa', 'Lê Văn Bá']);
    await screen.findByRole('heading', { name: 'Đang chờ (2)' });
    fireEvent.keyDown(document.body, { key: 'n' });
    await screen.findByText('Trần Thị Hoa', { selector: '.floor__name' });

    const withdraw = screen.getByRole('button', { name: 'Rút lượt của Lê Văn Bá' });
    withdraw.focus();
    // Not prevented: the browser goes on to press the focused button, as Space does.
    expect(fireEvent.keyDown(withdraw, { key: ' ' })).toBe(true);
    fireEvent.click(withdraw);
    await waitFor(async () => expect((await turnsByName(db)).get('Lê Văn Bá')?.status).toBe('withdrawn'));
    await barrier(store);
    expect(await db.timerEvents.count()).toBe(0);

    // On the page itself Space is the clock's.
    expect(fireEvent.keyDown(document.body, { key: ' ' })).toBe(false);
    await screen.findByRole('button', { name: 'Tạm dừng' });
  });

  it('letters in a text field, a select or a contenteditable are typing, not shortcuts', async () => {
    const { db, store } = renderApp('/sessions/s1?tab=queue', { now: clock().now });
    await seed(db, ['Trần Thị Hoa']);
    await screen.findByRole('heading', { name: 'Đang chờ (1)' });
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    // A select takes letters for type-ahead ("S" jumps to the first option starting with S).
    const select = document.createElement('select');
    document.body.append(editable, select);
    for (const target of [
      screen.getByLabelText('Người phát biểu'),
      screen.getByLabelText('Thời gian mỗi câu hỏi (phút)'),
      editable,
      select,
    ]) {
      fireEvent.keyDown(target, { key: 'n' });
      fireEvent.keyDown(target, { key: 's' });
      fireEvent.keyDown(target, { key: '+' });
    }
    await barrier(store);
    expect((await turnsByName(db)).get('Trần Thị Hoa')?.status).toBe('waiting');
    editable.remove();
    select.remove();
  });

  it('holding N calls one speaker, not one per key repeat', async () => {
    const { db, store } = renderApp('/sessions/s1?tab=queue', { now: clock().now });
    await seed(db, ['Trần Thị Hoa', 'Lê Văn Bá', 'Nguyễn Lan']);
    await screen.findByRole('heading', { name: 'Đang chờ (3)' });
    fireEvent.keyDown(document.body, { key: 'n' });
    await screen.findByText('Trần Thị Hoa', { selector: '.floor__name' });
    for (let i = 0; i < 5; i++) fireEvent.keyDown(document.body, { key: 'n', repeat: true });
    await barrier(store);
    const turns = await turnsByName(db);
    expect([...turns.values()].map((t) => t.status).sort()).toEqual(['speaking', 'waiting', 'waiting']);
  });

  it('a second press while the first “call next” is still being written is the same press', async () => {
    const { db, store } = renderApp('/sessions/s1?tab=queue', { now: clock().now });
    await seed(db, ['Trần Thị Hoa', 'Lê Văn Bá', 'Nguyễn Lan']);
    await screen.findByRole('heading', { name: 'Đang chờ (3)' });
    const button = screen.getByRole('button', { name: 'Mời người tiếp theo' });
    fireEvent.click(button);
    fireEvent.click(button);
    fireEvent.keyDown(document.body, { key: 'n' });
    await screen.findByText('Trần Thị Hoa', { selector: '.floor__name' });
    await barrier(store);
    expect((await turnsByName(db)).get('Lê Văn Bá')?.status).toBe('waiting');
    // Once it has landed, the next press is a new one.
    fireEvent.click(button);
    await screen.findByText('Lê Văn Bá', { selector: '.floor__name' });
  });
});

describe('adding a speaker', { timeout: 20_000 }, () => {
  it('records the attendee’s own village, not the previous speaker’s (Lê Thị Hương, then Trần Văn Bình)', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue', { now: clock().now });
    await seed(
      db,
      [],
      [
        registration('r1', 'Lê Thị Hương', { village: 'Tổ dân phố 3' }),
        create(
          'attendees',
          scope,
          {
            sessionId: 's1',
            name: 'Trần Văn Bình',
            group: 'citizens',
            title: '',
            organisation: '',
            village: 'Tổ dân phố 2',
            invited: true,
            present: true,
            checkedInAt: T0,
          },
          'a1',
        ),
      ],
    );
    const form = await screen.findByRole('form', { name: 'Thêm lượt phát biểu' });
    const fromForm = await within(form).findByLabelText('Từ phiếu đăng ký');
    await within(form).findByRole('option', { name: /Lê Thị Hương/ });
    fireEvent.change(fromForm, { target: { value: 'r1' } });
    await waitFor(() => expect(within(form).getByLabelText('Thôn/tổ dân phố hoặc tổ chức')).toHaveValue('Tổ dân phố 3'));
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await screen.findByRole('heading', { name: 'Đang chờ (1)' });
    // The form starts empty for the next person.
    expect(within(form).getByLabelText('Thôn/tổ dân phố hoặc tổ chức')).toHaveValue('');

    await waitFor(() => expect(form.querySelector('datalist option[value="Trần Văn Bình"]')).not.toBeNull());
    fireEvent.input(within(form).getByLabelText('Người phát biểu'), { target: { value: 'Trần Văn Bình' } });
    await waitFor(() => expect(within(form).getByLabelText('Thôn/tổ dân phố hoặc tổ chức')).toHaveValue('Tổ dân phố 2'));
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await screen.findByRole('heading', { name: 'Đang chờ (2)' });
    const turns = await turnsByName(db);
    expect(turns.get('Lê Thị Hương')).toMatchObject({ affiliation: 'Tổ dân phố 3', registrationId: 'r1' });
    expect(turns.get('Trần Văn Bình')).toMatchObject({ affiliation: 'Tổ dân phố 2', attendeeId: 'a1' });
  });

  it('an organisation’s form queues its representative, with the organisation as affiliation', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue', { now: clock().now });
    await seed(db, [], [registration('r2', 'Công ty TNHH Minh Phát', { organisation: 'Công ty TNHH Minh Phát' })]);
    const form = await screen.findByRole('form', { name: 'Thêm lượt phát biểu' });
    await within(form).findByRole('option', { name: /Công ty TNHH Minh Phát/ });
    fireEvent.change(within(form).getByLabelText('Từ phiếu đăng ký'), { target: { value: 'r2' } });
    const representative = await within(form).findByLabelText('Người đại diện cho Công ty TNHH Minh Phát');
    expect(representative).toHaveValue('');
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await waitFor(() => expect(representative).toHaveAccessibleDescription('Không được để trống.'));
    fireEvent.input(representative, { target: { value: 'Ông Đỗ Văn Phát' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await screen.findByRole('heading', { name: 'Đang chờ (1)' });
    expect((await db.speakerTurns.toArray())[0]).toMatchObject({
      speakerName: 'Ông Đỗ Văn Phát',
      affiliation: 'Công ty TNHH Minh Phát',
      registrationId: 'r2',
    });
  });

  it('a second question from someone already heard needs only the question', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue', { now: clock().now });
    await seed(
      db,
      [],
      [
        create(
          'speakerTurns',
          scope,
          turnFields('Lê Thị Hương', 0, {
            status: 'done',
            affiliation: 'Tổ dân phố 3',
            attendeeId: 'a9',
            registrationId: 'r1',
            spokenMs: 200_000,
          }),
          't1',
        ),
      ],
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Thêm câu hỏi khác của Lê Thị Hương' }));
    const form = screen.getByRole('form', { name: 'Thêm lượt phát biểu' });
    expect(within(form).getByLabelText('Người phát biểu')).toHaveValue('Lê Thị Hương');
    expect(within(form).getByLabelText('Thôn/tổ dân phố hoặc tổ chức')).toHaveValue('Tổ dân phố 3');
    const topic = within(form).getByLabelText('Nội dung câu hỏi');
    expect(document.activeElement).toBe(topic);
    fireEvent.input(topic, { target: { value: 'Thời hạn trả kết quả chứng thực' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await screen.findByRole('heading', { name: 'Đang chờ (1)' });
    const second = (await db.speakerTurns.toArray()).find((t) => t.id !== 't1');
    expect(second).toMatchObject({
      speakerName: 'Lê Thị Hương',
      affiliation: 'Tổ dân phố 3',
      attendeeId: 'a9',
      registrationId: 'r1',
      topic: 'Thời hạn trả kết quả chứng thực',
    });
  });

  it('chooses the field from the unit’s list of fields and the departments’', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue', { now: clock().now });
    await seed(
      db,
      [],
      [
        update('units', 'u1', { fields: ['Đất đai', 'Xây dựng', 'Hộ tịch'] }),
        create('departments', { unitId: 'u1' }, { name: 'Phòng Kinh tế', fields: ['Đất đai', 'Xây dựng'] }, 'd1'),
        create('departments', { unitId: 'u1' }, { name: 'Công an xã', fields: ['Cư trú'] }, 'd2'),
      ],
    );
    const form = await screen.findByRole('form', { name: 'Thêm lượt phát biểu' });
    const field = await within(form).findByRole('combobox', { name: 'Lĩnh vực' });
    await waitFor(() =>
      expect(
        within(field)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['— Chọn lĩnh vực —', 'Cư trú', 'Đất đai', 'Hộ tịch', 'Xây dựng']),
    );
    fireEvent.input(within(form).getByLabelText('Người phát biểu'), { target: { value: 'Vũ Văn Em' } });
    fireEvent.change(field, { target: { value: 'Xây dựng' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    await screen.findByRole('heading', { name: 'Đang chờ (1)' });
    expect((await db.speakerTurns.toArray())[0]!.field).toBe('Xây dựng');
  });

  it('“0,5” minutes per question stays “0,5”', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue');
    await seed(db, []);
    const limit = await screen.findByLabelText('Thời gian mỗi câu hỏi (phút)');
    fireEvent.change(limit, { target: { value: '0,5' } });
    await waitFor(async () => expect((await db.sessions.get('s1'))?.speakingLimitMs).toBe(30_000));
    await waitFor(() => expect(screen.getByLabelText('Thời gian mỗi câu hỏi (phút)')).toHaveValue('0,5'));
  });
});

function renderDisplay(db: DoiThoaiDb, connection: () => RoomConnection = () => 'connected', now = clock().now) {
  const store = makeStore(db, now);
  return render(() => (
    <StoreProvider store={store}>
      <RoomConnectionContext.Provider value={connection}>
        <HallDisplay sessionId="s1" />
      </RoomConnectionContext.Provider>
    </StoreProvider>
  ));
}

describe('the next speaker begun while the last one saves', { timeout: 20_000 }, () => {
  it('keeps the letters typed for the next speaker, and nothing else of the last one', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue', { now: clock().now });
    await seed(db, []);
    const form = await screen.findByRole('form', { name: 'Thêm lượt phát biểu' });
    const name = within(form).getByLabelText('Người phát biểu');
    fireEvent.input(name, { target: { value: 'Lê Thị Hương' } });
    fireEvent.input(within(form).getByLabelText('Thôn/tổ dân phố hoặc tổ chức'), { target: { value: 'Tổ dân phố 3' } });
    fireEvent.input(within(form).getByLabelText('Nội dung câu hỏi'), { target: { value: 'Cấp đổi sổ đỏ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Thêm' }));
    // The clerk goes on typing before the save is on disk: the first letters of the next name.
    fireEvent.input(name, { target: { value: 'Trần' } });
    await screen.findByRole('heading', { name: 'Đang chờ (1)' });
    await waitFor(() => expect(within(form).getByLabelText('Thôn/tổ dân phố hoặc tổ chức')).toHaveValue(''));
    expect(within(form).getByLabelText('Nội dung câu hỏi')).toHaveValue('');
    expect(name).toHaveValue('Trần');
    expect((await turnsByName(db)).get('Lê Thị Hương')).toMatchObject({ affiliation: 'Tổ dân phố 3', topic: 'Cấp đổi sổ đỏ' });
  });
});

describe('the hall display', { timeout: 20_000 }, () => {
  it('never projects a complainant’s or denouncer’s name, nor one the chair hides', async () => {
    const db = openDatabase(`ui-display-${Math.random()}`);
    await seed(db, ['Trần Thị Hoa', 'Lê Văn Bá', 'Nguyễn Lan']);
    await commit(db, [
      update('speakerTurns', 't1', {
        status: 'speaking',
        calledAt: T0,
        disposition: { kind: 'complaint_outside', complaintKind: 'denunciation', redirectedTo: '' },
      }),
      update('speakerTurns', 't3', { hideNameOnDisplay: true }),
    ]);
    renderDisplay(db);
    expect(await screen.findByTestId('display-speaker')).toHaveTextContent('Người phát biểu');
    const next = screen.getByRole('region', { name: 'Tiếp theo' });
    expect(
      within(next)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Lê Văn Bá · Thôn 2', 'Người phát biểu']);
    expect(document.body.textContent).not.toMatch(/Trần Thị Hoa|Nguyễn Lan|Thôn 1|Thôn 3/);
  });

  it('the chair hides a name from the queue and the display follows', async () => {
    const { db } = renderApp('/sessions/s1?tab=queue', { now: clock().now });
    await seed(db, ['Trần Thị Hoa']);
    const hide = await screen.findByRole('button', { name: 'Ẩn tên của Trần Thị Hoa trên màn hình hội trường' });
    expect(hide).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(hide);
    await waitFor(() => expect(hide).toHaveAttribute('aria-pressed', 'true'));
    expect((await db.speakerTurns.get('t1'))?.hideNameOnDisplay).toBe(true);
  });

  it('reports a loss only when the connection says so, never for want of a chair’s window', async () => {
    const db = openDatabase(`ui-display-${Math.random()}`);
    await seed(db, ['Trần Thị Hoa']);
    const c = clock();
    const { createSignal } = await import('solid-js');
    const [connection, setConnection] = createSignal<RoomConnection>('connected');
    renderDisplay(db, connection, c.now);
    await screen.findByText('Xin mời đại biểu đăng ký phát biểu');
    // Written by anyone (here straight to the database, as the secretary's tab or sync would): followed.
    await commit(db, [update('speakerTurns', 't1', { status: 'speaking', calledAt: T0 })]);
    expect(await screen.findByTestId('display-speaker')).toHaveTextContent('Trần Thị Hoa');
    c.advance(10 * 60_000);
    await waitFor(() => expect(screen.getByRole('timer')).toBeInTheDocument());
    expect(screen.queryByRole('alert')).toBeNull();
    setConnection('lost');
    expect(await screen.findByRole('alert')).toHaveTextContent('Mất kết nối');
  });
});

describe('the secretary’s minutes', { timeout: 20_000 }, () => {
  async function minutesSeed() {
    const db = openDatabase(`ui-minutes-room-${Math.random()}`);
    await seed(
      db,
      ['Nguyễn Văn An', 'Phạm Thị Bình', 'Hoàng Văn Cường'],
      [
        update('speakerTurns', 't1', { status: 'done' }),
        update('speakerTurns', 't2', { status: 'speaking' }),
        create(
          'agendaItems',
          scope,
          {
            sessionId: 's1',
            step: 'opening',
            title: 'Tuyên bố lý do, giới thiệu đại biểu; thông qua chương trình; cử thư ký',
            position: 1024,
            plannedMinutes: 10,
            presenter: '',
            startedAt: null,
            endedAt: null,
          },
          'a1',
        ),
        create(
          'agendaItems',
          scope,
          {
            sessionId: 's1',
            step: 'citizen_opinions',
            title: 'Người dân, tổ chức phát biểu ý kiến; đại diện lãnh đạo trả lời',
            position: 2048,
            plannedMinutes: 90,
            presenter: '',
            startedAt: null,
            endedAt: null,
          },
          'a2',
        ),
        create(
          'agendaItems',
          scope,
          {
            sessionId: 's1',
            step: 'conclusion',
            title: 'Chủ trì tiếp thu, kết luận',
            position: 3072,
            plannedMinutes: 15,
            presenter: '',
            startedAt: null,
            endedAt: null,
          },
          'a3',
        ),
      ],
    );
    return db;
  }

  it('reopening the minutes lands at the current speaker, not at agenda item 1', async () => {
    const scrolled: Element[] = [];
    const spy = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
      scrolled.push(this);
    });
    try {
      const db = await minutesSeed();
      renderApp('/sessions/s1?tab=minutes', { db, now: clock().now });
      const speaking = await screen.findByRole('article', { name: 'Phạm Thị Bình' });
      await waitFor(() => expect(scrolled).toContain(speaking));
    } finally {
      spy.mockRestore();
    }
  });

  it('has a place for the chair’s general conclusion, saved as typed', async () => {
    const db = await minutesSeed();
    renderApp('/sessions/s1?tab=minutes', { db, now: clock().now });
    const field = await screen.findByLabelText('Kết luận chung của chủ trì');
    fireEvent.input(field, { target: { value: 'Các ý kiến đã được trả lời; hai ý kiến trả lời bằng văn bản.' } });
    await waitFor(async () =>
      expect((await db.sessions.get('s1'))?.chairConclusion).toBe('Các ý kiến đã được trả lời; hai ý kiến trả lời bằng văn bản.'),
    );
  });

  it('in English the standard agenda headings are English', async () => {
    await setLang('en');
    try {
      const db = await minutesSeed();
      renderApp('/sessions/s1?tab=minutes', { db, now: clock().now });
      expect(await screen.findByRole('heading', { name: '1. Opening: purpose, delegates, programme, secretary' })).toBeInTheDocument();
      expect(screen.getByRole('heading', { name: "3. Chair's conclusion" })).toBeInTheDocument();
    } finally {
      await setLang('vi');
    }
  });
});
