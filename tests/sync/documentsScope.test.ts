/**
 * A conference's documents (`documents:<conferenceId>`, the secretary's edits of
 * the notice, the report and the blank form) are that conference's, like a
 * session's minutes are its session's: their text rows carry the unit and the
 * conference, they reach the server and a second device under that conference
 * (also rows written before they carried it), and an export of one conference
 * carries its documents' edits and no other conference's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { conferenceDocumentsDocId } from '../../src/domain/minutesDoc.ts';
import { SYNC_API, type PullResponse } from '../../src/protocol/index.ts';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { readStoredTexts } from '../../src/storage/minutesText.ts';
import { scopeOfDoc } from '../../src/storage/textScope.ts';
import { commit, create, textUpdate } from '../../src/storage/write.ts';
import { RoomClock } from '../../src/sync/clock.ts';
import { SyncEngine } from '../../src/sync/engine.ts';
import { exportFile, importFile } from '../../src/sync/file.ts';
import { InjectTransport, startServer, type TestServer } from './inProcess.ts';

const T0 = Date.UTC(2026, 9, 13, 0, 30);
let server: TestServer;
const dbs: DoiThoaiDb[] = [];

const unit = { name: 'UBND xã Thanh Trì', upperLevel: 'UBND thành phố Hà Nội', address: '', email: '', phone: '' };
const conference = (title: string) => ({
  title, year: 2026, planNumber: '82/KH-UBND', round: 1 as const, legalBases: [], registrationDeadline: { kind: 'days_before' as const, days: 10 },
});
const DOC1 = conferenceDocumentsDocId('c1');
const DOC2 = conferenceDocumentsDocId('c2');

function device() {
  const db = openDatabase(`docscope-${Math.random()}`);
  dbs.push(db);
  const clock = new RoomClock(() => T0);
  const engine = new SyncEngine({ db, clock, transport: new InjectTransport(server.app) });
  return { db, engine, write: (c: Parameters<typeof commit>[1]) => commit(db, c, clock.now) };
}

/** Types at the end of a named text of a document, through the one write path. */
async function type(db: DoiThoaiDb, docId: string, key: string, text: string) {
  const doc = new Y.Doc();
  for (const row of await db.textUpdates.where('docId').equals(docId).toArray()) Y.applyUpdate(doc, row.update);
  const before = Y.encodeStateVector(doc);
  doc.getText(key).insert(doc.getText(key).length, text);
  await commit(db, [textUpdate(docId, Y.encodeStateAsUpdate(doc, before))], () => T0);
}

/** A row as the release before this one stored it: its unit, no conference. */
async function typeAsOldRelease(db: DoiThoaiDb, docId: string, key: string, text: string) {
  const doc = new Y.Doc();
  for (const row of await db.textUpdates.where('docId').equals(docId).toArray()) Y.applyUpdate(doc, row.update);
  const before = Y.encodeStateVector(doc);
  doc.getText(key).insert(doc.getText(key).length, text);
  await db.textUpdates.add({ docId, update: Y.encodeStateAsUpdate(doc, before), pending: 1, op: crypto.randomUUID(), unitId: 'u1', conferenceId: null });
}

async function seed(d: ReturnType<typeof device>) {
  await d.write([
    create('units', { unitId: 'u1' }, unit, 'u1'),
    create('conferences', { unitId: 'u1' }, conference('Hội nghị đối thoại TTHC năm 2026 – lần 1'), 'c1'),
    create('conferences', { unitId: 'u1' }, conference('Hội nghị đối thoại TTHC năm 2026 – lần 2'), 'c2'),
  ]);
}

beforeEach(async () => {
  server = await startServer(() => T0);
});
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
  await server.close();
});

describe('a conference’s documents', () => {
  it('are written under their unit and conference, also on a device that does not hold the conference yet', async () => {
    const a = device();
    await seed(a);
    expect(await scopeOfDoc(a.db, DOC1)).toEqual({ unitId: 'u1', conferenceId: 'c1' });
    await type(a.db, DOC1, 'notice:body', 'Thông báo tổ chức hội nghị.');
    expect(await a.db.textUpdates.where('docId').equals(DOC1).toArray()).toMatchObject([{ unitId: 'u1', conferenceId: 'c1', pending: 1 }]);

    const b = device();
    await b.write([create('units', { unitId: 'u1' }, unit, 'u1')]);
    expect(await scopeOfDoc(b.db, DOC2)).toEqual({ unitId: 'u1', conferenceId: 'c2' });
  });

  it('reach the server and a second device under their conference, also rows written before they carried it', async () => {
    const a = device();
    await seed(a);
    await type(a.db, DOC1, 'notice:body', 'Thông báo: hội nghị ngày 15/05/2026 lúc 08:00.');
    await typeAsOldRelease(a.db, DOC1, 'notice:body', ' Kính mời bà con dự.');
    await a.engine.run();
    expect(await a.db.textUpdates.where('pending').equals(1).count()).toBe(0);

    const pulled = (await server.app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=u1&after=0` })).json<PullResponse>();
    const texts = pulled.changes.filter((c) => c.kind === 'text');
    expect(texts).toHaveLength(2);
    for (const c of texts) expect(c).toMatchObject({ docId: DOC1, unitId: 'u1', conferenceId: 'c1' });

    const b = device();
    await b.engine.join('u1');
    expect(await readStoredTexts(b.db, DOC1)).toEqual({ 'notice:body': 'Thông báo: hội nghị ngày 15/05/2026 lúc 08:00. Kính mời bà con dự.' });
    for (const row of await b.db.textUpdates.where('docId').equals(DOC1).toArray()) expect(row).toMatchObject({ unitId: 'u1', conferenceId: 'c1' });
  });

  it('travel in an export of their conference, not in another conference’s, and arrive under it', async () => {
    const a = device();
    await seed(a);
    await type(a.db, DOC1, 'report:summary', 'Báo cáo kết quả hội nghị lần 1.');
    await typeAsOldRelease(a.db, DOC1, 'report:summary', ' Đã trả lời 12 ý kiến.');
    await type(a.db, DOC2, 'report:summary', 'Báo cáo lần 2.');

    const file = await exportFile(a.db, { conferenceId: 'c1', now: () => T0 });
    const b = device();
    const summary = await importFile(b.db, file.bytes, { now: () => T0 });
    expect(summary.textDocs).toBe(1);
    expect(await readStoredTexts(b.db, DOC1)).toEqual({ 'report:summary': 'Báo cáo kết quả hội nghị lần 1. Đã trả lời 12 ý kiến.' });
    expect(await b.db.textUpdates.where('docId').equals(DOC2).count()).toBe(0);
    for (const row of await b.db.textUpdates.toArray()) expect(row).toMatchObject({ unitId: 'u1', conferenceId: 'c1' });

    const other = await exportFile(a.db, { conferenceId: 'c2', now: () => T0 });
    const c = device();
    await importFile(c.db, other.bytes, { now: () => T0 });
    expect(await readStoredTexts(c.db, DOC2)).toEqual({ 'report:summary': 'Báo cáo lần 2.' });
    expect(await c.db.textUpdates.where('docId').equals(DOC1).count()).toBe(0);
  });
});
