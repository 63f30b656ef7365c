/**
 * The sync engine: brings this device and the office server to the same
 * records and the same minutes, over any `Transport`. No Solid, no DOM beyond
 * the optional browser hooks in `start()`: the convergence test runs it as is.
 *
 * One run, in order:
 *   1. hello: versions, the server's id (a new id means a new log: pull from 0);
 *   2. if this device's clock turned out to be far ahead, re-stamp what it has
 *      not sent yet (`restampFarFuture`), so its edits are not refused;
 *   3. push the outbox (records, then pending text rows) in batches; delete
 *      only what the server acknowledged (`applied` / `duplicate`); a `refused`
 *      change moves to the `refused` table with its reason and never blocks
 *      the rest; no answer at all keeps everything for the next run;
 *   4. pull pages and apply each with its cursor (`applyRemote`) until `more`
 *      is false;
 *   5. now and then, exchange state vectors of every minutes document: the
 *      server sends what we lack and we send what it lacks, which recovers
 *      anything a lost pending flag or an interrupted push could have hidden.
 * Every exchange measures the server's clock (`RoomClock`).
 *
 * Runs never overlap in a tab, and only one tab of a browser runs at a time
 * (Web Locks; where there are none, as in jsdom, the tab's own queue suffices).
 */
import * as v from 'valibot';
import { v7 as uuidv7 } from 'uuid';
import * as Y from 'yjs';
import {
  ChangeSchema,
  PROTOCOL_VERSION,
  RECORD_SCHEMA_VERSION,
  SYNC_LIMITS,
  fromBase64,
  toBase64,
  type Change as WireChange,
  type PushResult,
  type Reason,
  type ServerTime,
  type TextChange,
} from '../protocol/index.ts';
import type { DoiThoaiDb, RefusedRow, TextUpdateRow } from '../storage/db.ts';
import { readStoredState } from '../storage/minutesText.ts';
import { currentUnit, getMeta } from '../storage/queries.ts';
import { applyRemote, applyRemoteText, readCursor, resetCursor, restampFarFuture } from '../storage/remote.ts';
import { effectiveConferenceId, scopeOfDoc } from '../storage/textScope.ts';
import { deviceId as readDeviceId } from '../storage/write.ts';
import type { RoomClock } from './clock.ts';
import { TransportError, type LiveChannel, type SyncFailure, type Transport } from './transport.ts';

/** The unit a device joined from the server's list, before its records have arrived. */
export const JOINED_UNIT_KEY = 'joinedUnit';
export const LAST_SYNC_KEY = 'lastSyncAt';
const DEVICE_NAME_KEY = 'deviceName';

/**
 * A push body stays under this: the server refuses bodies above 1 MiB, and a
 * long minutes update can be large. One change larger than this is still sent
 * alone (the server says whether it fits).
 */
const PUSH_BODY_BUDGET = 900 * 1024;

export type LiveState = 'live' | 'polling' | 'offline';

export interface SyncStatus {
  /** The browser thinks it has a network (navigator.onLine); whether the server answers is `lastError`. */
  readonly online: boolean;
  readonly syncing: boolean;
  /** Room-clock time of the last run that completed, kept across reloads. */
  readonly lastSyncAt: number | null;
  /** Why the last run failed, or null after a good one. */
  readonly lastError: SyncFailure | null;
  /** How changes from other devices reach this one now: pushed live, polled, or not at all. */
  readonly live: LiveState;
  /** Runs in a row that failed (0 after a good one). */
  readonly failedRuns: number;
}

