/**
 * Whether this device can still receive the room's changes from other
 * devices, as the hall display reports it: from the sync engine's status, and
 * nothing else (not from whether a chair's window is open on this device).
 */
import type { SyncStatus } from './engine.ts';

export type RoomConnection = 'connected' | 'reconnecting' | 'lost';

/**
 * - no engine (no office server; one device): connected, the display reads the
 *   same database the chair writes;
 * - the last run worked (live channel open, or polling answers): connected;
 * - one failed run: reconnecting (a Wi-Fi hiccup must not alarm the hall);
 * - two or more in a row, or the browser says offline: lost.
 */
export function roomConnectionOf(status: SyncStatus | null): RoomConnection {
  if (!status) return 'connected';
  if (!status.online) return 'lost';
  if (status.lastError === null) return 'connected';
  return status.failedRuns >= 2 ? 'lost' : 'reconnecting';
}
