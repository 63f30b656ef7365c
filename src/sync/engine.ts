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
  type AnnouncedLimits,
  type Change as WireChange,
  type PushResult,
  type Reason,
  type ServerTime,
  type TextChange,
} from '../protocol/index.ts';
import { wireChange, type DoiThoaiDb, type RefusedRow, type TextUpdateRow } from '../storage/db.ts';
import { readStoredState } from '../storage/minutesText.ts';
import { currentUnit, getMeta } from '../storage/queries.ts';
import { applyRemote, applyRemoteText, readCursor, resetCursor, restampFarFuture } from '../storage/remote.ts';
import { readPendingTextRows } from '../storage/textRows.ts';
import { effectiveConferenceId, scopeOfDoc } from '../storage/textScope.ts';
import { deviceId as readDeviceId } from '../storage/write.ts';
import type { RoomClock } from './clock.ts';
import { TransportError, encodePush, type EncodedPush, type LiveChannel, type SyncFailure, type Transport } from './transport.ts';

/** The unit a device joined from the server's list, before its records have arrived. */
export const JOINED_UNIT_KEY = 'joinedUnit';
export const LAST_SYNC_KEY = 'lastSyncAt';
const DEVICE_NAME_KEY = 'deviceName';

/**
 * A push body stays under this with a server that announces no limits (an
 * older one refused bodies above 1 MiB), and a long minutes update can be
 * large. One change larger than this is still sent alone (the server says
 * whether it fits).
 */
const PUSH_BODY_BUDGET = 900 * 1024;

