/**
 * The room's clock: device time corrected by the office server's clock, so the
 * chair's tablet, the secretary's and the hall display show the same countdown
 * for the same speaker whatever their own clocks say.
 *
 * The offset is measured NTP-style on every exchange: the device notes its time
 * when a request leaves (t0) and when the answer arrives (t1); the server's
 * `serverTime` was read somewhere in between, so the offset is
 * `serverTime - (t0 + t1) / 2`, wrong by at most half the round trip. Of the
 * recent samples the one with the shortest round trip is the most exact (a
 * slow Wi-Fi answer says little), so that one is used. It is kept in `meta`, so
 * a tablet that reloads offline in the hall keeps the corrected time.
 *
 * Small on purpose: the first screen loads it (store.now); the engine is lazy.
 */
import type { DoiThoaiDb } from '../storage/db.ts';

export const CLOCK_OFFSET_KEY = 'clockOffset';

export interface ClockOffset {
  /** Add to device time to get the server's. */
  readonly offsetMs: number;
  /** Round trip of the sample it came from: the offset is exact to half of this. */
  readonly rttMs: number;
  /** Device time of the measurement. */
  readonly measuredAt: number;
}

/** Samples older than this no longer win by their round trip: device clocks drift, and people set them. */
const SAMPLE_TTL_MS = 10 * 60 * 1000;
const MAX_SAMPLES = 8;

export class RoomClock {
  private offset: ClockOffset | null = null;
  private samples: ClockOffset[] = [];
  private readonly listeners = new Set<(o: ClockOffset) => void>();

  constructor(private readonly deviceNow: () => number = Date.now) {}

  /** The room's time, ms since the epoch. */
  readonly now = (): number => this.deviceNow() + (this.offset?.offsetMs ?? 0);

  get current(): ClockOffset | null {
    return this.offset;
  }

  /** Device time, for measuring round trips. */
  device(): number {
    return this.deviceNow();
  }

  /** Takes the offset kept from an earlier run (before any exchange of this run). */
  async load(db: DoiThoaiDb): Promise<void> {
    const kept = (await db.meta.get(CLOCK_OFFSET_KEY))?.value as ClockOffset | undefined;
    if (kept && this.offset === null && Number.isFinite(kept.offsetMs)) this.offset = kept;
  }

  /** One exchange: sent at device time `t0`, answered at `t1`, the server said `serverTime`. Returns the offset now in use. */
  sample(t0: number, t1: number, serverTime: number): ClockOffset {
    const rttMs = Math.max(0, t1 - t0);
    const sample: ClockOffset = { offsetMs: Math.round(serverTime - (t0 + t1) / 2), rttMs, measuredAt: t1 };
    this.samples = [...this.samples.filter((s) => t1 - s.measuredAt < SAMPLE_TTL_MS && s.measuredAt <= t1), sample].slice(-MAX_SAMPLES);
    let best = sample;
    for (const s of this.samples) if (s.rttMs < best.rttMs) best = s;
    this.offset = best;
    for (const l of this.listeners) l(best);
    return best;
  }

  async save(db: DoiThoaiDb): Promise<void> {
    if (this.offset) await db.meta.put({ key: CLOCK_OFFSET_KEY, value: this.offset });
  }

  onChange(listener: (o: ClockOffset) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
