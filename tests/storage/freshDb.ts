/** Databases a test opens, closed and deleted after each test of the file that calls `freshDatabases`. */
import { afterEach } from 'vitest';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';

export function freshDatabases(prefix: string): (name?: string) => DoiThoaiDb {
  const opened: DoiThoaiDb[] = [];
  afterEach(async () => {
    for (const d of opened.splice(0)) {
      d.close();
      await d.delete().catch(() => {});
    }
  });
  return (name = `${prefix}-${Math.random()}`) => {
    const d = openDatabase(name);
    opened.push(d);
    return d;
  };
}
