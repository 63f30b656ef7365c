/**
 * The hall display's link to the chair's screen on the same device.
 *
 * The display reads everything it shows from IndexedDB (live queries follow
 * writes from other tabs), so it needs no server. Two things IndexedDB alone
 * does not give it: speed, because a write reaches another tab's query only
 * after a round of change notification and re-reading, and whether anyone is
 * still running the room. So the chair's screen posts the room as it has just
 * read it, on every change, plus a heartbeat; the display shows whichever copy
 * of the room is newer (by record stamps) and says plainly when the heartbeats
 * stop. Once sync lands, the same messages can arrive through the office server.
 */
import type { RoomData } from './roomData.ts';

export const HEARTBEAT_MS = 1000;
/** Three missed heartbeats: long enough to ride out a busy main thread, short enough that the hall is not misled for long. */
export const SOURCE_LOST_AFTER_MS = 3500;

export type HallMessage =
  | { readonly type: 'chair-alive'; readonly sessionId: string; readonly at: number }
  | { readonly type: 'room'; readonly sessionId: string; readonly room: RoomData };

const channelName = (sessionId: string) => `doithoai-hall:${sessionId}`;

export interface ChairAnnouncer {
  /** Post the room as the chair's screen now has it. */
  readonly room: (room: RoomData) => void;
  readonly stop: () => void;
}

/** The chair's side: heartbeats until `stop`, and the room whenever it changes. */
export function announceChair(sessionId: string, now: () => number): ChairAnnouncer {
  if (typeof BroadcastChannel === 'undefined') return { room: () => {}, stop: () => {} };
  const channel = new BroadcastChannel(channelName(sessionId));
  const post = (m: HallMessage) => channel.postMessage(m);
  const beat = () => post({ type: 'chair-alive', sessionId, at: now() });
  beat();
  const id = setInterval(beat, HEARTBEAT_MS);
  return {
    room: (room) => post({ type: 'room', sessionId, room }),
    stop: () => {
      clearInterval(id);
      channel.close();
    },
  };
}

/** The display's side: every message from the chair is a sign of life; some carry the room. */
export function listenForChair(sessionId: string, handlers: { onBeat: () => void; onRoom: (room: RoomData) => void }): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(channelName(sessionId));
  channel.onmessage = (e: MessageEvent<HallMessage>) => {
    if (e.data?.sessionId !== sessionId) return;
    handlers.onBeat();
    if (e.data.type === 'room') handlers.onRoom(e.data.room);
  };
  return () => channel.close();
}
