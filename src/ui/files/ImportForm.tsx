/**
 * "Nhập tệp": a file exported on another device, merged into this one by the
 * same rules as sync (`sync/file.ts` `importFile`). A file that is damaged,
 * cut short, edited, another app's or from a newer app is refused with the
 * reason next to the file field, and nothing on the device changes; another
 * unit's file goes in only after the person confirms. What came in is
 * summarised, and the sync engine is told (imported changes are passed on to
 * the office server at the next sync).
 */
import { Link } from '@tanstack/solid-router';
import { Show, createSignal, createUniqueId, onMount } from 'solid-js';
import type { FileRefusal, ImportSummary } from '../../sync/file.ts';
import { currentUnit } from '../../storage/queries.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { ft, refusalText } from './files.i18n.ts';
import './files.css';

/** `focusOnMount`: the form was just asked for (a tap on "Nhập tệp…"), so the file field takes the focus. */
export function ImportForm(props: { focusOnMount?: boolean }) {
  const store = useStore();
  const id = createUniqueId();
  const unit = createLiveQuery(
    () => store.db,
    async (d) => (await currentUnit(d)) ?? null,
  );
  let input!: HTMLInputElement;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  /** Set when the file is another unit's: the person must confirm before it goes in. */
  const [otherUnit, setOtherUnit] = createSignal(false);
  const [summary, setSummary] = createSignal<ImportSummary | null>(null);

  const run = async (acceptOtherUnit: boolean) => {
    const file = input.files?.[0];
    setSummary(null);
    if (!file) {
      setOtherUnit(false);
      setError(ft('import_no_file'));
      input.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const files = await import('../../sync/file.ts');
      setSummary(await files.importFile(store.db, file, { now: store.now, acceptOtherUnit }));
      setOtherUnit(false);
      input.value = '';
      store.sync()?.poke();
    } catch (e) {
      const refusal = (e as Error | undefined)?.name === 'FileRefusal' ? (e as FileRefusal) : null;
      setOtherUnit(refusal?.code === 'other_unit');
      const insecure = (e as Error | undefined)?.name === 'InsecureContextError';
      setError(
        refusal
          ? refusalText(refusal, unit()?.name)
          : `${ft('refused_unexpected', { reason: insecure ? ft('insecure') : String((e as Error)?.message ?? e) })} ${ft('unchanged')}`,
      );
      input.focus();
    } finally {
      setBusy(false);
    }
  };

  onMount(() => {
    if (props.focusOnMount) input.focus();
  });

  const what = (s: ImportSummary) =>
    s.conferences.length === 1 ? ft('import_one_conference', { title: s.conferences[0]!.title }) : ft('import_conferences', { n: s.conferences.length });

  return (
    <form
      class="file-import"
      aria-label={ft('import_title')}
      novalidate
      onSubmit={(e) => {
        e.preventDefault();
        void run(false);
      }}
    >
      <div class="field" classList={{ 'field--invalid': !!error() }}>
        <label for={id}>{ft('import_file')}</label>
        <input
          ref={input}
          id={id}
          type="file"
          name="importFile"
          accept=".json,.gz,application/json,application/gzip"
          aria-invalid={!!error()}
          aria-describedby={error() ? `${id}-err` : undefined}
          onChange={() => (setError(null), setOtherUnit(false), setSummary(null))}
        />
        <Show when={error()}>
          {(text) => (
            <p class="field__error" id={`${id}-err`} role="alert">
              {text()}
            </p>
          )}
        </Show>
      </div>
      <div class="actions">
        <button type="submit" class="btn" disabled={busy()}>
          {busy() ? ft('import_busy') : ft('import_submit')}
        </button>
        <Show when={otherUnit()}>
          <button type="button" class="btn btn--quiet" disabled={busy()} onClick={() => void run(true)}>
            {ft('confirm_other_unit')}
          </button>
        </Show>
      </div>
      <div role="status">
        <Show when={summary()}>
          {(s) => (
            <div class="file-import__summary">
              <p>
                {s().changed === 0 && s().textDocs === 0
                  ? ft('import_nothing_new')
                  : ft('import_done', { unit: s().unitName, what: what(s()), records: s().records, changed: s().changed, texts: s().textDocs })}
              </p>
              <Show when={s().changed > 0 || s().textDocs > 0}>
                <p class="muted">{ft('import_forwarded')}</p>
              </Show>
              <Show when={s().conferences.length === 1 ? s().conferences[0] : undefined}>
                {(c) => (
                  <p>
                    <Link to="/conferences/$conferenceId" params={{ conferenceId: c().id }} class="back-link">
                      {ft('import_open', { title: c().title })}
                    </Link>
                  </p>
                )}
              </Show>
            </div>
          )}
        </Show>
      </div>
    </form>
  );
}
