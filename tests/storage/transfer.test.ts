/**
 * Export to a file and import on another device: merged by the sync rules,
 * queued for the server, idempotent; a corrupt, truncated, foreign or newer
 * file is refused with its reason and changes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { commit, create, update } from '../../src/storage/write.ts';
import { openMinutesDoc, readStoredTexts } from '../../src/storage/minutesText.ts';
import { EXPORT_FORMAT, ImportError, exportData, importData } from '../../src/storage/transfer.ts';

const T = Date.UTC(2026, 9, 13, 1, 0);
const dbs: DoiThoaiDb[] = [];
const fresh = () => {
  const db = openDatabase(`transfer-${Math.random()}`);
  dbs.push(db);
  return db;
};
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

const unit = { name: 'UBND xã Ngọc Kỳ', upperLevel: 'UBND tỉnh Hải Dương', address: '', email: '', phone: '' };
const conference = (title: string) => ({
  title, year: 2026, planNumber: '82/KH-UBND', round: 1 as const, legalBases: [], registrationDeadline: { kind: 'days_before' as const, days: 10 },
});
const session = {
  conferenceId: 'c1', title: 'Buổi sáng', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Nhà văn hóa thôn Đông',
  venueKind: 'village_cultural_house' as const, fieldFocus: '', format: 'in_person' as const, speakingLimitMs: 300_000, chairName: '', secretaryName: '',
};

async function tabletWithMinutes(): Promise<DoiThoaiDb> {
  const db = fresh();
  await commit(db, [create('units', { unitId: 'u1' }, unit, 'u1')], () => T);
  await commit(db, [create('conferences', { unitId: 'u1', conferenceId: 'c1' }, conference('Hội nghị lần 1'), 'c1')], () => T);
  await commit(db, [create('conferences', { unitId: 'u1', conferenceId: 'c2' }, conference('Hội nghị lần 2'), 'c2')], () => T);
  await commit(db, [create('sessions', { unitId: 'u1', conferenceId: 'c1' }, session, 's1')], () => T);
  const h = await openMinutesDoc(db, 'minutes:s1');
  h.minutes.doc.getText('item:a1').insert(0, 'Ông Vũ Văn Nam hỏi về đăng ký đất đai');
  await h.release();
  return db;
}

describe('export and import', () => {
  it('carries one conference, its unit and its minutes to another device, and queues them for the server', async () => {
    const a = await tabletWithMinutes();
    const file = await exportData(a, { conferenceId: 'c1', deviceId: 'tabletA', now: T });
    const b = fresh();
    const report = await importData(b, file, () => T + 1000);
    expect(report).toEqual({ records: 3, documents: 1, skipped: 0 });
    expect(await b.sessions.get('s1')).toMatchObject({ venue: 'Nhà văn hóa thôn Đông', unitId: 'u1', conferenceId: 'c1', stamps: (await a.sessions.get('s1'))!.stamps });
    expect(await b.conferences.get('c2')).toBeUndefined();
    expect((await readStoredTexts(b, 'minutes:s1'))['item:a1']).toBe('Ông Vũ Văn Nam hỏi về đăng ký đất đai');
    expect(await b.outbox.count()).toBe(3);
    expect(await b.textUpdates.where('pending').equals(1).count()).toBe(1);

    // Importing the same file again changes nothing and queues nothing more.
    expect(await importData(b, file, () => T + 2000)).toEqual({ records: 0, documents: 0, skipped: 0 });
    expect(await b.outbox.count()).toBe(3);
  });

  it('merges by the sync rule: a field edited later on this device keeps its value, the others arrive', async () => {
    const a = await tabletWithMinutes();
    const file = await exportData(a, { deviceId: 'tabletA', now: T });
    const b = fresh();
    await importData(b, file, () => T + 1000);
    await commit(b, [update('sessions', 's1', { venue: 'Hội trường UBND' })], () => T + 5000);
    await commit(a, [update('sessions', 's1', { title: 'Buổi sáng – đất đai', venue: 'cũ hơn' })], () => T + 3000);
    await importData(b, await exportData(a, { deviceId: 'tabletA', now: T + 3000 }), () => T + 6000);
    expect(await b.sessions.get('s1')).toMatchObject({ title: 'Buổi sáng – đất đai', venue: 'Hội trường UBND' });
    expect(await b.conferences.get('c2')).toMatchObject({ title: 'Hội nghị lần 2' });
  });

  it('refuses a truncated, altered, foreign or newer file with its reason, changing nothing', async () => {
    const a = await tabletWithMinutes();
    const file = await exportData(a, { deviceId: 'tabletA', now: T });
    const b = fresh();
    await commit(b, [create('units', { unitId: 'u9' }, { ...unit, name: 'UBND phường khác' }, 'u9')], () => T);
    const before = { units: await b.units.toArray(), outbox: await b.outbox.count(), text: await b.textUpdates.count() };
    const altered = file.replace('Nhà văn hóa thôn Đông', 'Nhà văn hóa thôn Tây');
    const newer = JSON.stringify({ ...JSON.parse(file), version: 99 });
    const cases: [string, string][] = [
      [file.slice(0, file.length / 2), 'corrupt'],
      [altered, 'corrupt'],
      [JSON.stringify({ hello: 'world' }), 'foreign'],
      ['PK\u0003\u0004 not json at all', 'corrupt'],
      [newer, 'newer'],
      [JSON.stringify({ format: EXPORT_FORMAT, version: 1 }), 'corrupt'],
    ];
    for (const [text, reason] of cases) {
      const error = await importData(b, text, () => T).catch((e: unknown) => e);
      expect(error, reason).toBeInstanceOf(ImportError);
      expect((error as ImportError).reason).toBe(reason);
    }
    expect({ units: await b.units.toArray(), outbox: await b.outbox.count(), text: await b.textUpdates.count() }).toEqual(before);
    expect(await b.sessions.count()).toBe(0);
  });
});
