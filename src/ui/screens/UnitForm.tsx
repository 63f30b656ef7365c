import { Show, createSignal } from 'solid-js';
import type { Row } from '../../storage/queries.ts';
import { create, update } from '../../storage/changes.ts';
import { FormError, FormText } from '../components/Field.tsx';
import { ListEditor } from '../components/ListEditor.tsx';
import { t } from '../i18n.ts';
import { createForm } from '../primitives/form.ts';
import { useStore } from '../store.tsx';
import { v7 as uuidv7 } from 'uuid';
import { readEnrolment } from '../../sync/enrolmentKey.ts';

/** Creates the device's unit, or edits it when `unit` is given. */
export function UnitForm(props: { unit?: Row<'units'> }) {
  const { write, db } = useStore();
  // The form edits the unit as it was when opened; the caller re-creates the form when a different unit appears.
  // eslint-disable-next-line solid/reactivity
  const u = props.unit;
  const form = createForm(
    {
      name: u?.name ?? '',
      upperLevel: u?.upperLevel ?? '',
      address: u?.address ?? '',
      email: u?.email ?? '',
      phone: u?.phone ?? '',
      // A new unit leaves its fields to the schema's default list (the first-run form does not show them).
      fields: [...(u?.fields ?? [])],
    },
    { invalid: t('form_has_errors'), failed: (r) => t('err_save_failed', { reason: r }) },
  );
  const [saved, setSaved] = createSignal(false);

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setSaved(false);
    await form.submit(
      'units',
      (v) => {
        const { fields, ...rest } = v;
        return u ? { ...rest, fields: [...fields] } : rest;
      },
      async (record) => {
        if (u) await write([update('units', u.id, record as never)]);
        else {
          // A unit is its own scope: its id is also the unitId every record of it carries. A device
          // enrolled into a unit the server holds nothing of yet (the office made the account for a
          // new commune) sets it up under its account's unit: under a new id, every write it made
          // would be refused as another unit's.
          const id = (await readEnrolment(db))?.unitId ?? uuidv7();
          await write([create('units', { unitId: id }, record as never, id)]);
        }
        setSaved(true);
      },
    );
  };

  return (
    <form ref={form.ref} onSubmit={onSubmit} novalidate aria-label={t('settings_unit')}>
      <FormText bind={form} name="name" label={t('unit_name')} placeholder={t('unit_name_placeholder')} />
      <FormText bind={form} name="upperLevel" label={t('unit_upper_level')} hint={t('unit_upper_level_hint')} />
      <Show when={u}>
        <FormText bind={form} name="address" label={t('unit_address')} />
        <div class="row">
          <FormText bind={form} name="email" label={t('unit_email')} type="email" />
          <FormText bind={form} name="phone" label={t('unit_phone')} type="tel" />
        </div>
        <ListEditor
          label={t('unit_fields')}
          items={form.values.fields}
          onChange={(items) => form.set('fields', items)}
          addLabel={t('field_add')}
        />
      </Show>
      <FormError form={form} />
      <div class="actions">
        <button type="submit" class="btn btn--primary" disabled={form.busy()}>
          {t('save')}
        </button>
        <span role="status" class="muted">
          {saved() ? t('saved') : ''}
        </span>
      </div>
    </form>
  );
}