export interface SyncEngineOptions {
  readonly db: DoiThoaiDb;
  readonly transport: Transport;
  readonly clock: RoomClock;
  readonly live?: LiveChannel;
  /** Between runs when nothing else starts one. */
  readonly intervalMs?: number;
  /** Between runs while the live channel is down but the server answers. */
  readonly pollMs?: number;
  /** After a local write, so a burst of writes goes in one push. */
  readonly afterWriteMs?: number;
  /** Exchange minutes state vectors at most this often (and on every "Sync now"). */
  readonly textExchangeMs?: number;
  readonly pullLimit?: number;
  readonly pushBatch?: number;
  /** Browser hooks (online, visibility, Web Locks); off in tests that drive the engine by hand. */
  readonly browser?: boolean;
}

export interface RunReport {
  readonly pushed: number;
  readonly refused: number;
  readonly pulled: number;
  readonly tooFarAhead: number;
}

type Listener = (s: SyncStatus) => void;

export class SyncEngine {
  private readonly db: DoiThoaiDb;
  private readonly transport: Transport;
  private readonly clock: RoomClock;
  private readonly opts: Required<Omit<SyncEngineOptions, 'db' | 'transport' | 'clock' | 'live'>>;
  private status: SyncStatus = { online: true, syncing: false, lastSyncAt: null, lastError: null, live: 'polling', failedRuns: 0 };
  private readonly listeners = new Set<Listener>();
  private running: Promise<RunReport | null> | null = null;
  private again = false;
  private forceText = false;
  private lastTextExchange = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stops: (() => void)[] = [];
  private liveOpen = false;
  private liveUnit: string | null = null;
  /** Only a started engine schedules itself; tests that call `run()` by hand get no timers. */
  private started = false;
  private stopped = false;

  private readonly liveChannel: LiveChannel | undefined;

  constructor(options: SyncEngineOptions) {
    this.liveChannel = options.live;
    this.db = options.db;
    this.transport = options.transport;
    this.clock = options.clock;
    this.opts = {
      intervalMs: options.intervalMs ?? 30_000,
      pollMs: options.pollMs ?? 3_000,
      afterWriteMs: options.afterWriteMs ?? 50,
      textExchangeMs: options.textExchangeMs ?? 5 * 60_000,
      pullLimit: options.pullLimit ?? SYNC_LIMITS.pullPage,
      pushBatch: Math.min(options.pushBatch ?? SYNC_LIMITS.pushBatch, SYNC_LIMITS.pushBatch),
      browser: options.browser ?? false,
    };
  }

  // ------------------------------------------------------------ status

  getStatus(): SyncStatus {
    return this.status;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<SyncStatus>): void {
    const next = { ...this.status, ...patch };
    if ((Object.keys(patch) as (keyof SyncStatus)[]).every((k) => next[k] === this.status[k])) return;
    this.status = next;
    for (const l of this.listeners) l(next);
  }

  private liveState(): LiveState {
    if (!this.status.online) return 'offline';
    return this.liveOpen ? 'live' : 'polling';
  }

  // ------------------------------------------------------------ triggers

