/**
 * The office's intake of registration forms (Phiếu đăng ký tham gia đối
 * thoại, seed 001), paper or electronic: every field of the form, when it came
 * in, whether that was in time, and the field and department it is routed to.
 */
import { Link } from '@tanstack/solid-router';
import { For, Show, createSignal, untrack } from 'solid-js';
import { DEFAULT_UNIT_FIELDS, REGISTRATION_CHANNELS, TIMELINESS, YES_NO_UNKNOWN } from '../../domain/model.ts';
import { deadlineFor, firstSessionDate, timeliness, type Timeliness } from '../../domain/registration.ts';
import { parseClockTime, parseVietnameseDate, receivedAtProblem } from '../../domain/typedInput.ts';
import type { FieldIssue } from '../../domain/validate.ts';
import { fromVietnamLocal, toVietnamLocal } from '../../domain/workingDays.ts';
import { workingDayCalendar } from '../calendar.ts';
import { create, remove, update } from '../../storage/changes.ts';
import { getRecord, listBy, listSessions, type Row } from '../../storage/queries.ts';
import { ConfirmBox } from '../components/Confirm.tsx';
import { DateField, FormError, FormText, FormTextArea, SelectField, TimeField } from '../components/Field.tsx';
import { formatDate } from '../format.ts';
import { t } from '../i18n.ts';
import { createForm, dateIssue, timeIssue } from '../primitives/form.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { regt } from './registrations.i18n.ts';
import { createMayWrite } from '../access/roles.ts';
import { ReadOnlyNote } from '../access/ReadOnlyNote.tsx';
import { RecordHistory } from '../access/RecordHistory.tsx';

