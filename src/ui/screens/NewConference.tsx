import { create } from '../../storage/changes.ts';
import { FormError, FormText, SelectField, TextField } from '../components/Field.tsx';
import { t } from '../i18n.ts';
import { createForm } from '../primitives/form.ts';
import { useStore } from '../store.tsx';

export function NewConference(props: { unitId: string }) {
  const { write, now } = useStore();
  const year = new Date(now()).getFullYear();
  const blank = { title: '', year: String(year), round: (new Date(now()).getMonth() < 6 ? 1 : 2) as 1 | 2, planNumber: '', deadlineDays: '10' };
  const form = createForm(blank, { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) });

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const { unitId } = props;
    const saved = await form.submit(
      'conferences',
      (v) => ({
        title: v.title.trim() || t('conference_title_default', { year: v.year }),
        year: Number(v.year),
        round: v.round,
        planNumber: v.planNumber,
        legalBases: [],
        registrationDeadline: { kind: 'days_before', days: Number(v.deadlineDays) },
      }),
      async (record) => {
        await write([create('conferences', { unitId }, record as never)]);
      },
    );
    if (saved) form.reset(blank);
  };

  return (
    <form class="card" onSubmit={onSubmit} aria-labelledby="new-conf-heading" novalidate>
      <h2 id="new-conf-heading">{t('conference_new')}</h2>
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
      <TextField
        label={t('conference_deadline_days')}
        value={form.values.deadlineDays}
        onValue={(v) => form.set('deadlineDays', v)}
        error={form.error('registrationDeadline')}
        inputmode="numeric"
        name="deadlineDays"
      />
      <FormError form={form} />
      <button type="submit" class="btn btn--primary" disabled={form.busy()}>
        {t('create')}
      </button>
    </form>
  );
}
