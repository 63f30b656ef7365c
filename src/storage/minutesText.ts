/**
 * The minutes' text on this device: Yjs documents kept as rows of updates in
 * the `textUpdates` table, written so that what the secretary typed is on disk
 * a fraction of a second later, and merged with other devices' typing by Yjs.
 *
 * Why plain Yjs over our own table (and not y-dexie): y-dexie writes one
 * IndexedDB transaction per keystroke and, in a trial, lost most of a fast
 * typist's last 250 characters when Chromium was killed; its compaction also
 * drops the "not yet sent" flag (TOOLCHAIN.md, "Mergeable minutes text").
 *
 * The write discipline, per document:
 *   - every local Yjs update is queued in memory;
 *   - at most DEBOUNCE_MS after the first queued update, the queue is merged
 *     (Y.mergeUpdates) into one update and written through the one write path,
 *     `commit(db, [textUpdate(docId, merged)])`, which stores it as one row
 *     with `pending = 1` (the row is also its own outbox entry);
 *   - ONE write is in flight at a time; whatever is typed while it runs is
 *     queued and written, merged, as soon as it commits;
 *   - a failed write puts its update back at the head of the queue and is
 *     retried (with back-off, or at once on `retry()`/`flush()`): nothing typed
 *     is ever dropped, and the Y.Doc in memory holds it all meanwhile.
 * The timer is not reset by further typing (a throttle, not a debounce that
 * waits for a pause): a secretary who never pauses still has everything up to
 * roughly DEBOUNCE_MS + two transactions ago on disk.
 *
 * Updates that come *from* storage (loading, another tab, the sync engine) are
 * applied with the origin FROM_STORAGE and never written back.
 */
import { v7 as uuidv7 } from 'uuid';
import * as Y from 'yjs';
import { textUpdate } from './changes.ts';
import type { DoiThoaiDb, TextUpdateRow } from './db.ts';
import { onRowsAbove } from './follow.ts';
import { readDocRows, readTextRowsAbove, swapTextRows, type RowSwap } from './textRows.ts';
import { TEXT_SCOPE_TABLES, scopeOfDoc } from './textScope.ts';
import { commit } from './write.ts';

/**
 * 30 ms: long enough to take in one burst of input events (an IME replacing a
 * syllable, Unikey's backspace-and-retype, key repeat) as one row, short
 * enough that a key is on disk about 30 ms plus one or two transactions after
 * it was typed. Fast typing batches itself anyway: what comes in while a write
 * runs goes into the next one. (A benchmark with 100 ms showed the delay, not
 * the transaction, was most of the keystroke-to-disk time.)
 */
export const DEBOUNCE_MS = 30;
/**
 * Rows of one document above which it is compacted: steady typing writes a few
 * rows a second, so this is a minute or two of typing. Loading 500 small rows
 * is quick; merging them (in idle time) costs more the more often it runs.
 */
export const COMPACT_ABOVE_ROWS = 500;
/** Back-off between automatic retries of a failed write; the last value repeats. */
export const RETRY_DELAYS_MS: readonly number[] = [500, 1000, 2000, 5000, 10_000];

/** Transaction origin of updates read from the database: they are already stored. */
export const FROM_STORAGE = Symbol('minutes:from-storage');

export type SaveStatus = 'saved' | 'saving' | 'error';

export interface SaveState {
  readonly status: SaveStatus;
  /** `now()` when the last write's IndexedDB transaction committed; null before the first write. */
  readonly savedAt: number | null;
  readonly error: unknown;
}

/** Fired when a write has committed: what it covered, on the `performance.now()` clock (for tests and benchmarks). */
export interface DurableEvent {
  readonly docId: string;
  /** When the first and the last update in the write were queued. */
  readonly firstQueuedAt: number;
  readonly lastQueuedAt: number;
  /** When the write began (the queue was taken) and when its transaction committed. */
  readonly startedAt: number;
  readonly committedAt: number;
  readonly bytes: number;
}

export interface MinutesDocOptions {
  readonly now?: () => number;
  readonly debounceMs?: number;
  readonly compactAboveRows?: number;
  readonly retryDelaysMs?: readonly number[];
}

