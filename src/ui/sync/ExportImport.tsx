/**
 * Settings → moving data by file: export one conference or everything, import
 * a file from another device. The merge is storage's (transfer.ts), by the
 * sync rules; this only picks, reads and reports.
 */
import { For, Show, createSignal } from 'solid-js';
import { listConferences } from '../../storage/queries.ts';
import { localIsoDate } from '../format.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { st } from './sync.i18n.ts';

type Message = { kind: 'ok' | 'error'; text: string };

export function ExportImport() {
  const store = useStore();
  const conferences = createLiveQuery(() => store.db, listConferences);
  const [what, setWhat] = createSignal('');
  const [message, setMessage] = createSignal<Message | null>(null);
  const [busy, setBusy] = createSignal(false);

  const refusal = (e: unknown): string => {
    const reason = (e as { reason?: string }).reason;
    if (reason === 'corrupt' || reason === 'foreign' || reason === 'newer' || reason === 'empty') return st(`transfer_${reason}`);
    return e instanceof Error ? e.message : String(e);
  };

  const onExport = async () => {
    setMessage(null);
    setBusy(true);
    try {
      const [{ exportData }, { deviceId }] = await Promise.all([import('../../storage/transfer.ts'), import('../../storage/write.ts')]);
      const cid = what() || undefined;
      const text = await exportData(store.db, { ...(cid ? { conferenceId: cid } : {}), deviceId: await deviceId(store.db), now: store.now() });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      link.download = `doithoai-${cid ? 'hoi-nghi' : 'toan-bo'}-${localIsoDate(store.now())}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e) });
    } finally {
      setBusy(false);
    }
  };

  const onImport = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setMessage(null);
    setBusy(true);
    try {
      const { importData } = await import('../../storage/transfer.ts');
      const report = await importData(store.db, await file.text(), store.now);
      const parts = [st('transfer_imported', { records: report.records, documents: report.documents })];
      if (report.skipped > 0) parts.push(st('transfer_skipped', { n: report.skipped }));
      setMessage({ kind: 'ok', text: parts.join(' ') });
      store.sync()?.poke();
    } catch (e) {
      setMessage({ kind: 'error', text: refusal(e) });
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  return (
    <div class="card">
      <h2>{st('transfer_title')}</h2>
      <p class="muted">{st('transfer_hint')}</p>
      <div class="field">
        <label for="transfer-what">{st('transfer_what')}</label>
        <select id="transfer-what" value={what()} onChange={(e) => setWhat(e.currentTarget.value)}>
          <option value="">{st('transfer_everything')}</option>
          <For each={conferences() ?? []}>{(c) => <option value={c.id}>{c.title}</option>}</For>
        </select>
      </div>
      <button type="button" class="btn btn--primary" disabled={busy()} onClick={() => void onExport()}>
        {st('transfer_export')}
      </button>
      <div class="field">
        <label for="transfer-import">{st('transfer_import')}</label>
        <input
          id="transfer-import"
          type="file"
          accept="application/json,.json"
          disabled={busy()}
          aria-describedby="transfer-message"
          aria-invalid={message()?.kind === 'error' ? 'true' : undefined}
          onChange={(e) => void onImport(e.currentTarget)}
        />
        <p id="transfer-message" role={message()?.kind === 'error' ? 'alert' : 'status'} classList={{ field__error: message()?.kind === 'error' }}>
          <Show when={message()}>{(m) => m().text}</Show>
        </p>
      </div>
    </div>
  );
}