export function Registrations(props: { conferenceId: string }) {
  // Entering forms is the office's: other enrolled roles read the list (personal data blanked by the server).
  const may = createMayWrite();
  const { db } = useStore();
  const data = createLiveQuery(
    () => props.conferenceId,
    async (id) => {
      const [conference, sessions, forms] = await Promise.all([
        getRecord(db, 'conferences', id),
        listSessions(db, id),
        listBy(db, 'registrations', 'conferenceId', id),
      ]);
      const departments = conference
        ? (await listBy(db, 'departments', 'unitId', conference.unitId)).sort((a, b) => a.name.localeCompare(b.name, 'vi'))
        : [];
      const unit = conference ? await getRecord(db, 'units', conference.unitId) : undefined;
      return {
        conference: conference ?? null,
        fields: unit?.fields ?? DEFAULT_UNIT_FIELDS,
        date: firstSessionDate(sessions),
        forms: forms.sort((a, b) => b.receivedAt - a.receivedAt),
        departments,
      };
    },
  );
  const deadline = () => {
    const d = data();
    return d?.conference ? deadlineFor(d.conference.registrationDeadline, d.date, workingDayCalendar) : null;
  };

  return (
    <Show when={data()} fallback={<p>{t('loading')}</p>}>
      {(d) => (
        <Show when={d().conference} fallback={<p role="alert">{t('conference_not_found')}</p>}>
          {(c) => (
            <section aria-labelledby="reg-heading">
              <p>
                <Link to="/conferences/$conferenceId" params={{ conferenceId: c().id }} class="back-link">
                  ← {c().title}
                </Link>
              </p>
              <h1 id="reg-heading">{regt('title')}</h1>
              <p>
                <Show when={deadline()} fallback={regt('deadline_unknown')}>
                  {(dl) => regt('deadline', { time: dl().time, date: formatDate(dl().date) })}
                </Show>
              </p>
              <Show when={d().forms.length > 0} fallback={<p class="empty">{regt('empty')}</p>}>
                <ul class="card-list" aria-label={regt('title')}>
                  <For each={d().forms}>
                    {(f) => (
                      <FormItem
                        form={f}
                        status={timeliness(f, c().registrationDeadline, d().date, workingDayCalendar)}
                        departments={d().departments}
                        fields={d().fields}
                        canEdit={may('registrations')}
                      />
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={may('registrations')} fallback={<ReadOnlyNote kind="registrations" />}>
                <RegistrationForm conferenceId={c().id} unitId={c().unitId} departments={d().departments} fields={d().fields} />
              </Show>
            </section>
          )}
        </Show>
      )}
    </Show>
  );
}

type FormRow = Row<'registrations'>;
type Departments = readonly { id: string; name: string }[];

/** One form in the list: what it says, whether it came in time, and its correction or removal. */
function FormItem(props: { form: FormRow; status: Timeliness; departments: Departments; fields: readonly string[]; canEdit: boolean }) {
  const { write } = useStore();
  const [mode, setMode] = createSignal<'view' | 'edit' | 'confirm'>('view');
  let editButton: HTMLButtonElement | undefined;
  // Back to the row's own button, not to the top of a long page.
  const close = () => {
    setMode('view');
    editButton?.focus();
  };
  const f = () => props.form;
  const local = () => toVietnamLocal(f().receivedAt);
  return (
    <li class="card">
      <Show
        when={mode() === 'edit'}
        fallback={
          <>
            <strong>{f().fullName}</strong>
            <span class="muted"> · {[f().village, f().organisation, f().phone].filter(Boolean).join(' · ')}</span>
            <p class="muted">
              {regt('received', { date: formatDate(local().date), time: local().time })} ·{' '}
              <span classList={{ late: props.status === 'late' }}>{regt(`status_${props.status}`)}</span>
              {f().field ? ` · ${f().field}` : ''}
              {f().departmentId ? ` · ${props.departments.find((x) => x.id === f().departmentId)?.name ?? ''}` : ''}
            </p>
            <Show when={f().procedureName}>
              <p>{f().procedureName}</p>
            </Show>
            {/* Who routed the form, and when: to the roles that may see the history (an enrolled device only). */}
            <RecordHistory table="registrations" id={f().id} labels={{ field: regt('field'), departmentId: regt('department') }} />
            <Show
              when={mode() === 'confirm'}
              fallback={
                <Show when={props.canEdit}>
                  <div class="row-tools">
                    <button
                      ref={editButton}
                      type="button"
                      class="btn btn--quiet"
                      aria-label={regt('edit_label', { name: f().fullName })}
                      onClick={() => setMode('edit')}
                    >
                      {t('edit')}
                    </button>
                    <button
                      type="button"
                      class="btn btn--quiet"
                      aria-label={regt('delete_label', { name: f().fullName })}
                      onClick={() => setMode('confirm')}
                    >
                      {t('delete')}
                    </button>
                  </div>
                </Show>
              }
            >
              <ConfirmBox
                question={regt('delete_confirm', { name: f().fullName })}
                confirmLabel={t('delete')}
                onConfirm={() => void write([remove('registrations', f().id)])}
                onCancel={close}
              />
            </Show>
          </>
        }
      >
        <RegistrationForm
          conferenceId={f().conferenceId ?? ''}
          unitId={f().unitId}
          departments={props.departments}
          fields={props.fields}
          editing={f()}
          onDone={close}
        />
      </Show>
    </li>
  );
}

function RegistrationForm(props: {
  conferenceId: string;
  unitId: string;
  departments: Departments;
  fields: readonly string[];
  editing?: FormRow;
  onDone?: () => void;
}) {
  const store = useStore();
  const blankAt = () => toVietnamLocal(store.now());
  const blank = () => ({
    fullName: '',
    organisation: '',
    phone: '',
    houseNumber: '',
    village: '',
    addressDetail: '',
    email: '',
    procedureName: '',
    contentQuality: '',
    publication: '',
    initiatives: '',
    facilities: '',
    officialsAttitude: '',
    appointmentSlipGiven: 'unknown' as (typeof YES_NO_UNKNOWN)[number],
    feeReceiptGiven: 'unknown' as (typeof YES_NO_UNKNOWN)[number],
    resultTimeliness: 'unknown' as (typeof TIMELINESS)[number],
    proposals: '',
    signedOn: '',
    receivedDate: blankAt().date,
    receivedTime: blankAt().time,
    channel: 'paper' as (typeof REGISTRATION_CHANNELS)[number],
    field: '',
    departmentId: '',
  });
  // The form edits a snapshot of the record: a sync landing mid-edit must not overwrite what is being typed.
  const initial = untrack(() => {
    const e = props.editing;
    if (!e) return blank();
    const at = toVietnamLocal(e.receivedAt);
    const { id: _i, unitId: _u, conferenceId: _c, stamps: _s, updatedAt: _t, deleted: _d, receivedAt: _r, departmentId, ...fields } = e;
    return { ...blank(), ...fields, receivedDate: at.date, receivedTime: at.time, departmentId: departmentId ?? '' };
  });
  const form = createForm(
    initial,
    { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) },
    { focusOnMount: untrack(() => !!props.editing) },
  );
  const headingId = `reg-form-${untrack(() => props.editing?.id ?? 'new')}`;
  type Values = ReturnType<typeof blank>;
  const receivedAtOf = (v: Values) => {
    const date = parseVietnameseDate(v.receivedDate);
    const time = parseClockTime(v.receivedTime);
    return date.ok && date.value && time.ok ? fromVietnamLocal({ date: date.value, time: time.value }) : NaN;
  };
  /** Each part of "received" gets its own message; a time in the future is put on the part that is wrong. */
  const check = (v: Values): FieldIssue[] => {
    const issues = [
      ...dateIssue('signedOn', v.signedOn),
      ...dateIssue('receivedDate', v.receivedDate),
      ...timeIssue('receivedTime', v.receivedTime),
    ];
    if (!v.receivedDate.trim()) issues.push({ field: 'receivedDate', code: 'required' });
    if (!v.receivedTime.trim()) issues.push({ field: 'receivedTime', code: 'required' });
    // A form cannot be signed after the office received it: one of the two dates is a slip.
    const signed = parseVietnameseDate(v.signedOn);
    const received = parseVietnameseDate(v.receivedDate);
    if (signed.ok && signed.value && received.ok && received.value && signed.value > received.value) {
      issues.push({ field: 'signedOn', code: 'signed_after_received' });
    }
    const at = receivedAtOf(v);
    // A receipt time kept as it was is not judged again: an old form can still be corrected.
    if (!issues.length && Number.isFinite(at) && at !== untrack(() => props.editing?.receivedAt)) {
      const problem = receivedAtProblem(at, store.now());
      const today = toVietnamLocal(store.now()).date;
      if (problem)
        issues.push({
          field: problem === 'received_in_future' && v.receivedDate === today ? 'receivedTime' : 'receivedDate',
          code: problem,
        });
    }
    return issues;
  };
  const fieldOptions = () => {
    const current = form.values.field;
    const list = current && !props.fields.includes(current) ? [...props.fields, current] : props.fields;
    return [{ value: '', label: regt('no_field') }, ...list.map((x) => ({ value: x, label: x }))];
  };
  const [saved, setSaved] = createSignal('');
  const yesNo = YES_NO_UNKNOWN.map((v) => ({ value: v, label: regt(v) }));

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { conferenceId, unitId, editing } = props;
    const name = form.values.fullName.trim();
    setSaved('');
    const ok = await form.submit(
      'registrations',
      (v) => {
        const { receivedDate: _d, receivedTime: _t, departmentId, ...fields } = v;
        // An edit that clears the department writes '' (no department), so the change reaches other devices.
        return { ...fields, receivedAt: receivedAtOf(v), ...(departmentId || editing ? { departmentId } : {}) };
      },
      async (record) => {
        await store.write([
          editing
            ? update('registrations', editing.id, record as never)
            : create('registrations', { unitId, conferenceId }, record as never),
        ]);
      },
      { check },
    );
    if (!ok) return;
    if (editing) props.onDone?.();
    else {
      form.reset(blank());
      setSaved(regt('saved', { name }));
    }
  };

  return (
    <form ref={form.ref} class="card" onSubmit={(e) => void onSubmit(e)} novalidate aria-labelledby={headingId}>
      <h2 id={headingId}>{props.editing ? regt('edit_heading', { name: props.editing.fullName }) : regt('new')}</h2>
      <fieldset>
        <legend>{regt('who')}</legend>
        <div class="row">
          <FormText bind={form} name="fullName" label={regt('full_name')} />
          <FormText bind={form} name="organisation" label={regt('organisation')} />
          <FormText bind={form} name="phone" label={regt('phone')} type="tel" />
        </div>
        <div class="row">
          <FormText bind={form} name="houseNumber" label={regt('house_number')} />
          <FormText bind={form} name="village" label={regt('village')} />
          <FormText bind={form} name="addressDetail" label={regt('address_detail')} />
          <FormText bind={form} name="email" label={regt('email')} type="email" />
        </div>
      </fieldset>
      <fieldset>
        <legend>{regt('about_procedures')}</legend>
        <FormText bind={form} name="procedureName" label={regt('procedure_name')} />
        <FormTextArea bind={form} name="contentQuality" label={regt('content_quality')} />
        <FormTextArea bind={form} name="publication" label={regt('publication')} />
        <FormTextArea bind={form} name="initiatives" label={regt('initiatives')} />
      </fieldset>
      <fieldset>
        <legend>{regt('about_handling')}</legend>
        <FormTextArea bind={form} name="facilities" label={regt('facilities')} />
        <FormTextArea bind={form} name="officialsAttitude" label={regt('attitude')} />
        <div class="row">
          <SelectField
            label={regt('slip')}
            value={form.values.appointmentSlipGiven}
            options={yesNo}
            onValue={(v) => form.set('appointmentSlipGiven', v)}
          />
          <SelectField
            label={regt('receipt')}
            value={form.values.feeReceiptGiven}
            options={yesNo}
            onValue={(v) => form.set('feeReceiptGiven', v)}
          />
          <SelectField
            label={regt('timeliness')}
            value={form.values.resultTimeliness}
            options={TIMELINESS.map((v) => ({ value: v, label: regt(v) }))}
            onValue={(v) => form.set('resultTimeliness', v)}
          />
        </div>
        <FormTextArea bind={form} name="proposals" label={regt('proposals')} />
      </fieldset>
      <fieldset>
        <legend>{regt('office')}</legend>
        <div class="row">
          <DateField
            label={regt('signed_on')}
            value={form.values.signedOn}
            onValue={(v) => form.set('signedOn', v)}
            error={form.error('signedOn')}
          />
          <DateField
            label={regt('received_date')}
            value={form.values.receivedDate}
            onValue={(v) => form.set('receivedDate', v)}
            error={form.error('receivedDate')}
          />
          <TimeField
            label={regt('received_time')}
            value={form.values.receivedTime}
            onValue={(v) => form.set('receivedTime', v)}
            error={form.error('receivedTime')}
          />
          <SelectField
            label={regt('channel')}
            value={form.values.channel}
            options={REGISTRATION_CHANNELS.map((v) => ({ value: v, label: regt(`channel_${v}`) }))}
            onValue={(v) => form.set('channel', v)}
          />
        </div>
        <div class="row">
          <SelectField
            label={regt('field')}
            value={form.values.field}
            options={fieldOptions()}
            onValue={(v) => form.set('field', v)}
            error={form.error('field')}
          />
          <SelectField
            label={regt('department')}
            value={form.values.departmentId}
            options={[{ value: '', label: regt('no_department') }, ...props.departments.map((x) => ({ value: x.id, label: x.name }))]}
            onValue={(v) => form.set('departmentId', v)}
          />
        </div>
      </fieldset>
      <FormError form={form} />
      <div class="actions">
        <button type="submit" class="btn btn--primary" disabled={form.busy()}>
          {regt('save')}
        </button>
        <Show when={props.editing}>
          <button type="button" class="btn btn--quiet" onClick={() => props.onDone?.()}>
            {t('cancel')}
          </button>
        </Show>
        <span role="status" class="muted">
          {saved()}
        </span>
      </div>
    </form>
  );
}
