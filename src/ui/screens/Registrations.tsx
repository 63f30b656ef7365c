/**
 * The office's intake of registration forms (Phiếu đăng ký tham gia đối
 * thoại, seed 001), paper or electronic: every field of the form, when it came
 * in, whether that was in time, and the field and department it is routed to.
 */
import { Link } from '@tanstack/solid-router';
import { For, Show, createMemo, createSignal, untrack } from 'solid-js';
import {
  DEFAULT_UNIT_FIELDS,
  FEE_RECEIPT_ANSWERS,
  OUTSIDE_DIALOGUE_KINDS,
  REGISTRATION_CHANNELS,
  RESULT_TIMELINESS,
  YES_NO_UNKNOWN,
} from '../../domain/model.ts';
import {
  deadlineFor,
  firstSessionDate,
  formsHeardIn,
  mergeRegistrations,
  possibleDuplicates,
  registrationOverview,
  routingStatus,
  timeliness,
  type RoutingStatus,
  type Timeliness,
} from '../../domain/registration.ts';
import { parseClockTime, parseVietnameseDate } from '../../domain/typedInput.ts';
import { receivedAtProblem } from '../../domain/plausibility.ts';
import type { FieldIssue } from '../../domain/validate.ts';
import { fromVietnamLocal, toVietnamLocal } from '../../domain/workingDays.ts';
import { workingDayCalendar } from '../calendar.ts';
import { create, remove, update } from '../../storage/changes.ts';
import { getRecord, listBy, listBySession, listSessions, type Row } from '../../storage/queries.ts';
import type { Change } from '../../storage/changes.ts';
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
import { RegistrationOverview } from './RegistrationOverview.tsx';
import { moveOnWithEnter, suggestionsFrom } from './registrationEntry.ts';

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
      const responders = conference ? await listBy(db, 'responders', 'unitId', conference.unitId) : [];
      // The turns of every session: a form's status (in the queue, heard) and the forms a turn answers.
      const turns = (await Promise.all(sessions.map((s) => listBySession(db, 'speakerTurns', s.id)))).flat();
      return {
        conference: conference ?? null,
        fields: unit?.fields ?? DEFAULT_UNIT_FIELDS,
        date: firstSessionDate(sessions),
        forms: forms.sort((a, b) => b.receivedAt - a.receivedAt),
        departments,
        responders: responders.sort((a, b) => a.name.localeCompare(b.name, 'vi')),
        turns,
      };
    },
  );
  const statusOf = (f: FormRow): Timeliness => {
    const d = data();
    return d?.conference ? timeliness(f, d.conference.registrationDeadline, d.date, workingDayCalendar) : 'no_date';
  };
  const overview = () => {
    const d = data();
    return d ? registrationOverview(d.forms, (f) => statusOf(f) === 'late', d.turns) : null;
  };
  // Villages and procedures the unit already has, offered as they are typed.
  const suggestions = () => {
    const forms = data()?.forms ?? [];
    return { villages: suggestionsFrom(forms.map((f) => f.village)), procedures: suggestionsFrom(forms.map((f) => f.procedureName)) };
  };
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
              <Show when={d().forms.length > 0 && overview()}>
                {(o) => <RegistrationOverview overview={o()} departments={d().departments} />}
              </Show>
              <Show when={d().forms.length > 0} fallback={<p class="empty">{regt('empty')}</p>}>
                <ul class="card-list" aria-label={regt('title')}>
                  <For each={d().forms}>
                    {(f) => (
                      <FormItem
                        form={f}
                        status={statusOf(f)}
                        routing={routingStatus(f, statusOf(f) === 'late', d().turns)}
                        forms={d().forms}
                        turns={d().turns}
                        departments={d().departments}
                        responders={d().responders}
                        fields={d().fields}
                        suggestions={suggestions()}
                        mayWrite={may('registrations')}
                      />
                    )}
                  </For>
                </ul>
              </Show>
              <Show when={may('registrations')} fallback={<ReadOnlyNote kind="registrations" />}>
                <RegistrationForm
                  conferenceId={c().id}
                  unitId={c().unitId}
                  departments={d().departments}
                  responders={d().responders}
                  fields={d().fields}
                  suggestions={suggestions()}
                />
              </Show>
            </section>
          )}
        </Show>
      )}
    </Show>
  );
}

type FormRow = Row<'registrations'>;
type TurnRow = Row<'speakerTurns'>;
type Departments = readonly { id: string; name: string }[];
type Responders = readonly { id: string; name: string; title: string; departmentId?: string | undefined }[];
interface Suggestions {
  readonly villages: readonly string[];
  readonly procedures: readonly string[];
}