const perfNow = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function whenIdle(fn: () => void): void {
  if (typeof globalThis.requestIdleCallback === 'function') globalThis.requestIdleCallback(() => fn(), { timeout: 2000 });
  else setTimeout(fn, 0);
}

/** One minutes document, loaded from and saved to the database. */
export class PersistedMinutesDoc {
  readonly doc = new Y.Doc();
  private readonly now: () => number;
  private readonly debounceMs: number;
  private readonly compactAboveRows: number;
  private readonly retryDelaysMs: readonly number[];

  private queue: Uint8Array[] = [];
  private firstQueuedAt = 0;
  private lastQueuedAt = 0;
  private inFlight: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private savedAt: number | null = null;
  private error: unknown = null;
  /** The state last given to listeners. */
  private state: SaveState = { status: 'saved', savedAt: null, error: null };
  private readonly listeners = new Set<(s: SaveState) => void>();
  private readonly durableListeners = new Set<(e: DurableEvent) => void>();

  /** Highest row seq applied to the doc, and rows this object wrote (not to be applied back). */
  private lastSeq = 0;
  private readonly ownSeqs = new Set<number>();
  private rowCount = 0;
  private compacting = false;
  private stopObserving: (() => void) | null = null;
  private destroyed = false;
  /** Its screen has let go of it: it frees itself as soon as nothing is left unsaved. */
  private closing = false;

  private constructor(
    readonly db: DoiThoaiDb,
    readonly docId: string,
    options: MinutesDocOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.debounceMs = options.debounceMs ?? DEBOUNCE_MS;
    this.compactAboveRows = options.compactAboveRows ?? COMPACT_ABOVE_ROWS;
    this.retryDelaysMs = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  }

  /** Reads every row of `docId` into a new doc, then follows rows written later by other tabs or by sync. */
  static async load(db: DoiThoaiDb, docId: string, options: MinutesDocOptions = {}): Promise<PersistedMinutesDoc> {
    const self = new PersistedMinutesDoc(db, docId, options);
    const rows = await db.textUpdates.where('docId').equals(docId).toArray();
    self.applyRows(rows);
    self.rowCount = rows.length;
    self.doc.on('update', self.onUpdate);
    // Told which rows each transaction wrote (here, in another tab, by sync), it reads only when one is
    // newer than what it has: its own keystrokes' rows cost no read. Rows written between the read above
    // and this subscription are read once now.
    self.stopObserving = onRowsAbove(db, 'textUpdates', () => self.lastSeq, () => self.readLater());
    self.readLater();
    if (self.rowCount > self.compactAboveRows) self.scheduleCompaction();
    return self;
  }

  private reading: Promise<void> = Promise.resolve();
  /** A read is waiting for the one before it: a burst of notifications needs only that one. */
  private readQueued = false;

  /** Applies rows added after the last one seen, one read at a time. */
  private readLater(): void {
    if (this.readQueued) return;
    this.readQueued = true;
    this.reading = this.reading
      .then(async () => {
        // From here on a new notification queues another read: this one may miss what it announces.
        this.readQueued = false;
        if (this.destroyed) return;
        // A transaction that commits at once: while it waits for this tab's main thread it would hold the
        // table, and the other tab's next keystroke would wait behind it (textRows.ts).
        this.applyRows(await readTextRowsAbove(this.db, this.lastSeq));
      })
      .catch((e) => console.error('minutes: reading new rows failed', e));
  }

