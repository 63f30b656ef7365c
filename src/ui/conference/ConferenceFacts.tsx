/**
 * The conference's own facts that the documents cite: the plan's number and
 * date, its legal bases (one per line, edited item by item), the day it was
 * announced (warned when later than 7 days before the first session, seed
 * 003), the day the invitations went out (seed 004) and the survey forms
 * handed out. Shown as a list; edited in place.
 */
import { For, Show, createSignal, untrack } from 'solid-js';
import { lateAnnouncement } from '../../domain/conferenceFacts.ts';
import { parseDecimal } from '../../domain/typedInput.ts';
import { update } from '../../storage/changes.ts';
import type { Row } from '../../storage/queries.ts';
import { createMayWrite } from '../access/roles.ts';
import { DateField, FormError, FormText } from '../components/Field.tsx';
import { ListEditor } from '../components/ListEditor.tsx';
import { formatDate } from '../format.ts';
import { t } from '../i18n.ts';
import { createForm, dateIssue } from '../primitives/form.ts';
import { useStore } from '../store.tsx';
import { ft } from './facts.i18n.ts';

type ConferenceRow = Row<'conferences'>;

export function ConferenceFacts(props: { conference: ConferenceRow; firstSessionDate: string | null }) {
  const may = createMayWrite();
  const [editing, setEditing] = createSignal(false);
  const [status, setStatus] = createSignal('');
  let editButton: HTMLButtonElement | undefined;
  const c = () => props.conference;
  const late = () => lateAnnouncement(c().announcedOn, props.firstSessionDate);
  const close = (saved: boolean) => {
    setEditing(false);
    setStatus(saved ? ft('saved') : '');
    editButton?.focus();
  };
  const shown = (iso: string) => (iso ? formatDate(iso) : ft('not_entered'));

  return (
    <section class="card" aria-labelledby="facts-heading">
      <h2 id="facts-heading">{ft('title')}</h2>
      <Show when={editing()} fallback={
        <>
          <dl class="facts">
            <dt>{ft('plan_number')}</dt>
            <dd>{c().planNumber || ft('not_entered')}</dd>
            <dt>{ft('plan_date')}</dt>
            <dd>{shown(c().planDate)}</dd>
            <dt>{ft('legal_bases')}</dt>
            <dd>
              <Show when={c().legalBases.length > 0} fallback={ft('legal_bases_empty')}>
                <ol class="facts__bases">
                  <For each={c().legalBases}>{(b) => <li>{b}</li>}</For>
                </ol>
              </Show>
            </dd>
            <dt>{ft('announced_on')}</dt>
            <dd>{shown(c().announcedOn)}</dd>
            <dt>{ft('invitations_sent_on')}</dt>
            <dd>{shown(c().invitationsSentOn)}</dd>
            <dt>{ft('survey_issued')}</dt>
            <dd>{c().surveyFormsIssued > 0 ? c().surveyFormsIssued : ft('not_entered')}</dd>
          </dl>
          <Show when={late()}>
            {(l) => (
              <p class="warning" role="status">
                {ft('announcement_late', { latest: formatDate(l().latest), first: formatDate(props.firstSessionDate ?? '') })}
              </p>
            )}
          </Show>
          <p class="visually-hidden" role="status">
            {status()}
          </p>
          <Show when={may('conferences')}>
            <button ref={editButton} type="button" class="btn" onClick={() => setEditing(true)}>
              {ft('edit')}
            </button>
          </Show>
        </>
      }>
        <FactsForm conference={c()} firstSessionDate={props.firstSessionDate} onDone={close} />
      </Show>
    </section>
  );
}

