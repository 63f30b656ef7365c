import * as v from 'valibot';
import { MESSAGE_CODES, RECORD_SCHEMAS, type MessageCode, type RecordOf, type TableName } from './model.ts';

export interface FieldIssue {
  /** Top-level field the message belongs next to ('' for the record as a whole). */
  readonly field: string;
  readonly code: MessageCode;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

const KNOWN_CODES = new Set<string>(MESSAGE_CODES);

/** Validate one whole record of a table; issues are keyed by top-level field so a form can show each next to its input. */
export function validateRecord<T extends TableName>(table: T, input: unknown): Validation<RecordOf<T>> {
  const result = v.safeParse(RECORD_SCHEMAS[table] as v.GenericSchema, input);
  if (result.success) return { ok: true, value: result.output as RecordOf<T> };
  return { ok: false, issues: toFieldIssues(result.issues) };
}

export function toFieldIssues(issues: readonly v.BaseIssue<unknown>[]): FieldIssue[] {
  const seen = new Set<string>();
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const first = issue.path?.[0];
    const field = first && typeof first.key === 'string' ? first.key : '';
    if (seen.has(field)) continue; // one message per field is what a person can act on
    seen.add(field);
    const code = (KNOWN_CODES.has(issue.message) ? issue.message : 'invalid_choice') as MessageCode;
    out.push({ field, code });
  }
  return out;
}
