/**
 * A conference's documents (`documents:<conferenceId>`: the notice, the report
 * and the blank form as the secretary edited them) belong to that conference of
 * that unit, on the server as on the devices: the server keeps them under the
 * conference, and a device of another unit on the same server can neither read
 * them nor write into them, nor claim them first. Real server, real access
 * control, through HTTP (inject).
 */
import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conferenceDocumentsDocId } from '../../src/domain/minutesDoc.ts';
import {
  PROTOCOL_VERSION,
  RECORD_SCHEMA_VERSION,
  SYNC_API,
  fromBase64,
  type Change,
  type PullResponse,
  type PushResponse,
  type TextDiffResponse,
  type WireError,
} from '../../src/protocol/index.ts';
import { migrationProvider } from '../../src/server/store/migrations.ts';
import { accessServer, enrolDevice, login, type AccessServer } from './access-helpers.ts';
import { Device, seedUnit, typed } from './sync-fixtures.ts';

const NOW = Date.UTC(2026, 4, 12, 1, 0, 0);

let s: AccessServer;
const own = { cookie: '', device: new Device('tab-own', () => NOW) };
const other = { cookie: '', device: new Device('tab-other', () => NOW) };
let A: ReturnType<typeof seedUnit>;
let B: ReturnType<typeof seedUnit>;
let docId: string;

async function push(who: typeof own, changes: Change[]) {
  const res = await s.app.inject({
    method: 'POST',
    url: SYNC_API.push,
    headers: { cookie: who.cookie },
    payload: { deviceId: who.device.id, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes },
  });
  expect(res.statusCode).toBe(200);
  return res.json<PushResponse>().results;
}

async function textOf(who: typeof own, unitId: string, id: string) {
  return s.app.inject({
    method: 'POST',
    url: SYNC_API.text,
    headers: { cookie: who.cookie },
    payload: { unitId, docId: id, stateVector: '' },
  });
}

/** Everything the server holds, to show a refusal changed nothing. */
async function snapshot() {
  const pullA = await s.app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=unit-A&after=0`, headers: { cookie: own.cookie } });
  const text = await textOf(own, 'unit-A', docId);
  return { log: pullA.json<PullResponse>().changes, text: text.json<TextDiffResponse>().update };
}

beforeAll(async () => {
  s = await accessServer(() => NOW, 'unit-A');
  await s.app.inject({
    method: 'POST',
    url: '/api/admin/accounts',
    headers: { cookie: s.admin },
    payload: { username: 'quantri.b', displayName: 'Quản trị xã B', password: 'mật khẩu đủ dài 2026', roles: ['admin', 'chair', 'secretary', 'office'], newUnitId: 'unit-B' },
  });
  const adminB = await login(s.app, 'quantri.b');
  const accountsOf = async (cookie: string) =>
    (await s.app.inject({ method: 'GET', url: '/api/admin/accounts', headers: { cookie } })).json<{ accounts: { id: string; username: string }[] }>().accounts;
  own.cookie = (await enrolDevice(s.app, s.admin, (await accountsOf(s.admin)).find((a) => a.username === 'quantri')!.id, own.device.id)).cookie;
  other.cookie = (await enrolDevice(s.app, adminB, (await accountsOf(adminB))[0]!.id, other.device.id)).cookie;
  for (const who of [own, other]) {
    await s.app.inject({
      method: 'POST',
      url: SYNC_API.hello,
      headers: { cookie: who.cookie },
      payload: { protocolVersion: PROTOCOL_VERSION, recordSchemaVersion: RECORD_SCHEMA_VERSION, deviceId: who.device.id },
    });
  }
  A = seedUnit(own.device, 'unit-A');
  B = seedUnit(other.device, 'unit-B');
  expect((await push(own, A.changes)).every((r) => r.status === 'applied')).toBe(true);
  expect((await push(other, B.changes)).every((r) => r.status === 'applied')).toBe(true);
  docId = conferenceDocumentsDocId(A.conferenceId);
}, 60_000);

afterAll(async () => {
  await s?.close();
});

describe('a conference’s documents on the server', () => {
  it('another unit cannot claim them before the conference’s own devices wrote any', async () => {
    const claim = typed('notice:body', 'Văn bản giả mạo.');
    for (const scope of [
      { unitId: 'unit-B', conferenceId: A.conferenceId },
      { unitId: 'unit-B', conferenceId: B.conferenceId },
    ]) {
      const [result] = await push(other, [other.device.text(docId, scope, claim.update)]);
      expect(result).toMatchObject({ status: 'refused', reason: 'scope_mismatch' });
    }
    const [asA] = await push(other, [other.device.text(docId, { unitId: 'unit-A', conferenceId: A.conferenceId }, claim.update)]);
    expect(asA).toMatchObject({ status: 'refused', reason: 'forbidden', details: { problem: 'other_unit' } });
  });

  it('are kept under their unit and conference, in the log and as a document, also from an app that sent no conference', async () => {
    const notice = typed('notice:body', 'Thông báo: hội nghị đối thoại ngày 15/05/2026 lúc 08:00.');
    const later = new Y.Doc();
    Y.applyUpdate(later, notice.update);
    const before = Y.encodeStateVector(later);
    later.getText('notice:body').insert(later.getText('notice:body').length, ' Kính mời bà con dự.');
    const edit = Y.encodeStateAsUpdate(later, before);
    const results = await push(own, [
      own.device.text(docId, { unitId: 'unit-A', conferenceId: A.conferenceId }, notice.update),
      // An app from before the documents were scoped sends no conference: the id names it.
      own.device.text(docId, { unitId: 'unit-A' }, edit),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const { log, text } = await snapshot();
    const rows = log.filter((c) => c.kind === 'text' && c.docId === docId);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatchObject({ unitId: 'unit-A', conferenceId: A.conferenceId });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, fromBase64(text));
    expect(doc.getText('notice:body').toString()).toBe('Thông báo: hội nghị đối thoại ngày 15/05/2026 lúc 08:00. Kính mời bà con dự.');
  });

  it('another unit’s device can neither read nor write them, and its attempts change nothing', async () => {
    const before = await snapshot();
    // Reading: through its own unit (the document is not its unit's) and through unit A (not its unit).
    const throughOwnUnit = await textOf(other, 'unit-B', docId);
    expect(throughOwnUnit.statusCode).toBe(409);
    expect(throughOwnUnit.json<WireError>().reason).toBe('scope_mismatch');
    const throughA = await textOf(other, 'unit-A', docId);
    expect(throughA.statusCode).toBe(403);
    expect(throughA.json<WireError>()).toMatchObject({ reason: 'forbidden', details: { problem: 'other_unit' } });
    const pullB = await s.app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=unit-B&after=0`, headers: { cookie: other.cookie } });
    expect(pullB.json<PullResponse>().changes.some((c) => c.kind === 'text' && c.docId === docId)).toBe(false);

    // Writing: under its own unit, under unit A, under another conference.
    const vandal = typed('notice:body', 'Sửa trái phép.');
    const attempts = [
      other.device.text(docId, { unitId: 'unit-B', conferenceId: A.conferenceId }, vandal.update),
      other.device.text(docId, { unitId: 'unit-A', conferenceId: A.conferenceId }, vandal.update),
      other.device.text(docId, { unitId: 'unit-B', conferenceId: B.conferenceId }, vandal.update),
      other.device.text(docId, { unitId: 'unit-B' }, vandal.update),
    ];
    const results = await push(other, attempts);
    expect(results.map((r) => r.status)).toEqual(['refused', 'refused', 'refused', 'refused']);
    // The server holds the document under unit A now: every write of another unit's device is that unit's, refused as such.
    for (const r of results) expect(r).toMatchObject({ reason: 'forbidden', details: { problem: 'other_unit' } });
    expect(await snapshot()).toEqual(before);
  });

  it('the conference’s own unit may not file them under another of its conferences', async () => {
    const before = await snapshot();
    const moved = typed('notice:body', 'Nhầm hội nghị.');
    const [result] = await push(own, [own.device.text(docId, { unitId: 'unit-A', conferenceId: 'another-conference' }, moved.update)]);
    expect(result).toMatchObject({ status: 'refused', reason: 'scope_mismatch', details: { conferenceId: A.conferenceId } });
    expect(await snapshot()).toEqual(before);
  });
});

