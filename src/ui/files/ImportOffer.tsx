/**
 * The conference list's way in for a file. The list is the first screen, so
 * only this button ships with it: the form, its strings and the import code
 * load when someone asks for them (a fresh tablet receiving a conference).
 */
import { Show, Suspense, createSignal, lazy } from 'solid-js';
import { defineMessages, t } from '../i18n.ts';

const ImportPanel = lazy(async () => ({ default: (await import('./FilesCard.tsx')).ImportPanel }));

const m = defineMessages(
  { title: 'Nhập tệp', open: 'Nhập tệp từ máy khác…' },
  { title: 'Import a file', open: 'Import a file from another device…' },
);

export function ImportOffer() {
  const [open, setOpen] = createSignal(false);
  return (
    <div class="card">
      <h2>{m('title')}</h2>
      <Show
        when={open()}
        fallback={
          <button type="button" class="btn btn--quiet" onClick={() => setOpen(true)}>
            {m('open')}
          </button>
        }
      >
        <Suspense fallback={<p>{t('loading')}</p>}>
          <ImportPanel />
        </Suspense>
      </Show>
    </div>
  );
}
