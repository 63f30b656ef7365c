/**
 * "Through the same rules as sync", as a property: whatever two devices did to
 * the same records offline, importing A's file into B gives B exactly what
 * pulling A's changes through `applyRemote` gives it (records, per-field
 * stamps, tombstones), and what B queues for the server is what B did not have.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TABLE_NAMES, type RecordInput } from '../../src/domain/model.ts';

type Session = RecordInput<'sessions'>;
import type { LoggedChange } from '../../src/protocol/index.ts';
import { openDatabase, wireChange, type DoiThoaiDb } from '../../src/storage/db.ts';
import { applyRemote } from '../../src/storage/remote.ts';
import { commit, create, remove, update, type Change } from '../../src/storage/write.ts';
import { exportFile, importFile } from '../../src/sync/file.ts';

const T = Date.UTC(2026, 9, 13, 1, 0, 0);
const base: Session = {
  conferenceId: 'c1', title: 'Buổi sáng', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Nhà văn hóa thôn 3',
  venueKind: 'village_cultural_house', fieldFocus: '', format: 'in_person', speakingLimitMs: 300_000, chairName: '', secretaryName: '',
};
const scope = { unitId: 'u1', conferenceId: 'c1' };

/** A device with a fixed id, so two copies of "device B" stamp alike. */
async function deviceNamed(node: string): Promise<DoiThoaiDb> {
  const db = openDatabase(`prop-${node}-${Math.random()}`);
  await db.meta.put({ key: 'clock', value: { deviceId: node, last: null } });
  return db;
}

/** The starting point both devices share: the unit, the conference and two sessions, made on A and already on B. */
const shared: Change[] = [
  create('units', { unitId: 'u1' }, { name: 'UBND xã Thanh Trì', upperLevel: '', address: '', email: '', phone: '' }, 'u1'),
  create('conferences', { unitId: 'u1' }, { title: 'Hội nghị đối thoại 2026', year: 2026, planNumber: '', round: 1, legalBases: [], registrationDeadline: { kind: 'days_before', days: 10 } }, 'c1'),
  create('sessions', scope, base, 's1'),
  create('sessions', scope, { ...base, venue: 'Hội trường UBND' }, 's2'),
];

const edit = fc.oneof(
  fc.record({ id: fc.constantFrom('s1', 's2'), field: fc.constantFrom('venue', 'chairName', 'secretaryName', 'fieldFocus'), value: fc.constantFrom('A', 'B', 'Thôn Đông', 'Nguyễn Văn Lợi', '') }),
  fc.record({ id: fc.constantFrom('s1', 's2'), field: fc.constant('deleted' as const), value: fc.boolean() }),
);
const editsOf = (db: DoiThoaiDb, edits: { id: string; field: string; value: string | boolean }[], start: number) =>
  edits.reduce(
    (p, e, i) =>
      p.then(async () => {
        const now = () => start + i * 10;
        // An undelete is an update of `deleted`; a delete is the write path's remove. Like an edit, an undelete
        // may be refused: a field emptied while the session was deleted makes a record its schema refuses
        // (seed 1243562929), and the write path does not bring that back. Refused writes change nothing.
        if (e.field === 'deleted')
          await commit(db, [e.value ? remove('sessions', e.id) : update('sessions', e.id, { deleted: false } as never)], now).catch(() => {});
        else await commit(db, [update('sessions', e.id, { [e.field]: e.value } as never)], now).catch(() => {});
      }),
    Promise.resolve(),
  );

async function records(db: DoiThoaiDb) {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLE_NAMES) out[table] = ((await db.table(table).toArray()) as { id: string }[]).sort((a, b) => (a.id < b.id ? -1 : 1));
  return out;
}

describe('a file import is a pull by another road', () => {
  it('gives the same records and stamps as applyRemote of the exporting device’s changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { maxLength: 8 }), fc.array(edit, { maxLength: 8 }), fc.integer({ min: -5000, max: 5000 }), async (onA, onB, skew) => {
        const a = await deviceNamed('deva');
        await commit(a, shared, () => T);
        const sharedChanges = (await a.outbox.toArray()).map((e, i) => ({ ...wireChange(e), seq: i + 1, receivedAt: T }) as LoggedChange);
        await a.outbox.clear();
        await editsOf(a, onA, T + 1000);

        const [viaFile, viaPull] = [await deviceNamed('devb'), await deviceNamed('devb')];
        for (const b of [viaFile, viaPull]) {
          await applyRemote(b, sharedChanges, { serverId: 's', cursor: sharedChanges.length }, () => T);
          await editsOf(b, onB, T + 1000 + skew);
        }
        const queuedBefore = await viaFile.outbox.count();

        await importFile(viaFile, (await exportFile(a, { conferenceId: 'c1', now: () => T + 20_000 })).bytes, { now: () => T + 20_000 });
        const pulled = (await a.outbox.toArray()).map((e, i) => ({ ...wireChange(e), seq: 100 + i, receivedAt: T }) as LoggedChange);
        await applyRemote(viaPull, pulled, { serverId: 's', cursor: 200 }, () => T + 20_000);

        expect(await records(viaFile)).toEqual(await records(viaPull));
        // Queued for the server: exactly the fields where A's stamp won on B, with A's stamps.
        for (const entry of (await viaFile.outbox.toArray()).slice(queuedBefore).map(wireChange)) {
          const record = (await viaFile.table(entry.table).get(entry.id)) as { stamps: Record<string, string> };
          for (const [field, stamp] of Object.entries(entry.stamps)) {
            expect(stamp.endsWith('-deva') || entry.table !== 'sessions').toBe(true);
            expect(record.stamps[field]).toBe(stamp);
          }
        }
        for (const db of [a, viaFile, viaPull]) await db.delete();
      }),
      { numRuns: 25, ...(process.env["FC_SEED"] ? { seed: Number(process.env["FC_SEED"]) } : {}) },
    );
    // 25 runs of three fake-IndexedDB devices: a couple of seconds alone, several times that on a loaded 2-core machine.
  }, 60_000);
});
