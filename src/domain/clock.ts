/**
 * Hybrid logical clock (HLC) stamps.
 *
 * Why an HLC and not the wall clock: tablets in a village hall have clocks that
 * drift or were never set, and two of them edit the same records offline. An HLC
 * stays close to wall time, never goes backwards on one device, and moves past
 * every stamp it has seen from another device, so "last writer wins" orders
 * edits the way people made them as far as causality allows, and always the same
 * way on every device.
 *
 * A stamp is a fixed-width string so that plain string comparison is the order:
 * 11 base-36 digits of milliseconds, 5 of counter, then the device id as the
 * tie-break. Pure: the caller passes `now`.
 */
export type Hlc = string & { readonly __hlc: unique symbol };

const MS_WIDTH = 11; // 36^11 ms is far beyond year 9999
const COUNTER_WIDTH = 5; // 60 million events in one millisecond before overflow
const MAX_COUNTER = 36 ** COUNTER_WIDTH - 1;
/** Refuse remote stamps more than this far ahead of our clock: a device with a wrong year would otherwise win every edit forever. */
export const MAX_DRIFT_MS = 24 * 60 * 60 * 1000;

export interface HlcParts {
  readonly ms: number;
  readonly counter: number;
  readonly node: string;
}

export function formatHlc(p: HlcParts): Hlc {
  return `${p.ms.toString(36).padStart(MS_WIDTH, '0')}-${p.counter
    .toString(36)
    .padStart(COUNTER_WIDTH, '0')}-${p.node}` as Hlc;
}

/** A base-36 digit as stamps write them: 0-9, a-z. */
function isDigit36(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 122);
}

/**
 * Whether `h` has a stamp's shape: what `/^([0-9a-z]{11})-([0-9a-z]{5})-(.+)$/` accepts
 * (the node: one or more characters, none a line terminator), checked by hand.
 * Why not the regex: every change carries a stamp per field, and the server checks
 * each of them twice on a push (schema, clock skew) and every device once on a pull;
 * for a 10,000-change sync the regex's match arrays were a tenth of the server's work.
 */
function hasHlcShape(h: string): boolean {
  const n = h.length;
  if (n < MS_WIDTH + COUNTER_WIDTH + 3 || h.charCodeAt(MS_WIDTH) !== 45 || h.charCodeAt(MS_WIDTH + COUNTER_WIDTH + 1) !== 45) return false;
  for (let i = 0; i < MS_WIDTH; i++) if (!isDigit36(h.charCodeAt(i))) return false;
  for (let i = MS_WIDTH + 1; i <= MS_WIDTH + COUNTER_WIDTH; i++) if (!isDigit36(h.charCodeAt(i))) return false;
  for (let i = MS_WIDTH + COUNTER_WIDTH + 2; i < n; i++) {
    const c = h.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}

export function parseHlc(h: string): HlcParts | null {
  if (!hasHlcShape(h)) return null;
  return {
    ms: parseInt(h.slice(0, MS_WIDTH), 36),
    counter: parseInt(h.slice(MS_WIDTH + 1, MS_WIDTH + 1 + COUNTER_WIDTH), 36),
    node: h.slice(MS_WIDTH + COUNTER_WIDTH + 2),
  };
}

export function isHlc(h: unknown): h is Hlc {
  return typeof h === 'string' && hasHlcShape(h);
}

/** The stamp for a local event: after `last`, at or after `now`. */
export function tick(last: Hlc | null, now: number, node: string): Hlc {
  const prev = last ? parseHlc(last) : null;
  if (!prev || now > prev.ms) return formatHlc({ ms: now, counter: 0, node });
  if (prev.counter >= MAX_COUNTER) return formatHlc({ ms: prev.ms + 1, counter: 0, node });
  return formatHlc({ ms: prev.ms, counter: prev.counter + 1, node });
}

/**
 * Advance our clock past a stamp received from another device.
 * Returns null when the remote stamp is implausibly far in the future
 * (the caller rejects that change rather than poison every later stamp).
 */
export function receive(last: Hlc | null, remote: Hlc, now: number, node: string): Hlc | null {
  const r = parseHlc(remote);
  if (!r) return null;
  if (r.ms - now > MAX_DRIFT_MS) return null;
  const l = last ? parseHlc(last) : null;
  const ms = Math.max(now, r.ms, l?.ms ?? 0);
  let counter = 0;
  if (ms === r.ms && l && ms === l.ms) counter = Math.max(r.counter, l.counter) + 1;
  else if (ms === r.ms) counter = r.counter + 1;
  else if (l && ms === l.ms) counter = l.counter + 1;
  return formatHlc({ ms, counter, node });
}

export function maxHlc(a: Hlc | null, b: Hlc | null): Hlc | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
