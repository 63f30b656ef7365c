/**
 * Every local write that failed, shown to the person who made it, whatever
 * screen made it: `store.write` collects them (many call sites fire and
 * forget), this region announces them. The layout mounts it with the first
 * failure; an alert inserted with its content is announced by screen readers.
 */
import { For, Show } from 'solid-js';
import { formatTime } from '../format.ts';
import { useStore } from '../store.tsx';
import { writeFailureText } from './reasons.ts';
import { st } from './sync.i18n.ts';

export function WriteFailures() {
  const store = useStore();
  return (
    <div class="write-failures" role="alert">
      <Show when={store.failures().length > 0}>
        <p class="write-failures__title">{st('failures_title')}</p>
        <ul>
          <For each={store.failures()}>
            {(f) => (
              <li>
                <span>{st('failure_item', { time: formatTime(f.at), reason: writeFailureText(f.error) })}</span>
                <button type="button" class="btn btn--quiet" aria-label={st('dismiss')} onClick={() => store.dismissFailure(f.id)}>
                  ×
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  );
}