/** Changes in the first page of a pull: a usual sync fits in it; a long one is under way sooner. */
const FIRST_PULL_PAGE = 500;

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
  /** At most this many changes per pull page / push (tests); otherwise as many as the server takes. */
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
      pullLimit: options.pullLimit ?? Infinity,
      pushBatch: options.pushBatch ?? Infinity,
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
  /** What the server takes per push and per page, from its hello: SYNC_LIMITS until it announces more. */
  private limits = { pushBatch: SYNC_LIMITS.pushBatch as number, pullPage: SYNC_LIMITS.pullPage as number, pushBudget: PUSH_BODY_BUDGET };

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
    this.limits = limitsFrom(hello.limits, this.opts);
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

  /**
   * Pushes the outbox, a batch at a time, with the device's disk and the server
   * working at once: batch n+1 is read from the outbox and encoded while batch
   * n is on the wire, and n's answers are settled (a transaction flushed to
   * disk) while n+1 is. Batch n+1 is only SENT once the server has answered n, so the server
   * still receives this device's changes in the order they were made (a
   * record's creation before its edits).
   */
  private async pushAll(device: string): Promise<{ pushed: number; refused: number }> {
    let pushed = 0;
    let refusedCount = 0;
    const count = (settled: Settled) => {
      pushed += settled.acknowledged;
      refusedCount += settled.refused;
      return settled.acknowledged + settled.refused;
    };
    let settling: Promise<number> | null = null;
    let batch = this.batchOf(device, await this.nextBatch());
    try {
      while (batch.items.length > 0) {
        // Read (and encode) past this batch: its own entries stay in the outbox until its answers are settled.
        const ahead = this.nextBatch(inFlight(batch.items)).then((items) => this.batchOf(device, items));
        let sent;
        try {
          sent = await this.sendBatch(device, batch);
        } catch (error) {
          await ahead.catch(() => undefined);
          throw error;
        }
        // An answer that settled nothing (a server that returned no results) must not loop for ever.
        if (settling && (await settling) === 0) {
          settling = null;
          await ahead;
          break;
        }
        settling = 'settled' in sent ? Promise.resolve(count(sent.settled)) : this.settle(batch.items, sent.answers).then(count);
        batch = await ahead;
      }
    } finally {
      // Whatever happens next, what the server acknowledged leaves the outbox.
      if (settling) await settling;
    }
    return { pushed, refused: refusedCount };
  }

  /** Queued changes with their push, encoded now (see `EncodedPush`). */
  private batchOf(device: string, items: readonly QueuedChange[]): Batch {
    return { items, push: encodePush({ deviceId: device, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes: items.map((b) => b.change) }) };
  }

  /**
   * Sends one batch: the server's answers, to settle. A batch the server
   * refuses as a whole (too large for its body limit, or failing its schema
   * where ours passed: a version skew) is split in halves until the one change
   * at fault is alone; that one is refused with the server's reason and the
   * rest go on, so no single change can block the queue (those come back
   * already settled).
   */
  private async sendBatch(device: string, batch: Batch): Promise<{ answers: Map<string, Answer> } | { settled: Settled }> {
    let reply;
    try {
      reply = await this.exchange(() => this.transport.push(batch.push));
    } catch (error) {
      if (!(error instanceof TransportError) || (error.reason !== 'payload_too_large' && error.reason !== 'validation_failed')) throw error;
      const { items } = batch;
      if (items.length === 1) {
        const op = items[0]!.change.op;
        const answer: Answer = { op, status: 'refused', reason: error.reason, ...(error.details === undefined ? {} : { details: error.details }) };
        return { settled: await this.settle(items, new Map([[op, answer]])) };
      }
      const half = Math.ceil(items.length / 2);
      const first = await this.pushBatch(device, this.batchOf(device, items.slice(0, half)));
      const second = await this.pushBatch(device, this.batchOf(device, items.slice(half)));
      return { settled: { acknowledged: first.acknowledged + second.acknowledged, refused: first.refused + second.refused } };
    }
    const byOp = new Map<string, Answer>();
    for (const r of reply.results) byOp.set(r.op, r);
    return { answers: byOp };
  }

  /** One batch sent and settled before anything else (the halves of a batch refused whole). */
  private async pushBatch(device: string, batch: Batch): Promise<Settled> {
    const sent = await this.sendBatch(device, batch);
    return 'settled' in sent ? sent.settled : this.settle(batch.items, sent.answers);
  }

  /** The oldest queued changes, records first (in the order made), then minutes text, within one push's budget. */
  private async nextBatch(skip: InFlight = NOTHING_IN_FLIGHT): Promise<QueuedChange[]> {
    const db = this.db;
    const out: QueuedChange[] = [];
    let bytes = 0;
    const fits = (change: WireChange) => {
      const size = JSON.stringify(change).length;
      if (out.length > 0 && bytes + size > this.limits.pushBudget) return false;
      bytes += size;
      return true;
    };
    const invalid: { row: QueuedChange; issues: unknown }[] = [];
    const most = this.limits.pushBatch;
    for (const entry of await db.outbox.where('seq').above(skip.outboxAfter).limit(most).toArray()) {
      const change = wireChange(entry);
      const queued: QueuedChange = { source: 'outbox', seq: entry.seq!, change };
      // Checked here with the server's own schema: one malformed change must not make the server refuse the whole batch.
      const check = v.safeParse(ChangeSchema, change);
      if (!check.success) invalid.push({ row: queued, issues: check.issues.map((i) => i.message) });
      else if (!fits(change)) break;
      else out.push(queued);
    }
    if (out.length < most && bytes < this.limits.pushBudget) {
      const rows = await readPendingTextRows(db, most - out.length + skip.texts.size);
      for (const row of rows.filter((r) => !skip.texts.has(r.seq!)).slice(0, most - out.length)) {
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
      if (out.length === 0) return this.nextBatch(skip);
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
      const refusedRows: RefusedRow[] = [];
      const outboxDone: number[] = [];
      const textDone: number[] = [];
      for (const item of batch) {
        const result = results.get(item.change.op);
        if (!result) continue;
        if (result.status === 'refused') {
          const row: RefusedRow = { op: item.change.op, change: item.change, reason: result.reason, refusedAt: now };
          if (result.details !== undefined) row.details = result.details;
          refusedRows.push(row);
        } else acknowledged += 1;
        (item.source === 'outbox' ? outboxDone : textDone).push(item.seq);
      }
      // In bulk, one request per table: a batch of 500 settled one `delete` at a time was a tenth of a push.
      if (refusedRows.length > 0) await db.refused.bulkAdd(refusedRows);
      // A run of consecutive seqs goes as one key-range delete: bulkDelete is a request per key, and the
      // live-query bookkeeping adds each key to its range set one by one (for a 2,000-change batch,
      // most of the page's work in a push). Only seqs that follow one another with no number between
      // are joined, so a range never reaches an entry this batch did not carry.
      for (const [from, to] of consecutiveRuns(outboxDone)) {
        if (from === to) await db.outbox.delete(from);
        else await db.outbox.where(':id').between(from, to, true, true).delete();
      }
      if (textDone.length > 0) {
        // get + put, not `update`: Dexie's modify deep-clones the row and can lose the Uint8Array's type.
        const rows = await db.textUpdates.bulkGet(textDone);
        const settled = rows.flatMap((row) => (row ? [{ ...row, pending: 0 as const }] : []));
        if (settled.length > 0) await db.textUpdates.bulkPut(settled);
      }
      return { acknowledged, refused: refusedRows.length };
    });
  }

  // ------------------------------------------------------------ pull

  /**
   * Pulls pages until the server has nothing more. Page n+1 is asked for (it
   * needs only page n's `next`) while page n is applied: the server and the
   * device's disk work at once. Pages are still applied one after another, each
   * with its cursor, so a crash leaves a prefix applied and nothing skipped.
   */
  private async pullAll(unit: string, serverId: string): Promise<{ pulled: number; tooFarAhead: number }> {
    let pulled = 0;
    let tooFarAhead = 0;
    let restarted = false;
    const fetchPage = (after: number, limit = this.limits.pullPage) => this.exchange(() => this.transport.pull({ unit, after, limit }));
    let after = (await readCursor(this.db))?.cursor ?? 0;
    // The first page small: the device starts writing it while the server reads the next, full one,
    // instead of both waiting for a full page (a fresh tablet joining a unit waited ~100 ms for 5,000).
    let request = fetchPage(after, Math.min(FIRST_PULL_PAGE, this.limits.pullPage));
    for (;;) {
      let page;
      try {
        page = await request;
      } catch (error) {
        // Our cursor is past the server's log (a restored backup): start again from its beginning, once.
        if (error instanceof TransportError && error.reason === 'stale_cursor' && !restarted) {
          restarted = true;
          await resetCursor(this.db, serverId);
          after = 0;
          request = fetchPage(after);
          continue;
        }
        throw error;
      }
      // Nothing new and the cursor where it was: nothing to write (each write is a disk flush).
      if (page.changes.length === 0 && page.next === after) break;
      const following = page.more && page.next > after ? fetchPage(page.next) : null;
      // If applying this page fails, the page asked for ahead is dropped, not left as an unhandled rejection.
      following?.catch(() => undefined);
      const report = await applyRemote(this.db, page.changes, { serverId, cursor: page.next }, this.clock.now);
      pulled += page.changes.length;
      tooFarAhead += report.tooFarAhead.length;
      if (report.tooFarAhead.length > 0) console.warn('sync: changes stamped too far ahead were not applied', report.tooFarAhead.map((c) => c.seq));
      if (!following) break;
      after = page.next;
      request = following;
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
      const push = encodePush({ deviceId: device, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes: [change] });
      await this.exchange(() => this.transport.push(push));
    }
  }
}

