import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, outboxEntry, wireChange, type DoiThoaiDb } from '../../src/storage/db.ts';
import { commit, create, remove, update, ValidationError, MissingRecordError, textUpdate } from '../../src/storage/write.ts';
import type { RecordInput } from '../../src/domain/model.ts';
import type { Hlc } from '../../src/domain/clock.ts';
import type { RecordChange } from '../../src/protocol/index.ts';

const conference: RecordInput<'conferences'> = {
  title: 'Hội nghị đối thoại về TTHC năm 2026',
  year: 2026,
  planNumber: '82/KH-UBND',
  round: 1,
  legalBases: [],
  registrationDeadline: { kind: 'days_before', days: 10 },
};
const scope = { unitId: 'unit-1' };

let db: DoiThoaiDb;
let clock = 1_760_000_000_000;
const now = () => clock;

beforeEach(() => {
  db = openDatabase(`test-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('commit: the one write path', () => {
  it('writes the record and its outbox entry together, with per-field stamps', async () => {
    const [id] = await commit(db, [create('conferences', scope, conference)], now);
    const row = await db.conferences.get(id!);
    expect(row?.title).toBe(conference.title);
    expect(row?.deleted).toBe(false);
    expect(Object.keys(row!.stamps).sort()).toEqual([...Object.keys(conference), 'deleted'].sort());
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ table: 'conferences', id, unitId: 'unit-1' });
    expect(outbox[0]!.fields['title']).toBe(conference.title);
  });

  it('stamps every field of a change with its one tick; the outbox keeps that stamp once and the wire gets it per field', async () => {
    const [id] = await commit(db, [create('conferences', scope, conference)], now);
    const row = (await db.conferences.get(id!))!;
    const [entry] = await db.outbox.toArray();
    expect(new Set(Object.values(row.stamps))).toEqual(new Set([entry!.hlc]));
    expect(entry).not.toHaveProperty('stamps');
    const sent = wireChange(entry!);
    expect(sent.stamps).toEqual(row.stamps);
    expect(Object.keys(sent.stamps)).toEqual(Object.keys(sent.fields));
    expect(sent).not.toHaveProperty('seq');
  });

  it('an outbox entry whose fields carry different stamps (a change passed on from a file) keeps them all', () => {
    const h = (s: string) => s as Hlc;
    const change: RecordChange = {
      kind: 'record',
      op: 'op-1',
      table: 'conferences',
      id: 'c1',
      unitId: 'unit-1',
      fields: { title: 'A', year: 2026 },
      stamps: { title: h('000mx8g91tc-00001-aaaaaaaaaaaa'), year: h('000mx8g91tc-00000-bbbbbbbbbbbb') },
      deviceId: 'aaaaaaaaaaaa',
      hlc: h('000mx8g91tc-00001-aaaaaaaaaaaa'),
    };
    expect(outboxEntry(change)).toEqual(change);
    expect(wireChange({ ...outboxEntry(change), seq: 4 })).toEqual(change);
    // A stamp for a field the change does not carry is not dropped on the way either.
    expect(outboxEntry({ ...change, stamps: { title: change.hlc, year: change.hlc, extra: change.hlc } })).toHaveProperty('stamps');
  });

  it('a field given as undefined is not written: no stamp without its field in the outbox, so the wire (JSON) carries both or neither', async () => {
    const followUp = { turnId: 't1', registrationId: undefined, departmentId: 'd1', assignedOn: '2026-10-13', dueOn: '2026-10-20', repliedOn: '', replyText: '', status: 'assigned' as const };
    await commit(db, [create('followUps', { unitId: 'unit-1', conferenceId: 'c1' }, followUp, 'f1')], now);
    const [entry] = await db.outbox.toArray();
    const onTheWire = JSON.parse(JSON.stringify(wireChange(entry!))) as { fields: Record<string, unknown>; stamps: Record<string, string> };
    expect(Object.keys(onTheWire.stamps).sort()).toEqual(Object.keys(onTheWire.fields).sort());
    expect(onTheWire.stamps).not.toHaveProperty('registrationId');
    expect(Object.keys((await db.followUps.get('f1'))!.stamps)).not.toContain('registrationId');
  });

  it('stamps only the fields that really changed', async () => {
    const [id] = await commit(db, [create('conferences', scope, conference)], now);
    clock += 1000;
    await commit(db, [update('conferences', id!, { title: conference.title, planNumber: '90/KH-UBND' })], now);
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(2);
    expect(Object.keys(outbox[1]!.fields)).toEqual(['planNumber']);
    const row = await db.conferences.get(id!);
    expect(row!.stamps['planNumber']! > row!.stamps['title']!).toBe(true);
    expect(row!.updatedAt).toBe(row!.stamps['planNumber']);
  });

  it('keeps stamps increasing even when the wall clock goes backwards', async () => {
    const [id] = await commit(db, [create('conferences', scope, conference)], now);
    const first = (await db.conferences.get(id!))!.updatedAt;
    clock -= 60_000; // the tablet's clock was corrected backwards
    await commit(db, [update('conferences', id!, { planNumber: 'x' })], now);
    const second = (await db.conferences.get(id!))!.updatedAt;
    expect(second > first).toBe(true);
  });

  it('a failed transaction leaves neither the record nor the outbox entry', async () => {
    const bad = { ...conference, year: 1200 };
    await expect(commit(db, [create('conferences', scope, conference), create('conferences', scope, bad)], now)).rejects.toBeInstanceOf(ValidationError);
    expect(await db.conferences.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('reports validation issues by field', async () => {
    const err = await commit(db, [create('conferences', scope, { ...conference, title: '  ' })], now).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toEqual([{ field: 'title', code: 'required' }]);
  });

  it('refuses to update a record that does not exist, writing nothing', async () => {
    await expect(commit(db, [update('conferences', 'nope', { title: 'x' })], now)).rejects.toBeInstanceOf(MissingRecordError);
    expect(await db.outbox.count()).toBe(0);
  });

  it('deletes by tombstone, so the delete can travel to other devices', async () => {
    const [id] = await commit(db, [create('conferences', scope, conference)], now);
    await commit(db, [remove('conferences', id!)], now);
    const row = await db.conferences.get(id!);
    expect(row?.deleted).toBe(true);
    const last = (await db.outbox.toArray()).at(-1)!;
    expect(last.fields).toEqual({ deleted: true });
  });

  it('an update that would make the record invalid is rejected as a whole', async () => {
    const [id] = await commit(db, [create('conferences', scope, conference)], now);
    await expect(commit(db, [update('conferences', id!, { planNumber: 'ok' }), update('conferences', id!, { round: 3 as 1 })], now)).rejects.toBeInstanceOf(ValidationError);
    expect((await db.conferences.get(id!))!.planNumber).toBe('82/KH-UBND');
    expect(await db.outbox.count()).toBe(1);
  });

  it('stores CRDT text updates as pending rows in the same transaction', async () => {
    await commit(db, [textUpdate('minutes:s1', new Uint8Array([1, 2, 3]))], now);
    const rows = await db.textUpdates.where('[docId+pending]').equals(['minutes:s1', 1]).toArray();
    expect(rows).toHaveLength(1);
  });

  it('keeps the device id across reopening the database', async () => {
    await commit(db, [create('conferences', scope, conference)], now);
    const before = (await db.outbox.toArray())[0]!.deviceId;
    const name = db.name;
    db.close();
    db = openDatabase(name);
    await commit(db, [create('conferences', scope, conference)], now);
    const after = (await db.outbox.toArray())[1]!.deviceId;
    expect(after).toBe(before);
  });
});

describe('commit on a record whose own fields include its scope', () => {
  it('updates a session (conferenceId is both scope and field)', async () => {
    const db2 = openDatabase(`test-${Math.random()}`);
    const session = {
      conferenceId: 'c1', title: 'Sáng', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Hội trường', venueKind: 'committee_hall' as const,
      fieldFocus: '', format: 'in_person' as const, speakingLimitMs: 300_000, chairName: '', secretaryName: '',
    };
    const [id] = await commit(db2, [create('sessions', { unitId: 'u1', conferenceId: 'c1' }, session)]);
    await commit(db2, [update('sessions', id!, { speakingLimitMs: 240_000 })]);
    expect(await db2.sessions.get(id!)).toMatchObject({ conferenceId: 'c1', speakingLimitMs: 240_000 });
    await db2.delete();
  });
});
