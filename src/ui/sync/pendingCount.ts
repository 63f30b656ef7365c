/** The count of changes waiting for the office server, as a signal (storage/pending.ts says why not a live query). */
import { createEffect, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import type { DoiThoaiDb } from '../../storage/db.ts';
import { observePendingCount } from '../../storage/pending.ts';

export function createPendingCount(db: () => DoiThoaiDb): Accessor<number | undefined> {
  const [count, setCount] = createSignal<number>();
  createEffect(
    on(db, (d) => {
      onCleanup(observePendingCount(d, setCount, (e) => console.error('pending count failed', e)));
    }),
  );
  return count;
}
