import { screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { fromVietnamLocal } from '../../src/domain/workingDays.ts';
import { create, update } from '../../src/storage/changes.ts';
import { commit } from '../../src/storage/write.ts';
import { conferenceRecord, scope, sessionRecord, turnFields, unitRecord } from './fixtures.ts';
import { renderApp } from './render.tsx';

const rows = (table: HTMLElement) => [...table.querySelectorAll('tr')].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent));

describe('the statistics screen', { timeout: 20_000 }, () => {
  it('shows the figures the report prints, and follows the records', async () => {
    const { db } = renderApp('/conferences/c1/statistics', { now: () => fromVietnamLocal({ date: '2026-10-25', time: '09:00' }) });
    const turn = (id: string, speakerName: string, field: string, disposition: unknown, position: number) =>
      create('speakerTurns', scope, turnFields(speakerName, position, { field, status: 'done', disposition: disposition as never }), id);
    await commit(db, [
      unitRecord(),
      conferenceRecord({ title: 'HN 2026' }),
      sessionRecord(),
      create('attendees', scope, { sessionId: 's1', name: 'Bùi Quang Hưng', group: 'upper_level', title: '', organisation: '', village: '', invited: true, present: true, checkedInAt: null }),
      create('attendees', scope, { sessionId: 's1', name: 'Ngô Thị Huyền', group: 'citizens', title: '', organisation: '', village: '', invited: true, present: false, checkedInAt: null }),
      turn('t1', 'Nguyễn Văn An', 'Đất đai', { kind: 'answered_in_room' }, 1),
      turn('t2', 'Trần Thị Bình', 'Đất đai', { kind: 'written_reply', departmentId: 'd1', dueOn: '2026-10-20' }, 2),
      turn('t3', 'Lê Văn Cường', 'Hộ tịch', { kind: 'guided_elsewhere', body: 'Tòa án' }, 3),
      create('followUps', scope, { turnId: 't2', departmentId: 'd1', assignedOn: '2026-10-13', dueOn: '2026-10-20', repliedOn: '', replyText: '', status: 'assigned' }, 'f1'),
      create('surveyResponses', scope, { ratings: {}, comment: '', answers: { facilities: 'very_satisfied' } }),
    ]);
    const fields = await screen.findByRole('table', { name: 'Theo lĩnh vực' });
    expect(rows(fields)).toEqual([
      ['Lĩnh vực', 'Số ý kiến', 'Tỷ lệ'],
      ['Đất đai', '2', '66,7%'],
      ['Hộ tịch', '1', '33,3%'],
      ['Tổng số', '3', '100%'],
    ]);
    expect(rows(screen.getByRole('table', { name: 'Theo hình thức xử lý' }))).toContainEqual(['Trả lời bằng văn bản', '1', '33,3%']);
    expect(rows(screen.getByRole('table', { name: 'Thành phần tham dự' }))).toContainEqual(['Tổng số', '2', '1']);
    // The written reply is open and past its due date (20/10, today 25/10).
    const replies = screen.getByRole('heading', { name: 'Trả lời bằng văn bản' }).closest('section')!;
    expect(within(replies).getByText('(trong đó đã quá hạn 1)')).toBeInTheDocument();
    expect(screen.getByRole('table', { name: /^1\. Cơ sở vật chất/ })).toBeInTheDocument();

    // A reply recorded late moves it from open to late.
    await commit(db, [update('followUps', 'f1', { repliedOn: '2026-10-22', status: 'replied' })]);
    await waitFor(() => expect(within(replies).queryByText('(trong đó đã quá hạn 1)')).not.toBeInTheDocument());
    const late = within(replies).getByText('Trả lời quá hạn').nextElementSibling;
    expect(late).toHaveTextContent('1');
  });
});

describe('opening the statistics', { timeout: 20_000 }, () => {
  it('brings the conference’s follow-ups up to date: a guidance given in the room is counted without the dashboard being opened', async () => {
    const { db } = renderApp('/conferences/c1/statistics', { now: () => fromVietnamLocal({ date: '2026-10-25', time: '09:00' }) });
    await commit(db, [
      unitRecord(),
      conferenceRecord(),
      sessionRecord(),
      create('speakerTurns', scope, turnFields('Lê Văn Cường', 1, { field: 'Hộ tịch', status: 'done', disposition: { kind: 'guided_elsewhere', body: 'Tòa án nhân dân' } }), 't3'),
    ]);
    await screen.findByRole('table', { name: 'Theo lĩnh vực' });
    await waitFor(async () => expect((await db.followUps.toArray()).filter((f) => !f.deleted).map((f) => [f.turnId, f.kind])).toEqual([['t3', 'guided_elsewhere']]));
  });
});
