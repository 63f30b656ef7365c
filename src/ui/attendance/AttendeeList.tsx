/**
 * The whole list, by delegate group, in Vietnamese alphabetical order: to
 * check who has not come yet, mark someone without searching, correct a
 * name, or take someone off the list.
 */
import { For, Show, createMemo, createSignal, createUniqueId } from 'solid-js';
import { ATTENDEE_GROUPS, type AttendeeGroup } from '../../domain/model.ts';
import { remove } from '../../storage/changes.ts';
import { AttendeeButton } from './AttendeeButton.tsx';
import type { AttendanceData } from './data.ts';
import { InviteeForm } from './InviteeForm.tsx';
import { groupLabel, m } from './messages.ts';
import { ConfirmRemove, EditRemoveButtons } from './RowActions.tsx';

export function AttendeeList(props: { data: AttendanceData }) {
  const headingId = createUniqueId();
  // Ids, not records: a check-in changes a record, not who is in which group, so the rows stay put.
  const idsByGroup = createMemo(() => {
    const out = Object.fromEntries(ATTENDEE_GROUPS.map((g) => [g, [] as string[]])) as Record<AttendeeGroup, string[]>;
    // A group this version does not know (a newer app's record) is still counted in the totals, just not listed here.
    for (const { attendee } of props.data.index().entries) out[attendee.group]?.push(attendee.id);
    return out;
  });
  const joined = (g: AttendeeGroup) => idsByGroup()[g].join(' ');

  return (
    <section class="att-card att-list" aria-labelledby={headingId}>
      <h2 id={headingId}>{m('list_heading')}</h2>
      <Show when={(props.data.attendees() ?? []).length > 0} fallback={<p class="empty">{m('list_empty')}</p>}>
        <For each={ATTENDEE_GROUPS}>
          {(g) => {
            const groupHeading = createUniqueId();
            // Re-key only when membership changes, not on every check-in.
            const ids = createMemo(() => joined(g), undefined, { equals: (a, b) => a === b });
            const list = createMemo(() => (ids() ? ids().split(' ') : []));
            const present = () => props.data.counts().byGroup[g].present;
            return (
              <section class="att-group" aria-labelledby={groupHeading}>
                <h3 id={groupHeading}>{m('list_group_label', { group: groupLabel(g), present: present(), total: list().length })}</h3>
                <Show when={list().length > 0} fallback={<p class="empty">{m('list_group_empty')}</p>}>
                  <ul class="att-list__rows" aria-labelledby={groupHeading}>
                    <For each={list()}>{(id) => <ListRow data={props.data} id={id} />}</For>
                  </ul>
                </Show>
              </section>
            );
          }}
        </For>
      </Show>
    </section>
  );
}

function ListRow(props: { data: AttendanceData; id: string }) {
  const [mode, setMode] = createSignal<'view' | 'edit' | 'confirm'>('view');
  const a = () => props.data.byId().get(props.id);
  const name = () => a()?.name ?? '';
  return (
    <li class="att-list__row">
      <Show
        when={mode() === 'edit' && a()}
        fallback={
          <div class="att-list__line">
            <AttendeeButton data={props.data} id={props.id} />
            <Show
              when={mode() === 'confirm'}
              fallback={
                <Show when={props.data.mayWrite('attendees')}>
                  <div class="att-list__tools">
                    <EditRemoveButtons name={name()} onEdit={() => setMode('edit')} onRemove={() => setMode('confirm')} />
                  </div>
                </Show>
              }
            >
              <ConfirmRemove
                question={m('remove_confirm', { name: name() })}
                onConfirm={() => void props.data.write([remove('attendees', props.id)])}
                onCancel={() => setMode('view')}
              />
            </Show>
          </div>
        }
      >
        {(row) => <InviteeForm data={props.data} editing={row()} onDone={() => setMode('view')} />}
      </Show>
    </li>
  );
}
