/**
 * A tablet in the field has a version 1 database written by the released app.
 * It is written here with that release's own code (tests/storage/v1, a frozen
 * copy) and then opened with today's: nothing may be lost, and every new field
 * must be filled so the sync engine can send what was queued before the update.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import * as Y from 'yjs';
import { openDatabase as openV1 } from './v1/db.ts';
import { commit as commitV1 } from './v1/write.ts';
import { create as createV1, textUpdate as textV1, update as updateV1 } from './v1/changes.ts';
import { openDatabase } from '../../src/storage/db.ts';
import { commit, update } from '../../src/storage/write.ts';
import { readStoredTexts } from '../../src/storage/minutesText.ts';
import { RecordChangeSchema } from '../../src/protocol/index.ts';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await openDatabase(name).delete();
});

const unit = { name: 'UBND phường Biên Giang', upperLevel: 'UBND thành phố Hà Nội', address: '', email: '' };
const conference = {
  title: 'Hội nghị đối thoại về TTHC năm 2026', year: 2026, planNumber: '82/KH-UBND', round: 1 as const, legalBases: [],
  registrationDeadline: { kind: 'days_before' as const, days: 10 },
};
const session = {
  conferenceId: 'c1', title: 'Buổi sáng', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Nhà văn hóa thôn Đông',
  venueKind: 'village_cultural_house' as const, fieldFocus: '', format: 'in_person' as const, speakingLimitMs: 300_000, chairName: '', secretaryName: '',
};

function typed(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('item:a1').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('upgrade from the released version 1 database', () => {
  it('keeps every record, queued change and minutes row, and fills what sync needs', async () => {
    const name = `upgrade-${Math.random()}`;
    names.push(name);
    const old = openV1(name);
    const now = () => 1_760_000_000_000;
    await commitV1(old, [createV1('units', { unitId: 'u1' }, unit as never, 'u1')], now);
    await commitV1(old, [createV1('conferences', { unitId: 'u1', conferenceId: 'c1' }, conference as never, 'c1')], now);
    await commitV1(old, [createV1('sessions', { unitId: 'u1', conferenceId: 'c1' }, session as never, 's1')], now);
    await commitV1(old, [updateV1('sessions', 's1', { title: 'Buổi chiều' } as never)], now);
    await commitV1(old, [textV1('minutes:s1', typed('Ông Nguyễn Văn An hỏi về thửa đất số 123'))], now);
    await commitV1(old, [textV1('minutes:gone', typed('buổi đã xoá'))], now);
    const before = {
      outbox: await old.outbox.toArray(),
      sessions: await old.sessions.toArray(),
      text: await old.textUpdates.toArray(),
      meta: await old.meta.toArray(),
    };
    expect(old.verno).toBe(1);
    old.close();

    const db = openDatabase(name);
    await db.open();
    // Through every later version too: 3 adds the unit's calendar years and the hall's audio, empty on an upgraded tablet.
    expect(db.verno).toBe(3);
    expect(await db.calendarYears.count()).toBe(0);
    expect(await db.audioParts.count()).toBe(0);
    expect(await db.sessions.toArray()).toEqual(before.sessions);
    expect(await db.meta.toArray()).toEqual(before.meta);

    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(before.outbox.length);
    outbox.forEach((entry, i) => {
      const { kind, op, ...rest } = entry;
      expect(rest).toEqual(before.outbox[i]);
      expect(kind).toBe('record');
      // Each queued change is now exactly the protocol's shape, ready to push.
      const { seq: _seq, ...wire } = entry;
      expect(v.safeParse(RecordChangeSchema, wire).success).toBe(true);
      expect(op).toMatch(/^v1-[0-9a-f]{32}$/);
    });
    expect(new Set(outbox.map((e) => e.op)).size).toBe(outbox.length);

    const text = await db.textUpdates.toArray();
    expect(text.map((r) => [r.seq, r.docId, r.pending, [...r.update]])).toEqual(before.text.map((r) => [r.seq, r.docId, r.pending, [...r.update]]));
    expect(text.find((r) => r.docId === 'minutes:s1')).toMatchObject({ unitId: 'u1', conferenceId: 'c1' });
    // A row whose session this device no longer has still gets a unit, so it can be sent and is never dropped.
    expect(text.find((r) => r.docId === 'minutes:gone')).toMatchObject({ unitId: 'u1', conferenceId: null });
    expect(text.every((r) => typeof r.op === 'string' && r.op.length > 8)).toBe(true);
    expect((await readStoredTexts(db, 'minutes:s1'))['item:a1']).toBe('Ông Nguyễn Văn An hỏi về thửa đất số 123');
    expect(await db.refused.count()).toBe(0);

    // And the upgraded database keeps working: same device id, a new change in the new shape.
    await commit(db, [update('sessions', 's1', { venue: 'Hội trường UBND' })], now);
    const last = (await db.outbox.toArray()).at(-1)!;
    expect(last).toMatchObject({ kind: 'record', table: 'sessions', id: 's1', deviceId: before.outbox[0]!.deviceId });
    db.close();
  });
});
