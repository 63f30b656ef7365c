/** The count of changes waiting for the office server, as a signal (storage/pending.ts says why not a live query). */
import { createSignal, type Accessor } from 'solid-js';
import type { DoiThoaiDb } from '../../storage/db.ts';
import { observePendingCount } from '../../storage/pending.ts';
import { follow } from '../primitives/liveQuery.ts';

export function createPendingCount(db: () => DoiThoaiDb): Accessor<number | undefined> {
  const [count, setCount] = createSignal<number>();
  follow(db, observePendingCount, setCount, 'pending count');
  return count;
}
