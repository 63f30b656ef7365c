/**
 * The hall's audio on screen: the player's shortcuts never take a key the text needs, and the
 * opening item's reminder records that the chair announced the recording.
 */
import { fireEvent, screen, waitFor } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { playerShortcut } from '../../src/ui/audio/AudioPlayer.tsx';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { commit } from '../../src/storage/write.ts';
import { recordedHallRecords } from './fixtures.ts';
import { renderApp } from './render.tsx';

const key = (code: string, mods: Partial<Record<'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey', boolean>> = {}) => ({
  code,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

describe('player shortcuts', () => {
  it('need Alt: plain letters, Space and Shift+letters stay with the text', () => {
    for (const code of ['KeyK', 'KeyJ', 'KeyL', 'Space']) {
      expect(playerShortcut(key(code))).toBeNull();
      expect(playerShortcut(key(code, { shiftKey: true }))).toBeNull();
    }
    expect(playerShortcut(key('KeyK', { altKey: true }))).toBe('toggle');
    expect(playerShortcut(key('KeyJ', { altKey: true }))).toBe(-5_000);
    expect(playerShortcut(key('KeyL', { altKey: true, shiftKey: true }))).toBe(15_000);
    // Alt+T is the minutes' "insert time"; Ctrl+Alt is AltGr on many keyboards, which types characters.
    expect(playerShortcut(key('KeyT', { altKey: true }))).toBeNull();
    expect(playerShortcut(key('KeyK', { altKey: true, ctrlKey: true }))).toBeNull();
  });
});

let db: DoiThoaiDb;
const now = () => Date.UTC(2026, 4, 15, 0, 35);

beforeEach(async () => {
  db = openDatabase(`audio-ui-${Math.random()}`);
  await commit(db, recordedHallRecords(), now);
});
afterEach(async () => {
  await db.delete();
});

describe('consent and notice', () => {
  it('the opening item reminds the chair; ticking it records when, unticking clears it', async () => {
    renderApp('/sessions/s1?tab=minutes', { db, now });
    expect(await screen.findByText(/Nhắc chủ tọa: thông báo với hội nghị rằng buổi đối thoại được ghi âm/, {}, { timeout: 10_000 })).toBeInTheDocument();
    const box = screen.getByRole('checkbox', { name: /Chủ tọa đã thông báo việc ghi âm/ });
    fireEvent.click(box);
    await waitFor(async () => expect((await db.sessions.get('s1'))?.recordingAnnouncedAt).toBe(now()));
    expect(await screen.findByRole('checkbox', { name: /Chủ tọa đã thông báo việc ghi âm \(07:35\)/ })).toBeChecked();
    fireEvent.click(screen.getByRole('checkbox', { name: /Chủ tọa đã thông báo việc ghi âm/ }));
    await waitFor(async () => expect((await db.sessions.get('s1'))?.recordingAnnouncedAt).toBeNull());
  });

  it('offers recording in the workspace, and no player while this device has no audio of the session', async () => {
    renderApp('/sessions/s1?tab=minutes', { db, now });
    expect(await screen.findByRole('button', { name: 'Ghi âm' }, { timeout: 10_000 })).toBeEnabled();
    expect(screen.queryByRole('region', { name: 'Nghe lại' })).toBeNull();
  });
});
