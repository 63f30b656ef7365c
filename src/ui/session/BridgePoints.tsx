/**
 * The session's bridge points (điểm cầu): seed 002 ran one dialogue online
 * across three sites. Add, rename, remove; exactly one is the host, where the
 * chair sits. Which site THIS device is at is chosen in the check-in card
 * (see siteChoice.ts) and marked here.
 */
import { For, Show, createMemo, createSignal, createUniqueId, untrack } from 'solid-js';
import { effectiveHost, hostChanges } from '../../domain/attendance.ts';
import { create, remove, update, type Change } from '../../storage/changes.ts';
import { FormError, FormText } from '../components/Field.tsx';
import type { AttendanceData, BridgePointRow } from '../attendance/data.ts';
import { m } from '../attendance/messages.ts';
import { ConfirmRemove, EditRemoveButtons, FormActions } from '../attendance/RowActions.tsx';
import { createForm } from '../primitives/form.ts';
import { useStore } from '../store.tsx';
import { ReadOnlyNote } from '../access/ReadOnlyNote.tsx';

export function BridgePoints(props: { data: AttendanceData; emphasised: boolean }) {
  const headingId = createUniqueId();
  // Keyed by id: a rename synced from another device must not close the row being edited here.
  const pointIds = createMemo(() => props.data.points().map((p) => p.id), undefined, {
    equals: (a, b) => a.length === b.length && a.every((id, i) => id === b[i]),
  });
  return (
    <section class="att-card att-sites" classList={{ 'att-sites--emphasis': props.emphasised }} aria-labelledby={headingId}>
      <h2 id={headingId}>{m('bp_heading')}</h2>
      <p class="att-hint">{props.emphasised ? m('bp_hint_online') : m('bp_hint')}</p>
      <Show when={props.data.points().length > 0} fallback={<p class="empty">{m('bp_empty')}</p>}>
        <ul class="att-sites__list" aria-label={m('bp_list_label')}>
          <For each={pointIds()}>
            {(id) => (
              <Show when={props.data.points().find((p) => p.id === id)}>{(point) => <PointRow data={props.data} point={point()} />}</Show>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.data.mayWrite('bridgePoints')} fallback={<ReadOnlyNote kind="bridgePoints" />}>
        <PointForm data={props.data} />
      </Show>
    </section>
  );
}

function PointRow(props: { data: AttendanceData; point: BridgePointRow }) {
  const [mode, setMode] = createSignal<'view' | 'edit' | 'confirm'>('view');
  const isHost = () => props.data.hostId() === props.point.id;
  const isHere = () => props.data.site.site() === props.point.id;
  const people = createMemo(() => (props.data.attendees() ?? []).filter((a) => a.bridgePointId === props.point.id));
  const present = () => people().filter((a) => a.present).length;

  const makeHost = () =>
    void props.data.write(hostChanges(props.data.points(), props.point.id).map((c) => update('bridgePoints', c.id, { isHost: c.isHost })));

  const removePoint = async () => {
    const id = props.point.id;
    const remaining = props.data.points().filter((p) => p.id !== id);
    // One commit: the point goes, its people move to "no site", and if it was the host another point takes over.
    const changes: Change[] = [
      remove('bridgePoints', id),
      ...people().map((a) => update('attendees', a.id, { bridgePointId: '' })),
      ...hostChanges(remaining, effectiveHost(remaining)).map((c) => update('bridgePoints', c.id, { isHost: c.isHost })),
    ];
    await props.data.write(changes);
  };

  return (
    <li class="att-sites__item">
      <Show when={mode() !== 'edit'} fallback={<PointForm data={props.data} editing={props.point} onDone={() => setMode('view')} />}>
        <div class="att-sites__line">
          <div>
            <strong>{props.point.name}</strong>
            <Show when={isHost()}>
              <span class="att-badge att-badge--host">{m('bp_host_badge')}</span>
            </Show>
            <Show when={isHere()}>
              <span class="att-badge">{m('bp_this_device_badge')}</span>
            </Show>
            <p class="muted">{[props.point.address, m('bp_people', { n: present() })].filter(Boolean).join(' · ')}</p>
          </div>
          <Show
            when={mode() === 'confirm'}
            fallback={
              <Show when={props.data.mayWrite('bridgePoints')}>
                <div class="att-list__tools">
                  <Show when={!isHost()}>
                    <button
                      type="button"
                      class="btn btn--quiet"
                      aria-label={m('bp_make_host_label', { name: props.point.name })}
                      onClick={makeHost}
                    >
                      {m('bp_make_host')}
                    </button>
                  </Show>
                  <EditRemoveButtons name={props.point.name} onEdit={() => setMode('edit')} onRemove={() => setMode('confirm')} />
                </div>
              </Show>
            }
          >
            <ConfirmRemove
              question={m('bp_remove_confirm', { name: props.point.name })}
              detail={<Show when={people().length > 0}> {m('bp_remove_people', { n: people().length })}</Show>}
              onConfirm={() => void removePoint()}
              onCancel={() => setMode('view')}
            />
          </Show>
        </div>
      </Show>
    </li>
  );
}

function PointForm(props: { data: AttendanceData; editing?: BridgePointRow; onDone?: () => void }) {
  const { write } = useStore();
  const headingId = createUniqueId();
  const blank = { name: '', address: '' };
  // The form edits a snapshot: a rename synced from elsewhere must not overwrite what is being typed.
  const initial = untrack(() => (props.editing ? { name: props.editing.name, address: props.editing.address } : blank));
  const form = createForm(initial, { invalid: m('form_invalid'), failed: (reason) => m('save_failed', { reason }) });

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const editing = props.editing;
    const sessionId = props.data.session().id;
    // The first bridge point is the host until someone says otherwise.
    const isHost = editing ? editing.isHost : props.data.points().length === 0;
    const scope = props.data.scope();
    const saved = await form.submit(
      'bridgePoints',
      (v) => ({ sessionId, ...v, isHost }),
      async (record) => {
        const r = record as { name: string; address: string };
        await write([
          editing
            ? update('bridgePoints', editing.id, { name: r.name, address: r.address })
            : create('bridgePoints', scope, { sessionId, name: r.name, address: r.address, isHost }),
        ]);
      },
    );
    if (!saved) return;
    if (editing) props.onDone?.();
    else form.reset(blank);
  };

  return (
    <form ref={form.ref} class="att-sites__form" onSubmit={onSubmit} aria-labelledby={headingId} novalidate>
      <h3 id={headingId}>{props.editing ? m('bp_rename_heading', { name: props.editing.name }) : m('bp_add')}</h3>
      <div class="row">
        <FormText bind={form} name="name" label={m('bp_name')} placeholder={m('bp_name_placeholder')} autocomplete="off" />
        <FormText bind={form} name="address" label={m('bp_address')} autocomplete="off" />
      </div>
      <FormError form={form} />
      <FormActions
        busy={form.busy()}
        submitLabel={props.editing ? m('save_edit') : m('bp_add')}
        editing={!!props.editing}
        onCancel={props.onDone}
      />
    </form>
  );
}