  private applyRows(rows: readonly TextUpdateRow[]): void {
    if (this.destroyed) return;
    const fresh = rows.filter((r) => r.docId === this.docId && r.seq !== undefined && r.seq > this.lastSeq && !this.ownSeqs.has(r.seq));
    for (const r of rows) if (r.seq !== undefined && r.seq > this.lastSeq) this.lastSeq = r.seq;
    for (const seq of this.ownSeqs) if (seq <= this.lastSeq) this.ownSeqs.delete(seq);
    if (fresh.length === 0) return;
    this.rowCount += fresh.length;
    this.doc.transact(() => {
      for (const row of fresh) Y.applyUpdate(this.doc, row.update, FROM_STORAGE);
    }, FROM_STORAGE);
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === FROM_STORAGE || this.destroyed) return;
    const at = perfNow();
    if (this.queue.length === 0) this.firstQueuedAt = at;
    this.lastQueuedAt = at;
    this.queue.push(update);
    this.schedule(this.debounceMs);
    this.emit();
  };

  // ------------------------------------------------------------ status

  getState(): SaveState {
    return this.state;
  }

  /** Calls `listener` on every change of the save state; returns the unsubscribe function. */
  subscribe(listener: (s: SaveState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onDurable(listener: (e: DurableEvent) => void): () => void {
    this.durableListeners.add(listener);
    return () => this.durableListeners.delete(listener);
  }

  /** True while something typed is not yet known to be on disk. */
  hasUnsaved(): boolean {
    return this.queue.length > 0 || this.inFlight !== null;
  }

  private emit(): void {
    const status: SaveStatus = this.error !== null ? 'error' : this.hasUnsaved() ? 'saving' : 'saved';
    const next: SaveState = { status, savedAt: this.savedAt, error: this.error };
    if (next.status === this.state.status && next.savedAt === this.state.savedAt && next.error === this.state.error) return;
    this.state = next;
    for (const l of this.listeners) l(next);
  }

  // ------------------------------------------------------------ writing

  private schedule(delay: number): void {
    // While a write runs, its completion starts the next one; while a timer waits, it will take the new update too.
    if (this.timer !== null || this.inFlight !== null || this.queue.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.writeNext();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Writes everything queued now as one row. Resolves when that write settled (never rejects). */
  private writeNext(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.queue.length === 0) return Promise.resolve();
    this.clearTimer();
    const batch = this.queue;
    const first = this.firstQueuedAt;
    const last = this.lastQueuedAt;
    this.queue = [];
    const startedAt = perfNow();
    const merged = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
    const run = (async () => {
      try {
        const [written] = await commit(this.db, [textUpdate(this.docId, merged)], this.now);
        const seq = Number(written);
        // Right after the last row seen: nobody else wrote in between, so there is nothing to read back.
        if (seq === this.lastSeq + 1) this.lastSeq = seq;
        else this.ownSeqs.add(seq);
        this.rowCount += 1;
        this.failures = 0;
        this.savedAt = this.now();
        this.error = null;
        const event: DurableEvent = {
          docId: this.docId,
          firstQueuedAt: first,
          lastQueuedAt: last,
          startedAt,
          committedAt: perfNow(),
          bytes: merged.byteLength,
        };
        for (const l of this.durableListeners) l(event);
        if (this.rowCount > this.compactAboveRows) this.scheduleCompaction();
      } catch (error) {
        // Back at the head of the queue, before anything typed meanwhile: the next write carries it.
        this.queue.unshift(merged);
        if (this.queue.length === 1) this.firstQueuedAt = first;
        this.lastQueuedAt = Math.max(this.lastQueuedAt, last);
        this.failures += 1;
        this.error = error;
      } finally {
        this.inFlight = null;
      }
      if (this.destroyed) return;
      if (this.closing && this.error === null && this.queue.length === 0) {
        this.finish();
        return;
      }
      if (this.error !== null) {
        const delay = this.retryDelaysMs[Math.min(this.failures, this.retryDelaysMs.length) - 1] ?? 1000;
        this.schedule(delay);
      } else if (this.queue.length > 0) {
        // Typed while the write ran: it has waited long enough, write it now.
        void this.writeNext();
      }
      this.emit();
    })();
    this.inFlight = run;
    this.emit();
    return run;
  }

  /** Tries a failed write again now (the "retry" button). */
  retry(): void {
    this.clearTimer();
    void this.writeNext();
  }

  /**
   * Resolves once everything typed before the call is committed; rejects if a
   * write fails (the update stays queued and is retried). For visibilitychange,
   * pagehide and closing the screen.
   */
  async flush(): Promise<void> {
    for (;;) {
      // Whatever runs now settles first; its completion may chain the next write.
      if (this.inFlight) await this.inFlight;
      if (this.inFlight) continue;
      if (this.queue.length === 0) return;
      // Queued (or put back by a failure): one attempt now, not at the back-off's pace.
      this.clearTimer();
      await this.writeNext();
      if (this.error !== null) throw this.error;
    }
  }

  // ------------------------------------------------------------ compaction

  /**
   * Compaction waits for idle time and for a moment with nothing queued or being
   * written: its merge grows with the document, and typing must never wait behind it.
   */
  private scheduleCompaction(): void {
    if (this.compacting || this.destroyed) return;
    this.compacting = true;
    const attempt = () => {
      if (this.destroyed) {
        this.compacting = false;
        return;
      }
      if (this.hasUnsaved()) {
        whenIdle(attempt);
        return;
      }
      void compactTextUpdates(this.db, this.docId)
        .then((result) => {
          for (const seq of result.newSeqs) this.ownSeqs.add(seq);
          // What the table holds now, not this doc's own tally less what it removed: another tab's
          // compaction deletes rows this tab counted, and with the tally never coming down, every
          // write compacted again (two tabs on one document did so ~80 times in 20 s of typing, each
          // time reading the whole document). A row written while the swap ran may go uncounted:
          // the count only decides when to compact next.
          this.rowCount = result.after;
        })
        .catch((e) => console.error('minutes: compaction failed', e))
        .finally(() => {
          this.compacting = false;
        });
    };
    whenIdle(attempt);
  }

  /**
   * Flushes, stops following the database and frees the doc. If the flush
   * fails, the doc is not freed: its retries go on in the background and it
   * frees itself once everything it holds is on disk (the screen is gone, the
   * text must not be). Rejects with the write's error in that case.
   */
  async destroy(): Promise<void> {
    this.closing = true;
    await this.flush();
    this.finish();
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  private finish(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.clearTimer();
    this.stopObserving?.();
    this.doc.off('update', this.onUpdate);
    this.doc.destroy();
    this.listeners.clear();
    this.durableListeners.clear();
  }
}

// ---------------------------------------------------------------- compaction

export interface CompactionResult {
  /** The document's rows when compaction read them. */
  readonly before: number;
  /** The document's rows once it swapped, counted in the swap's transaction (other writers' rows included). */
  readonly after: number;
  readonly newSeqs: readonly number[];
}

/**
 * Replaces a document's rows by at most two: everything the server already has
 * merged into one row with `pending = 0`, and everything not yet sent merged into
 * one row with `pending = 1`. A row's pending flag is never lost, and content the
 * server has is not sent again because it shared a row with new typing.
 *
 * Why this, alone, writes `textUpdates` without `commit`: it is not a change.
 * The merged rows hold exactly the updates they replace (Yjs merging is
 * lossless), so there is nothing to stamp or send; going through `commit` would
 * mark acknowledged text pending again and cannot delete rows.
 *
 * The merge runs with no transaction open: it costs more the longer the
 * minutes are (the acknowledged row holds the whole document), and a write of
 * what is being typed must not wait behind it. Only the swap is one short
 * transaction, so a crash leaves either the old rows or the merged ones; a group
 * whose rows changed meanwhile (acknowledged by sync, or compacted by another
 * tab) is left as it is, to be compacted next time.
 *
 * If the sync engine acknowledges seqs that were merged away meanwhile, the
 * merged pending row simply stays pending and is sent once more: Yjs ignores
 * updates it already has.
 */
export async function compactTextUpdates(db: DoiThoaiDb, docId: string): Promise<CompactionResult> {
  const rows = await readDocRows(db, docId);
  const swaps: RowSwap[] = [];
  for (const flag of [0, 1] as const) {
    const group = rows.filter((r) => (r.pending === 0 ? 0 : 1) === flag && r.seq !== undefined);
    if (group.length < 2) continue;
    const { unitId, conferenceId } = group[0]!;
    // A merged pending row is a new operation (the server merges Yjs content, so overlap with an op
    // it already has costs nothing); it keeps the scope the rows had.
    const merged = { docId, update: Y.mergeUpdates(group.map((r) => r.update)), pending: flag, op: uuidv7(), unitId, conferenceId: conferenceId ?? null };
    swaps.push({ replaced: group, merged });
  }
  if (swaps.length === 0) return { before: rows.length, after: rows.length, newSeqs: [] };
  const swapped = await swapTextRows(db, docId, swaps);
  return { before: rows.length, after: swapped.rows, newSeqs: swapped.added };
}

// ---------------------------------------------------------------- for sync and export

/**
 * Stores updates that came from the office server or another device. They are
 * not local changes, so they are not pending (sending them back would echo);
 * an open document picks them up from the table.
 */
export async function storeRemoteTextUpdates(db: DoiThoaiDb, docId: string, updates: readonly Uint8Array[]): Promise<void> {
  if (updates.length === 0) return;
  await db.transaction('rw', ['textUpdates', ...TEXT_SCOPE_TABLES], async () => {
    const scope = await scopeOfDoc(db, docId);
    await db.textUpdates.bulkAdd(updates.map((update) => ({ docId, update, pending: 0 as const, op: uuidv7(), ...scope })));
  });
}

/** A document's whole stored state as one update, read without opening it (export, tests). */
export async function readStoredState(db: DoiThoaiDb, docId: string): Promise<Uint8Array> {
  const rows = await db.textUpdates.where('docId').equals(docId).toArray();
  return Y.mergeUpdates(rows.map((r) => r.update));
}

/** Every entry's text of a stored document, by name. */
export async function readStoredTexts(db: DoiThoaiDb, docId: string): Promise<Record<string, string>> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await readStoredState(db, docId));
  const out: Record<string, string> = {};
  for (const name of doc.share.keys()) out[name] = doc.getText(name).toString();
  doc.destroy();
  return out;
}

// ---------------------------------------------------------------- the shared cache

/**
 * Every screen showing a session's minutes shares one doc: two views of one
 * entry in one tab must not be two docs that only meet through the database.
 * The doc is loaded on first use and flushed and freed when its last user lets go.
 */
export interface MinutesDocHandle {
  readonly minutes: PersistedMinutesDoc;
  /** Lets go of the doc; the last release flushes and frees it. Idempotent. */
  release(): Promise<void>;
}

interface CacheEntry {
  refs: number;
  loading: Promise<PersistedMinutesDoc>;
}

const cache = new WeakMap<DoiThoaiDb, Map<string, CacheEntry>>();
const open = new Set<PersistedMinutesDoc>();

export async function openMinutesDoc(db: DoiThoaiDb, docId: string, options: MinutesDocOptions = {}): Promise<MinutesDocHandle> {
  let docs = cache.get(db);
  if (!docs) cache.set(db, (docs = new Map()));
  let entry = docs.get(docId);
  if (!entry) {
    const loading = PersistedMinutesDoc.load(db, docId, options);
    entry = { refs: 0, loading };
    docs.set(docId, entry);
    // A failed load must not stay cached: the next screen tries again.
    loading.then(
      (m) => open.add(m),
      () => docs.delete(docId),
    );
  }
  entry.refs += 1;
  const held = entry;
  let minutes: PersistedMinutesDoc;
  try {
    minutes = await held.loading;
  } catch (e) {
    held.refs -= 1;
    throw e;
  }
  let released = false;
  return {
    minutes,
    release: async () => {
      if (released) return;
      released = true;
      held.refs -= 1;
      if (held.refs > 0) return;
      if (docs.get(docId) === held) docs.delete(docId);
      try {
        await minutes.destroy();
      } finally {
        // Kept in `open` while it still holds unsaved text, so pagehide still flushes it.
        if (minutes.isDestroyed) open.delete(minutes);
      }
    },
  };
}

/** Flushes every open minutes document: for `visibilitychange` (hidden) and `pagehide`. */
export async function flushAllMinutes(): Promise<void> {
  for (const m of open) if (m.isDestroyed) open.delete(m);
  await Promise.all([...open].map((m) => m.flush()));
}
