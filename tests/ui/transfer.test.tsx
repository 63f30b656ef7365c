/** Settings → moving data by file: an import merges and says what it did; a foreign file is refused next to the field. */
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/db.ts';
import { commit, create } from '../../src/storage/write.ts';
import { exportData } from '../../src/storage/transfer.ts';
import { renderApp } from './render.tsx';

const T = Date.UTC(2026, 9, 13, 1, 0);
const unit = { name: 'UBND xã Ngọc Kỳ', upperLevel: '', address: '', email: '', phone: '' };
const conference = {
  title: 'Hội nghị đối thoại lần 1 năm 2026', year: 2026, planNumber: '', round: 1 as const, legalBases: [],
  registrationDeadline: { kind: 'days_before' as const, days: 10 },
};

function choose(input: HTMLElement, name: string, text: string) {
  const file = new File([text], name, { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('moving data by file', () => {
  it('imports another tablet’s file, then refuses a foreign one with a message next to the field', async () => {
    const other = openDatabase(`other-${Math.random()}`);
    await commit(other, [create('units', { unitId: 'u1' }, unit, 'u1')], () => T);
    await commit(other, [create('conferences', { unitId: 'u1', conferenceId: 'c1' }, conference, 'c1')], () => T);
    const file = await exportData(other, { deviceId: 'tabletA', now: T });
    await other.delete();

    const { db } = renderApp('/settings');
    const input = await screen.findByLabelText('Nhập từ tệp');
    choose(input, 'doithoai.json', file);
    expect(await screen.findByText('Đã nhập: 2 mục thay đổi, 0 biên bản.')).toBeInTheDocument();
    expect((await db.conferences.get('c1'))?.title).toBe('Hội nghị đối thoại lần 1 năm 2026');
    // The conference now appears among what can be exported.
    await waitFor(() => expect(screen.getByRole('option', { name: 'Hội nghị đối thoại lần 1 năm 2026' })).toBeInTheDocument());

    choose(input, 'anh.jpg.json', JSON.stringify({ photo: true }));
    const message = await screen.findByRole('alert');
    expect(message).toHaveTextContent('Đây không phải tệp xuất từ ứng dụng Đối thoại. Không có gì được thay đổi.');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input.getAttribute('aria-describedby')).toBe(message.id);
    expect(await db.conferences.count()).toBe(1);
  });
});
