/**
 * A Solid signal fed by a Dexie live query. There is no maintained Dexie binding
 * for Solid, and this is all one needs: subscribe in an effect, unsubscribe on
 * cleanup, re-subscribe when the inputs change. Any write to the tables the
 * query read (from this tab, another tab, or sync) re-runs it.
 */
import { liveQuery } from 'dexie';
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';

export function createLiveQuery<D, T>(deps: () => D, query: (deps: D) => Promise<T>): Accessor<T | undefined> {
  const [value, setValue] = createSignal<T | undefined>(undefined);
  createEffect(
    on(deps, (d) => {
      const subscription = liveQuery(() => query(d)).subscribe({
        next: (v) => setValue(() => v),
        error: (e: unknown) => console.error('live query failed', e),
      });
      onCleanup(() => subscription.unsubscribe());
    }),
  );
  return value;
}
