/**
 * The hall display's link to the chair's screen on the same device.
 *
 * The display reads everything it shows from IndexedDB (live queries follow
 * writes from other tabs), so it needs no server. What IndexedDB cannot tell it
 * is whether anyone is still running the room: the chair's screen says so
 * with a heartbeat on a BroadcastChannel, and the display shows clearly when
 * the heartbeats stop. Once sync lands, the same heartbeat can arrive through
 * the office server from another device.
 */
export const HEARTBEAT_MS = 1000;
/** Three missed heartbeats: long enough to ride out a busy main thread, short enough that the hall is not misled for long. */
export const SOURCE_LOST_AFTER_MS = 3500;

export interface HallMessage {
  readonly type: 'chair-alive';
  readonly sessionId: string;
  readonly at: number;
}

const channelName = (sessionId: string) => `doithoai-hall:${sessionId}`;

/** The chair's side: announce presence until the returned function is called. */
export function announceChair(sessionId: string, now: () => number): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(channelName(sessionId));
  const beat = () => channel.postMessage({ type: 'chair-alive', sessionId, at: now() } satisfies HallMessage);
  beat();
  const id = setInterval(beat, HEARTBEAT_MS);
  return () => {
    clearInterval(id);
    channel.close();
  };
}

/** The display's side: `onBeat` is called with each heartbeat's arrival time. */
export function listenForChair(sessionId: string, onBeat: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(channelName(sessionId));
  channel.onmessage = (e: MessageEvent<HallMessage>) => {
    if (e.data?.type === 'chair-alive' && e.data.sessionId === sessionId) onBeat();
  };
  return () => channel.close();
}
