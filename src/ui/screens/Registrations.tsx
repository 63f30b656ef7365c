/**
 * The office's intake of registration forms (Phiếu đăng ký tham gia đối
 * thoại, seed 001), paper or electronic: every field of the form, when it came
 * in, whether that was in time, and the field and department it is routed to.
 */
import { Link } from '@tanstack/solid-router';
import { For, Show, createMemo, createSignal } from 'solid-js';
import { REGISTRATION_CHANNELS, TIMELINESS, YES_NO_UNKNOWN } from '../../domain/model.ts';
import { deadlineFor, firstSessionDate, timeliness } from '../../domain/registration.ts';
import { fromVietnamLocal, toVietnamLocal } from '../../domain/workingDays.ts';
import { workingDayCalendar } from '../calendar.ts';
import { create } from '../../storage/changes.ts';
import { getRecord, listBy, listSessions } from '../../storage/queries.ts';
import { DateField, FormError, FormText, FormTextArea, SelectField, TimeField } from '../components/Field.tsx';
import { formatDate } from '../format.ts';
import { t } from '../i18n.ts';
import { createForm } from '../primitives/form.ts';
import { createLiveQuery } from '../primitives/liveQuery.ts';
import { useStore } from '../store.tsx';
import { regt } from './registrations.i18n.ts';
import { createMayWrite } from '../access/roles.ts';

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
      return {
        conference: conference ?? null,
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
                    {(f) => {
                      const status = createMemo(() => timeliness(f, c().registrationDeadline, d().date, workingDayCalendar));
                      const local = () => toVietnamLocal(f.receivedAt);
                      return (
                        <li class="card">
                          <strong>{f.fullName}</strong>
                          <span class="muted"> · {[f.village, f.organisation, f.phone].filter(Boolean).join(' · ')}</span>
                          <p class="muted">
                            {regt('received', { date: formatDate(local().date), time: local().time })} ·{' '}
                            <span classList={{ late: status() === 'late' }}>{regt(`status_${status()}`)}</span>
                            {f.field ? ` · ${f.field}` : ''}
                            {f.departmentId ? ` · ${d().departments.find((x) => x.id === f.departmentId)?.name ?? ''}` : ''}
                          </p>
                          <Show when={f.procedureName}>
                            <p>{f.procedureName}</p>
                          </Show>
                        </li>
                      );
                    }}
                  </For>
                </ul>
              </Show>
              <Show when={may('registrations')}>
                <RegistrationForm conferenceId={c().id} unitId={c().unitId} departments={d().departments} />
              </Show>
            </section>
          )}
        </Show>
      )}
    </Show>
  );
}

function RegistrationForm(props: { conferenceId: string; unitId: string; departments: { id: string; name: string }[] }) {
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
  const form = createForm(blank(), { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) });
  const [saved, setSaved] = createSignal('');
  const yesNo = YES_NO_UNKNOWN.map((v) => ({ value: v, label: regt(v) }));

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { conferenceId, unitId } = props;
    const name = form.values.fullName.trim();
    setSaved('');
    const ok = await form.submit(
      'registrations',
      ({ receivedDate, receivedTime, departmentId, ...fields }) => {
        const dateOk = /^\d{4}-\d{2}-\d{2}$/.test(receivedDate) && /^([01]\d|2[0-3]):[0-5]\d$/.test(receivedTime);
        return {
          ...fields,
          // An unreadable date or time is NaN, which the schema refuses: the message then shows at the form.
          receivedAt: dateOk ? fromVietnamLocal({ date: receivedDate, time: receivedTime }) : NaN,
          ...(departmentId ? { departmentId } : {}),
        };
      },
      async (record) => {
        await store.write([create('registrations', { unitId, conferenceId }, record as never)]);
      },
    );
    if (ok) {
      form.reset(blank());
      setSaved(regt('saved', { name }));
    }
  };

  return (
    <form class="card" onSubmit={(e) => void onSubmit(e)} novalidate aria-labelledby="reg-new-heading">
      <h2 id="reg-new-heading">{regt('new')}</h2>
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
            error={form.error('receivedAt')}
          />
          <TimeField
            label={regt('received_time')}
            value={form.values.receivedTime}
            onValue={(v) => form.set('receivedTime', v)}
            error={form.error('receivedAt')}
          />
          <SelectField
            label={regt('channel')}
            value={form.values.channel}
            options={REGISTRATION_CHANNELS.map((v) => ({ value: v, label: regt(`channel_${v}`) }))}
            onValue={(v) => form.set('channel', v)}
          />
        </div>
        <div class="row">
          <FormText bind={form} name="field" label={regt('field')} />
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
        <span role="status" class="muted">
          {saved()}
        </span>
      </div>
    </form>
  );
}
