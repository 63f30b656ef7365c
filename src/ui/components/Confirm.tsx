/**
 * The two ways a delete is made safe (issue 6, item 1):
 * - `ConfirmBox` asks first, for what is rare and large (a conference with its
 *   sessions, a registration form, a department with follow-ups to move);
 * - `UndoBar` acts at once and offers to take it back, for what is frequent
 *   (an agenda item): undoing is an ordinary later write of `deleted: false`,
 *   so it costs nothing and syncs like any edit.
 */
import { Show, createEffect, createUniqueId, on, onMount, type JSX } from 'solid-js';
import { t } from '../i18n.ts';

export function ConfirmBox(props: {
  question: string;
  detail?: JSX.Element;
  confirmLabel: string;
  /** The confirm button is disabled until this is true (e.g. a department to move the follow-ups to is chosen). */
  ready?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const id = createUniqueId();
  let cancel: HTMLButtonElement | undefined;
  // Focus on the safe answer: a second tap of the same spot must not confirm.
  onMount(() => cancel?.focus());
  return (
    <div class="confirm" role="group" aria-labelledby={id}>
      <p id={id} class="confirm__question">
        {props.question}
      </p>
      {props.detail}
      <div class="actions">
        <button type="button" class="btn btn--danger" disabled={props.ready === false} onClick={() => props.onConfirm()}>
          {props.confirmLabel}
        </button>
        <button ref={cancel} type="button" class="btn" onClick={() => props.onCancel()}>
          {t('cancel')}
        </button>
      </div>
    </div>
  );
}

export interface Undoable {
  readonly message: string;
  readonly undo: () => void;
}

/**
 * "Đã xóa … [Hoàn tác]": stays until the next delete replaces it or it is closed. The focus
 * moves to "Hoàn tác": the row that had it is gone, and undo is the likely next key.
 */
export function UndoBar(props: { last: Undoable | null; onClose: () => void }) {
  let undoButton: HTMLButtonElement | undefined;
  createEffect(
    on(
      () => props.last,
      (last) => {
        if (last) undoButton?.focus();
      },
    ),
  );
  return (
    <div class="undo-bar" role="status">
      <Show when={props.last}>
        {(last) => (
          <>
            <span>{last().message}</span>
            <button ref={undoButton} type="button" class="btn" onClick={() => last().undo()}>
              {t('undo')}
            </button>
            <button type="button" class="btn btn--quiet" aria-label={t('undo_close')} onClick={() => props.onClose()}>
              ✕
            </button>
          </>
        )}
      </Show>
    </div>
  );
}
