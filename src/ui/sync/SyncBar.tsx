/**
 * The sync status every screen shows in its header: online or not, how many
 * changes wait to be sent, when the last sync succeeded, the last error, a
 * "Đồng bộ ngay" button, and the changes the server refused with the reason.
 * Small on purpose: it is part of the first screen.
 */
import { For, Show, createMemo } from 'solid-js';
import type { RefusedRow } from '../../storage/db.ts';
import { formatDate, formatTime, localIsoDate } from '../format.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { createPendingCount } from './pendingCount.ts';
import { reasonText, refusedWhat } from './reasons.ts';
import { st } from './sync.i18n.ts';

function when(ms: number, today: number): string {
  const day = localIsoDate(ms);
  return day === localIsoDate(today) ? formatTime(ms) : `${formatDate(day)} ${formatTime(ms)}`;
}

export function SyncBar() {
  const store = useStore();
  const waiting = createPendingCount(() => store.db);
  const refused = createLiveQuery(
    () => store.db,
    async (db) => (await db.refused.orderBy('seq').reverse().limit(50).toArray()).map((r) => ({ ...r, id: String(r.seq) })),
  );
  const status = () => store.syncStatus();
  const line = createMemo(() => {
    const s = status();
    if (!s) return st('not_connected');
    if (s.syncing) return st('syncing');
    if (s.lastError) return st('last_error', { reason: reasonText(s.lastError) });
    const last = s.lastSyncAt ? st('last_sync', { time: when(s.lastSyncAt, store.now()) }) : st('never_synced');
    // "Trực tiếp": the server's live channel is open, other devices' changes arrive within a second.
    return s.live === 'live' ? `${last} · ${st('live')}` : last;
  });
  const n = () => waiting() ?? 0;
  // "Âm thanh: đã gửi 12/40 phút": recorded minutes the server holds, of all recorded on this device.
  const audioLine = createMemo(() => {
    const p = store.audioUpload();
    if (!p || p.totalMs === 0) return null;
    // Whole minutes, the total rounded up: all sent reads "40/40", never "39/40" for 39.5 minutes.
    const total = Math.max(1, Math.ceil(p.totalMs / 60_000));
    const sent = st('audio_sent', { sent: p.sentMs >= p.totalMs ? total : Math.min(total - 1, Math.floor(p.sentMs / 60_000)), total });
    const state =
      p.state === 'sending'
        ? st('audio_sending')
        : p.state === 'waiting_network'
          ? st('audio_waiting_network')
          : p.state === 'not_allowed'
            ? st('audio_not_allowed')
            : p.state === 'error' && p.lastError
              ? st('audio_error', { reason: reasonText(p.lastError) })
              : null;
    return state === null ? sent : `${sent} · ${state}`;
  });

  return (
    <section class="sync-bar" aria-label={st('region')}>
      <span class="sync-bar__line" role="status" aria-live="polite">
        <span class="sync-bar__state" classList={{ 'sync-bar__state--error': Boolean(status()?.lastError) }}>
          {line()}
        </span>
        <span class="sync-bar__waiting">{n() > 0 ? st('waiting', { n: n() }) : st('all_sent')}</span>
        <Show when={audioLine()}>
          {(line) => (
            <span class="sync-bar__audio" data-sent-ms={store.audioUpload()?.sentMs} data-total-ms={store.audioUpload()?.totalMs}>
              {line()}
            </span>
          )}
        </Show>
      </span>
      <Show when={store.sync()}>
        {(sync) => (
          <button type="button" class="btn sync-bar__now" disabled={status()?.syncing} onClick={() => void sync().syncNow()}>
            {st('sync_now')}
          </button>
        )}
      </Show>
      <Show when={(refused()?.length ?? 0) > 0}>
        <details class="sync-bar__refused">
          <summary>{st('refused_summary', { n: refused()!.length })}</summary>
          <ul>
            <For each={refused()}>
              {(row: RefusedRow) => (
                <li>
                  {st('refused_item', { what: refusedWhat(row), time: when(row.refusedAt, store.now()), reason: reasonText(row.reason) })}
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </section>
  );
}
