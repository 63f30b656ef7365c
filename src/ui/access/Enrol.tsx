/**
 * Settings → "Ghi danh với máy chủ văn phòng": the tablet types (or scans, the
 * QR code opens /enrol?code=…) the one-time code the administrator made on
 * the office PC. Until then the device works on its own and never syncs.
 */
import { For, Show, createSignal } from 'solid-js';
import type { Role } from '../../domain/access.ts';
import { ENROLMENT_KEY, enrolDevice, type Enrolment } from '../../sync/enrolment.ts';
import { TransportError } from '../../sync/transport.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { at } from './access.i18n.ts';
import { ENROLLED_EVENT } from './enrolled.ts';

type Key = Parameters<typeof at>[0];
export const roleName = (r: Role): string => at(`role_${r}` as Key);

function problemText(error: unknown): string {
  if (!(error instanceof TransportError)) return at('err_other', { code: String(error) });
  if (error.reason === 'network') return at('err_network');
  if (error.reason === 'rate_limited') return at('err_rate_limited');
  if (error.reason === 'unauthorized' || error.reason === 'validation_failed') return at('err_code_invalid');
  return at('err_other', { code: error.reason });
}

export function Enrol(props: { code?: string }) {
  const { db } = useStore();
  const enrolment = createLiveQuery(
    () => db,
    async (d) => ((await d.meta.get(ENROLMENT_KEY))?.value as Enrolment | undefined) ?? null,
  );
  // eslint-disable-next-line solid/reactivity -- the code from the QR link is only the starting value
  const [code, setCode] = createSignal(props.code ?? '');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (code().trim() === '') return setError(at('err_code_empty'));
    setBusy(true);
    setError(null);
    try {
      await enrolDevice(db, code());
      window.dispatchEvent(new Event(ENROLLED_EVENT));
    } catch (err) {
      setError(problemText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="card" id="enrol">
      <h2 id="enrol-heading">{at('enrol_title')}</h2>
      <Show
        when={enrolment()}
        fallback={
          <form onSubmit={(e) => void submit(e)} aria-labelledby="enrol-heading" novalidate>
            <p>{at('enrol_hint')}</p>
            <div class="field" classList={{ 'field--invalid': error() !== null }}>
              <label for="enrol-code">{at('enrol_code')}</label>
              <input
                id="enrol-code"
                name="code"
                type="text"
                autocomplete="off"
                autocapitalize="characters"
                spellcheck={false}
                value={code()}
                aria-invalid={error() !== null}
                aria-describedby={error() !== null ? 'enrol-code-err' : undefined}
                onInput={(e) => (setCode(e.currentTarget.value), setError(null))}
              />
              <Show when={error()}>
                <p class="field__error" id="enrol-code-err" role="alert">
                  {error()}
                </p>
              </Show>
            </div>
            <div class="actions">
              <button type="submit" class="btn btn--primary" disabled={busy()}>
                {busy() ? at('enrolling') : at('enrol_button')}
              </button>
            </div>
          </form>
        }
      >
        {(e) => (
          <div role="status">
            <p>{at('enrolled_as', { device: e().deviceName, account: e().accountName })}</p>
            <p>
              {at('enrolled_roles', { roles: '' })}
              <For each={e().roles}>{(r, i) => <>{(i() > 0 ? ', ' : '') + roleName(r)}</>}</For>
            </p>
            <p class="muted">{at('enrolled_note')}</p>
          </div>
        )}
      </Show>
    </div>
  );
}
