/**
 * Observing the database: a query re-runs whenever a table it read changes,
 * from this tab, another tab, or sync. Wraps Dexie's liveQuery so that the UI
 * never imports Dexie itself.
 */
import { liveQuery } from 'dexie';

export function observe<T>(query: () => Promise<T>, onValue: (value: T) => void, onError: (error: unknown) => void): () => void {
  const subscription = liveQuery(query).subscribe({ next: onValue, error: onError });
  return () => subscription.unsubscribe();
}
