import { vi } from 'vitest';

/**
 * A disk that refuses the minutes' rows while `refusing()` says so. Text rows are written below
 * Dexie (storage/textRows.ts), so a Dexie hook never sees them: the refusal is made where the
 * browser would make it, in the object store's `add`. Undone by `vi.restoreAllMocks()`.
 */
export function refuseTextRows(refusing: () => boolean, error: () => Error): void {
  const add = IDBObjectStore.prototype.add;
  vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
    if (this.name === 'textUpdates' && refusing()) throw error();
    return add.apply(this, args);
  });
}
