/**
 * The sync engine against the real server with access control ON: enrolled
 * devices sync with their tokens; a role's refused change is kept on the
 * device with `forbidden`; a revoked device's next run fails `unauthorized`
 * and everything it holds stays; a device never enrolled does not start.
 * (engine.test.ts and the convergence test run the protocol with access off.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { commit, create, update } from '../../src/storage/write.ts';
import { RoomClock } from '../../src/sync/clock.ts';
import { SyncEngine } from '../../src/sync/engine.ts';
import { startSync } from '../../src/sync/start.ts';
import { accessServer, createAccount, enrolDevice, type AccessServer } from '../server/access-helpers.ts';
import { InjectTransport } from './inProcess.ts';

const T0 = Date.UTC(2026, 9, 13, 0, 30);
let s: AccessServer;
const dbs: DoiThoaiDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
  await s?.close();
});

const unit = { name: 'UBND xã Thanh Trì', upperLevel: 'UBND thành phố Hà Nội', address: '', email: '', phone: '' };
const conference = {
  title: 'Hội nghị đối thoại về TTHC năm 2026',
  year: 2026,
  planNumber: '82/KH-UBND',
  round: 1 as const,
  legalBases: [],
  registrationDeadline: { kind: 'days_before' as const, days: 10 },
};

function device(cookie: string) {
  const db = openDatabase(`engine-access-${Math.random()}`);
  dbs.push(db);
  const clock = new RoomClock(() => T0);
  const engine = new SyncEngine({ db, clock, transport: new InjectTransport(s.app, cookie) });
  return { db, engine, write: (c: Parameters<typeof commit>[1]) => commit(db, c, clock.now) };
}

describe('sync engine with access control on', () => {
  it('syncs enrolled devices; keeps a forbidden change; a revoked device is refused and keeps its data', async () => {
    s = await accessServer(() => T0, 'u1');
    const officeAccount = await createAccount(s.app, s.admin, 'vanphong', ['office']);
    const viewerAccount = await createAccount(s.app, s.admin, 'xem', ['viewer']);
    const office = device((await enrolDevice(s.app, s.admin, officeAccount, 'tabOffice')).cookie);
    const viewerEnrolment = await enrolDevice(s.app, s.admin, viewerAccount, 'tabViewer');
    const viewer = device(viewerEnrolment.cookie);

    await office.write([create('units', { unitId: 'u1' }, unit, 'u1')]);
    await office.write([create('conferences', { unitId: 'u1', conferenceId: 'c1' }, conference, 'c1')]);
    expect(await office.engine.run()).toMatchObject({ pushed: 2, refused: 0 });
    await viewer.db.meta.put({ key: 'joinedUnit', value: 'u1' });
    await viewer.engine.run();
    expect((await viewer.db.table('conferences').get('c1'))?.title).toBe(conference.title);

    // A viewer writes nothing: the change is refused by the server, kept on the device with its reason.
    await viewer.write([update('conferences', 'c1', { title: 'Sửa trái phép' })]);
    const report = await viewer.engine.run();
    expect(report).toMatchObject({ refused: 1 });
    const refused = await viewer.db.refused.toArray();
    expect(refused.map((r) => r.reason)).toEqual(['forbidden']);

    // Revoked: the next run fails unauthorized; the device keeps its records and its unsent change.
    await s.app.inject({ method: 'POST', url: `/api/admin/devices/${viewerEnrolment.id}/revoke`, headers: { cookie: s.admin } });
    await viewer.write([create('conferences', { unitId: 'u1', conferenceId: 'c2' }, { ...conference, title: 'Sau khi thu hồi' }, 'c2')]);
    expect(await viewer.engine.run()).toBeNull();
    expect(viewer.engine.getStatus().lastError).toBe('unauthorized');
    expect((await viewer.db.table('conferences').get('c1'))?.title).toBe('Sửa trái phép');
    expect(await viewer.db.outbox.count()).toBe(1);
  });

  it('a device never enrolled does not start syncing at all', async () => {
    const db = openDatabase(`engine-unenrolled-${Math.random()}`);
    dbs.push(db);
    expect(await startSync(db, new RoomClock(() => T0))).toBeNull();
  });
});
