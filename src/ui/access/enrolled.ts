/** Fired on `window` once this device has enrolled: app/main.tsx then starts the sync engine (it owns the room clock). */
export const ENROLLED_EVENT = 'doithoai:enrolled';
