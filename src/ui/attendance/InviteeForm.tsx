/**
 * One person: add an invitee, or correct someone already listed (a walk-in's
 * name typed in a hurry at the door, a wrong group). Validated with the same
 * schema as storage and the server; messages sit next to their fields.
 */
import { createUniqueId, untrack } from 'solid-js';
import { ATTENDEE_GROUPS, type Attendee, type AttendeeGroup } from '../../domain/model.ts';
import { create, update } from '../../storage/changes.ts';
import { FormError, FormText, SelectField } from '../components/Field.tsx';
import { createForm } from '../primitives/form.ts';
import { useStore } from '../store.tsx';
import type { AttendanceData, AttendeeRow } from './data.ts';
import { groupLabel, m } from './messages.ts';
import { FormActions } from './RowActions.tsx';

interface Values {
  name: string;
  group: AttendeeGroup;
  title: string;
  organisation: string;
  village: string;
}

const blank: Values = { name: '', group: 'citizens', title: '', organisation: '', village: '' };

export function InviteeForm(props: { data: AttendanceData; editing?: AttendeeRow; onDone?: () => void }) {
  const { write } = useStore();
  const headingId = createUniqueId();
  // The form edits a snapshot: another device's change to the same person must not overwrite what is being typed.
  const initial: Values = untrack(() => {
    const e = props.editing;
    return e ? { name: e.name, group: e.group, title: e.title, organisation: e.organisation, village: e.village } : blank;
  });
  const form = createForm<Values>(initial, { invalid: m('form_invalid'), failed: (reason) => m('save_failed', { reason }) });

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const editing = props.editing;
    const name = form.values.name.trim();
    const sessionId = props.data.session().id;
    const scope = props.data.scope();
    const saved = await form.submit(
      'attendees',
      (v) => (editing ? { ...pickRecord(editing), ...v } : { sessionId, ...v, invited: true, present: false, checkedInAt: null }),
      async (record) => {
        const r = record as Attendee;
        await write([
          editing
            ? update('attendees', editing.id, {
                name: r.name,
                group: r.group,
                title: r.title,
                organisation: r.organisation,
                village: r.village,
              })
            : create('attendees', scope, r),
        ]);
      },
    );
    if (!saved) return;
    if (editing) props.onDone?.();
    else {
      props.data.announce(m('added', { name }));
      // The next person is usually of the same group: keep it.
      form.startNext({ ...blank, group: form.values.group });
    }
  };

  return (
    <form ref={form.ref} class="att-card att-form" onSubmit={onSubmit} aria-labelledby={headingId} novalidate>
      <h3 id={headingId}>{props.editing ? m('edit_heading', { name: props.editing.name }) : m('add_heading')}</h3>
      <div class="row">
        <FormText bind={form} name="name" label={m('field_name')} autocomplete="off" />
        <SelectField
          label={m('field_group')}
          value={form.values.group}
          onValue={(v) => form.set('group', v)}
          error={form.error('group')}
          options={ATTENDEE_GROUPS.map((g) => ({ value: g, label: groupLabel(g) }))}
        />
      </div>
      <div class="row">
        <FormText bind={form} name="title" label={m('field_title')} autocomplete="off" />
        <FormText bind={form} name="organisation" label={m('field_organisation')} autocomplete="off" />
        <FormText bind={form} name="village" label={m('field_village')} autocomplete="off" />
      </div>
      <FormError form={form} />
      <FormActions
        busy={form.busy()}
        submitLabel={props.editing ? m('save_edit') : m('add_submit')}
        editing={!!props.editing}
        onCancel={props.onDone}
      />
    </form>
  );
}

/** The record's own fields, without the sync bookkeeping, for validating an edit. */
function pickRecord(a: AttendeeRow) {
  return {
    sessionId: a.sessionId,
    name: a.name,
    group: a.group,
    title: a.title,
    organisation: a.organisation,
    village: a.village,
    ...(a.bridgePointId ? { bridgePointId: a.bridgePointId } : {}),
    invited: a.invited,
    present: a.present,
    checkedInAt: a.checkedInAt,
  };
}
