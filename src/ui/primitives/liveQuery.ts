/**
 * A Solid signal fed by a live database query. There is no maintained Dexie
 * binding for Solid, and this is all one needs: subscribe in an effect,
 * unsubscribe on cleanup, re-subscribe when the inputs change.
 *
 * Each new result is reconciled into a store by record `id`, so a record that
 * did not change keeps its identity: lists keep their rows (and the focus, a
 * half-typed value, a field's message) when some other record changes, for
 * example when a timer event is written while the chair edits the agenda.
 * What leaves the UI (a write, a message to another window) must be plain
 * data: `unwrap` it first.
 */
import { createEffect, on, onCleanup, type Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { observe } from '../../storage/live.ts';

export function createLiveQuery<D, T>(deps: () => D, query: (deps: D) => Promise<T>): Accessor<T | undefined> {
  const [state, setState] = createStore<{ value: T | undefined }>({ value: undefined });
  createEffect(
    on(deps, (d) => {
      const stop = observe(
        () => query(d),
        (v) => setState('value', reconcile(v as never, { key: 'id', merge: false }) as never),
        (e) => console.error('live query failed', e),
      );
      onCleanup(stop);
    }),
  );
  return () => state.value;
}
