/**
 * The honest save status of a minutes screen: "saving" while anything typed or
 * chosen is not yet committed to IndexedDB, "saved at" only once the
 * transaction has committed, and an error (with a retry) when a write failed.
 * Polite live region: a screen reader says it when the secretary pauses.
 */
import { Show } from 'solid-js';
import { formatTimeSeconds } from '../format.ts';
import { mt } from './minutes.i18n.ts';

export interface PanelSaveState {
  readonly status: 'saved' | 'saving' | 'error';
  readonly savedAt: number | null;
  readonly error: unknown;
}

export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

export function SaveStatus(props: { state: PanelSaveState; onRetry: () => void }) {
  const text = () => {
    const s = props.state;
    if (s.status === 'error') return mt('save_failed', { reason: reasonOf(s.error) });
    if (s.status === 'saving') return mt('saving');
    return s.savedAt === null ? mt('saved') : mt('saved_at', { time: formatTimeSeconds(s.savedAt) });
  };
  return (
    <div class={`save-status save-status--${props.state.status}`}>
      <p role="status" aria-live="polite" aria-atomic="true" class="save-status__text">
        {text()}
      </p>
      <Show when={props.state.status === 'error'}>
        <button type="button" class="btn" onClick={() => props.onRetry()}>
          {mt('retry')}
        </button>
      </Show>
    </div>
  );
}
