/**
 * "Xuất tệp": one conference (on its page) or everything of the unit (in
 * Settings) to a file the browser downloads. Works offline and without any
 * server: it reads the device's own database. The export code (Yjs, the
 * checksum) loads on the first tap, not with the screen.
 */
import { download } from '../primitives/download.ts';
import { Show, createSignal } from 'solid-js';
import type { ExportError } from '../../sync/file.ts';
import { useStore } from '../store.tsx';
import { ft } from './files.i18n.ts';
import './files.css';

export function ExportButton(props: { conferenceId?: string }) {
  const { db, now } = useStore();
  const [busy, setBusy] = createSignal(false);
  const [gzip, setGzip] = createSignal(false);
  const [status, setStatus] = createSignal<{ ok: boolean; text: string } | null>(null);
  const gzipAvailable = typeof CompressionStream === 'function';

  const run = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const files = await import('../../sync/file.ts');
      const file = await files.exportFile(db, { ...(props.conferenceId ? { conferenceId: props.conferenceId } : {}), gzip: gzip(), now });
      download(new Blob([file.bytes as BlobPart], { type: file.mimeType }), file.fileName);
      setStatus({ ok: true, text: ft('export_done', { records: file.records, texts: file.texts, file: file.fileName }) });
    } catch (error) {
      const name = (error as Error | undefined)?.name;
      const code = name === 'ExportError' ? (error as ExportError).code : name === 'InsecureContextError' ? 'insecure' : null;
      const reason =
        code === 'no_unit' ? ft('export_no_unit') : code === 'no_conference' ? ft('export_no_conference') : code === 'insecure' ? ft('insecure') : String((error as Error)?.message ?? error);
      setStatus({ ok: false, text: ft('export_failed', { reason }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="file-export">
      <div class="actions">
        <button type="button" class="btn" disabled={busy()} onClick={() => void run()}>
          {busy() ? ft('export_busy') : props.conferenceId ? ft('export_conference') : ft('export_all')}
        </button>
        <Show when={gzipAvailable}>
          <label class="file-export__gzip">
            <input type="checkbox" checked={gzip()} onChange={(e) => setGzip(e.currentTarget.checked)} /> {ft('export_gzip')}
          </label>
        </Show>
      </div>
      {/* Always in the DOM, so a screen reader announces the result when it appears. */}
      <p role="status" classList={{ muted: status()?.ok !== false, 'field__error': status()?.ok === false }}>
        {status()?.text ?? ''}
      </p>
    </div>
  );
}
