/**
 * "Xem lịch sử": who changed a record on the office server, from which device,
 * when, and which fields (the audit trail). Offered only on a device enrolled
 * for a role that may read it (`SEES_HISTORY`); fetched when asked, never
 * stored on the device. Personal data arrives redacted for roles that do not
 * need it, as everywhere.
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import { SEES_HISTORY, hasAnyRole } from '../../domain/access.ts';
import { at } from './access.i18n.ts';
import { createRoles } from './roles.ts';

interface Entry {
  readonly seq: number;
  readonly at: number;
  readonly account: string | null;
  readonly device: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** dd/MM/yyyy HH:mm in Vietnam time, whatever zone the device is set to: the server's log is read in the hall's time. */
const VN_TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const vnDateTime = (ms: number): string => {
  const p = Object.fromEntries(VN_TIME.formatToParts(ms).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
};

async function loadHistory(table: string, id: string): Promise<Entry[] | string> {
  try {
    const res = await fetch(`/api/access/history?table=${encodeURIComponent(table)}&id=${encodeURIComponent(id)}`, {
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const body = (await res.json()) as { history?: Entry[]; reason?: string };
    return res.ok && body.history ? body.history : (body.reason ?? String(res.status));
  } catch {
    return 'network';
  }
}

export function RecordHistory(props: {
  table: 'speakerTurns' | 'registrations' | 'attendees' | 'followUps';
  id: string;
  labels?: Readonly<Record<string, string>>;
}) {
  const roles = createRoles();
  const [open, setOpen] = createSignal(false);
  const [history] = createResource(
    () => (open() ? { table: props.table, id: props.id } : null),
    ({ table, id }) => loadHistory(table, id),
  );
  const label = (field: string) => props.labels?.[field] ?? field;
  return (
    <Show when={hasAnyRole(roles() ?? [], SEES_HISTORY)}>
      <details class="record-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary class="btn btn--quiet">{at('history_show')}</summary>
        <Show when={history()}>
          {(h) => (
            <Show when={Array.isArray(h())} fallback={<p role="status">{at('history_unavailable', { code: String(h()) })}</p>}>
              <Show when={(h() as Entry[]).length > 0} fallback={<p>{at('history_empty')}</p>}>
                <ol aria-label={at('history_title')}>
                  <For each={h() as Entry[]}>
                    {(e) => (
                      <li>
                        {at('history_entry', {
                          time: vnDateTime(e.at),
                          account: e.account ?? '—',
                          device: e.device,
                          fields: Object.keys(e.fields).map(label).join(', '),
                        })}
                      </li>
                    )}
                  </For>
                </ol>
              </Show>
            </Show>
          )}
        </Show>
      </details>
    </Show>
  );
}
