/**
 * The wire protocol between the app and the office server: one small module
 * that both import, so a change to a message is a change in one place and the
 * version says when two sides can no longer talk.
 */
export const PROTOCOL_VERSION = 1;

/** Every error the server sends is `{ status, reason, details? }` with one of these reasons. */
export const REASONS = [
  'bad_request',
  'validation_failed',
  'not_found',
  'unsupported_protocol',
  'payload_too_large',
  'unauthorized',
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
