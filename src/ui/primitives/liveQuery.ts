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
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { observe } from '../../storage/live.ts';

export function createLiveQuery<D, T>(deps: () => D, query: (deps: D) => Promise<T>): Accessor<T | undefined> {
  const [state, setState] = createStore<{ value: T | undefined }>({ value: undefined });
  follow(deps, liveQueryOf(query), (v) => setState('value', reconcile(v as never, { key: 'id', merge: false }) as never));
  return () => state.value;
}

/**
 * The same subscription for a result that only feeds a computation (a count, a
 * tally), never a list of rows on screen: each result replaces the last as it
 * is. Reconciling it into a store would diff every record on every write and
 * make the computation read each field through a proxy: for the survey's 120
 * forms, about a tenth of the main thread's work per keyed form on a tablet.
 */
export function createLiveValue<D, T>(deps: () => D, query: (deps: D) => Promise<T>): Accessor<T | undefined> {
  const [value, setValue] = createSignal<T | undefined>(undefined, { equals: false });
  follow(deps, liveQueryOf(query), (v) => setValue(() => v));
  return value;
}

/**
 * Follows a source while the owner lives, again from the start whenever `deps` change: `subscribe`
 * starts it and returns how to stop it (a live query here; storage/pending.ts's count elsewhere).
 */
export function follow<D, T>(
  deps: () => D,
  subscribe: (deps: D, onValue: (value: T) => void, onError: (error: unknown) => void) => () => void,
  onValue: (value: T) => void,
  what = 'live query',
): void {
  createEffect(
    on(deps, (d) => {
      onCleanup(subscribe(d, onValue, (e) => console.error(`${what} failed`, e)));
    }),
  );
}

/** A live query as `follow` subscribes to it. */
const liveQueryOf =
  <D, T>(query: (deps: D) => Promise<T>) =>
  (d: D, onValue: (value: T) => void, onError: (error: unknown) => void) =>
    observe(() => query(d), onValue, onError);
