/**
 * A shortcut from the screens that hold a session open to the hall display on
 * the same device.
 *
 * The display does not depend on it: it reads everything it shows from
 * IndexedDB, and its live query follows every write whoever makes it (the
 * chair's window, the secretary's, another tab, sync). What this channel adds
 * is speed, which is why it stays: a write reaches another tab's live query
 * only after Dexie's cross-tab notification and a full re-read of the room,
 * while the workspace that just read the room after its own write can post it
 * in one message (the display-lag benchmark holds the display within 100 ms of
 * the chair's click). The display shows whichever copy is newer by record
 * stamps, so a copy from a window that was closed or fell behind never wins.
 *
 * It carries no heartbeat: whether the display can still receive changes is
 * the connection's business (see roomConnection.ts), not whether a chair's
 * window happens to be open on this device.
 */
import type { RoomData } from './roomData.ts';

export interface HallMessage {
  readonly type: 'room';
  readonly sessionId: string;
  readonly room: RoomData;
}

const channelName = (sessionId: string) => `doithoai-hall:${sessionId}`;

export interface RoomAnnouncer {
  /** Post the room as this window has just read it. */
  readonly room: (room: RoomData) => void;
  readonly stop: () => void;
}

/** A workspace's side (chair or secretary): the room whenever it changes. */
export function announceRoom(sessionId: string): RoomAnnouncer {
  if (typeof BroadcastChannel === 'undefined') return { room: () => {}, stop: () => {} };
  const channel = new BroadcastChannel(channelName(sessionId));
  return {
    room: (room) => channel.postMessage({ type: 'room', sessionId, room } satisfies HallMessage),
    stop: () => channel.close(),
  };
}

/** The display's side. */
export function listenForRoom(sessionId: string, onRoom: (room: RoomData) => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(channelName(sessionId));
  channel.onmessage = (e: MessageEvent<HallMessage>) => {
    if (e.data?.sessionId === sessionId && e.data.type === 'room') onRoom(e.data.room);
  };
  return () => channel.close();
}
