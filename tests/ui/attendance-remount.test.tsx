import { fireEvent, screen } from '@solidjs/testing-library';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/db.ts';
import { create } from '../../src/storage/changes.ts';
import { commit } from '../../src/storage/write.ts';
import { renderApp } from './render.tsx';

/*
 * KNOWN BUG, outside the attendance files: SessionWorkspace calls the tab's panel
 * with `s()` inside a tracked JSX expression, so any change to the session record
 * (another device, sync) rebuilds the whole panel and throws away what is being
 * typed: the check-in query, a half-filled form, a pasted list. The fix (Panels
 * take an Accessor; <Show keyed> on the panel) was handed to the workspace's
 * owner. When it lands this test fails: change `it.fails` to `it`.
 */
it('keeps what is typed when the session record changes elsewhere', async () => {
  const db = openDatabase(`att-${Math.random()}`);
  const scope = { unitId: 'u1', conferenceId: 'c1' };
  await commit(db, [
    create('sessions', scope, {
      conferenceId: 'c1', title: 'Buổi sáng', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Hội trường',
      venueKind: 'committee_hall', fieldFocus: '', format: 'in_person', speakingLimitMs: 300_000, chairName: '', secretaryName: '',
    }, 's1'),
  ]);
  renderApp('/sessions/s1?tab=attendance', { db });
  const search = await screen.findByLabelText('Tìm người dự: họ tên hoặc thôn/tổ');
  fireEvent.input(search, { target: { value: 'nguyen' } });
  // As sync applies a change made on another device (the write path cannot update a session yet: see the report).
  await db.sessions.update('s1', { chairName: 'Ông Nguyễn Văn Chủ', venue: 'Nhà văn hóa thôn 2' });
  // The change has reached the screen once the heading shows the new venue.
  await screen.findByText(/Nhà văn hóa thôn 2/);
  expect(screen.getByLabelText('Tìm người dự: họ tên hoặc thôn/tổ')).toHaveValue('nguyen');
});
