/**
 * The sync engine against the real server code (in-process, SQLite in memory):
 * two devices' records and minutes meet; only acknowledged changes leave the
 * outbox; a retry after a lost response changes nothing; a refused change is
 * kept with its reason and does not block the rest; the clock offset is measured.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { commit, create, update } from '../../src/storage/write.ts';
import { openMinutesDoc, readStoredTexts } from '../../src/storage/minutesText.ts';
import { RoomClock } from '../../src/sync/clock.ts';
import { SyncEngine } from '../../src/sync/engine.ts';
import { TransportError, type Transport } from '../../src/sync/transport.ts';
import { SERVER_LIMITS, SYNC_LIMITS } from '../../src/protocol/index.ts';
import { InjectTransport, startServer, type TestServer } from './inProcess.ts';

const T0 = Date.UTC(2026, 9, 13, 0, 30);
let serverTime = T0;
let server: TestServer;
const dbs: DoiThoaiDb[] = [];

const unit = { name: 'UBND xã Thanh Trì', upperLevel: 'UBND thành phố Hà Nội', address: '', email: '', phone: '' };
const conference = {
  title: 'Hội nghị đối thoại về TTHC năm 2026', year: 2026, planNumber: '82/KH-UBND', round: 1 as const, legalBases: [],
  registrationDeadline: { kind: 'days_before' as const, days: 10 },
};
const session = {
  conferenceId: 'c1', title: 'Buổi sáng', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Nhà văn hóa thôn Đông',
  venueKind: 'village_cultural_house' as const, fieldFocus: '', format: 'in_person' as const, speakingLimitMs: 300_000, chairName: '', secretaryName: '',
};

function device(skewMs = 0, transport?: (inner: Transport) => Transport) {
  const db = openDatabase(`engine-${Math.random()}`);
  dbs.push(db);
  const clock = new RoomClock(() => serverTime + skewMs);
  const inner = new InjectTransport(server.app);
  const engine = new SyncEngine({ db, clock, transport: transport ? transport(inner) : inner });
  return { db, clock, engine, write: (c: Parameters<typeof commit>[1]) => commit(db, c, clock.now) };
}

async function seed(d: ReturnType<typeof device>) {
  await d.write([create('units', { unitId: 'u1' }, unit, 'u1')]);
  await d.write([create('conferences', { unitId: 'u1', conferenceId: 'c1' }, conference, 'c1')]);
  await d.write([create('sessions', { unitId: 'u1', conferenceId: 'c1' }, session, 's1')]);
}

beforeEach(async () => {
  serverTime = T0;
  server = await startServer(() => serverTime);
});
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
  await server.close();
});

describe('sync engine against the real server', () => {
  it('brings a second device the first one’s records, and both ways after edits on each', async () => {
    const a = device();
    const b = device();
    await seed(a);
    const first = await a.engine.run();
    expect(first).toMatchObject({ pushed: 3, refused: 0 });
    expect(await a.db.outbox.count()).toBe(0);

    await b.engine.join('u1');
    expect(await b.db.sessions.get('s1')).toMatchObject({ title: 'Buổi sáng', unitId: 'u1', conferenceId: 'c1' });
    expect(await b.db.outbox.count()).toBe(0);

    serverTime += 1000;
    await a.write([update('sessions', 's1', { title: 'Buổi sáng – đất đai' })]);
    await b.write([update('sessions', 's1', { venue: 'Hội trường UBND' })]);
    await a.engine.run();
    await b.engine.run();
    await a.engine.run();
    for (const d of [a, b]) expect(await d.db.sessions.get('s1')).toMatchObject({ title: 'Buổi sáng – đất đai', venue: 'Hội trường UBND' });
    expect((await a.db.sessions.get('s1'))!.stamps).toEqual((await b.db.sessions.get('s1'))!.stamps);
  });

  it('pushes and pulls in batches as large as the server announces, and keeps to SYNC_LIMITS with one that announces none', async () => {
    const people = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        create('attendees', { unitId: 'u1', conferenceId: 'c1' }, {
          sessionId: 's1', name: `Người dân ${i + 1}`, group: 'citizens', title: '', organisation: '', village: 'Thôn 1',
          invited: true, present: false, checkedInAt: null,
        }),
      );
    const sizes = (log: { push: number[]; pull: number[] }) => ({ push: [...log.push], pull: [...log.pull] });
    /** A device whose transport notes each push's size and each pull's limit; `announce: false` plays an older server. */
    const counted = (announce: boolean) => {
      const log = { push: [] as number[], pull: [] as number[] };
      const d = device(0, (inner) => ({
        ...bind(inner),
        hello: async (r) => {
          const { limits: _limits, ...older } = await inner.hello(r);
          return announce ? await inner.hello(r) : older;
        },
        push: (r) => (log.push.push(r.request.changes.length), inner.push(r)),
        pull: (a) => (log.pull.push(a.limit ?? 0), inner.pull(a)),
      }));
      return { d, log };
    };
    const older = counted(false);
    await seed(older.d);
    await older.d.write(people(SYNC_LIMITS.pushBatch + 100));
    await older.d.engine.run();
    expect(sizes(older.log).push).toEqual([SYNC_LIMITS.pushBatch, 103]);
    // Every run's first page is small (the device starts writing while the server reads the rest); then full pages.
    expect(older.log.pull[0]).toBe(500);
    expect(new Set(older.log.pull.slice(1))).toEqual(new Set([SYNC_LIMITS.pullPage]));

    const current = counted(true);
    await seed(current.d);
    await current.d.write(people(SYNC_LIMITS.pushBatch + 100));
    await current.d.engine.run();
    expect(sizes(current.log).push).toEqual([SYNC_LIMITS.pushBatch + 103]);
    expect(current.log.pull[0]).toBe(500);
    expect(new Set(current.log.pull.slice(1))).toEqual(new Set([SERVER_LIMITS.pullPage]));

    // A fresh device gets all 1,206 changes in two pages from the current server: 500, then the other 706.
    const joined = counted(true);
    await joined.d.engine.join('u1');
    expect(joined.log.pull).toEqual([500, SERVER_LIMITS.pullPage]);
    expect(await joined.d.db.attendees.count()).toBe(2 * (SYNC_LIMITS.pushBatch + 100));
  }, 30_000); // 1,200 people written, pushed and pulled: seconds on a loaded machine

  it('keeps the outbox when the answer is lost, and the retry is a duplicate that changes nothing', async () => {
    let loseNext = true;
    const a = device(0, (inner) => ({
      ...bind(inner),
      push: async (req) => {
        const reply = await inner.push(req);
        if (loseNext) {
          loseNext = false;
          throw new TransportError('network', 0); // the server committed; the answer never arrived
        }
        return reply;
      },
    }));
    await seed(a);
    expect(await a.engine.run()).toBeNull();
    expect(a.engine.getStatus().lastError).toBe('network');
    expect(await a.db.outbox.count()).toBe(3);
    await a.engine.run();
    expect(await a.db.outbox.count()).toBe(0);
    const log = await server.store.db.selectFrom('sync_log').select(['op']).execute();
    expect(log).toHaveLength(3);
  });

  it('keeps a refused change with its reason, and the rest of the queue still goes', async () => {
    const a = device();
    await seed(a);
    // A change naming another unit than the record has: the server refuses that one change.
    await a.engine.run();
    await a.db.outbox.add({
      kind: 'record', op: '0190aaaa-0000-7000-8000-000000000001', table: 'sessions', id: 's1', unitId: 'other-unit', conferenceId: 'c1',
      fields: { title: 'Sai đơn vị' }, stamps: { title: '0000000000z-00000-x' as never }, deviceId: 'x', hlc: '0000000000z-00000-x' as never,
    });
    await a.write([update('sessions', 's1', { venue: 'Hội trường' })]);
    const report = await a.engine.run();
    expect(report).toMatchObject({ pushed: 1, refused: 1 });
    expect(await a.db.outbox.count()).toBe(0);
    const refused = await a.db.refused.toArray();
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBe('scope_mismatch');
    expect(refused[0]!.change).toMatchObject({ op: '0190aaaa-0000-7000-8000-000000000001' });
  });

  it('splits a batch the server refuses whole until the change at fault is alone, and refuses only that one', async () => {
    let bad = '';
    const a = device(0, (inner) => ({
      ...bind(inner),
      push: async (req) => {
        // As the server's body limit would: any push carrying the oversized change is refused as a whole.
        if (req.request.changes.some((c) => c.op === bad)) throw new TransportError('payload_too_large', 413);
        return inner.push(req);
      },
    }));
    await seed(a);
    for (let i = 0; i < 6; i++) await a.write([update('sessions', 's1', { title: `Buổi ${i}` })]);
    const entries = await a.db.outbox.toArray();
    bad = entries[4]!.op;
    const report = await a.engine.run();
    expect(report).toMatchObject({ pushed: entries.length - 1, refused: 1 });
    expect(await a.db.outbox.count()).toBe(0);
    expect((await a.db.refused.toArray()).map((r) => [r.op, r.reason])).toEqual([[bad, 'payload_too_large']]);
  });

  it('measures the server clock: a device two hours slow stamps timer events in the room’s time', async () => {
    const slow = device(-2 * 3600_000);
    await seed(slow);
    expect(slow.clock.now()).toBe(T0 - 2 * 3600_000);
    await slow.engine.run();
    expect(Math.abs(slow.clock.now() - serverTime)).toBeLessThan(5);
    // Kept for the next start, offline.
    const again = new RoomClock(() => serverTime - 2 * 3600_000);
    await again.load(slow.db);
    expect(Math.abs(again.now() - serverTime)).toBeLessThan(5);
  });

  it('carries minutes typed on two devices into each other, every character kept', async () => {
    const a = device();
    const b = device();
    await seed(a);
    await a.engine.run();
    await b.engine.join('u1');
    const ha = await openMinutesDoc(a.db, 'minutes:s1');
    const hb = await openMinutesDoc(b.db, 'minutes:s1');
    ha.minutes.doc.getText('item:a1').insert(0, 'Ông An hỏi về đất. ');
    hb.minutes.doc.getText('item:a1').insert(0, 'Bà Hoa hỏi về hộ tịch. ');
    await ha.minutes.flush();
    await hb.minutes.flush();
    expect((await a.db.textUpdates.toArray())[0]).toMatchObject({ unitId: 'u1', conferenceId: 'c1', pending: 1 });
    await a.engine.run();
    await b.engine.run();
    await a.engine.run();
    const ta = (await readStoredTexts(a.db, 'minutes:s1'))['item:a1'];
    expect(ta).toContain('Ông An hỏi về đất.');
    expect(ta).toContain('Bà Hoa hỏi về hộ tịch.');
    expect((await readStoredTexts(b.db, 'minutes:s1'))['item:a1']).toBe(ta);
    await expect.poll(() => ha.minutes.doc.getText('item:a1').toString()).toBe(ta);
    expect(await a.db.textUpdates.where('pending').equals(1).count()).toBe(0);
    await ha.release();
    await hb.release();
  });

  it('recovers text whose pending flag was lost, through the state-vector exchange', async () => {
    const a = device();
    const b = device();
    await seed(a);
    await a.engine.run();
    await b.engine.join('u1');
    const ha = await openMinutesDoc(a.db, 'minutes:s1');
    ha.minutes.doc.getText('turn:t1:q').insert(0, 'Câu hỏi chưa gửi');
    await ha.minutes.flush();
    await ha.release();
    // As if an old bug had marked the row sent: the normal push would never send it.
    const rows = await a.db.textUpdates.toArray();
    for (const r of rows) await a.db.textUpdates.put({ ...r, pending: 0 });
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect((await readStoredTexts(b.db, 'minutes:s1'))['turn:t1:q']).toBe('Câu hỏi chưa gửi');
  });
});

/** A transport's methods bound to it, to override one of them in a test. */
function bind(t: Transport): Transport {
  return { hello: (r) => t.hello(r), push: (r) => t.push(r), pull: (a) => t.pull(a), text: (r) => t.text(r), units: () => t.units() };
}
