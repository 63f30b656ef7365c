import { For, Show, createResource, createSignal, untrack } from 'solid-js';
import { departmentWork, openWorkCount, ownsNothing, planDepartmentRemoval } from '../../domain/departments.ts';
import { currentUnit, getMeta, listAll, setMeta, type Row } from '../../storage/queries.ts';
import { create, remove, update } from '../../storage/changes.ts';
import { deviceId } from '../../storage/write.ts';
import { ConfirmBox } from '../components/Confirm.tsx';
import { FormError, FormText, SelectField, TextField } from '../components/Field.tsx';
import { ListEditor } from '../components/ListEditor.tsx';
import { formatBytes } from '../format.ts';
import { lang, setLang, t } from '../i18n.ts';
import { createForm } from '../primitives/form.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { UnitForm } from './UnitForm.tsx';
import { FilesCard } from '../files/FilesCard.tsx';
import { Enrol } from '../access/Enrol.tsx';
import { CalendarYears } from '../settings/CalendarYears.tsx';
import { createMayWrite } from '../access/roles.ts';
import { createPendingCount } from '../sync/pendingCount.ts';
import { ReadOnlyNote } from '../access/ReadOnlyNote.tsx';

export const DEVICE_NAME_KEY = 'deviceName';

/** `enrolCode`: opened from the enrolment QR code (/enrol?code=…), the code is filled in. */
export function Settings(props: { enrolCode?: string } = {}) {
  const { db } = useStore();
  const unit = createLiveQuery(
    () => db,
    async (d) => (await currentUnit(d)) ?? null,
  );
  // The unit, its fields and departments are set up by the office (domain/access.ts); other roles read them.
  const may = createMayWrite();
  return (
    <section aria-labelledby="settings-heading">
      <h1 id="settings-heading">{t('settings_title')}</h1>
      <div class="card">
        <h2>{t('settings_unit')}</h2>
        <Show when={unit() !== undefined} fallback={<p>{t('loading')}</p>}>
          {/* keyed: the form is rebuilt when the unit first appears, so it edits instead of creating a second one */}
          <Show when={unit()} keyed fallback={<UnitForm />}>
            {(u) => (
              <Show when={may('units')} fallback={<UnitSummary unit={u} />}>
                <UnitForm unit={u} />
              </Show>
            )}
          </Show>
        </Show>
      </div>
      <Show when={unit()}>{(u) => <Departments unitId={u().id} unitFields={u().fields} canEdit={may('departments')} />}</Show>
      <Show when={unit()}>{(u) => <CalendarYears unitId={u().id} />}</Show>
      <Enrol {...(props.enrolCode ? { code: props.enrolCode } : {})} />
      <DeviceSettings />
      <FilesCard />
      <StorageStatus />
    </section>
  );
}

/** The unit as it is, for a role that may not change it. */
function UnitSummary(props: { unit: Row<'units'> }) {
  const u = () => props.unit;
  return (
    <div>
      <dl class="summary">
        <dt>{t('unit_name')}</dt>
        <dd>{u().name}</dd>
        <dt>{t('unit_upper_level')}</dt>
        <dd>{u().upperLevel}</dd>
        <Show when={u().address}>
          <dt>{t('unit_address')}</dt>
          <dd>{u().address}</dd>
        </Show>
        <dt>{t('unit_fields')}</dt>
        <dd>{u().fields.join('; ')}</dd>
      </dl>
      <ReadOnlyNote kind="units" />
    </div>
  );
}

function Departments(props: { unitId: string; unitFields: readonly string[]; canEdit: boolean }) {
  const { db } = useStore();
  const departments = createLiveQuery(
    () => props.unitId,
    async (unitId) =>
      (await listAll(db, 'departments')).filter((d) => d.unitId === unitId).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  );
  return (
    <div class="card">
      <h2 id="departments-heading">{t('settings_departments')}</h2>
      <Show when={(departments() ?? []).length > 0} fallback={<p class="empty">{t('departments_empty')}</p>}>
        <ul class="plain-list" aria-labelledby="departments-heading">
          <For each={departments()}>
            {(d) => <DepartmentRow department={d} all={departments() ?? []} unitFields={props.unitFields} canEdit={props.canEdit} />}
          </For>
        </ul>
      </Show>
      <Show when={props.canEdit} fallback={<ReadOnlyNote kind="departments" />}>
        <DepartmentForm unitId={props.unitId} unitFields={props.unitFields} />
      </Show>
    </div>
  );
}