function FactsForm(props: { conference: ConferenceRow; firstSessionDate: string | null; onDone: (saved: boolean) => void }) {
  const { write } = useStore();
  // A snapshot: a sync landing mid-edit must not overwrite what is being typed.
  const initial = untrack(() => ({
    planNumber: props.conference.planNumber,
    planDate: props.conference.planDate,
    legalBases: [...props.conference.legalBases],
    announcedOn: props.conference.announcedOn,
    invitationsSentOn: props.conference.invitationsSentOn,
    surveyFormsIssued: props.conference.surveyFormsIssued > 0 ? String(props.conference.surveyFormsIssued) : '',
  }));
  const form = createForm(initial, { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) }, { focusOnMount: true });
  const late = () => (/^\d{4}-\d{2}-\d{2}$/.test(form.values.announcedOn) ? lateAnnouncement(form.values.announcedOn, props.firstSessionDate) : null);

  const facts = (v: typeof initial) => {
    const issued = v.surveyFormsIssued.trim() === '' ? 0 : parseDecimal(v.surveyFormsIssued);
    return {
      planNumber: v.planNumber,
      planDate: v.planDate,
      legalBases: [...v.legalBases],
      announcedOn: v.announcedOn,
      invitationsSentOn: v.invitationsSentOn,
      surveyFormsIssued: typeof issued === 'number' ? issued : issued.ok ? issued.value : NaN,
    };
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { id, unitId: _u, stamps: _s, updatedAt: _t, deleted: _d, ...current } = props.conference;
    const saved = await form.submit(
      'conferences',
      (v) => ({ ...current, ...facts(v) }),
      // Only the facts: the conference's title or deadline, edited elsewhere meanwhile, stay as they are.
      async () => {
        await write([update('conferences', id, facts(form.values))]);
      },
      {
        check: (v) => [
          ...dateIssue('planDate', v.planDate),
          ...dateIssue('announcedOn', v.announcedOn),
          ...dateIssue('invitationsSentOn', v.invitationsSentOn),
          ...(v.surveyFormsIssued.trim() && !parseDecimal(v.surveyFormsIssued).ok ? [{ field: 'surveyFormsIssued', code: 'not_a_number' as const }] : []),
        ],
      },
    );
    if (saved) props.onDone(true);
  };

  return (
    <form ref={form.ref} onSubmit={onSubmit} aria-label={ft('edit')} novalidate>
      <div class="row">
        <FormText bind={form} name="planNumber" label={ft('plan_number')} placeholder={t('conference_plan_number_placeholder')} />
        <DateField label={ft('plan_date')} value={form.values.planDate} onValue={(v) => form.set('planDate', v)} error={form.error('planDate')} name="planDate" />
      </div>
      <ListEditor
        label={ft('legal_bases')}
        items={form.values.legalBases}
        onChange={(items) => form.set('legalBases', items)}
        addLabel={ft('legal_bases_add')}
        emptyText={ft('legal_bases_empty')}
        placeholder={ft('legal_bases_placeholder')}
      />
      <div class="row">
        <DateField
          label={ft('announced_on')}
          value={form.values.announcedOn}
          onValue={(v) => form.set('announcedOn', v)}
          error={form.error('announcedOn')}
          hint={ft('announced_hint')}
          name="announcedOn"
        />
        <DateField
          label={ft('invitations_sent_on')}
          value={form.values.invitationsSentOn}
          onValue={(v) => form.set('invitationsSentOn', v)}
          error={form.error('invitationsSentOn')}
          name="invitationsSentOn"
        />
        <FormText bind={form} name="surveyFormsIssued" label={ft('survey_issued')} inputmode="numeric" />
      </div>
      <Show when={late()}>
        {(l) => (
          <p class="warning" role="status">
            {ft('announcement_late', { latest: formatDate(l().latest), first: formatDate(props.firstSessionDate ?? '') })}
          </p>
        )}
      </Show>
      <FormError form={form} />
      <div class="actions">
        <button type="submit" class="btn btn--primary" disabled={form.busy()}>
          {t('save')}
        </button>
        <button type="button" class="btn btn--quiet" onClick={() => props.onDone(false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
