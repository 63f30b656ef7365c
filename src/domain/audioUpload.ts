/**
 * The rules of sending the hall's audio to the office server (issue 11 item 5),
 * pure: which network a tablet may send over, and how far the sending is.
 */

/**
 * Whether a server address is on the office's own network: a loopback or
 * private address (IPv4 10/8, 172.16/12, 192.168/16, 169.254/16; IPv6 ::1,
 * fc00::/7, fe80::/10), `localhost`, a `.local`/`.lan`/`.home.arpa` name, or
 * the host the office announced as its own (`officeHost`). Anything else may be
 * a mobile connection the commune pays for by the megabyte, or a path that
 * leaves the office: voices go there only when the office allows it.
 */
export function isLanHost(host: string, officeHost: string | null = null): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (officeHost !== null && h === officeHost.toLowerCase()) return true;
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.lan') || h.endsWith('.home.arpa')) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (h.includes(':')) {
    if (h === '::1') return true;
    const first = parseInt(h.split(':')[0] || '0', 16);
    return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
  }
  return false;
}

export type AudioUploadPolicy = 'lan' | 'allowed' | 'office_forbids' | 'device_forbids';

/**
 * May this tablet send audio now: over the LAN always; elsewhere only when both
 * the office (its server's setting) and this device (its own setting) allow it.
 */
export function audioUploadPolicy(p: { readonly onLan: boolean; readonly officeAllows: boolean; readonly deviceAllows: boolean }): AudioUploadPolicy {
  if (p.onLan) return 'lan';
  if (!p.officeAllows) return 'office_forbids';
  return p.deviceAllows ? 'allowed' : 'device_forbids';
}

export function mayUploadAudio(policy: AudioUploadPolicy): boolean {
  return policy === 'lan' || policy === 'allowed';
}

/** One segment as far as sending goes: its length on the room's clock, its chunks, and how many the server holds. */
export interface SegmentSending {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly chunks: number;
  readonly held: number;
}

/**
 * How much of the recordings has reached the server, in recorded time: each
 * segment counts its length in proportion to its chunks held (chunks are about
 * a second each, so a share of chunks is a share of time).
 */
export function sentTime(segments: readonly SegmentSending[]): { readonly sentMs: number; readonly totalMs: number } {
  let sentMs = 0;
  let totalMs = 0;
  for (const s of segments) {
    const length = Math.max(0, s.endedAt - s.startedAt);
    totalMs += length;
    if (s.chunks > 0) sentMs += (length * Math.min(s.held, s.chunks)) / s.chunks;
  }
  return { sentMs: Math.round(sentMs), totalMs };
}

/** The chunk indexes below `count` the server does not hold, in order: what to send next. */
export function missingChunks(count: number, held: ReadonlySet<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) if (!held.has(i)) out.push(i);
  return out;
}