type DepartmentRowData = Row<'departments'>;

function DepartmentRow(props: {
  department: DepartmentRowData;
  all: readonly DepartmentRowData[];
  unitFields: readonly string[];
  canEdit: boolean;
}) {
  const [mode, setMode] = createSignal<'view' | 'edit' | 'confirm'>('view');
  let editButton: HTMLButtonElement | undefined;
  const close = () => {
    setMode('view');
    editButton?.focus();
  };
  const d = () => props.department;
  return (
    <li class="list-row list-row--stack">
      <Show
        when={mode() === 'edit'}
        fallback={
          <>
            <span>
              <strong>{d().name}</strong>
              <Show when={d().fields.length}>
                <span class="muted"> · {d().fields.join('; ')}</span>
              </Show>
            </span>
            <Show
              when={mode() === 'confirm'}
              fallback={
                <Show when={props.canEdit}>
                  <span class="row-tools">
                    <button
                      ref={editButton}
                      type="button"
                      class="btn btn--quiet"
                      aria-label={`${t('edit')}: ${d().name}`}
                      onClick={() => setMode('edit')}
                    >
                      {t('edit')}
                    </button>
                    <button
                      type="button"
                      class="btn btn--quiet"
                      aria-label={`${t('delete')}: ${d().name}`}
                      onClick={() => setMode('confirm')}
                    >
                      {t('delete')}
                    </button>
                  </span>
                </Show>
              }
            >
              <DepartmentRemoval department={d()} all={props.all} onDone={close} />
            </Show>
          </>
        }
      >
        <DepartmentForm unitId={d().unitId} unitFields={props.unitFields} editing={d()} onDone={close} />
      </Show>
    </li>
  );
}

/**
 * The delete of a department, in one dialog: if it still owns open written
 * replies or routed forms, they move to the department chosen here, in the
 * same commit (domain/departments.ts says what must move).
 */
function DepartmentRemoval(props: { department: DepartmentRowData; all: readonly DepartmentRowData[]; onDone: () => void }) {
  const { db, write } = useStore();
  const may = createMayWrite();
  const [to, setTo] = createSignal('');
  const [failure, setFailure] = createSignal('');
  const data = createLiveQuery(
    () => props.department.id,
    async (id) => {
      const [followUps, turns, registrations] = await Promise.all([
        listAll(db, 'followUps'),
        listAll(db, 'speakerTurns'),
        listAll(db, 'registrations'),
      ]);
      const work = departmentWork(id, { followUps, turns, registrations });
      return { turns, work, open: openWorkCount(work, followUps) };
    },
  );
  const others = () => props.all.filter((x) => x.id !== props.department.id);
  const needsMove = () => {
    const w = data()?.work;
    return w ? !ownsNothing(w) : false;
  };
  const confirm = async () => {
    const d = data();
    if (!d) return;
    const plan = planDepartmentRemoval(props.department.id, d.work, d.turns, to() || null);
    if (!plan.ok) {
      setFailure(t('department_needs_new_owner'));
      return;
    }
    // The chair's disposition in the minutes names the department too; it moves with the rest only
    // where this device may write it (the office may not: the server would refuse the whole push).
    // The follow-up is what the office tracks and the documents name, and it moves in any case.
    const moves = plan.moves.filter((m) => m.table !== 'speakerTurns' || may('speakerTurns', 'disposition'));
    try {
      await write([...moves.map((m) => update(m.table, m.id, m.fields as never)), remove('departments', props.department.id)]);
      props.onDone();
    } catch (e) {
      setFailure(t('err_save_failed', { reason: e instanceof Error ? e.message : String(e) }));
    }
  };
  return (
    <Show when={data()} fallback={<p>{t('loading')}</p>}>
      {(d) => (
        <ConfirmBox
          question={t('department_delete_confirm', { name: props.department.name })}
          confirmLabel={needsMove() ? t('department_move_and_delete') : t('delete')}
          ready={!needsMove() || !!to()}
          onConfirm={() => void confirm()}
          onCancel={() => props.onDone()}
          detail={
            <Show when={needsMove()}>
              <p>
                {t('department_owns', {
                  followUps: d().open,
                  forms: d().work.registrations.length,
                })}
              </p>
              <Show when={others().length > 0} fallback={<p class="form-error">{t('department_no_other')}</p>}>
                <SelectField
                  label={t('department_move_to')}
                  value={to()}
                  onValue={setTo}
                  options={[{ value: '', label: t('department_choose') }, ...others().map((x) => ({ value: x.id, label: x.name }))]}
                />
              </Show>
              <Show when={failure()}>
                <p class="form-error" role="alert">
                  {failure()}
                </p>
              </Show>
            </Show>
          }
        />
      )}
    </Show>
  );
}