describe('migration 0004: documents the server held before they carried their conference', () => {
  it('are filed under the conference their id names, in the document and in the log; minutes are left as they were', async () => {
    const database = new Sqlite(':memory:');
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) });
    try {
      const migrator = new Migrator({ db, provider: migrationProvider('sqlite') });
      expect((await migrator.migrateTo('0003_accounts_devices')).error).toBeUndefined();
      const state = Buffer.from(typed('notice:body', 'Thông báo.').update);
      for (const [docId, conferenceId] of [
        ['documents:conf-1', null],
        ['minutes:session-1', 'conf-1'],
        ['minutes:session-2', null],
      ] as const) {
        await sql`insert into text_docs (doc_id, unit_id, conference_id, state, merges_since_compact, last_seq) values (${docId}, 'unit-A', ${conferenceId}, ${state}, 1, 1)`.execute(db);
        await sql`insert into sync_log (op, kind, unit_id, conference_id, record_id, text_update, device_id, sent_by, received_at) values (${`op-${docId}`}, 'text', 'unit-A', ${conferenceId}, ${docId}, ${state}, 'tab', 'tab', 1)`.execute(db);
      }
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const docs = await sql<{ doc_id: string; conference_id: string | null }>`select doc_id, conference_id from text_docs order by doc_id`.execute(db);
      expect(docs.rows).toEqual([
        { doc_id: 'documents:conf-1', conference_id: 'conf-1' },
        { doc_id: 'minutes:session-1', conference_id: 'conf-1' },
        { doc_id: 'minutes:session-2', conference_id: null },
      ]);
      const log = await sql<{ record_id: string; conference_id: string | null }>`select record_id, conference_id from sync_log order by record_id`.execute(db);
      expect(log.rows).toEqual([
        { record_id: 'documents:conf-1', conference_id: 'conf-1' },
        { record_id: 'minutes:session-1', conference_id: 'conf-1' },
        { record_id: 'minutes:session-2', conference_id: null },
      ]);
    } finally {
      await db.destroy();
    }
  });
});
