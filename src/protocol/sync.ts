/**
 * The sync protocol: what a device and the office server say to each other.
 *
 * ONE shape of a change (`RecordChange`) is used by the device's outbox, the
 * server's log and pull replies; minutes text travels as `TextChange` (Yjs
 * updates, which merge by themselves). Every message has a valibot schema here,
 * and the server parses every request body with it before anything else runs:
 * past that boundary the server only sees validated shapes.
 *
 * Ordering and idempotency, in brief (docs/sync-protocol.md has the whole of it):
 * - every change carries an operation id `op` (uuid v7) made on the device;
 *   the server applies an op at most once, so a retry after a lost response is
 *   answered `duplicate` and changes nothing;
 * - the server gives every change it accepts a sequence number `seq`, strictly
 *   increasing per server and never reused; a pull asks for "after seq N" and no
 *   committed change can ever appear below a cursor already handed out;
 * - records merge per field by HLC stamp (`domain/merge.ts`), so applying the
 *   same set of changes in any order gives the same record on every device.
 */
import * as v from 'valibot';
import { TABLE_NAMES, type TableName } from '../domain/model.ts';
import type { Hlc } from '../domain/clock.ts';
import { isHlc } from '../domain/clock.ts';

/**
 * The version of the record shapes (`RECORD_SCHEMAS`). Exchanged in the
 * handshake: the server accepts pushes from this version and the one before
 * (new record fields are always optional with a default, so an older app's
 * records stay valid); anything older is told to update (`schema_too_old`) and
 * keeps its data.
 */
export const RECORD_SCHEMA_VERSION = 2;
export const OLDEST_ACCEPTED_RECORD_SCHEMA_VERSION = RECORD_SCHEMA_VERSION - 1;

/** Limits a request must stay within; the server refuses more with `payload_too_large`. */
export const SYNC_LIMITS = {
  /** Changes in one push: the client sends its outbox in batches of at most this. */
  pushBatch: 500,
  /** Changes in one pull page. */
  pullPage: 1000,
  /** One text update, base64: a long paste is far below this; a compacted 20,000-word doc too. */
  textUpdateBase64: 4 * 1024 * 1024,
  /** A stamp this far ahead of the server's clock is refused (`clock_skew`), never allowed to win every later edit. */
  maxFutureMs: 24 * 60 * 60 * 1000,
} as const;

/**
 * What this server accepts beyond `SYNC_LIMITS`, announced in the hello reply
 * (`limits`, added in protocol 2 without a version change: an older server
 * announces nothing, and a client then keeps to `SYNC_LIMITS`, which every
 * server accepts). Why bigger batches: each push and each pulled page is one
 * IndexedDB transaction flushed to disk on the device, and one round trip; a
 * tablet joining a unit of 10,000 changes makes 3 pulls instead of 10, and a
 * door tablet coming back online 5 pushes instead of 20.
 */
export const SERVER_LIMITS = {
  pushBatch: 2000,
  pullPage: 5000,
} as const;

/** The `limits` of a hello reply. */
export interface AnnouncedLimits {
  /** Most changes in one push. */
  readonly pushBatch: number;
  /** Most changes in one pull page (`limit`). */
  readonly pullPage: number;
  /** Most bytes (UTF-8) in one push body. */
  readonly pushBytes: number;
}

// ---------------------------------------------------------------- building blocks

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const Op = v.pipe(v.string(), v.minLength(8), v.maxLength(64));
const DeviceId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const HlcSchema = v.custom<Hlc>(isHlc, 'invalid_hlc');
const FieldName = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const Table = v.picklist(TABLE_NAMES as [TableName, ...TableName[]]);
/** Base64 of binary data (Yjs updates and state vectors). */
const Base64 = v.pipe(v.string(), v.maxLength(SYNC_LIMITS.textUpdateBase64), v.regex(/^[A-Za-z0-9+/]*={0,2}$/));

/**
 * A change to one record: only the fields this change wrote, each with the
 * HLC stamp of its value. A delete is `{ deleted: true }`, an undelete
 * `{ deleted: false }`: the tombstone merges like any field.
 */
export const RecordChangeSchema = v.object({
  kind: v.literal('record'),
  op: Op,
  table: Table,
  id: Id,
  unitId: Id,
  /** Absent (or null) for unit-wide records: the unit itself, departments, responders. */
  conferenceId: v.optional(v.nullable(Id)),
  fields: v.pipe(v.record(FieldName, v.unknown()), v.check((f) => Object.keys(f).length > 0 && Object.keys(f).length <= 64, 'fields')),
  stamps: v.record(FieldName, HlcSchema),
  /** The device that made the change: the HLC tie-break, and (with accounts) the audit trail's "from which device". */
  deviceId: DeviceId,
  /** The highest of `stamps`. */
  hlc: HlcSchema,
});
export type RecordChange = v.InferOutput<typeof RecordChangeSchema>;

/** One Yjs update of a session's minutes document. */
export const TextChangeSchema = v.object({
  kind: v.literal('text'),
  op: Op,
  docId: Id,
  unitId: Id,
  conferenceId: v.optional(v.nullable(Id)),
  /** Yjs update (V1 encoding), base64. */
  update: Base64,
  deviceId: DeviceId,
});
export type TextChange = v.InferOutput<typeof TextChangeSchema>;

export const ChangeSchema = v.variant('kind', [RecordChangeSchema, TextChangeSchema]);
export type Change = RecordChange | TextChange;

