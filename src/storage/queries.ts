/**
 * Reads the screens make. Tombstoned records are filtered here, once, so no
 * screen ever shows a deleted record.
 */
import type { Stored } from '../domain/merge.ts';
import type { RecordOf, TableName } from '../domain/model.ts';
import type { DoiThoaiDb } from './db.ts';

export type Row<T extends TableName> = Stored<RecordOf<T>>;

const alive = <T extends { deleted: boolean }>(rows: T[]) => rows.filter((r) => !r.deleted);

export async function getRecord<T extends TableName>(db: DoiThoaiDb, table: T, id: string): Promise<Row<T> | undefined> {
  const row = (await db.table(table).get(id)) as Row<T> | undefined;
  return row && !row.deleted ? row : undefined;
}

export async function listBy<T extends TableName>(db: DoiThoaiDb, table: T, index: string, value: string): Promise<Row<T>[]> {
  return alive((await db.table(table).where(index).equals(value).toArray()) as Row<T>[]);
}

export async function listAll<T extends TableName>(db: DoiThoaiDb, table: T): Promise<Row<T>[]> {
  return alive((await db.table(table).toArray()) as Row<T>[]);
}

/** The unit this device works for: the first one set up (a device serves one ward/commune). */
export async function currentUnit(db: DoiThoaiDb): Promise<Row<'units'> | undefined> {
  const units = await listAll(db, 'units');
  units.sort((a, b) => (a.id < b.id ? -1 : 1));
  return units[0];
}

export async function listConferences(db: DoiThoaiDb): Promise<Row<'conferences'>[]> {
  const rows = await listAll(db, 'conferences');
  // Newest plan first: this spring's conference is the one people open.
  return rows.sort((a, b) => b.year - a.year || b.round - a.round || (a.id < b.id ? 1 : -1));
}

export async function listSessions(db: DoiThoaiDb, conferenceId: string): Promise<Row<'sessions'>[]> {
  const rows = await listBy(db, 'sessions', 'conferenceId', conferenceId);
  return rows.sort((a, b) => (a.date + a.start).localeCompare(b.date + b.start));
}

export async function listBySession<T extends 'agendaItems' | 'attendees' | 'speakerTurns' | 'bridgePoints' | 'timerEvents'>(
  db: DoiThoaiDb,
  table: T,
  sessionId: string,
): Promise<Row<T>[]> {
  return listBy(db, table, 'sessionId', sessionId);
}

export async function getMeta<T>(db: DoiThoaiDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

/** Device-local settings (device name): never synced, so written directly, not through the outbox. */
export async function setMeta(db: DoiThoaiDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}

