// Frozen copy of the released (schema version 1) storage code, as it shipped in 0.1.0: the upgrade test
// writes a database with exactly this code and opens it with today's. Never edit it.
/**
 * The device's database: the only module (with the rest of src/storage) that
 * imports Dexie. Synced tables hold `Stored<T>` records; `outbox` holds the
 * changes not yet acknowledged by the office server; `textUpdates` holds the
 * minutes' CRDT updates; `meta` holds device-local facts (device id, clock,
 * settings) that never sync.
 */
import Dexie, { type Table } from 'dexie';
import type { Hlc } from '../../../src/domain/clock.ts';
import type { Stored } from '../../../src/domain/merge.ts';
import type { RecordOf, TableName } from '../../../src/domain/model.ts';

export interface OutboxEntry {
  seq?: number;
  table: TableName;
  id: string;
  unitId: string;
  conferenceId?: string;
  /** Only the fields this change wrote, with their stamps: the server merges per field. */
  fields: Record<string, unknown>;
  stamps: Record<string, Hlc>;
  deviceId: string;
  hlc: Hlc;
}

/** One Yjs update of a minutes document. `pending` is 1 until the server has it (IndexedDB cannot index booleans). */
export interface TextUpdateRow {
  seq?: number;
  docId: string;
  update: Uint8Array;
  pending: 0 | 1;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export type SyncedTables = { [T in TableName]: Table<Stored<RecordOf<T>>, string> };

export type DoiThoaiDb = Dexie &
  SyncedTables & {
    outbox: Table<OutboxEntry, number>;
    textUpdates: Table<TextUpdateRow, number>;
    meta: Table<MetaRow, string>;
  };

/**
 * Indexes are the queries the screens make; every synced table also indexes
 * `conferenceId` so a conference can be exported or synced as one unit.
 * Changing this schema means adding a version, never editing version 1:
 * tablets in the field upgrade from whatever they have.
 */
const SCHEMA_V1: Record<Exclude<TableName, 'calendarYears'> | 'outbox' | 'textUpdates' | 'meta', string> = {
  units: 'id',
  departments: 'id, unitId',
  responders: 'id, unitId, departmentId',
  conferences: 'id, unitId',
  sessions: 'id, conferenceId',
  bridgePoints: 'id, sessionId',
  agendaItems: 'id, sessionId',
  attendees: 'id, sessionId',
  registrations: 'id, conferenceId',
  speakerTurns: 'id, sessionId',
  timerEvents: 'id, sessionId, turnId',
  followUps: 'id, conferenceId, departmentId, dueOn',
  surveyResponses: 'id, conferenceId',
  outbox: '++seq, [table+id]',
  textUpdates: '++seq, docId, [docId+pending]',
  meta: 'key',
};

export function openDatabase(name = 'doithoai'): DoiThoaiDb {
  // 'strict': a transaction counts as done only once it is flushed to disk, so what the secretary
  // typed survives a dead battery, not just a crashed tab (Chromium's default is 'relaxed').
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as DoiThoaiDb;
  db.version(1).stores(SCHEMA_V1);
  return db;
}
