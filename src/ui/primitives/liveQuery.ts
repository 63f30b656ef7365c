/**
 * A Solid signal fed by a live database query. There is no maintained Dexie
 * binding for Solid, and this is all one needs: subscribe in an effect,
 * unsubscribe on cleanup, re-subscribe when the inputs change.
 */
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { observe } from '../../storage/live.ts';

export function createLiveQuery<D, T>(deps: () => D, query: (deps: D) => Promise<T>): Accessor<T | undefined> {
  const [value, setValue] = createSignal<T | undefined>(undefined);
  createEffect(
    on(deps, (d) => {
      const stop = observe(
        () => query(d),
        (v) => setValue(() => v),
        (e) => console.error('live query failed', e),
      );
      onCleanup(stop);
    }),
  );
  return value;
}