/** A change as the server's log holds it and a pull returns it. */
export type LoggedChange = Change & {
  /** Server-assigned position in the log: the pull cursor. */
  readonly seq: number;
  /** Server wall time (ms) when it was accepted: for people reading the history, never for ordering. */
  readonly receivedAt: number;
};

// ---------------------------------------------------------------- messages

/** Every reply carries the server's clock so the device can measure its offset on every exchange. */
export interface ServerTime {
  /** Server wall time, epoch ms, when the reply was made. */
  readonly serverTime: number;
}

/** POST /api/sync/hello: the handshake, before anything else and whenever the app starts. */
export const HelloRequestSchema = v.object({
  protocolVersion: v.pipe(v.number(), v.integer()),
  recordSchemaVersion: v.pipe(v.number(), v.integer()),
  deviceId: DeviceId,
  /** What the person called this device in Settings, for the office's list of devices. */
  deviceName: v.optional(v.pipe(v.string(), v.maxLength(200)), ''),
});
export type HelloRequest = v.InferOutput<typeof HelloRequestSchema>;

export interface HelloResponse extends ServerTime {
  readonly protocolVersion: number;
  readonly recordSchemaVersion: number;
  /** Stable id of this server's database: a device that sees it change (restored backup, another office) starts its cursor again. */
  readonly serverId: string;
  /** The newest seq in the log right now. */
  readonly head: number;
  /** What this server accepts beyond `SYNC_LIMITS` (absent from older servers: keep to `SYNC_LIMITS`). */
  readonly limits?: AnnouncedLimits;
}

/** POST /api/sync/push */
export const PushRequestSchema = v.object({
  deviceId: DeviceId,
  recordSchemaVersion: v.pipe(v.number(), v.integer()),
  changes: v.pipe(v.array(ChangeSchema), v.minLength(1), v.maxLength(SERVER_LIMITS.pushBatch)),
});
export type PushRequest = v.InferOutput<typeof PushRequestSchema>;

/**
 * What became of one pushed change, in the order sent:
 * - `applied`: in the log now, at `seq`;
 * - `duplicate`: this op was applied before (a retry); nothing changed;
 * - `refused`: not applied, with a reason; the device keeps it and shows it.
 *   Refusing one change never refuses the others in the batch.
 */
export type PushResult =
  | { readonly op: string; readonly status: 'applied'; readonly seq: number }
  | { readonly op: string; readonly status: 'duplicate' }
  | { readonly op: string; readonly status: 'refused'; readonly reason: RefusalReason; readonly details?: unknown };

export interface PushResponse extends ServerTime {
  readonly results: readonly PushResult[];
  readonly head: number;
}

/** Why one change in a push was refused (the request as a whole was fine). */
export const REFUSAL_REASONS = ['validation_failed', 'clock_skew', 'forbidden', 'scope_mismatch', 'schema_too_old'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** GET /api/sync/pull?unit=<unitId>&after=<seq>&limit=<n> */
export const PullQuerySchema = v.object({
  unit: Id,
  after: v.pipe(v.string(), v.regex(/^\d{1,15}$/), v.transform(Number)),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,5}$/), v.transform(Number), v.minValue(1), v.maxValue(SERVER_LIMITS.pullPage))),
});
export type PullQuery = v.InferOutput<typeof PullQuerySchema>;

export interface PullResponse extends ServerTime {
  readonly changes: readonly LoggedChange[];
  /**
   * The cursor for the next pull; the device stores it as it is. With `more`,
   * the seq of the last change returned; without, the log's head (which may be
   * above the last change returned: other units' changes), so the cursor can be
   * compared with the `head` of hello, push and live events. Never below `after`.
   */
  readonly next: number;
  /** True when more changes wait after `next`: pull again at once. */
  readonly more: boolean;
}

/** POST /api/sync/text: "give me what I lack of this document". */
export const TextDiffRequestSchema = v.object({
  unitId: Id,
  docId: Id,
  /** Yjs state vector of the device's copy, base64 (empty string: the whole document). */
  stateVector: Base64,
});
export type TextDiffRequest = v.InferOutput<typeof TextDiffRequestSchema>;

export interface TextDiffResponse extends ServerTime {
  readonly docId: string;
  /** A Yjs update with exactly what the device's state vector lacks, base64. */
  readonly update: string;
  /** The server's state vector, base64: the device sends back what the server lacks. */
  readonly stateVector: string;
}

/** GET /api/sync/units: the units this server keeps, so a new device can join one. */
export interface UnitsResponse extends ServerTime {
  readonly units: readonly { readonly id: string; readonly name: string }[];
}

/**
 * GET /api/sync/events?unit=<unitId>: server-sent events. One `change` event
 * each time the unit's log grows (`data: {"head": 1234}`), and a comment line
 * every 15 s so proxies and the device notice a dead connection. The event says
 * only that something changed; the device pulls to learn what.
 */
export interface LiveNotification {
  readonly head: number;
}

export const SYNC_API = {
  hello: '/api/sync/hello',
  push: '/api/sync/push',
  pull: '/api/sync/pull',
  text: '/api/sync/text',
  units: '/api/sync/units',
  events: '/api/sync/events',
} as const;

// ---------------------------------------------------------------- binary helpers

/** Base64 without Node's Buffer or the DOM, so both sides use the same code. */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
