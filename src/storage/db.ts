/**
 * The device's database: the only module (with the rest of src/storage) that
 * imports Dexie. Synced tables hold `Stored<T>` records; `outbox` holds the
 * changes not yet acknowledged by the office server, in the protocol's own
 * shape; `textUpdates` holds the minutes' CRDT updates; `refused` holds what
 * the server turned down, with its reason; `meta` holds device-local facts
 * (device id, clock, sync cursor, clock offset, settings) that never sync.
 */
import Dexie, { type Table, type Transaction } from 'dexie';
import type { Stored } from '../domain/merge.ts';
import { sessionIdOfMinutesDoc } from '../domain/minutesDoc.ts';
import type { RecordOf, TableName } from '../domain/model.ts';
import type { Change as WireChange, RecordChange, RefusalReason, Reason } from '../protocol/index.ts';

/**
 * An outbox entry IS the change as it goes on the wire (`RecordChange`, with
 * its `op`), plus the local queue position. One shape from commit to the
 * server's log, with one saving: when every field carries the change's own
 * stamp (`hlc`), as every change this device makes does (one tick per change),
 * `stamps` is left out, and `wireChange` puts it back on the way out.
 *
 * Why: reading the queue back is most of a push's work on the device, and the
 * per-field stamp strings were two thirds of what IndexedDB had to read and
 * deserialise (10,000 queued people: about 270 ms with them, 85 ms without).
 * Nothing else is translated, so nothing can be lost on the way.
 */
export type OutboxEntry = Omit<RecordChange, 'stamps'> & { stamps?: RecordChange['stamps']; seq?: number };

/** A change as the outbox keeps it: without `stamps` when every field's stamp is the change's `hlc`. */
export function outboxEntry(change: RecordChange): OutboxEntry {
  const { stamps, ...rest } = change;
  for (const field in change.fields) if (stamps[field] !== change.hlc) return change;
  return Object.keys(stamps).length === Object.keys(change.fields).length ? rest : change;
}

/** The change on the wire: every field stamped, the queue position dropped. */
export function wireChange(entry: OutboxEntry): RecordChange {
  const { seq: _seq, stamps, ...rest } = entry;
  if (stamps) return { ...rest, stamps };
  const all: Record<string, RecordChange['hlc']> = {};
  for (const field in entry.fields) all[field] = entry.hlc;
  return { ...rest, stamps: all };
}

/**
 * One Yjs update of a minutes document. `pending` is 1 until the server has it
 * (IndexedDB cannot index booleans): while pending, the row is also its own
 * outbox entry, sent as a `TextChange` under `op`. The row carries its unit and
 * conference so the server can scope it without parsing the document id.
 */
export interface TextUpdateRow {
  seq?: number;
  docId: string;
  update: Uint8Array;
  pending: 0 | 1;
  op: string;
  unitId: string;
  conferenceId?: string | null;
}

/**
 * A change the office server refused (or one the device could not even send,
 * e.g. it fails the protocol's own schema). Kept with the reason so the person
 * sees what did not reach the office and why; it never blocks the rest of the
 * queue. The record itself keeps the device's value until someone edits it.
 */
