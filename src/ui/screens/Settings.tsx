import { For, Show, createResource, createSignal } from 'solid-js';
import { currentUnit, getMeta, listAll, pendingOutboxCount, setMeta } from '../../storage/queries.ts';
import { create, remove } from '../../storage/changes.ts';
import { deviceId } from '../../storage/write.ts';
import { FormText, TextField } from '../components/Field.tsx';
import { formatBytes } from '../format.ts';
import { lang, setLang, t } from '../i18n.ts';
import { createForm } from '../primitives/form.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { UnitForm } from './UnitForm.tsx';
import { Enrol } from '../access/Enrol.tsx';
import { ExportImport } from '../sync/ExportImport.tsx';

export const DEVICE_NAME_KEY = 'deviceName';

/** `enrolCode`: opened from the enrolment QR code (/enrol?code=…), the code is filled in. */
export function Settings(props: { enrolCode?: string } = {}) {
  const { db } = useStore();
  const unit = createLiveQuery(
    () => db,
    async (d) => (await currentUnit(d)) ?? null,
  );
  return (
    <section aria-labelledby="settings-heading">
      <h1 id="settings-heading">{t('settings_title')}</h1>
      <div class="card">
        <h2>{t('settings_unit')}</h2>
        <Show when={unit() !== undefined} fallback={<p>{t('loading')}</p>}>
          {/* keyed: the form is rebuilt when the unit first appears, so it edits instead of creating a second one */}
          <Show when={unit()} keyed fallback={<UnitForm />}>
            {(u) => <UnitForm unit={u} />}
          </Show>
        </Show>
      </div>
      <Show when={unit()}>{(u) => <Departments unitId={u().id} />}</Show>
      <Enrol {...(props.enrolCode ? { code: props.enrolCode } : {})} />
      <DeviceSettings />
      <ExportImport />
      <StorageStatus />
    </section>
  );
}

function Departments(props: { unitId: string }) {
  const { db, write } = useStore();
  const departments = createLiveQuery(
    () => props.unitId,
    async (unitId) => (await listAll(db, 'departments')).filter((d) => d.unitId === unitId).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  );
  const blank = { name: '', fields: '' };
  const form = createForm(blank, { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) });
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { unitId } = props;
    const ok = await form.submit(
      'departments',
      (v) => ({ name: v.name, fields: v.fields.split(',').map((f) => f.trim()).filter(Boolean) }),
      async (record) => {
        await write([create('departments', { unitId }, record as never)]);
      },
    );
    if (ok) form.reset(blank);
  };
  return (
    <div class="card">
      <h2 id="departments-heading">{t('settings_departments')}</h2>
      <Show when={(departments() ?? []).length > 0} fallback={<p class="empty">{t('departments_empty')}</p>}>
        <ul class="plain-list" aria-labelledby="departments-heading">
          <For each={departments()}>
            {(d) => (
              <li class="list-row">
                <span>
                  <strong>{d.name}</strong>
                  <Show when={d.fields.length}>
                    <span class="muted"> · {d.fields.join(', ')}</span>
                  </Show>
                </span>
                <button type="button" class="btn btn--quiet" onClick={() => void write([remove('departments', d.id)])} aria-label={`${t('delete')} ${d.name}`}>
                  {t('delete')}
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form onSubmit={onSubmit} novalidate aria-label={t('settings_departments')}>
        <div class="row">
          <FormText bind={form} name="name" label={t('department_name')} />
          <FormText bind={form} name="fields" label={t('department_fields')} />
        </div>
        <button type="submit" class="btn" disabled={form.busy()}>
          {t('add')}
        </button>
      </form>
    </div>
  );
}

function DeviceSettings() {
  const { db } = useStore();
  const [id] = createResource(() => deviceId(db));
  const [name, setName] = createSignal('');
  const [saved, setSaved] = createSignal(false);
  void getMeta<string>(db, DEVICE_NAME_KEY).then((n) => setName(n ?? ''));
  return (
    <div class="card">
      <h2>{t('settings_device')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void setMeta(db, DEVICE_NAME_KEY, name().trim()).then(() => setSaved(true));
        }}
      >
        <TextField label={t('device_name')} value={name()} onValue={(v) => (setName(v), setSaved(false))} placeholder={t('device_name_placeholder')} name="deviceName" />
        <div class="actions">
          <button type="submit" class="btn">
            {t('save')}
          </button>
          <span role="status" class="muted">
            {saved() ? t('saved') : ''}
          </span>
        </div>
      </form>
      <p class="muted">
        {t('device_id')}: <code>{id() ?? ''}</code>
      </p>
      <fieldset class="lang-choice">
        <legend>{t('settings_language')}</legend>
        <label>
          <input type="radio" name="lang" value="vi" checked={lang() === 'vi'} onChange={() => setLang('vi')} /> Tiếng Việt
        </label>
        <label>
          <input type="radio" name="lang" value="en" checked={lang() === 'en'} onChange={() => setLang('en')} /> English
        </label>
      </fieldset>
    </div>
  );
}

function StorageStatus() {
  const { db } = useStore();
  const [persisted] = createResource(async () => (navigator.storage?.persisted ? await navigator.storage.persisted() : null));
  const [estimate] = createResource(async () => (navigator.storage?.estimate ? await navigator.storage.estimate() : null));
  const pending = createLiveQuery(
    () => db,
    (d) => pendingOutboxCount(d),
  );
  return (
    <div class="card">
      <h2>{t('settings_storage')}</h2>
      <p data-testid="storage-persisted" role="status">
        {persisted() === true ? t('storage_persisted') : persisted() === false ? t('storage_not_persisted') : persisted.loading ? t('loading') : t('storage_unknown')}
      </p>
      <Show when={estimate()}>
        {(e) => <p class="muted">{t('storage_usage', { used: formatBytes(e().usage ?? 0), quota: formatBytes(e().quota ?? 0) })}</p>}
      </Show>
      <p class="muted">{t('storage_pending', { n: pending() ?? 0 })}</p>
    </div>
  );
}
