/**
 * What a file brings is passed on to the office server by the device that
 * imports it (the tablet that exported it may never sync: no server in the
 * commune, a revoked or broken device). Against the real server code: A never
 * syncs and exports; B imports and syncs; a third device that joins the unit
 * gets A's records and minutes from the server. When A syncs later, its own
 * copies of the same changes merge to the same result.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { readStoredTexts } from '../../src/storage/minutesText.ts';
import { commit, create, textUpdate, update } from '../../src/storage/write.ts';
import { RoomClock } from '../../src/sync/clock.ts';
import { SyncEngine } from '../../src/sync/engine.ts';
import { exportFile, importFile } from '../../src/sync/file.ts';
import { InjectTransport, startServer, type TestServer } from './inProcess.ts';

const T0 = Date.UTC(2026, 9, 13, 0, 30);
let server: TestServer;
const dbs: DoiThoaiDb[] = [];

function device() {
  const db = openDatabase(`forward-${Math.random()}`);
  dbs.push(db);
  const clock = new RoomClock(() => T0);
  const engine = new SyncEngine({ db, clock, transport: new InjectTransport(server.app) });
  return { db, clock, engine };
}

beforeEach(async () => {
  server = await startServer(() => T0);
});
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
  await server.close();
});

describe('a file’s changes reach the office server through the device that imports it', () => {
  it('A exports without ever syncing; B imports and syncs; C joins and has everything, minutes included; A’s later sync changes nothing', async () => {
    const a = device();
    const scope = { unitId: 'u1', conferenceId: 'c1' };
    await commit(a.db, [
      create('units', { unitId: 'u1' }, { name: 'UBND xã Thanh Trì', upperLevel: '', address: '', email: '', phone: '' }, 'u1'),
      create('conferences', { unitId: 'u1' }, { title: 'Hội nghị đối thoại TTHC năm 2026', year: 2026, planNumber: '', round: 1, legalBases: [], registrationDeadline: { kind: 'days_before', days: 10 } }, 'c1'),
      create('sessions', scope, { conferenceId: 'c1', title: 'Buổi sáng', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Nhà văn hóa thôn Đông', venueKind: 'village_cultural_house', fieldFocus: '', format: 'in_person', speakingLimitMs: 300_000, chairName: '', secretaryName: '' }, 's1'),
    ], () => T0 - 60_000);
    await commit(a.db, [update('sessions', 's1', { chairName: 'Nguyễn Văn Lợi' })], () => T0 - 30_000);
    const doc = new Y.Doc();
    doc.getText('item:a1').insert(0, 'Ông An hỏi về đất.');
    await commit(a.db, [textUpdate('minutes:s1', Y.encodeStateAsUpdate(doc))], () => T0 - 20_000);

    const b = device();
    await importFile(b.db, (await exportFile(a.db, { conferenceId: 'c1', now: () => T0 })).bytes, { now: () => T0 });
    const pushed = await b.engine.run();
    expect(pushed).toMatchObject({ refused: 0 });
    expect(await b.db.outbox.count()).toBe(0);
    expect(await b.db.textUpdates.where('pending').equals(1).count()).toBe(0);

    const c = device();
    await c.engine.join('u1');
    expect(await c.db.sessions.get('s1')).toMatchObject({ venue: 'Nhà văn hóa thôn Đông', chairName: 'Nguyễn Văn Lợi' });
    expect((await c.db.sessions.get('s1'))!.stamps).toEqual((await a.db.sessions.get('s1'))!.stamps);
    await c.engine.run();
    expect((await readStoredTexts(c.db, 'minutes:s1'))['item:a1']).toBe('Ông An hỏi về đất.');

    // A syncs at last: its own copies of the same changes are pushed, merge to the same records, and nothing doubles.
    expect(await a.engine.run()).toMatchObject({ refused: 0 });
    await c.engine.run();
    for (const d of [a, b]) expect(await d.db.sessions.get('s1')).toEqual(await c.db.sessions.get('s1'));
    expect((await readStoredTexts(c.db, 'minutes:s1'))['item:a1']).toBe('Ông An hỏi về đất.');
  });
});