/** The label of a form's field, for the note a merge keeps of a value that had no room. */
const FIELD_LABELS: Readonly<Record<string, Parameters<typeof regt>[0]>> = {
  fullName: 'full_name',
  organisation: 'organisation',
  phone: 'phone',
  houseNumber: 'house_number',
  village: 'village',
  addressDetail: 'address_detail',
  email: 'email',
  procedureName: 'procedure_name',
  field: 'field',
  deliveryNote: 'delivery_note',
  receivedBy: 'received_by',
  resultNote: 'result_note',
  redirectTo: 'redirect_to',
  appointmentSlipGiven: 'slip',
  feeReceiptGiven: 'receipt',
  resultTimeliness: 'timeliness',
  outsideDialogue: 'outside',
};
const CHOICE_FIELDS = new Set(['appointmentSlipGiven', 'feeReceiptGiven', 'resultTimeliness', 'outsideDialogue']);
const choiceLabel = (value: string) => regt(value === 'complaint' || value === 'denunciation' ? `outside_${value}` : (value as 'yes'));

/** One form in the list: what it says, whether it came in time, where it stands, a possible duplicate, its correction or removal. */
function FormItem(props: {
  form: FormRow;
  status: Timeliness;
  routing: RoutingStatus;
  forms: readonly FormRow[];
  turns: readonly TurnRow[];
  departments: Departments;
  responders: Responders;
  fields: readonly string[];
  suggestions: Suggestions;
  mayWrite: boolean;
}) {
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
  // Memoised: read twice per render, and the list re-renders on every saved form.
  const duplicates = createMemo(() => possibleDuplicates(f(), props.forms));
  const responder = () => props.responders.find((r) => r.id === f().responderId);

  /** Merge `other` into this form, delete it, and move the turns that name it here: one commit, nothing typed lost. */
  const merge = async (other: FormRow) => {
    const { fields, kept } = mergeRegistrations(f(), other);
    const at = toVietnamLocal(other.receivedAt);
    const lines = kept.map(
      (k) => `${regt(FIELD_LABELS[k.field] ?? 'full_name')}: ${CHOICE_FIELDS.has(k.field) ? choiceLabel(k.value) : k.value}`,
    );
    const note = lines.length
      ? [f().mergedNote.trim(), regt('merged_note', { date: formatDate(at.date), time: at.time }), ...lines].filter(Boolean).join('\n')
      : null;
    const changes: Change[] = [
      update('registrations', f().id, { ...fields, ...(note ? { mergedNote: note } : {}) } as never),
      remove('registrations', other.id),
    ];
    for (const t of props.turns) {
      if (!formsHeardIn(t).includes(other.id)) continue;
      const answers = (t.answersRegistrationIds ?? [])
        .map((id) => (id === other.id ? f().id : id))
        .filter((id, i, all) => all.indexOf(id) === i);
      const own = t.registrationId === other.id ? f().id : t.registrationId;
      changes.push(
        update('speakerTurns', t.id, {
          ...(own ? { registrationId: own } : {}),
          answersRegistrationIds: answers.filter((id) => id !== own),
        } as never),
      );
    }
    await write(changes);
  };
  const keepBoth = async (other: FormRow) => {
    await write([update('registrations', f().id, { distinctFrom: [...f().distinctFrom, other.id] } as never)]);
  };

  return (
    <li class="card" classList={{ 'card--late': props.status === 'late', 'card--outside': props.routing === 'outside_dialogue' }}>
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
              {responder() ? ` · ${responder()!.name}` : ''}
              {/* A late form's status already says it is late; "· Nộp muộn" twice reads as two facts. */}
              <Show when={props.routing !== 'late'}>
                {' · '}
                <span class="routing-status">{regt(`routing_${props.routing}`)}</span>
              </Show>
            </p>
            <Show when={f().outsideDialogue}>
              {(kind) => (
                <p class="flag flag--outside" role="note">
                  {regt('outside_flag', { kind: regt(`outside_${kind() as 'complaint'}`) })}
                  {f().redirectTo ? ` ${regt('redirect_shown', { to: f().redirectTo })}` : ''}
                </p>
              )}
            </Show>
            <Show when={f().procedureName}>
              <p>{f().procedureName}</p>
            </Show>
            {/* Who routed the form, and when: to the roles that may see the history (an enrolled device only). */}
            <RecordHistory table="registrations" id={f().id} labels={{ field: regt('field'), departmentId: regt('department') }} />
            <Show when={f().preparedAnswer}>
              <p class="muted">
                {regt('prepared_answer')}: {f().preparedAnswer}
              </p>
            </Show>
            <Show when={props.mayWrite && duplicates().length > 0}>
              <div class="duplicate-offer" role="group" aria-label={regt('duplicate_label', { name: f().fullName })}>
                <For each={duplicates()}>
                  {(other) => {
                    const at = () => toVietnamLocal(other.receivedAt);
                    return (
                      <p>
                        {regt('duplicate_of', {
                          name: other.fullName,
                          date: formatDate(at().date),
                          time: at().time,
                          topic: other.procedureName || '—',
                        })}{' '}
                        <button type="button" class="btn" onClick={() => void merge(other)}>
                          {regt('merge')}
                        </button>{' '}
                        <button type="button" class="btn btn--quiet" onClick={() => void keepBoth(other)}>
                          {regt('keep_both')}
                        </button>
                      </p>
                    );
                  }}
                </For>
              </div>
            </Show>
            <Show when={props.mayWrite}>
              <Show
                when={mode() === 'confirm'}
                fallback={
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
                }
              >
                <ConfirmBox
                  question={regt('delete_confirm', { name: f().fullName })}
                  confirmLabel={t('delete')}
                  onConfirm={() => void write([remove('registrations', f().id)])}
                  onCancel={close}
                />
              </Show>
            </Show>
          </>
        }
      >
        <RegistrationForm
          conferenceId={f().conferenceId ?? ''}
          unitId={f().unitId}
          departments={props.departments}
          responders={props.responders}
          fields={props.fields}
          suggestions={props.suggestions}
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
  responders: Responders;
  fields: readonly string[];
  suggestions: Suggestions;
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
    feeReceiptGiven: 'unknown' as (typeof FEE_RECEIPT_ANSWERS)[number],
    resultTimeliness: 'unknown' as (typeof RESULT_TIMELINESS)[number],
    resultNote: '',
    proposals: '',
    signedOn: '',
    receivedDate: blankAt().date,
    receivedTime: blankAt().time,
    channel: 'paper' as (typeof REGISTRATION_CHANNELS)[number],
    deliveryNote: '',
    receivedBy: '',
    field: '',
    departmentId: '',
    responderId: '',
    routedOn: '',
    preparedAnswer: '',
    outsideDialogue: '' as (typeof OUTSIDE_DIALOGUE_KINDS)[number],
    redirectTo: '',
  });
  type Values = ReturnType<typeof blank>;
  // The form edits a snapshot of the record: a sync landing mid-edit must not overwrite what is being typed.
  const initial = untrack((): Values => {
    const e = props.editing;
    if (!e) return blank();
    const at = toVietnamLocal(e.receivedAt);
    const base = blank();
    const picked = Object.fromEntries(
      Object.keys(base)
        .filter((k) => k in e)
        .map((k) => [k, (e as unknown as Record<string, unknown>)[k]]),
    );
    return { ...base, ...picked, receivedDate: at.date, receivedTime: at.time, departmentId: e.departmentId ?? '' } as Values;
  });
  const form = createForm(
    initial,
    { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) },
    { focusOnMount: untrack(() => !!props.editing) },
  );
  const headingId = `reg-form-${untrack(() => props.editing?.id ?? 'new')}`;
  let element: HTMLFormElement | undefined;
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
      ...dateIssue('routedOn', v.routedOn),
    ];
    if (!v.receivedDate.trim()) issues.push({ field: 'receivedDate', code: 'required' });
    if (!v.receivedTime.trim()) issues.push({ field: 'receivedTime', code: 'required' });
    // A form cannot be signed after the office received it: one of the two dates is a slip.
    const signed = parseVietnameseDate(v.signedOn);
    const received = parseVietnameseDate(v.receivedDate);
    if (signed.ok && signed.value && received.ok && received.value && signed.value > received.value) {
      issues.push({ field: 'signedOn', code: 'signed_after_received' });
    }
    // A complaint is redirected somewhere: the person must be told where.
    if (v.outsideDialogue && !v.redirectTo.trim()) issues.push({ field: 'redirectTo', code: 'required' });
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
  // The department's own officials first: the one who answers is usually from the department the form went to.
  const responderOptions = () => {
    const dep = form.values.departmentId;
    const list = [...props.responders].sort((a, b) => Number(b.departmentId === dep) - Number(a.departmentId === dep));
    return [
      { value: '', label: regt('no_responder') },
      ...list.map((r) => ({ value: r.id, label: r.title ? `${r.name} (${r.title})` : r.name })),
    ];
  };
  const [saved, setSaved] = createSignal('');
  const yesNo = YES_NO_UNKNOWN.map((v) => ({ value: v, label: regt(v) }));
  const listId = `${headingId}-list`;

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { conferenceId, unitId, editing } = props;
    const name = form.values.fullName.trim();
    setSaved('');
    const today = toVietnamLocal(store.now()).date;
    const ok = await form.submit(
      'registrations',
      (v) => {
        const { receivedDate: _d, receivedTime: _t, departmentId, routedOn, ...fields } = v;
        // Routed the day a department is first given, unless the office wrote another day.
        const routed = routedOn || (departmentId && !editing?.departmentId ? today : routedOn);
        // An edit that clears the department writes '' (no department), so the change reaches other devices.
        return { ...fields, routedOn: routed, receivedAt: receivedAtOf(v), ...(departmentId || editing ? { departmentId } : {}) };
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
      // A pile of paper forms comes in together: the day, the channel and who took them in stay for the next one.
      const { receivedDate, receivedTime, channel, receivedBy } = form.values;
      form.startNext({ ...blank(), receivedDate, receivedTime, channel, receivedBy });
      setSaved(regt('saved', { name }));
      element?.querySelector<HTMLInputElement>('input[name="fullName"]')?.focus();
    }
  };

  return (
    <form
      ref={(el) => {
        element = el;
        form.ref(el);
      }}
      class="card"
      onSubmit={(e) => void onSubmit(e)}
      onKeyDown={moveOnWithEnter}
      novalidate
      aria-labelledby={headingId}
    >
      <h2 id={headingId}>{props.editing ? regt('edit_heading', { name: props.editing.fullName }) : regt('new')}</h2>
      <p class="muted">{regt('keyboard_hint')}</p>
      <fieldset>
        <legend>{regt('who')}</legend>
        <div class="row">
          <FormText bind={form} name="fullName" label={regt('full_name')} autocomplete="off" />
          <FormText bind={form} name="organisation" label={regt('organisation')} autocomplete="off" />
          <FormText bind={form} name="phone" label={regt('phone')} type="tel" autocomplete="off" />
        </div>
        <div class="row">
          <FormText bind={form} name="houseNumber" label={regt('house_number')} autocomplete="off" />
          <FormText bind={form} name="village" label={regt('village')} list={`${listId}-villages`} autocomplete="off" />
          <FormText bind={form} name="addressDetail" label={regt('address_detail')} autocomplete="off" />
          <FormText bind={form} name="email" label={regt('email')} type="email" autocomplete="off" />
        </div>
      </fieldset>
      <fieldset>
        <legend>{regt('about_procedures')}</legend>
        <FormText bind={form} name="procedureName" label={regt('procedure_name')} list={`${listId}-procedures`} autocomplete="off" />
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
            options={FEE_RECEIPT_ANSWERS.map((v) => ({ value: v, label: regt(v) }))}
            onValue={(v) => form.set('feeReceiptGiven', v)}
          />
          <SelectField
            label={regt('timeliness')}
            value={form.values.resultTimeliness}
            options={RESULT_TIMELINESS.map((v) => ({ value: v, label: regt(v) }))}
            onValue={(v) => form.set('resultTimeliness', v)}
          />
        </div>
        <FormText bind={form} name="resultNote" label={regt('result_note')} autocomplete="off" />
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
          <FormText bind={form} name="receivedBy" label={regt('received_by')} autocomplete="off" />
        </div>
        <div class="row">
          <SelectField
            label={regt('channel')}
            value={form.values.channel}
            options={REGISTRATION_CHANNELS.map((v) => ({ value: v, label: regt(`channel_${v}`) }))}
            onValue={(v) => form.set('channel', v)}
          />
          <FormText bind={form} name="deliveryNote" label={regt('delivery_note')} autocomplete="off" />
        </div>
        <div class="row">
          <SelectField
            label={regt('outside')}
            value={form.values.outsideDialogue}
            options={OUTSIDE_DIALOGUE_KINDS.map((v) => ({ value: v, label: v ? regt(`outside_${v}`) : regt('outside_none') }))}
            onValue={(v) => form.set('outsideDialogue', v)}
          />
          <Show when={form.values.outsideDialogue}>
            <FormText bind={form} name="redirectTo" label={regt('redirect_to')} hint={regt('redirect_hint')} autocomplete="off" />
          </Show>
        </div>
      </fieldset>
      <fieldset>
        <legend>{regt('routing')}</legend>
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
          <SelectField
            label={regt('responder')}
            value={form.values.responderId}
            options={responderOptions()}
            onValue={(v) => form.set('responderId', v)}
          />
          <DateField
            label={regt('routed_on')}
            value={form.values.routedOn}
            onValue={(v) => form.set('routedOn', v)}
            error={form.error('routedOn')}
          />
        </div>
        <FormTextArea bind={form} name="preparedAnswer" label={regt('prepared_answer')} />
      </fieldset>
      <datalist id={`${listId}-villages`}>
        <For each={props.suggestions.villages}>{(x) => <option value={x} />}</For>
      </datalist>
      <datalist id={`${listId}-procedures`}>
        <For each={props.suggestions.procedures}>{(x) => <option value={x} />}</For>
      </datalist>
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
