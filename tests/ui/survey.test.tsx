import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { create } from '../../src/storage/changes.ts';
import type { DoiThoaiDb } from '../../src/storage/db.ts';
import { commit } from '../../src/storage/write.ts';
import { conferenceRecord, scope, unitRecord } from './fixtures.ts';
import { renderApp } from './render.tsx';

async function seed(db: DoiThoaiDb) {
  await commit(db, [unitRecord({ name: 'UBND xã Ngọc Kỳ' }), conferenceRecord()]);
}

const press = (key: string, init: KeyboardEventInit = {}) => fireEvent.keyDown(document.activeElement ?? document.body, { key, ...init });

describe('the survey tally', { timeout: 20_000 }, () => {
  it('one key per answer, auto-advance, a running count, blank and spoiled, Backspace and undo', async () => {
    const { db } = renderApp('/conferences/c1/survey');
    await seed(db);
    const pad = await screen.findByRole('group', { name: 'Phiếu số 1: bấm phím để chọn câu trả lời' });
    expect(pad).toHaveFocus();
    expect(screen.getByText('Đã nhập 0 phiếu')).toBeInTheDocument();
    // The current question is marked and its choices carry their keys.
    expect(within(pad).getByText('Cơ sở vật chất').closest('li')).toHaveAttribute('aria-current', 'step');
    expect(within(pad).getByRole('button', { name: 'Rất hài lòng' })).toHaveAttribute('aria-keyshortcuts', '1');

    // Form 1: very satisfied, blank, yes, no fee, pending.
    for (const k of ['1', '0', '1', '3', '4']) press(k);
    expect(await screen.findByText('Đã nhập 1 phiếu')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Phiếu số 2: bấm phím để chọn câu trả lời' })).toBeInTheDocument();
    // Form 2: a wrong key is ignored, a held key counts once, Backspace corrects the last answer, X is spoiled.
    press('7');
    press('2');
    press('2', { repeat: true });
    expect(within(pad).getByText('Thái độ giao tiếp, hướng dẫn của công chức').closest('li')).toHaveAttribute('aria-current', 'step');
    press('Backspace');
    press('3');
    for (const k of ['x', '2', '1', '2']) press(k);
    expect(await screen.findByText('Đã nhập 2 phiếu')).toBeInTheDocument();

    const stored = (await db.surveyResponses.toArray()).filter((r) => !r.deleted).map((r) => r.answers);
    expect(stored).toEqual([
      { facilities: 'very_satisfied', officials_attitude: 'blank', appointment_slip: 'yes', fee_receipt: 'no_fee', result_timeliness: 'pending' },
      { facilities: 'not_satisfied', officials_attitude: 'spoiled', appointment_slip: 'no', fee_receipt: 'yes', result_timeliness: 'on_time' },
    ]);

    // Ctrl+Z takes back the form just saved.
    press('z', { ctrlKey: true });
    expect(await screen.findByText('Đã nhập 1 phiếu')).toBeInTheDocument();
    expect(await screen.findByText('Đã hoàn tác phiếu số 2.')).toBeInTheDocument();
    expect((await db.surveyResponses.toArray()).filter((r) => !r.deleted)).toHaveLength(1);
    // A tap on an answer works too, and the keyboard still works after it.
    fireEvent.click(within(pad).getByRole('button', { name: /^Hài lòng$/ }));
    for (const k of ['1', '1', '1', '2']) press(k);
    expect(await screen.findByText('Đã nhập 2 phiếu')).toBeInTheDocument();
  });

  it('an undo pressed while its form is still being written deletes that form once it is stored', async () => {
    const { db } = renderApp('/conferences/c1/survey');
    await seed(db);
    await screen.findByRole('group', { name: 'Phiếu số 1: bấm phím để chọn câu trả lời' });
    // The form's write starts in the last key's turn; Ctrl+Z comes in the same turn, before it is stored.
    for (const k of ['1', '1', '1', '2', '2']) press(k);
    press('z', { ctrlKey: true });
    expect(await screen.findByText('Đã hoàn tác phiếu số 1.')).toBeInTheDocument();
    const rows = await db.surveyResponses.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.deleted).toBe(true);
    expect(await screen.findByText('Đã nhập 0 phiếu')).toBeInTheDocument();
  });

  it('results: every answer as a count and a share, the chart hidden from screen readers and the same numbers in a table', async () => {
    const { db } = renderApp('/conferences/c1/survey?view=results');
    await seed(db);
    await commit(db, [
      ...['yes', 'yes', 'no'].map((slip, i) =>
        create('surveyResponses', scope, { ratings: {}, comment: '', answers: { appointment_slip: slip as 'yes' | 'no', facilities: i === 0 ? 'spoiled' : 'satisfied' } }),
      ),
    ]);
    const table = await screen.findByRole('table', { name: /^3\. Có được nhận Giấy tiếp nhận và hẹn trả kết quả/ });
    const rows = within(table)
      .getAllByRole('row')
      .map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Trả lời', 'Số phiếu', 'Tỷ lệ'],
      ['Có', '2', '66,7%'],
      ['Không', '1', '33,3%'],
      ['Để trống', '0', '0%'],
      ['Không hợp lệ (đánh nhiều ô)', '0', '0%'],
      ['Tổng số', '3', '100%'],
    ]);
    expect(screen.getByRole('table', { name: /^1\. Cơ sở vật chất \(2\/3 phiếu có câu trả lời hợp lệ\)/ })).toBeInTheDocument();
    // The chart shows the same numbers, for the eye only.
    const chart = table.closest('figure')!.querySelector('.survey-chart')!;
    expect(chart).toHaveAttribute('aria-hidden', 'true');
    expect(chart.textContent).toContain('2 (66,7%)');
    expect(chart.querySelector<HTMLElement>('.survey-chart__bar')!.style.width).toBe('66.7%');
    // New forms show up without a reload.
    await commit(db, [create('surveyResponses', scope, { ratings: {}, comment: '', answers: { appointment_slip: 'no' } })]);
    await waitFor(() => expect(within(screen.getByRole('table', { name: /^3\./ })).getByRole('row', { name: 'Không 2 50%' })).toBeInTheDocument());
  });
});
