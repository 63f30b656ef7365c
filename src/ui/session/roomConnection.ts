/**
 * Whether this device can still receive the room's changes: what the hall
 * display reports as "lost", and nothing else.
 *
 * On one device it always can (the display reads the same IndexedDB the chair
 * and the secretary write), so the default is 'connected'. Once sync runs, the
 * sync engine provides the live channel's state here: 'lost' when the display
 * on another device no longer hears the office server.
 */
import { createContext, useContext, type Accessor } from 'solid-js';

export type RoomConnection = 'connected' | 'reconnecting' | 'lost';

const alwaysConnected: Accessor<RoomConnection> = () => 'connected';

export const RoomConnectionContext = createContext<Accessor<RoomConnection>>(alwaysConnected);

export function useRoomConnection(): Accessor<RoomConnection> {
  return useContext(RoomConnectionContext);
}
