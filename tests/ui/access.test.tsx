/**
 * The device side of access control: what an enrolled device's roles offer
 * (the same table the server judges by), and the enrolment screen with its
 * messages next to the field.
 */
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../src/domain/access.ts';
import { create } from '../../src/storage/changes.ts';
import type { DoiThoaiDb } from '../../src/storage/db.ts';
import { commit } from '../../src/storage/write.ts';
import { ENROLMENT_KEY } from '../../src/sync/enrolment.ts';
import { ENROLLED_EVENT } from '../../src/ui/access/enrolled.ts';
import { renderApp } from './render.tsx';

const session = {
  conferenceId: 'c1',
  title: 'Buổi sáng',
  date: '2026-10-13',
  start: '08:00',
  end: '11:30',
  venue: 'Nhà văn hóa thôn 3',
  venueKind: 'village_cultural_house' as const,
  fieldFocus: '',
  format: 'in_person' as const,
  speakingLimitMs: 300_000,
  chairName: '',
  secretaryName: '',
};

async function seed(db: DoiThoaiDb, roles: readonly Role[] | null, status: 'waiting' | 'speaking' = 'waiting') {
  if (roles)
    await db.meta.put({ key: ENROLMENT_KEY, value: { deviceName: 'Máy A', accountName: 'Người A', unitId: 'u1', roles, enrolledAt: 0 } });
  const scope = { unitId: 'u1', conferenceId: 'c1' };
  await commit(db, [
    create('sessions', scope, session, 's1'),
    create('speakerTurns', scope, {
      sessionId: 's1',
      position: 1024,
      speakerName: 'Trần Thị Hoa',
      affiliation: 'Thôn 1',
      topic: 'Đất đai',
      field: '',
      responderName: '',
      status,
      calledAt: null,
      finishedAt: null,
      spokenMs: null,
      disposition: null,
    }),
  ]);
}

afterEach(() => vi.restoreAllMocks());

describe('controls follow the roles of an enrolled device', () => {
  it.each([
    ['never enrolled (works on its own): queue and clock controls offered', null, true],
    ['a chair: queue and clock controls offered', ['chair'] as Role[], true],
    ['a secretary: no queue or clock controls', ['secretary'] as Role[], false],
    ['a viewer: no queue or clock controls', ['viewer'] as Role[], false],
    ['office staff: no queue or clock controls', ['office'] as Role[], false],
  ])('%s', async (_who, roles, offered) => {
    const { db } = renderApp('/sessions/s1?tab=queue');
    await seed(db, roles);
    await screen.findByRole('heading', { name: 'Đang chờ (1)' });
    await screen.findByText('Trần Thị Hoa');
    const shown = () => ({
      next: screen.queryByRole('button', { name: 'Mời người tiếp theo' }) !== null,
      withdraw: screen.queryByRole('button', { name: 'Rút lượt của Trần Thị Hoa' }) !== null,
      drag: screen.queryByRole('button', { name: 'Kéo để sắp xếp: Trần Thị Hoa' }) !== null,
    });
    await waitFor(() => expect(shown()).toEqual({ next: offered, withdraw: offered, drag: offered }));
  });
});

describe('enrolment screen', () => {
  it('says what is wrong next to the field, then enrols and announces it', async () => {
    const fetchMock = vi
      .spyOn(globalThis, 'fetch')
      .mockResolvedValueOnce(
        new Response(JSON.stringify({ status: 401, reason: 'unauthorized', details: { problem: 'invalid_enrolment_code' } }), {
          status: 401,
        }),
      )
      .mockResolvedValueOnce(
        new Response(
          JSON.stringify({ deviceName: 'Máy thư ký', me: { accountName: 'Trần Thị Bình', unitId: 'u-server', roles: ['secretary'] } }),
          { status: 200 },
        ),
      );
    const announced = vi.fn();
    window.addEventListener(ENROLLED_EVENT, announced);
    const { db } = renderApp('/enrol?code=ABCD2345');
    const input = await screen.findByLabelText('Mã ghi danh');
    expect(input).toHaveValue('ABCD2345');

    fireEvent.click(screen.getByRole('button', { name: 'Ghi danh' }));
    const error = await screen.findByRole('alert');
    expect(error).toHaveTextContent('Mã ghi danh không đúng, đã dùng hoặc đã hết hạn');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/Mã ghi danh không đúng/);

    fireEvent.click(screen.getByRole('button', { name: 'Ghi danh' }));
    await screen.findByText('Đã ghi danh: Máy thư ký · Trần Thị Bình');
    expect(screen.getByText(/Thư ký/)).toBeInTheDocument();
    await waitFor(() => expect(announced).toHaveBeenCalledTimes(1));
    const sent = JSON.parse(String(fetchMock.mock.calls[1]![1]!.body)) as { code: string; deviceId: string };
    expect(sent.code).toBe('ABCD2345');
    expect(sent.deviceId).toEqual(expect.any(String));
    // No unit of its own yet: the device joins the server's.
    expect((await db.meta.get('joinedUnit'))?.value).toBe('u-server');
    window.removeEventListener(ENROLLED_EVENT, announced);
  });

  it('an empty code is refused on the device, with no request', async () => {
    const fetchMock = vi.spyOn(globalThis, 'fetch');
    renderApp('/settings');
    fireEvent.click(await screen.findByRole('button', { name: 'Ghi danh' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Hãy nhập mã ghi danh');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('a record’s history', () => {
  it('is offered to an enrolled secretary on a turn and lists who changed what, from which device, when', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(
        JSON.stringify({
          history: [
            { seq: 7, at: Date.UTC(2026, 9, 13, 2, 5), account: 'Trần Thị Bình', device: 'Máy thư ký', fields: { disposition: {} } },
          ],
        }),
        { status: 200 },
      ),
    );
    const { db } = renderApp('/sessions/s1?tab=minutes');
    await seed(db, ['secretary'], 'speaking');
    const summary = await screen.findByText('Xem lịch sử');
    fireEvent.click(summary);
    (summary.parentElement as HTMLDetailsElement).open = true;
    fireEvent(summary.parentElement!, new Event('toggle'));
    const list = await screen.findByRole('list', { name: 'Lịch sử thay đổi' });
    expect(list).toHaveTextContent('13/10/2026 09:05 · Trần Thị Bình · Máy thư ký: Hướng xử lý');
  });

  it('is not offered on a device working on its own (nobody to ask)', async () => {
    const { db } = renderApp('/sessions/s1?tab=minutes');
    await seed(db, null, 'speaking');
    await screen.findAllByText('Trần Thị Hoa');
    expect(screen.queryByText('Xem lịch sử')).toBeNull();
  });
});
