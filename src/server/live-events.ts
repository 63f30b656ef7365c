/**
 * Live updates: server-sent events per unit. Each time a unit's log grows, every
 * device listening on that unit gets `event: change` with the new head; the
 * device then pulls. The event carries no data worth protecting (a number), so
 * a lost event costs only latency: devices also pull on an interval.
 *
 * Bounded: a tablet that reconnects in a loop, or a client on the hall's open
 * Wi-Fi, cannot hold more than `maxListeners` streams open on the office PC.
 */
import type { ServerResponse } from 'node:http';
import type { LiveNotification } from '../protocol/index.ts';

/** A comment line this often keeps proxies from closing an idle stream and lets the device notice a dead one. */
export const HEARTBEAT_MS = 15_000;
/** Streams open at once, all units together: a hall has a handful of devices, a commune a few dozen. */
export const MAX_LISTENERS = 500;
/** How long a device waits before reconnecting after the stream drops (the SSE `retry` field). */
export const RECONNECT_MS = 3_000;
/** A stream with this much unsent is a device that stopped reading: it is ended (it reconnects when it can) rather than buffered forever. */
export const MAX_UNSENT_BYTES = 64 * 1024;

interface Listener {
  readonly unitId: string;
  readonly res: ServerResponse;
}

export class LiveEvents {
  readonly #listeners = new Set<Listener>();
  #heartbeat: NodeJS.Timeout | undefined;
  #closed = false;
  /** Units with news not yet sent, and the newest head for each. */
  #due = new Map<string, number>();
  #flush: NodeJS.Immediate | undefined;

  constructor(
    readonly maxListeners = MAX_LISTENERS,
    readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  get size(): number {
    return this.#listeners.size;
  }

  /** Whether one more stream may open. */
  hasRoom(): boolean {
    return !this.#closed && this.#listeners.size < this.maxListeners;
  }

  /**
   * Takes over a response: sends the headers and the current head at once (so a
   * device that reconnects learns at once whether it missed something), then
   * keeps it until the device goes away or the server stops.
   */
  open(unitId: string, res: ServerResponse, head: number): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // nginx would otherwise buffer the stream and deliver events late.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${RECONNECT_MS}\n\n`);
    res.write(changeEvent({ head }));
    const listener: Listener = { unitId, res };
    this.#listeners.add(listener);
    res.on('close', () => this.#listeners.delete(listener));
    // A device that vanished mid-write must cost us its stream, never the process (an unhandled 'error').
    res.on('error', () => this.#listeners.delete(listener));
    this.#startHeartbeat();
  }

  /**
   * Tells every device listening on these units that the log's head moved.
   * Coalesced per turn of the event loop: a group commit answers dozens of
   * pushes at once, and each stream needs one event with the newest head, not
   * one per push (the device pulls everything after its cursor anyway).
   */
  notify(unitIds: readonly string[], head: number): void {
    if (unitIds.length === 0 || this.#closed) return;
    for (const unit of unitIds) this.#due.set(unit, Math.max(head, this.#due.get(unit) ?? 0));
    this.#flush ??= setImmediate(() => {
      this.#flush = undefined;
      const due = this.#due;
      this.#due = new Map();
      for (const l of this.#listeners) {
        const unitHead = due.get(l.unitId);
        if (unitHead !== undefined) this.#send(l, changeEvent({ head: unitHead }));
      }
    });
  }

  /** Ends every stream (the server is stopping): devices reconnect to whichever server comes back. */
  close(): void {
    this.#closed = true;
    if (this.#flush) clearImmediate(this.#flush);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    for (const l of this.#listeners) l.res.end();
    this.#listeners.clear();
  }

  #send(l: Listener, text: string): void {
    if (l.res.writableLength > MAX_UNSENT_BYTES) {
      this.#listeners.delete(l);
      l.res.destroy();
      return;
    }
    l.res.write(text);
  }

  #startHeartbeat(): void {
    if (this.#heartbeat) return;
    this.#heartbeat = setInterval(() => {
      if (this.#listeners.size === 0) {
        clearInterval(this.#heartbeat);
        this.#heartbeat = undefined;
        return;
      }
      for (const l of this.#listeners) this.#send(l, ': heartbeat\n\n');
    }, this.heartbeatMs);
    // A heartbeat alone must not keep a stopping process alive.
    this.#heartbeat.unref();
  }
}

function changeEvent(n: LiveNotification): string {
  return `event: change\ndata: ${JSON.stringify(n)}\n\n`;
}
