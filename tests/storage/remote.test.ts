/**
 * applyRemote: the one path for what comes from the server. Pulled changes
 * merge by the one rule, in one transaction with the cursor, advance the HLC,
 * write no outbox entries; a stamp implausibly far ahead never wins.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { formatHlc, parseHlc, type Hlc } from '../../src/domain/clock.ts';
import { openDatabase, wireChange, type DoiThoaiDb } from '../../src/storage/db.ts';
import { commit, create, update } from '../../src/storage/write.ts';
import { applyRemote, readCursor, restampFarFuture } from '../../src/storage/remote.ts';
import { openMinutesDoc, readStoredTexts } from '../../src/storage/minutesText.ts';
import { toBase64, type LoggedChange, type RecordChange } from '../../src/protocol/index.ts';

const T = 1_760_000_000_000;
const conference = {
  title: 'Hội nghị đối thoại về TTHC năm 2026', year: 2026, planNumber: '82/KH-UBND', round: 1 as const, legalBases: [],
  registrationDeadline: { kind: 'days_before' as const, days: 10 },
};
const stamp = (ms: number, node = 'remote1', counter = 0) => formatHlc({ ms, counter, node });

let db: DoiThoaiDb;
let seq = 0;
beforeEach(() => {
  db = openDatabase(`remote-${Math.random()}`);
});
afterEach(async () => {
  await db.delete();
});

function logged(change: Omit<RecordChange, 'kind' | 'op' | 'hlc' | 'deviceId' | 'unitId'> & { unitId?: string }): LoggedChange {
  const stamps = change.stamps as Record<string, Hlc>;
  const hlc = Object.values(stamps).sort().at(-1)!;
  seq += 1;
  return { kind: 'record', op: `op-${seq}-${Math.random()}`, unitId: 'u1', deviceId: 'remote1', hlc, seq, receivedAt: T, ...change } as LoggedChange;
}

const fullConference = (ms: number) => {
  const fields = { ...conference, deleted: false } as Record<string, unknown>;
  return { fields, stamps: Object.fromEntries(Object.keys(fields).map((k) => [k, stamp(ms)])) };
};

describe('applyRemote', () => {
  it('creates a record from a pulled change and moves the cursor, writing no outbox entry', async () => {
    const c = logged({ table: 'conferences', id: 'c1', conferenceId: 'c1', ...fullConference(T) });
    const report = await applyRemote(db, [c], { serverId: 'srv', cursor: 7 }, () => T);
    expect(report.applied).toBe(1);
    expect(await db.conferences.get('c1')).toMatchObject({ title: conference.title, unitId: 'u1', conferenceId: 'c1', deleted: false });
    expect(await db.outbox.count()).toBe(0);
    expect(await readCursor(db)).toEqual({ serverId: 'srv', cursor: 7 });
  });

  it('merges per field with a local edit: the higher stamp wins each field, both edits survive', async () => {
    await applyRemote(db, [logged({ table: 'conferences', id: 'c1', conferenceId: 'c1', ...fullConference(T) })], { serverId: 's', cursor: 1 }, () => T);
    await commit(db, [update('conferences', 'c1', { planNumber: '90/KH-UBND' })], () => T + 1000);
    const remote = logged({ table: 'conferences', id: 'c1', fields: { title: 'Đối thoại quý IV', planNumber: 'older' }, stamps: { title: stamp(T + 2000), planNumber: stamp(T + 500) } });
    await applyRemote(db, [remote], { serverId: 's', cursor: 2 }, () => T + 3000);
    expect(await db.conferences.get('c1')).toMatchObject({ title: 'Đối thoại quý IV', planNumber: '90/KH-UBND' });
    // Only the local edit is queued: what came from the server is never sent back.
    expect((await db.outbox.toArray()).map((e) => Object.keys(e.fields))).toEqual([['planNumber']]);
  });

  it('a large page merges with the records this device holds among many it has not got', async () => {
    // Held: c-050, with a title newer than the page's. The page: 200 conferences, c-050 among them.
    const id = (i: number) => `c-${String(i).padStart(3, '0')}`;
    await applyRemote(db, [logged({ table: 'conferences', id: id(50), conferenceId: id(50), ...fullConference(T) })], { serverId: 's', cursor: 1 }, () => T);
    await commit(db, [update('conferences', id(50), { title: 'Sửa tại máy này' })], () => T + 5000);
    const page = Array.from({ length: 200 }, (_, i) => logged({ table: 'conferences', id: id(i), conferenceId: id(i), ...fullConference(T + 1000) }));
    const report = await applyRemote(db, page, { serverId: 's', cursor: 2 }, () => T + 6000);
    // The held record took the page's newer fields and kept its own newer title.
    expect(await db.conferences.get(id(50))).toMatchObject({ title: 'Sửa tại máy này', planNumber: conference.planNumber });
    expect(parseHlc((await db.conferences.get(id(50)))!.stamps.title!)!.ms).toBe(T + 5000);
    expect(await db.conferences.count()).toBe(200);
    expect(report.applied).toBe(200);
    // And again: every record is held now, the page changes nothing.
    expect((await applyRemote(db, page, { serverId: 's', cursor: 3 }, () => T + 7000)).applied).toBe(0);
  });

  it('applying the same page twice changes nothing the second time', async () => {
    const c = logged({ table: 'conferences', id: 'c1', conferenceId: 'c1', ...fullConference(T) });
    await applyRemote(db, [c], { serverId: 's', cursor: 1 }, () => T);
    const first = await db.conferences.get('c1');
    const again = await applyRemote(db, [c], { serverId: 's', cursor: 1 }, () => T);
    expect(again.applied).toBe(0);
    expect(await db.conferences.get('c1')).toEqual(first);
  });

  it('advances the HLC past remote stamps, so the next local edit wins over them', async () => {
    // The remote device's clock is an hour ahead of ours (within the limit).
    const ahead = T + 3600_000;
    await applyRemote(db, [logged({ table: 'conferences', id: 'c1', conferenceId: 'c1', ...fullConference(ahead) })], { serverId: 's', cursor: 1 }, () => T);
    await commit(db, [update('conferences', 'c1', { title: 'Sửa sau' })], () => T + 10);
    const row = await db.conferences.get('c1');
    expect(row!.title).toBe('Sửa sau');
    expect(parseHlc(row!.stamps['title']!)!.ms).toBeGreaterThanOrEqual(ahead);
  });

  it('refuses and reports a stamp years ahead: it does not win, and does not move our clock', async () => {
    await commit(db, [create('conferences', { unitId: 'u1', conferenceId: 'c1' }, conference, 'c1')], () => T);
    const years = T + 3 * 365 * 24 * 3600_000;
    const bad = logged({ table: 'conferences', id: 'c1', fields: { title: 'Từ tương lai' }, stamps: { title: stamp(years) } });
    const report = await applyRemote(db, [bad], { serverId: 's', cursor: 1 }, () => T + 10);
    expect(report.tooFarAhead.map((c) => c.op)).toEqual([bad.op]);
    expect((await db.conferences.get('c1'))!.title).toBe(conference.title);
    await commit(db, [update('conferences', 'c1', { planNumber: 'x' })], () => T + 20);
    expect(parseHlc((await db.conferences.get('c1'))!.stamps['planNumber']!)!.ms).toBe(T + 20);
  });

  it('is one transaction with the cursor: a failure half-way applies nothing and keeps the cursor', async () => {
    await applyRemote(db, [], { serverId: 's', cursor: 3 }, () => T);
    const a = logged({ table: 'conferences', id: 'c1', conferenceId: 'c1', ...fullConference(T) });
    const b = logged({ table: 'conferences', id: 'c2', conferenceId: 'c2', ...fullConference(T) });
    let calls = 0;
    const crashing = () => {
      if (++calls === 2) throw new Error('power cut');
      return T;
    };
    await expect(applyRemote(db, [a, b], { serverId: 's', cursor: 5 }, crashing)).rejects.toThrow('power cut');
    expect(await db.conferences.count()).toBe(0);
    expect(await readCursor(db)).toEqual({ serverId: 's', cursor: 3 });
  });

  it('stores pulled minutes as non-pending rows, once per op, and an open document shows them', async () => {
    const handle = await openMinutesDoc(db, 'minutes:s1');
    const other = new Y.Doc();
    other.getText('item:a1').insert(0, 'Bà Trần Thị Hoa hỏi về cấp sổ đỏ');
    const text: LoggedChange = {
      kind: 'text', op: 'text-op-1', docId: 'minutes:s1', unitId: 'u1', conferenceId: 'c1', deviceId: 'remote1',
      update: toBase64(Y.encodeStateAsUpdate(other)), seq: 9, receivedAt: T,
    };
    await applyRemote(db, [text, text], { serverId: 's', cursor: 9 }, () => T);
    const rows = await db.textUpdates.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ pending: 0, op: 'text-op-1', unitId: 'u1', conferenceId: 'c1' });
    await expect.poll(() => handle.minutes.doc.getText('item:a1').toString()).toBe('Bà Trần Thị Hoa hỏi về cấp sổ đỏ');
    expect((await readStoredTexts(db, 'minutes:s1'))['item:a1']).toBe('Bà Trần Thị Hoa hỏi về cấp sổ đỏ');
    await handle.release();
  });

  it('skips a change that does not have the protocol shape, and reports it', async () => {
    const report = await applyRemote(db, [{ kind: 'record', table: 'nope' }], { serverId: 's', cursor: 1 }, () => T);
    expect(report.malformed).toHaveLength(1);
    expect(await readCursor(db)).toEqual({ serverId: 's', cursor: 1 });
  });
});

describe('restampFarFuture', () => {
  it('re-stamps what a device years ahead queued, record and outbox alike, and restarts its clock', async () => {
    const years = T + 5 * 365 * 24 * 3600_000;
    await commit(db, [create('conferences', { unitId: 'u1', conferenceId: 'c1' }, conference, 'c1')], () => years);
    await commit(db, [update('conferences', 'c1', { title: 'Sửa khi đồng hồ sai' })], () => years + 1);
    const count = await restampFarFuture(db, () => T);
    expect(count).toBe(2);
    const row = (await db.conferences.get('c1'))!;
    const outbox = (await db.outbox.toArray()).map(wireChange);
    for (const s of [...Object.values(row.stamps), ...outbox.flatMap((e) => Object.values(e.stamps))]) expect(parseHlc(s)!.ms).toBeLessThan(T + 1000);
    // The record still holds exactly the stamps of the changes that wrote it last.
    expect(row.stamps['title']).toBe(outbox[1]!.stamps['title']);
    expect(row.stamps['year']).toBe(outbox[0]!.stamps['year']);
    expect(row.title).toBe('Sửa khi đồng hồ sai');
    await commit(db, [update('conferences', 'c1', { planNumber: 'y' })], () => T + 5);
    expect(parseHlc((await db.conferences.get('c1'))!.stamps['planNumber']!)!.ms).toBeLessThan(T + 1000);
    expect(await restampFarFuture(db, () => T + 10)).toBe(0);
  });

  it('restarts the clock past every plausible stamp it has seen, so a re-stamped edit still wins on the server too', async () => {
    // Another device, five hours ahead (plausible), wrote the title; then our clock jumped years ahead and we edited it.
    const ahead = T + 5 * 3600_000;
    await applyRemote(db, [logged({ table: 'conferences', id: 'c1', conferenceId: 'c1', ...fullConference(ahead) })], { serverId: 's', cursor: 1 }, () => T);
    const years = T + 3 * 365 * 24 * 3600_000;
    await commit(db, [update('conferences', 'c1', { title: 'Sửa sau cùng' })], () => years);
    await restampFarFuture(db, () => T);
    const title = (await db.conferences.get('c1'))!.stamps['title']!;
    expect(title > stamp(ahead)).toBe(true);
    expect(parseHlc(title)!.ms).toBeLessThan(years);
    expect(wireChange((await db.outbox.toArray())[0]!).stamps['title']).toBe(title);
  });
});
