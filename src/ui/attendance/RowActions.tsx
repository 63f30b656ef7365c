/**
 * The small pieces the attendance and bridge-point rows share: the confirm
 * step before removing someone or something, and a form's submit/cancel pair.
 */
import { Show, type JSX } from 'solid-js';
import { m } from './messages.ts';

/** "Remove X? [Yes, remove] [Cancel]": removing is one tap away from a mistake, so it asks once. */
export function ConfirmRemove(props: { question: string; detail?: JSX.Element; onConfirm: () => void; onCancel: () => void }) {
  return (
    <div class="att-list__tools" role="group" aria-label={props.question}>
      <span>
        {props.question}
        {props.detail}
      </span>
      <button type="button" class="btn att-danger" onClick={() => props.onConfirm()}>
        {m('remove_yes')}
      </button>
      <button type="button" class="btn btn--quiet" onClick={() => props.onCancel()}>
        {m('cancel')}
      </button>
    </div>
  );
}

/** "Edit X" and "Remove X" on a row: each says whose row it acts on, for a screen reader reading the buttons alone. */
export function EditRemoveButtons(props: { name: string; onEdit: () => void; onRemove: () => void }) {
  return (
    <>
      <button type="button" class="btn btn--quiet" aria-label={m('edit_label', { name: props.name })} onClick={() => props.onEdit()}>
        {m('edit')}
      </button>
      <button type="button" class="btn btn--quiet" aria-label={m('remove_label', { name: props.name })} onClick={() => props.onRemove()}>
        {m('remove')}
      </button>
    </>
  );
}

/** Submit, and Cancel while editing an existing record. */
export function FormActions(props: { busy: boolean; submitLabel: string; editing: boolean; onCancel?: (() => void) | undefined }) {
  return (
    <div class="actions">
      <button type="submit" class="btn btn--primary" disabled={props.busy}>
        {props.submitLabel}
      </button>
      <Show when={props.editing}>
        <button type="button" class="btn btn--quiet" onClick={() => props.onCancel?.()}>
          {m('cancel')}
        </button>
      </Show>
    </div>
  );
}
