import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { fromVietnamLocal } from '../../src/domain/workingDays.ts';
import type { DoiThoaiDb } from '../../src/storage/db.ts';
import { commit } from '../../src/storage/write.ts';
import { conferenceRecord, sessionRecord, unitRecord } from './fixtures.ts';
import { renderApp } from './render.tsx';

async function seed(db: DoiThoaiDb) {
  await commit(db, [unitRecord({ name: 'UBND phường Đức Thắng' }), conferenceRecord({ title: 'HN 2026' }), sessionRecord()]);
}

describe('the plan’s facts on the conference page', { timeout: 20_000 }, () => {
  it('number, date, legal bases item by item, a late announcement warned, a bad date refused next to its field', async () => {
    const { db } = renderApp('/conferences/c1', { now: () => fromVietnamLocal({ date: '2026-10-01', time: '09:00' }) });
    await seed(db);
    const card = (await screen.findByRole('heading', { name: 'Thông tin kế hoạch' })).closest('section')!;
    fireEvent.click(within(card).getByRole('button', { name: 'Sửa thông tin kế hoạch' }));
    const form = within(card).getByRole('form', { name: 'Sửa thông tin kế hoạch' });
    const type = (label: string, value: string) => fireEvent.input(within(form).getByLabelText(label), { target: { value } });
    type('Số kế hoạch', '116/KH-UBND');
    type('Ngày kế hoạch', '05/9/2026');
    // Each basis whole, commas and all.
    const addBasis = (text: string) => {
      fireEvent.input(within(form).getByLabelText('Thêm căn cứ'), { target: { value: text } });
      fireEvent.click(within(form).getByRole('button', { name: 'Thêm căn cứ' }));
    };
    addBasis('Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Luật sửa đổi, bổ sung một số điều ngày 22/11/2019');
    addBasis('Căn cứ Quyết định 1708/QĐ-UBND ngày 04/11/2023 của UBND phường Đức Thắng về ban hành Quy chế làm việc');
    // Six days before the session: later than the 7 days of seed 003.
    type('Ngày thông báo công khai', '07/10/2026');
    expect(await within(form).findByText('Thông báo muộn: phải thông báo chậm nhất ngày 06/10/2026 (07 ngày trước buổi đầu tiên, 13/10/2026).')).toBeInTheDocument();
    type('Ngày gửi giấy mời', '31/02/2026');
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(within(form).getByLabelText('Ngày gửi giấy mời')).toHaveAccessibleDescription('Không có ngày này trong lịch (VD: 30/02).'));
    expect(await db.conferences.get('c1')).toMatchObject({ planNumber: '' });

    type('Ngày gửi giấy mời', '06/10/2026');
    type('Số phiếu khảo sát phát ra', '120');
    fireEvent.click(within(form).getByRole('button', { name: 'Lưu' }));
    await within(card).findByRole('button', { name: 'Sửa thông tin kế hoạch' });
    expect(await db.conferences.get('c1')).toMatchObject({
      title: 'HN 2026',
      planNumber: '116/KH-UBND',
      planDate: '2026-09-05',
      legalBases: [
        'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Luật sửa đổi, bổ sung một số điều ngày 22/11/2019',
        'Căn cứ Quyết định 1708/QĐ-UBND ngày 04/11/2023 của UBND phường Đức Thắng về ban hành Quy chế làm việc',
      ],
      announcedOn: '2026-10-07',
      invitationsSentOn: '2026-10-06',
      surveyFormsIssued: 120,
    });
    // Shown as saved, the warning kept in view.
    expect(within(card).getByText('05/09/2026')).toBeInTheDocument();
    expect(within(card).getAllByRole('listitem')).toHaveLength(2);
    expect(within(card).getByText(/^Thông báo muộn/)).toBeInTheDocument();
  });
});
