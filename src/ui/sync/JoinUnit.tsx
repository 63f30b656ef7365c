/**
 * First run on a device that can reach the office server: besides setting up
 * a new unit, join one the server already keeps (the secretary's tablet joins
 * the unit the office set up). Shows nothing when the server cannot be reached
 * or keeps no unit: the device then works on its own, as before.
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import { useStore } from '../store.tsx';
import { st } from './sync.i18n.ts';

export function JoinUnit() {
  const store = useStore();
  const [units] = createResource(
    () => store.sync(),
    async (sync) => {
      try {
        return await sync.listUnits();
      } catch {
        return [];
      }
    },
  );
  const [joining, setJoining] = createSignal<string | null>(null);
  return (
    <Show when={(units()?.length ?? 0) > 0}>
      <div class="join-unit">
        <h3>{st('join_title')}</h3>
        <p>{st('join_hint')}</p>
        <Show
          when={joining()}
          fallback={
            <ul class="plain-list">
              <For each={units()}>
                {(u) => (
                  <li>
                    <button
                      type="button"
                      class="btn btn--primary"
                      onClick={() => {
                        setJoining(u.name);
                        void store.sync()?.join(u.id);
                      }}
                    >
                      {st('join_button', { name: u.name })}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          }
        >
          {(name) => <p role="status">{st('join_waiting', { name: name() })}</p>}
        </Show>
      </div>
    </Show>
  );
}
