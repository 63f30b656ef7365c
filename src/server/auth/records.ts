/**
 * A record's history (the audit trail: who, from which device, when, what)
 * and one person's data on request (export, erasure). Store code: it reads the
 * log and the records directly; the erasure's new values go through the
 * ordinary push path, so they reach every device at its next sync like any
 * other change.
 */
import { randomUUID } from 'node:crypto';
import { ERASED_NAME, IDENTIFYING_FIELDS, redactForRoles } from '../../domain/access.ts';
import { tick, type Hlc } from '../../domain/clock.ts';
import { highestStamp } from '../../domain/merge.ts';
import type { TableName } from '../../domain/model.ts';
import type { RecordChange } from '../../protocol/index.ts';
import { ApiError } from '../errors.ts';
import type { Store } from '../store/types.ts';
import type { Accounts, Principal } from './accounts.ts';

/** The node name of changes the server itself makes (erasure): shown as such in a record's history. */
export const SERVER_NODE = 'office-server';
export { ERASED_NAME };

export interface HistoryEntry {
  readonly seq: number;
  readonly at: number;
  readonly account: string | null;
  readonly device: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

async function ownRecord(store: Store, principal: Principal, table: string, id: string) {
  const row = await store.db
    .selectFrom('records')
    .selectAll()
    .where('table_name', '=', table)
    .where('record_id', '=', id)
    .executeTakeFirst();
  if (!row) throw new ApiError(404, 'not_found', { problem: 'no_such_record' });
  if (row.unit_id !== principal.unitId) throw new ApiError(403, 'forbidden', { problem: 'other_unit' });
  return row;
}

export async function recordHistory(
  store: Store,
  accounts: Accounts,
  principal: Principal,
  table: string,
  id: string,
): Promise<HistoryEntry[]> {
  await ownRecord(store, principal, table, id);
  const rows = await store.db
    .selectFrom('sync_log')
    .select(['seq', 'received_at', 'account_id', 'device_id', 'sent_by', 'fields'])
    .where('table_name', '=', table)
    .where('record_id', '=', id)
    .where('unit_id', '=', principal.unitId)
    .orderBy('seq')
    .limit(500)
    .execute();
  const names = await accounts.accountNames([...new Set(rows.map((r) => r.account_id).filter((a): a is string => a !== null))]);
  const devices = await accounts.deviceNames([...new Set(rows.map((r) => r.sent_by))]);
  return rows.map((r) => ({
    seq: r.seq,
    at: Number(r.received_at),
    account: r.account_id === null ? null : (names.get(r.account_id) ?? null),
    device: r.sent_by === SERVER_NODE ? SERVER_NODE : (devices.get(r.sent_by) ?? r.sent_by),
    fields: redactForRoles(principal.roles, table, JSON.parse(r.fields ?? '{}') as Record<string, unknown>),
  }));
}

const LABELS: Readonly<Record<string, string>> = {
  fullName: 'Họ và tên',
  name: 'Họ và tên',
  organisation: 'Cơ quan, tổ chức',
  title: 'Chức vụ',
  phone: 'Số điện thoại',
  houseNumber: 'Số nhà',
  village: 'Thôn, tổ dân phố',
  addressDetail: 'Địa chỉ',
  email: 'Thư điện tử',
  procedureName: 'Thủ tục hành chính',
  proposals: 'Kiến nghị, đề xuất',
};

/** One person's data as a readable text file: what the server holds now, then each change with when it came. */
export async function personExport(store: Store, accounts: Accounts, principal: Principal, table: string, id: string): Promise<string> {
  const row = await ownRecord(store, principal, table, id);
  const fields = JSON.parse(row.fields) as Record<string, unknown>;
  const history = await recordHistory(store, accounts, principal, table, id);
  const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const lines = [
    'DỮ LIỆU CÁ NHÂN (Nghị định 13/2023/NĐ-CP)',
    `Loại hồ sơ: ${table === 'registrations' ? 'Phiếu đăng ký' : 'Danh sách dự hội nghị'}`,
    `Mã: ${id}`,
    '',
    'Dữ liệu hiện có:',
    ...Object.entries(fields)
      .filter(([k]) => k !== 'deleted')
      .map(([k, value]) => `  ${LABELS[k] ?? k}: ${show(value)}`),
    '',
    'Lịch sử thay đổi (giờ Việt Nam):',
    ...history.map(
      (h) =>
        `  #${h.seq} ${vnTime(h.at)} · ${h.account ?? '—'} · ${h.device}: ${Object.keys(h.fields)
          .map((k) => LABELS[k] ?? k)
          .join(', ')}`,
    ),
    '',
  ];
  return lines.join('\n');
}

function vnTime(ms: number): string {
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

/**
 * Erases one person's identifying data on request:
 * 1. a new change blanks the fields (stamped after every stamp the record has,
 *    so it wins the merge on every device), pushed like any other, so every
 *    device receives it at its next sync;
 * 2. the log's earlier rows of that record have the same fields blanked:
 *    the server keeps who changed what and when, not the old values.
 */
export async function eraseRecord(
  store: Store,
  principal: Principal,
  table: 'registrations' | 'attendees',
  id: string,
  now: number,
): Promise<{ seq: number; redactedRows: number }> {
  const row = await ownRecord(store, principal, table, id);
  const fields = IDENTIFYING_FIELDS[table as TableName] ?? [];
  const stamps = JSON.parse(row.stamps) as Record<string, Hlc>;
  const stamp = tick((highestStamp(stamps) as Hlc | null) ?? null, now, SERVER_NODE);
  const blank = (name: string) => (name === 'fullName' || name === 'name' ? ERASED_NAME : '');
  const change: RecordChange = {
    kind: 'record',
    op: randomUUID(),
    table,
    id,
    unitId: row.unit_id,
    ...(row.conference_id === null ? {} : { conferenceId: row.conference_id }),
    fields: Object.fromEntries(fields.map((f) => [f, blank(f)])),
    stamps: Object.fromEntries(fields.map((f) => [f, stamp])),
    deviceId: SERVER_NODE,
    hlc: stamp,
  };
  const outcome = await store.push([change], { deviceId: SERVER_NODE, accountId: principal.accountId, now });
  const result = outcome.results[0];
  if (result?.status !== 'applied') throw new ApiError(409, 'conflict', { problem: 'erasure_refused', result });

  const earlier = await store.db
    .selectFrom('sync_log')
    .select(['seq', 'fields'])
    .where('table_name', '=', table)
    .where('record_id', '=', id)
    .where('seq', '<', result.seq)
    .execute();
  let redactedRows = 0;
  for (const r of earlier) {
    const old = JSON.parse(r.fields ?? '{}') as Record<string, unknown>;
    const touched = fields.filter((f) => f in old);
    if (touched.length === 0) continue;
    for (const f of touched) old[f] = blank(f);
    await store.db
      .updateTable('sync_log')
      .set({ fields: JSON.stringify(old) })
      .where('seq', '=', r.seq)
      .execute();
    redactedRows++;
  }
  return { seq: result.seq, redactedRows };
}