  /** Starts the engine: a run now, then on every trigger until `stop()`. */
  async start(): Promise<void> {
    this.stopped = false;
    this.started = true;
    const last = await getMeta<number>(this.db, LAST_SYNC_KEY);
    this.set({ lastSyncAt: last ?? null });
    if (this.opts.browser && typeof window !== 'undefined') {
      const online = () => {
        this.set({ online: true });
        this.set({ live: this.liveState() });
        this.schedule(0);
      };
      const offline = () => this.set({ online: false, live: 'offline' });
      const visible = () => {
        if (document.visibilityState === 'visible') this.schedule(0);
      };
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      document.addEventListener('visibilitychange', visible);
      this.stops.push(() => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
        document.removeEventListener('visibilitychange', visible);
      });
      if (typeof navigator !== 'undefined' && navigator.onLine === false) this.set({ online: false, live: 'offline' });
    }
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.cancelTimer();
    for (const s of this.stops.splice(0)) s();
    this.closeLive();
  }

  /** A local write happened: push it shortly (a burst of writes goes as one push). */
  poke(): void {
    this.schedule(this.opts.afterWriteMs);
  }

  /** "Đồng bộ ngay": a full run now, minutes state vectors included. Resolves when it is done. */
  async syncNow(): Promise<RunReport | null> {
    this.forceText = true;
    return this.run();
  }

  /** The units the server keeps, for a device with none yet (measures the clock like any exchange). */
  async listUnits(): Promise<readonly { readonly id: string; readonly name: string }[]> {
    return (await this.exchange(() => this.transport.units())).units;
  }

  /** Works for `unitId` from now on: its records, sessions and minutes arrive with this run's pull. */
  async join(unitId: string): Promise<void> {
    await this.db.meta.put({ key: JOINED_UNIT_KEY, value: unitId });
    await this.syncNow();
  }

  /**
   * Asks for a run within `delay`. A pending run is only ever brought forward, never put off: a live
   * event that arrives while a run is finishing must not be pushed back to the next interval by that
   * run's own "see you in 30 s".
   */
  private schedule(delay: number): void {
    if (this.stopped || !this.started) return;
    const at = Date.now() + delay;
    if (this.timer !== undefined && at >= this.dueAt) return;
    clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dueAt = Infinity;
      void this.run();
    }, delay);
  }

  private dueAt = Infinity;
  private device: string | undefined;

  private cancelTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Infinity;
  }

  /** The next run when nothing else asks for one: sooner while the live channel is down and the server answers. */
  private scheduleNext(): void {
    const polling = this.status.online && !this.liveOpen;
    this.schedule(polling ? this.opts.pollMs : this.opts.intervalMs);
  }

  // ------------------------------------------------------------ live channel

  private openLive(unit: string): void {
    if (!this.liveChannel || this.liveUnit === unit || this.stopped) return;
    this.closeLive();
    this.liveUnit = unit;
    const close = this.liveChannel.open(unit, {
      onChange: () => this.schedule(0),
      onState: (open) => {
        const wasOpen = this.liveOpen;
        this.liveOpen = open;
        this.set({ live: this.liveState() });
        // Reconnected: whatever happened while the channel was down is pulled now.
        if (open && !wasOpen) this.schedule(0);
        if (!open) this.scheduleNext();
      },
    });
    this.closeLiveFn = close;
  }

  private closeLiveFn: (() => void) | null = null;

  private closeLive(): void {
    this.closeLiveFn?.();
    this.closeLiveFn = null;
    this.liveUnit = null;
    this.liveOpen = false;
  }

  // ------------------------------------------------------------ one run

  /** One run, or a join of the one in flight followed by another (what was written meanwhile goes too). */
  async run(): Promise<RunReport | null> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    // Starting now covers whatever asked for a run before this moment.
    this.cancelTimer();
    const go = async (): Promise<RunReport | null> => {
      let report: RunReport | null = null;
      do {
        this.again = false;
        report = await this.withLock(() => this.runOnce());
      } while (this.again && !this.stopped);
      return report;
    };
    this.running = go().finally(() => {
      this.running = null;
      this.scheduleNext();
    });
    return this.running;
  }

  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const locks = this.opts.browser && typeof navigator !== 'undefined' ? navigator.locks : undefined;
    // One tab of the browser syncs at a time: two tabs pushing the same outbox would only waste the Wi-Fi,
    // and two pulls applying pages with their cursors would race. The other tab waits its turn.
    if (locks?.request) return locks.request('doithoai-sync', fn) as Promise<T>;
    return fn();
  }

  private async runOnce(): Promise<RunReport | null> {
    this.set({ syncing: true });
    try {
      const report = await this.exchangeAll();
      const at = this.clock.now();
      await this.db.meta.put({ key: LAST_SYNC_KEY, value: at });
      this.set({ syncing: false, online: true, lastError: null, lastSyncAt: at, failedRuns: 0 });
      this.set({ live: this.liveState() });
      return report;
    } catch (error) {
      const reason: SyncFailure = error instanceof TransportError ? error.reason : 'internal';
      if (!(error instanceof TransportError)) console.error('sync: run failed', error);
      this.set({ syncing: false, lastError: reason, failedRuns: this.status.failedRuns + 1 });
      this.set({ live: this.liveState() });
      return null;
    }
  }

  /** Calls the server and measures its clock from the reply. */
  private async exchange<T extends ServerTime>(call: () => Promise<T>): Promise<T> {
    const t0 = this.clock.device();
    const reply = await call();
    const t1 = this.clock.device();
    if (typeof reply.serverTime === 'number' && Number.isFinite(reply.serverTime)) this.clock.sample(t0, t1, reply.serverTime);
    return reply;
  }

  private async exchangeAll(): Promise<RunReport> {
    const db = this.db;
    // Made once per profile and never changed: read once (its read writes, and every write here is a disk flush).
    const device = (this.device ??= await readDeviceId(db));
    const deviceName = (await getMeta<string>(db, DEVICE_NAME_KEY)) ?? '';
    const hello = await this.exchange(() =>
      this.transport.hello({ protocolVersion: PROTOCOL_VERSION, recordSchemaVersion: RECORD_SCHEMA_VERSION, deviceId: device, deviceName }),
    );
    const kept = await readCursor(db);
    // Another server, or this server's database restored from a backup: its log is not the one our cursor counts in.
    if (!kept || kept.serverId !== hello.serverId || kept.cursor > hello.head) await resetCursor(db, hello.serverId);

    await restampFarFuture(db, this.clock.now);
    const { pushed, refused } = await this.pushAll(device);

    const unit = (await currentUnit(db))?.id ?? (await getMeta<string>(db, JOINED_UNIT_KEY));
    let pulled = 0;
    let tooFarAhead = 0;
    if (unit) {
      this.openLive(unit);
      ({ pulled, tooFarAhead } = await this.pullAll(unit, hello.serverId));
      const due = this.forceText || this.clock.device() - this.lastTextExchange >= this.opts.textExchangeMs;
      if (due) {
        this.forceText = false;
        await this.exchangeText(unit, device);
        this.lastTextExchange = this.clock.device();
      }
    }
    await this.clock.save(db);
    return { pushed, refused, pulled, tooFarAhead };
  }

  // ------------------------------------------------------------ push

  private async pushAll(device: string): Promise<{ pushed: number; refused: number }> {
    let pushed = 0;
    let refusedCount = 0;
    for (;;) {
      const batch = await this.nextBatch();
      if (batch.length === 0) break;
      const settled = await this.pushBatch(device, batch);
      pushed += settled.acknowledged;
      refusedCount += settled.refused;
      // An answer that settled nothing (a server that returned no results) must not loop for ever.
      if (settled.acknowledged + settled.refused === 0) break;
    }
    return { pushed, refused: refusedCount };
  }

  /**
   * Pushes one batch and settles the answers. A batch the server refuses as a
   * whole (too large for its body limit, or failing its schema where ours
   * passed: a version skew) is split in halves until the one change at fault
   * is alone; that one is refused with the server's reason and the rest go on,
   * so no single change can block the queue.
   */
  private async pushBatch(device: string, batch: readonly QueuedChange[]): Promise<{ acknowledged: number; refused: number }> {
    let reply;
    try {
      reply = await this.exchange(() => this.transport.push({ deviceId: device, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes: batch.map((b) => b.change) }));
    } catch (error) {
      if (!(error instanceof TransportError) || (error.reason !== 'payload_too_large' && error.reason !== 'validation_failed')) throw error;
      if (batch.length === 1) {
        const op = batch[0]!.change.op;
        const answer: Answer = { op, status: 'refused', reason: error.reason, ...(error.details === undefined ? {} : { details: error.details }) };
        return this.settle(batch, new Map([[op, answer]]));
      }
      const half = Math.ceil(batch.length / 2);
      const first = await this.pushBatch(device, batch.slice(0, half));
      const second = await this.pushBatch(device, batch.slice(half));
      return { acknowledged: first.acknowledged + second.acknowledged, refused: first.refused + second.refused };
    }
    const byOp = new Map<string, PushResult>();
    for (const r of reply.results) byOp.set(r.op, r);
    return this.settle(batch, byOp);
  }

  /** The oldest queued changes, records first (in the order made), then minutes text, within one push's budget. */
  private async nextBatch(): Promise<QueuedChange[]> {
    const db = this.db;
    const out: QueuedChange[] = [];
    let bytes = 0;
    const fits = (change: WireChange) => {
      const size = JSON.stringify(change).length;
      if (out.length > 0 && bytes + size > PUSH_BODY_BUDGET) return false;
      bytes += size;
      return true;
    };
    const invalid: { row: QueuedChange; issues: unknown }[] = [];
    for (const entry of await db.outbox.orderBy('seq').limit(this.opts.pushBatch).toArray()) {
      const { seq, ...change } = entry;
      const queued: QueuedChange = { source: 'outbox', seq: seq!, change };
      // Checked here with the server's own schema: one malformed change must not make the server refuse the whole batch.
      const check = v.safeParse(ChangeSchema, change);
      if (!check.success) invalid.push({ row: queued, issues: check.issues.map((i) => i.message) });
      else if (!fits(change)) break;
      else out.push(queued);
    }
    if (out.length < this.opts.pushBatch && bytes < PUSH_BODY_BUDGET) {
      const rows = await db.textUpdates.where('pending').equals(1).limit(this.opts.pushBatch - out.length).toArray();
      for (const row of rows) {
        const change = await this.textChangeOf(row);
        if (!change) continue; // its session is not on this device yet: it waits, pending
        const queued: QueuedChange = { source: 'text', seq: row.seq!, change };
        const check = v.safeParse(ChangeSchema, change);
        if (!check.success) invalid.push({ row: queued, issues: check.issues.map((i) => i.message) });
        else if (!fits(change)) break;
        else out.push(queued);
      }
    }
    if (invalid.length > 0) {
      await this.settle(
        invalid.map((i) => i.row),
        new Map(invalid.map((i) => [i.row.change.op, { op: i.row.change.op, status: 'refused', reason: 'validation_failed', details: { local: i.issues } }])),
      );
      if (out.length === 0) return this.nextBatch();
    }
    return out;
  }

  private async textChangeOf(row: TextUpdateRow): Promise<TextChange | null> {
    let { unitId, conferenceId } = row;
    if (!unitId) ({ unitId, conferenceId } = await scopeOfDoc(this.db, row.docId));
    // A conference's documents row written before rows carried their conference still goes out under it.
    conferenceId = effectiveConferenceId(row.docId, conferenceId);
    if (!unitId) return null;
    return {
      kind: 'text',
      op: row.op,
      docId: row.docId,
      unitId,
      conferenceId: conferenceId ?? null,
      update: toBase64(row.update),
      deviceId: (this.device ??= await readDeviceId(this.db)),
    };
  }

  /**
   * Applies the server's answers in one transaction: acknowledged outbox
   * entries are deleted, acknowledged text rows stop being pending, refused
   * changes move to `refused` with their reason. A change with no answer stays
   * queued as it was.
   */
  private async settle(batch: readonly QueuedChange[], results: ReadonlyMap<string, Answer>): Promise<{ acknowledged: number; refused: number }> {
    const db = this.db;
    const now = this.clock.now();
    return db.transaction('rw', [db.outbox, db.textUpdates, db.refused], async () => {
      let acknowledged = 0;
      let refused = 0;
      for (const item of batch) {
        const result = results.get(item.change.op);
        if (!result) continue;
        if (result.status === 'refused') {
          const row: RefusedRow = { op: item.change.op, change: item.change, reason: result.reason, refusedAt: now };
          if (result.details !== undefined) row.details = result.details;
          await db.refused.add(row);
          refused += 1;
        } else acknowledged += 1;
        if (item.source === 'outbox') await db.outbox.delete(item.seq);
        else {
          // get + put, not `update`: Dexie's modify deep-clones the row and can lose the Uint8Array's type.
          const row = await db.textUpdates.get(item.seq);
          if (row) await db.textUpdates.put({ ...row, pending: 0 });
        }
      }
      return { acknowledged, refused };
    });
  }

  // ------------------------------------------------------------ pull

  private async pullAll(unit: string, serverId: string): Promise<{ pulled: number; tooFarAhead: number }> {
    let pulled = 0;
    let tooFarAhead = 0;
    let restarted = false;
    for (;;) {
      const after = (await readCursor(this.db))?.cursor ?? 0;
      let page;
      try {
        page = await this.exchange(() => this.transport.pull({ unit, after, limit: this.opts.pullLimit }));
      } catch (error) {
        // Our cursor is past the server's log (a restored backup): start again from its beginning, once.
        if (error instanceof TransportError && error.reason === 'stale_cursor' && !restarted) {
          restarted = true;
          await resetCursor(this.db, serverId);
          continue;
        }
        throw error;
      }
      // Nothing new and the cursor where it was: nothing to write (each write is a disk flush).
      if (page.changes.length === 0 && page.next === after) break;
      const report = await applyRemote(this.db, page.changes, { serverId, cursor: page.next }, this.clock.now);
      pulled += page.changes.length;
      tooFarAhead += report.tooFarAhead.length;
      if (report.tooFarAhead.length > 0) console.warn('sync: changes stamped too far ahead were not applied', report.tooFarAhead.map((c) => c.seq));
      if (!page.more || page.next <= after) break;
    }
    return { pulled, tooFarAhead };
  }

  // ------------------------------------------------------------ minutes state vectors

  private async exchangeText(unit: string, device: string): Promise<void> {
    const db = this.db;
    const docIds = (await db.textUpdates.orderBy('docId').uniqueKeys()) as string[];
    for (const docId of docIds) {
      const scope = await scopeOfDoc(db, docId);
      if (scope.unitId && scope.unitId !== unit) continue;
      const local = await readStoredState(db, docId);
      const reply = await this.exchange(() =>
        this.transport.text({ unitId: unit, docId, stateVector: toBase64(Y.encodeStateVectorFromUpdate(local)) }),
      );
      const theirs = fromBase64(reply.update);
      if (!isEmptyUpdate(theirs)) await applyRemoteText(db, docId, theirs);
      const serverVector = fromBase64(reply.stateVector);
      const missing = Y.diffUpdate(local, serverVector);
      if (isEmptyUpdate(missing)) continue;
      const change: TextChange = {
        kind: 'text',
        op: uuidv7(),
        docId,
        unitId: unit,
        conferenceId: scope.conferenceId,
        update: toBase64(missing),
        deviceId: device,
      };
      // Sent as it is, not queued: if it is lost, the next exchange finds the same gap again.
      await this.exchange(() => this.transport.push({ deviceId: device, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes: [change] }));
    }
  }
}

/** The server's answer for one change, or the device's own refusal of it (e.g. too large to send at all). */
type Answer = PushResult | { readonly op: string; readonly status: 'refused'; readonly reason: Reason; readonly details?: unknown };

interface QueuedChange {
  readonly source: 'outbox' | 'text';
  readonly seq: number;
  readonly change: WireChange;
}

/** An update with no structs and no deletions: what Yjs produces when nothing is missing. */
function isEmptyUpdate(update: Uint8Array): boolean {
  if (update.byteLength <= 2) return true;
  const decoded = Y.decodeUpdate(update);
  return decoded.structs.length === 0 && decoded.ds.clients.size === 0;
}

