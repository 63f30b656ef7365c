/**
 * The conference form: a new conference on the home page, or a correction of
 * one on its own page. Numbers typed in words or out of range each get their
 * own message next to their field.
 */
import { Show, untrack } from 'solid-js';
import { vietnamParts } from '../../domain/vnTime.ts';
import type { Row } from '../../storage/queries.ts';
import { create, update } from '../../storage/changes.ts';
import { DateField, FormError, FormText, SelectField, TextField, TimeField } from '../components/Field.tsx';
import { t } from '../i18n.ts';
import { clockTimeOf, createForm, dateIssue, timeIssue } from '../primitives/form.ts';
import { useStore } from '../store.tsx';
import { parseDecimal } from '../../domain/typedInput.ts';

/**
 * "2,5" or "2.5" as a number; NaN when it is not one, which the schema refuses ('not_a_number').
 * (InlineField's parseDecimal does the same, but importing it would bring the inline editor into
 * the first screen's JavaScript.)
 */
const numberOrNaN = (text: string): number => {
  const read = parseDecimal(text);
  return read.ok ? read.value : NaN;
};

export function NewConference(props: { unitId: string }) {
  return <ConferenceForm unitId={props.unitId} />;
}

export function ConferenceForm(props: { unitId: string; editing?: Row<'conferences'>; onDone?: () => void }) {
  const { write, now } = useStore();
  // The year and round the conference is planned for are Vietnam's, whatever zone the device is in.
  const today = vietnamParts(now());
  const blank = {
    title: '',
    year: String(today.year),
    round: (today.month <= 6 ? 1 : 2) as 1 | 2,
    planNumber: '',
    deadlineKind: 'days_before' as 'days_before' | 'fixed',
    deadlineDays: '10',
    deadlineDate: '',
    deadlineTime: '16:30',
  };
  // The form edits a snapshot: a sync landing mid-edit must not overwrite what is being typed.
  const initial = untrack(() => {
    const c = props.editing;
    if (!c) return blank;
    const rule = c.registrationDeadline;
    return {
      title: c.title,
      year: String(c.year),
      round: c.round,
      planNumber: c.planNumber,
      deadlineKind: rule.kind,
      deadlineDays: rule.kind === 'days_before' ? String(rule.days) : '10',
      deadlineDate: rule.kind === 'fixed' ? rule.date : '',
      deadlineTime: rule.kind === 'fixed' ? rule.time : '16:30',
    };
  });
  const form = createForm(initial, { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) }, { focusOnMount: untrack(() => !!props.editing) });
  const editing = () => props.editing;

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { unitId } = props;
    const current = editing();
    const saved = await form.submit(
      'conferences',
      (v) => ({
        title: v.title.trim() || t('conference_title_default', { year: v.year }),
        year: numberOrNaN(v.year),
        round: v.round,
        planNumber: v.planNumber,
        legalBases: current?.legalBases ?? [],
        // Seed 001: N days before, in office hours; seed 004: a fixed date and hour (16:30 on 29/9).
        registrationDeadline:
          v.deadlineKind === 'fixed'
            ? { kind: 'fixed', date: v.deadlineDate, time: clockTimeOf(v.deadlineTime) }
            : { kind: 'days_before', days: numberOrNaN(v.deadlineDays) },
      }),
      async (record) => {
        // An edit leaves the legal bases to the plan's card (ConferenceFacts): this form only carries them through.
        const { legalBases: _bases, ...edited } = record as Record<string, unknown>;
        await write([current ? update('conferences', current.id, edited as never) : create('conferences', { unitId }, record as never)]);
      },
      {
        // The rule's parts get their own messages (the schema would put them all on the rule).
        check: (v) =>
          v.deadlineKind === 'fixed'
            ? [
                ...(v.deadlineDate ? dateIssue('deadlineDate', v.deadlineDate) : [{ field: 'deadlineDate', code: 'required' as const }]),
                ...(v.deadlineTime.trim() ? timeIssue('deadlineTime', v.deadlineTime) : [{ field: 'deadlineTime', code: 'required' as const }]),
              ]
            : [],
      },
    );
    if (!saved) return;
    if (current) props.onDone?.();
    else form.reset(blank);
  };

  return (
    <form ref={form.ref} class="card" onSubmit={onSubmit} aria-labelledby="conf-form-heading" novalidate>
      <h2 id="conf-form-heading">{editing() ? t('conference_edit') : t('conference_new')}</h2>
      <TextField
        label={t('conference_title')}
        value={form.values.title}
        onValue={(v) => form.set('title', v)}
        error={form.error('title')}
        placeholder={t('conference_title_default', { year: form.values.year })}
        name="title"
      />
      <div class="row">
        <FormText bind={form} name="year" label={t('conference_year')} inputmode="numeric" />
        <SelectField
          label={t('conference_round')}
          value={form.values.round}
          onValue={(v) => form.set('round', v)}
          options={[
            { value: 1 as const, label: t('conference_round_n', { n: 1 }) },
            { value: 2 as const, label: t('conference_round_n', { n: 2 }) },
          ]}
          error={form.error('round')}
        />
        <TextField
          label={t('conference_plan_number')}
          value={form.values.planNumber}
          onValue={(v) => form.set('planNumber', v)}
          error={form.error('planNumber')}
          placeholder={t('conference_plan_number_placeholder')}
          name="planNumber"
        />
      </div>
      <SelectField
        label={t('conference_deadline_kind')}
        value={form.values.deadlineKind}
        onValue={(v) => form.set('deadlineKind', v)}
        options={[
          { value: 'days_before' as const, label: t('conference_deadline_days_before') },
          { value: 'fixed' as const, label: t('conference_deadline_fixed') },
        ]}
      />
      <Show
        when={form.values.deadlineKind === 'fixed'}
        fallback={
          <TextField
            label={t('conference_deadline_days')}
            value={form.values.deadlineDays}
            onValue={(v) => form.set('deadlineDays', v)}
            error={form.error('registrationDeadline')}
            inputmode="numeric"
            name="deadlineDays"
          />
        }
      >
        <div class="row">
          <DateField
            label={t('conference_deadline_date')}
            value={form.values.deadlineDate}
            onValue={(v) => form.set('deadlineDate', v)}
            error={form.error('deadlineDate')}
            name="deadlineDate"
          />
          <TimeField
            label={t('conference_deadline_time')}
            value={form.values.deadlineTime}
            onValue={(v) => form.set('deadlineTime', v)}
            error={form.error('deadlineTime')}
            name="deadlineTime"
          />
        </div>
      </Show>
      <FormError form={form} />
      <div class="actions">
        <button type="submit" class="btn btn--primary" disabled={form.busy()}>
          {editing() ? t('save') : t('create')}
        </button>
        <Show when={editing()}>
          <button type="button" class="btn btn--quiet" onClick={() => props.onDone?.()}>
            {t('cancel')}
          </button>
        </Show>
      </div>
    </form>
  );
}
