// Frozen copy of the released (schema version 1) storage code, as it shipped in 0.1.0: the upgrade test
// writes a database with exactly this code and opens it with today's. Never edit it.
/**
 * The changes a screen can ask for, as plain data, and the errors the write
 * path answers with. Kept apart from `write.ts` so that building a change does
 * not pull the validator into the first screen's JavaScript.
 */
import { v7 as uuidv7 } from 'uuid';
import type { RecordOf, TableName } from '../../../src/domain/model.ts';
import type { FieldIssue } from '../../../src/domain/validate.ts';

export interface Scope {
  readonly unitId: string;
  readonly conferenceId?: string;
}

export type Change =
  | { kind: 'create'; table: TableName; id: string; scope: Scope; fields: Record<string, unknown> }
  | { kind: 'update'; table: TableName; id: string; fields: Record<string, unknown> }
  | { kind: 'delete'; table: TableName; id: string }
  | { kind: 'text'; docId: string; update: Uint8Array };

export function create<T extends TableName>(table: T, scope: Scope, fields: RecordOf<T>, id: string = uuidv7()): Change {
  return { kind: 'create', table, id, scope, fields: fields as Record<string, unknown> };
}
export function update<T extends TableName>(table: T, id: string, fields: Partial<RecordOf<T>>): Change {
  return { kind: 'update', table, id, fields: fields as Record<string, unknown> };
}
export function remove(table: TableName, id: string): Change {
  return { kind: 'delete', table, id };
}
export function textUpdate(docId: string, update: Uint8Array): Change {
  return { kind: 'text', docId, update };
}

export class ValidationError extends Error {
  constructor(
    readonly table: TableName,
    readonly issues: FieldIssue[],
  ) {
    super(`validation_failed: ${table} ${issues.map((i) => `${i.field}:${i.code}`).join(', ')}`);
    this.name = 'ValidationError';
  }
}

export class MissingRecordError extends Error {
  constructor(
    readonly table: TableName,
    readonly id: string,
  ) {
    super(`not_found: ${table}/${id}`);
    this.name = 'MissingRecordError';
  }
}