function DepartmentForm(props: { unitId: string; unitFields: readonly string[]; editing?: DepartmentRowData; onDone?: () => void }) {
  const { write } = useStore();
  const initial = untrack(() => ({ name: props.editing?.name ?? '', fields: [...(props.editing?.fields ?? [])] }));
  const form = createForm(
    initial,
    { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) },
    { focusOnMount: untrack(() => !!props.editing) },
  );
  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { unitId, editing } = props;
    const ok = await form.submit(
      'departments',
      (v) => ({ name: v.name, fields: [...v.fields] }),
      async (record) => {
        await write([editing ? update('departments', editing.id, record as never) : create('departments', { unitId }, record as never)]);
      },
    );
    if (!ok) return;
    if (editing) props.onDone?.();
    else form.reset({ name: '', fields: [] });
  };
  return (
    <form
      ref={form.ref}
      onSubmit={onSubmit}
      novalidate
      aria-label={props.editing ? `${t('edit')}: ${props.editing.name}` : t('settings_departments')}
    >
      <FormText bind={form} name="name" label={t('department_name')} />
      <ListEditor
        label={t('department_fields')}
        items={form.values.fields}
        onChange={(items) => form.set('fields', items)}
        suggestions={props.unitFields}
        addLabel={t('field_add')}
      />
      <FormError form={form} />
      <div class="actions">
        <button type="submit" class="btn" disabled={form.busy()}>
          {props.editing ? t('save') : t('add')}
        </button>
        <Show when={props.editing}>
          <button type="button" class="btn btn--quiet" onClick={() => props.onDone?.()}>
            {t('cancel')}
          </button>
        </Show>
      </div>
    </form>
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
        <TextField
          label={t('device_name')}
          value={name()}
          onValue={(v) => (setName(v), setSaved(false))}
          placeholder={t('device_name_placeholder')}
          name="deviceName"
        />
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
          <input type="radio" name="lang" value="vi" checked={lang() === 'vi'} onChange={() => void setLang('vi')} /> Tiếng Việt
        </label>
        <label>
          <input type="radio" name="lang" value="en" checked={lang() === 'en'} onChange={() => void setLang('en')} /> English
        </label>
      </fieldset>
    </div>
  );
}

function StorageStatus() {
  const { db } = useStore();
  const [persisted] = createResource(async () => (navigator.storage?.persisted ? await navigator.storage.persisted() : null));
  const [estimate] = createResource(async () => (navigator.storage?.estimate ? await navigator.storage.estimate() : null));
  const pending = createPendingCount(() => db);
  return (
    <div class="card">
      <h2>{t('settings_storage')}</h2>
      <p data-testid="storage-persisted" role="status">
        {persisted() === true
          ? t('storage_persisted')
          : persisted() === false
            ? t('storage_not_persisted')
            : persisted.loading
              ? t('loading')
              : t('storage_unknown')}
      </p>
      <Show when={estimate()}>
        {(e) => <p class="muted">{t('storage_usage', { used: formatBytes(e().usage ?? 0, lang()), quota: formatBytes(e().quota ?? 0, lang()) })}</p>}
      </Show>
      <p class="muted">{t('storage_pending', { n: pending() ?? 0 })}</p>
    </div>
  );
}
