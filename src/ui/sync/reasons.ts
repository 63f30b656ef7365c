/** Reasons in plain words: the server's reason codes, and why a local write failed. */
import { MissingRecordError, ValidationError } from '../../storage/changes.ts';
import type { RefusedRow } from '../../storage/db.ts';
import { st } from './sync.i18n.ts';

type Key = Parameters<typeof st>[0];

const WORDED = new Set([
  'validation_failed', 'clock_skew', 'forbidden', 'scope_mismatch', 'schema_too_old', 'unsupported_protocol',
  'unauthorized', 'network', 'payload_too_large', 'rate_limited', 'stale_cursor',
]);

export function reasonText(reason: string): string {
  // A code this version has no words for (a newer server) is still named, never hidden.
  return WORDED.has(reason) ? st(`reason_${reason}` as Key) : st('reason_other', { code: reason });
}

export function writeFailureText(error: unknown): string {
  if (error instanceof ValidationError) return st('reason_write', { fields: error.issues.map((i) => i.field || error.table).join(', ') });
  if (error instanceof MissingRecordError) return st('reason_missing');
  if (error instanceof Error && error.message) return error.message;
  return st('reason_unknown');
}

/** What a refused change was about: "Lượt phát biểu", "Biên bản (nội dung ghi)". */
export function refusedWhat(row: RefusedRow): string {
  const key = (row.change.kind === 'text' ? 'table_minutes' : `table_${row.change.table}`) as Key;
  return st(key);
}