/**
 * Batch sizes for this server: what it announced (never more than the engine's own options), else
 * `SYNC_LIMITS`. The body budget counts JSON characters, and a Vietnamese letter can take 3 bytes
 * of UTF-8: half the announced bytes keeps a body of names well inside the server's limit.
 */
function limitsFrom(announced: AnnouncedLimits | undefined, opts: { pushBatch: number; pullLimit: number }) {
  const valid = (n: unknown, floor: number) => (typeof n === 'number' && Number.isInteger(n) && n >= floor ? n : floor);
  return {
    pushBatch: Math.min(opts.pushBatch, valid(announced?.pushBatch, SYNC_LIMITS.pushBatch)),
    pullPage: Math.min(opts.pullLimit, valid(announced?.pullPage, SYNC_LIMITS.pullPage)),
    pushBudget: Math.max(PUSH_BODY_BUDGET, Math.floor(valid(announced?.pushBytes, 0) / 2)),
  };
}

/** The server's answer for one change, or the device's own refusal of it (e.g. too large to send at all). */
type Answer = PushResult | { readonly op: string; readonly status: 'refused'; readonly reason: Reason; readonly details?: unknown };

interface QueuedChange {
  readonly source: 'outbox' | 'text';
  readonly seq: number;
  readonly change: WireChange;
}

/** Changes sent together, and their push as it goes on the wire. */
interface Batch {
  readonly items: readonly QueuedChange[];
  readonly push: EncodedPush;
}

interface Settled {
  readonly acknowledged: number;
  readonly refused: number;
}

/** A batch on the wire, for reading the next one past it: its outbox entries are a prefix of the outbox (by seq), its text rows any. */
interface InFlight {
  readonly outboxAfter: number;
  readonly texts: ReadonlySet<number>;
}

const NOTHING_IN_FLIGHT: InFlight = { outboxAfter: -Infinity, texts: new Set() };

function inFlight(batch: readonly QueuedChange[]): InFlight {
  let outboxAfter = -Infinity;
  const texts = new Set<number>();
  for (const q of batch) {
    if (q.source === 'outbox') outboxAfter = Math.max(outboxAfter, q.seq);
    else texts.add(q.seq);
  }
  return { outboxAfter, texts };
}

/** `[from, to]` for each run of integers that follow one another (n, n+1, …), in ascending order. */
export function consecutiveRuns(seqs: readonly number[]): [number, number][] {
  const sorted = [...seqs].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const seq of sorted) {
    const last = runs.at(-1);
    if (last && seq === last[1] + 1) last[1] = seq;
    else if (!last || seq !== last[1]) runs.push([seq, seq]);
  }
  return runs;
}

/** An update with no structs and no deletions: what Yjs produces when nothing is missing. */
function isEmptyUpdate(update: Uint8Array): boolean {
  if (update.byteLength <= 2) return true;
  const decoded = Y.decodeUpdate(update);
  return decoded.structs.length === 0 && decoded.ds.clients.size === 0;
}

