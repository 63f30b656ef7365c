/**
 * The wire protocol between the app and the office server: one small module
 * that both import, so a change to a message is a change in one place and the
 * version says when two sides can no longer talk.
 */
export const PROTOCOL_VERSION = 2;

/** Every error the server sends is `{ status, reason, details? }` with one of these reasons. */
export const REASONS = [
  'bad_request',
  'validation_failed',
  'not_found',
  'unsupported_protocol',
  'payload_too_large',
  /** No credentials, or credentials the server does not know (expired, revoked): log in or enrol again. */
  'unauthorized',
  /** Known credentials, but this role or unit may not do this. */
  'forbidden',
  /** A stamp too far ahead of the server's clock: the device's clock is wrong. */
  'clock_skew',
  /** The pull cursor is ahead of the server's log (a restored backup, another server): start again from 0. */
  'stale_cursor',
  /** The app's record shapes are older than the server accepts: update the app; its data is kept. */
  'schema_too_old',
  /** A change names a unit or conference other than the record already has. */
  'scope_mismatch',
  'rate_limited',
  'conflict',
  'internal',
] as const;
export type Reason = (typeof REASONS)[number];

export interface WireError {
  readonly status: number;
  readonly reason: Reason;
  readonly details?: unknown;
}

export interface HealthResponse {
  readonly status: 'ok';
  readonly protocolVersion: number;
  readonly app: 'doithoai';
  /** Which store the server runs on: 'sqlite' or 'postgres'. */
  readonly store: 'sqlite' | 'postgres';
  readonly version: string;
}

export const API = {
  health: '/api/health',
} as const;

export * from './sync.ts';
