/**
 * Which role this device plays in the room: the chair's tablet opens on the
 * queue and timer, the secretary's on the minutes. A device choice, kept in
 * localStorage, not synced: the same person may chair one session and take
 * minutes in the next.
 */
import { createSignal } from 'solid-js';

export type RoomRole = 'chair' | 'secretary';
const KEY = 'doithoai.role';

function read(): RoomRole {
  try {
    return globalThis.localStorage?.getItem(KEY) === 'secretary' ? 'secretary' : 'chair';
  } catch {
    return 'chair';
  }
}

const [role, setRoleSignal] = createSignal<RoomRole>(read());
export { role };

export function setRole(next: RoomRole): void {
  setRoleSignal(next);
  try {
    localStorage.setItem(KEY, next);
  } catch {
    /* lasts for this visit */
  }
}

export const HOME_TAB: Record<RoomRole, 'queue' | 'minutes'> = { chair: 'queue', secretary: 'minutes' };
