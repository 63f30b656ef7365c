/**
 * The hall's audio and the office server on screen (issue 11 item 5): the sync status says how many
 * recorded minutes reached the server; a part the server confirmed can be freed on the device after
 * a confirmation, and then says it is on the server; a part not yet confirmed offers nothing to free.
 */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendChunk, beginPart, beginSegment, endPart, markPartConfirmed } from '../../src/storage/audio.ts';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { commit } from '../../src/storage/write.ts';
import type { AudioUploadProgress } from '../../src/sync/audioUpload.ts';
import { RoomClock } from '../../src/sync/clock.ts';
import { SyncEngine } from '../../src/sync/engine.ts';
import { TransportError, type Transport } from '../../src/sync/transport.ts';
import { recordedHallRecords } from './fixtures.ts';
import { renderApp } from './render.tsx';

let db: DoiThoaiDb;
const now = () => Date.UTC(2026, 4, 15, 0, 35);

beforeEach(async () => {
  db = openDatabase(`audio-ui-${Math.random()}`);
  await commit(db, recordedHallRecords(), now);
});
afterEach(async () => {
  await db.delete();
});

async function recordPart(id: string, startedAt: number, seconds: number) {
  await beginPart(db, { id, sessionId: 's1', unitId: 'u1', conferenceId: 'c1', mimeType: 'audio/webm;codecs=opus', startedAt });
  const seg = await beginSegment(db, { partId: id, sessionId: 's1', index: 0, mimeType: 'audio/webm;codecs=opus', startedAt });
  for (let i = 0; i < seconds; i++) await appendChunk(db, seg, i, new Uint8Array(100).fill(i), startedAt + (i + 1) * 1000);
  await endPart(db, id, 'stopped', 'user');
}

/** The uploader as the screens see it, reporting `progress`. */
function uploaderReporting(progress: AudioUploadProgress) {
  return { subscribe: (l: (p: AudioUploadProgress) => void) => (l(progress), () => {}), poke: () => {} };
}

/** The sync bar shows on an enrolled device: an engine whose server is out of reach will do. */
const unreachable: Transport = {
  hello: () => Promise.reject(new TransportError('network', 0)),
  push: () => Promise.reject(new TransportError('network', 0)),
  pull: () => Promise.reject(new TransportError('network', 0)),
  text: () => Promise.reject(new TransportError('network', 0)),
  units: () => Promise.reject(new TransportError('network', 0)),
};

describe('audio on the office server', () => {
  it('the sync status shows the minutes sent; a confirmed part is freed only after the confirmation; an unconfirmed one offers nothing', async () => {
    await recordPart('p1', now() - 120_000, 5);
    await recordPart('p2', now() - 60_000, 3);
    await markPartConfirmed(db, 'p1', now());
    const { store } = renderApp('/sessions/s1?tab=minutes', { db, now });
    store.attachSync(new SyncEngine({ db, clock: new RoomClock(now), transport: unreachable }));
    store.attachAudioUpload(uploaderReporting({ state: 'sending', sentMs: 61_000, totalMs: 150_000, policy: 'lan', lastError: null }));
    const bar = await screen.findByRole('region', { name: 'Đồng bộ với máy chủ văn phòng' });
    await waitFor(() => expect(within(bar).getByRole('status')).toHaveTextContent('Âm thanh: đã gửi 1/3 phút · đang gửi'));

    const region = await screen.findByRole('region', { name: 'Ghi âm trên máy chủ văn phòng' }, { timeout: 10_000 });
    const [first, second] = within(region).getAllByRole('listitem');
    expect(second).toHaveTextContent('chưa gửi đủ lên máy chủ, vẫn giữ trên máy này');
    expect(within(second!).queryByRole('button')).toBeNull();
    expect(first).toHaveTextContent('máy chủ đã nhận đủ');

    fireEvent.click(within(first!).getByRole('button', { name: 'Giải phóng bộ nhớ trên máy' }));
    // Asked first, with the safe answer focused; cancelling keeps everything.
    expect(within(first!).getByRole('button', { name: 'Hủy' })).toHaveFocus();
    fireEvent.click(within(first!).getByRole('button', { name: 'Hủy' }));
    expect(await db.audioChunks.count()).toBe(8);

    fireEvent.click(within(first!).getByRole('button', { name: 'Giải phóng bộ nhớ trên máy' }));
    fireEvent.click(within(first!).getByRole('button', { name: 'Xóa khỏi máy này' }));
    await waitFor(() => expect(within(region).getAllByRole('listitem')[0]).toHaveTextContent('đã chuyển lên máy chủ'));
    // Only the confirmed part's bytes went.
    expect(await db.audioChunks.where('segmentId').equals('p1:0').count()).toBe(0);
    expect(await db.audioChunks.where('segmentId').equals('p2:0').count()).toBe(3);
  });
});
