/** The write path stores text in NFC (issue 9): one form of each name, whatever keyboard typed it. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { commit, create, update } from '../../src/storage/write.ts';

const nfd = (s: string) => s.normalize('NFD');
let db: DoiThoaiDb;
beforeEach(() => {
  db = openDatabase(`nfc-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('commit stores NFC', () => {
  it('a record created and updated with decomposed marks is stored, and sent, composed and trimmed', async () => {
    const [id] = await commit(db, [create('departments', { unitId: 'u1' }, { name: `  ${nfd('Phòng Tư pháp - Hộ tịch')} `, fields: [nfd('Đăng ký, quản lý cư trú')] })]);
    const row = await db.departments.get(id!);
    expect(row!.name).toBe('Phòng Tư pháp - Hộ tịch');
    expect(row!.fields).toEqual(['Đăng ký, quản lý cư trú']);
    await commit(db, [update('departments', id!, { name: nfd('Phòng Kinh tế') })]);
    expect((await db.departments.get(id!))!.name).toBe('Phòng Kinh tế');
    const sent = (await db.outbox.toArray()).map((e) => (e.kind === 'record' ? e.fields : {}));
    expect(sent).toEqual([
      { name: 'Phòng Tư pháp - Hộ tịch', fields: ['Đăng ký, quản lý cư trú'], deleted: false },
      { name: 'Phòng Kinh tế' },
    ]);
  });

  it('re-saving a name typed the other way (NFD of the same name) changes nothing, so it outvotes no one', async () => {
    const [id] = await commit(db, [create('departments', { unitId: 'u1' }, { name: 'Phòng Văn hóa', fields: [] })]);
    await commit(db, [update('departments', id!, { name: nfd('Phòng Văn hóa') })]);
    expect(await db.outbox.count()).toBe(1);
  });
});