export interface RefusedRow {
  seq?: number;
  op: string;
  change: WireChange;
  reason: RefusalReason | Reason;
  details?: unknown;
  /** Device-corrected time of the refusal, ms. */
  refusedAt: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export type SyncedTables = { [T in TableName]: Table<Stored<RecordOf<T>>, string> };

/**
 * The hall's audio (issue 11), device-local tables: what a recording part is (from "Ghi âm" to
 * "Dừng", or to a crash), its segments (each a complete file of its own recorder, ~30 s) and their
 * bytes, chunk by chunk as the recorder hands them over. Not synced records: the metadata is of no
 * use to a device without the bytes, and voices are personal data that must not reach every role
 * the record sync serves (see storage/audio.ts).
 */
export type AudioPartStatus = 'recording' | 'stopped' | 'interrupted';
export type AudioStopReason = 'user' | 'quota' | 'error' | 'crash';

export interface AudioPartRow {
  id: string;
  sessionId: string;
  unitId: string;
  conferenceId: string;
  mimeType: string;
  /** Room clock (store.now), ms. */
  startedAt: number;
  /** Room clock of the last chunk stored. */
  endedAt: number;
  status: AudioPartStatus;
  stopReason: AudioStopReason | null;
  /** When the office server confirmed it holds the whole part, every chunk's checksum matching (issue 11 item 5). */
  confirmedAt?: number | null;
  /** When the secretary freed its bytes on this device (only once confirmed): it plays from the server since. */
  freedAt?: number | null;
}

export interface AudioSegmentRow {
  /** `${partId}:${index}`. */
  id: string;
  partId: string;
  sessionId: string;
  index: number;
  mimeType: string;
  /** Room clock when its recorder started. */
  startedAt: number;
  /** Room clock when its last chunk arrived. */
  endedAt: number;
  chunks: number;
  bytes: number;
  /** Its chunks were deleted from this device after the server confirmed the part: it is on the server only. */
  freed?: boolean;
}

export interface AudioChunkRow {
  segmentId: string;
  index: number;
  /** Bytes, not a Blob: every IndexedDB (and fake-indexeddb) keeps a Uint8Array as it is. */
  data: Uint8Array;
}

export type DoiThoaiDb = Dexie &
  SyncedTables & {
    outbox: Table<OutboxEntry, number>;
    textUpdates: Table<TextUpdateRow, number>;
    refused: Table<RefusedRow, number>;
    meta: Table<MetaRow, string>;
    audioParts: Table<AudioPartRow, string>;
    audioSegments: Table<AudioSegmentRow, string>;
    audioChunks: Table<AudioChunkRow, [string, number]>;
  };

/**
 * Indexes are the queries the screens make; every synced table also indexes
 * `conferenceId` so a conference can be exported or synced as one unit.
 * Changing this schema means adding a version, never editing an old one:
 * tablets in the field upgrade from whatever they have.
 */
/** The synced tables version 1 had: later tables are declared by the version that adds them. */
type TablesOfV1 = Exclude<TableName, 'calendarYears'>;
const SCHEMA_V1: Record<TablesOfV1 | 'outbox' | 'textUpdates' | 'meta', string> = {
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

/**
 * Version 2, for sync: text rows are found by `pending` (what to push) and by
 * `op` (a pulled update this device already has is not stored twice); refused
 * changes get their own table. Outbox entries gain `kind` and `op` (no index
 * change: they are read in `seq` order and deleted by `seq`).
 */
const SCHEMA_V2: Partial<Record<keyof DoiThoaiDb & string, string>> = {
  textUpdates: '++seq, docId, [docId+pending], pending, op',
  refused: '++seq, op',
};

/**
 * Fills what version 2 needs in a version 1 database, keeping everything:
 * each outbox entry gets `kind: 'record'` and an operation id; each text row
 * gets an operation id and the unit and conference of its session (a row of a
 * session this device no longer has falls back to the device's unit, so it can
 * still be sent and is never dropped).
 */
/**
 * An operation id for a change queued before version 2. Not a uuid v7 (only uniqueness matters
 * for an op, and the uuid package is not in the first screen's JavaScript, which opens the
 * database): 128 random bits, which `crypto.getRandomValues` gives on plain-HTTP LAN pages too.
 */
function upgradeOp(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `v1-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function upgradeToV2(tx: Transaction): Promise<void> {
  // Read and put back whole rows rather than `modify`: modify deep-clones each row, which can turn
  // a Yjs update's Uint8Array into a plain object (seen with fake-indexeddb); a put keeps the bytes.
  const outbox = (await tx.table('outbox').toArray()) as Record<string, unknown>[];
  for (const entry of outbox) {
    entry['kind'] = 'record';
    if (typeof entry['op'] !== 'string') entry['op'] = upgradeOp();
  }
  await tx.table('outbox').bulkPut(outbox);
  const sessions = new Map<string, { unitId: string; conferenceId?: string }>();
  for (const s of (await tx.table('sessions').toArray()) as { id: string; unitId: string; conferenceId?: string }[]) sessions.set(s.id, s);
  const units = ((await tx.table('units').toArray()) as { id: string }[]).map((u) => u.id).sort();
  const fallbackUnit = units[0] ?? '';
  const rows = (await tx.table('textUpdates').toArray()) as Record<string, unknown>[];
  for (const row of rows) {
    if (typeof row['op'] !== 'string') row['op'] = upgradeOp();
    const sessionId = sessionIdOfMinutesDoc(String(row['docId']));
    const session = sessionId ? sessions.get(sessionId) : undefined;
    row['unitId'] = session?.unitId ?? fallbackUnit;
    row['conferenceId'] = session?.conferenceId ?? null;
  }
  await tx.table('textUpdates').bulkPut(rows);
}

/**
 * Version 3 adds tables only:
 * - the unit's working-day calendar, one record per unit and year (issue 9), read whole by the one
 *   calendar every deadline uses;
 * - the hall's audio (issue 11): parts by session; segments by part and by session (a play finds
 *   the segment of a moment among the session's); chunks keyed by segment and position, so a
 *   segment's file is one key range, read in order.
 */
const SCHEMA_V3: Partial<Record<keyof DoiThoaiDb & string, string>> = {
  calendarYears: 'id, unitId, year',
  audioParts: 'id, sessionId, status',
  audioSegments: 'id, partId, sessionId',
  audioChunks: '[segmentId+index], segmentId',
};

export function openDatabase(name = 'doithoai'): DoiThoaiDb {
  // 'strict': a transaction counts as done only once it is flushed to disk, so what the secretary
  // typed survives a dead battery, not just a crashed tab (Chromium's default is 'relaxed').
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as DoiThoaiDb;
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2).upgrade(upgradeToV2);
  db.version(3).stores(SCHEMA_V3);
  return db;
}

