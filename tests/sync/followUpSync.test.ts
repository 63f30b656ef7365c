/**
 * A written reply owed by a department becomes a follow-up record; for a turn
 * added by hand (no registration form) its `registrationId` is left out. Found
 * by the three-device end-to-end test: the follow-up's optional field was
 * stamped although JSON cannot carry its `undefined`, so the server refused the
 * whole record (`stamp_without_field`) and the office never saw the reply it
 * owed. Real write path, real engine, real server.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followUpFor } from '../../src/domain/disposition.ts';
import { createWorkingDayCalendar } from '../../src/domain/workingDays.ts';
import { SYNC_API, type PullResponse } from '../../src/protocol/index.ts';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { commit, create } from '../../src/storage/write.ts';
import { RoomClock } from '../../src/sync/clock.ts';
import { SyncEngine } from '../../src/sync/engine.ts';
import { InjectTransport, startServer, type TestServer } from './inProcess.ts';

const T0 = Date.UTC(2026, 9, 13, 0, 30);
let server: TestServer;
let db: DoiThoaiDb;

beforeEach(async () => {
  server = await startServer(() => T0);
  db = openDatabase(`followup-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
  await server.close();
});

describe('a follow-up of a turn without a registration form', () => {
  it('reaches the server', async () => {
    const followUp = followUpFor({ kind: 'written_reply', departmentId: 'd1', dueOn: '2026-10-20' }, { id: 't1', registrationId: undefined }, '2026-10-13', createWorkingDayCalendar());
    expect(followUp).not.toBeNull();
    expect('registrationId' in followUp!).toBe(true); // left out as undefined: the case that was refused
    const scope = { unitId: 'u1', conferenceId: 'c1' };
    await commit(db, [
      create('units', { unitId: 'u1' }, { name: 'UBND xã Thanh Trì', upperLevel: '', address: '', email: '', phone: '' }, 'u1'),
      create('followUps', scope, followUp!, 'f1'),
    ], () => T0);
    const engine = new SyncEngine({ db, clock: new RoomClock(() => T0), transport: new InjectTransport(server.app) });
    await engine.run();
    expect(await db.refused.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    const pulled = (await server.app.inject({ method: 'GET', url: `${SYNC_API.pull}?unit=u1&after=0` })).json<PullResponse>();
    expect(pulled.changes.find((c) => c.kind === 'record' && c.table === 'followUps')).toMatchObject({ id: 'f1', fields: { departmentId: 'd1', status: 'assigned' } });
  });
});
