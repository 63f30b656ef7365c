/**
 * Export to a file and import from one (`sync/file.ts`): a round trip makes an
 * empty device equal the one that exported; an import merges per field by
 * stamp and text by Yjs, like a pull; every bad file is refused, says why, and
 * leaves the whole database exactly as it was.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { parseHlc } from '../../src/domain/clock.ts';
import { minutesDocId } from '../../src/domain/minutesDoc.ts';
import { TABLE_NAMES, type RecordInput } from '../../src/domain/model.ts';

type Session = RecordInput<'sessions'>;
import { openDatabase, wireChange, type DoiThoaiDb } from '../../src/storage/db.ts';
import { readStoredTexts } from '../../src/storage/minutesText.ts';
import { commit, create, remove, textUpdate, update } from '../../src/storage/write.ts';
import { FileRefusal, InsecureContextError, exportFile, importFile, type FileRefusalCode } from '../../src/sync/file.ts';

const T = Date.UTC(2026, 9, 13, 1, 0, 0);
const U = { unitId: 'u1' };
const C1 = { unitId: 'u1', conferenceId: 'c1' };
const C2 = { unitId: 'u1', conferenceId: 'c2' };

const conference = (title: string): RecordInput<'conferences'> => ({
  title, year: 2026, planNumber: '82/KH-UBND', round: 1, legalBases: [], registrationDeadline: { kind: 'days_before', days: 10 },
});
const session = (conferenceId: string, venue: string): Session => ({
  conferenceId, title: 'Buổi sáng', date: '2026-10-13', start: '07:30', end: '11:30', venue, venueKind: 'village_cultural_house',
  fieldFocus: 'Đất đai', format: 'in_person', speakingLimitMs: 300_000, chairName: 'Nguyễn Văn Lợi', secretaryName: 'Trần Thị Mai',
});
const turn = (sessionId: string, speakerName: string) => ({
  sessionId, position: 1024, speakerName, affiliation: 'Thôn 3', topic: 'Cấp giấy chứng nhận quyền sử dụng đất', field: 'Đất đai',
  responderName: '', status: 'waiting' as const, calledAt: null, finishedAt: null, spokenMs: null, disposition: null,
});
const attendee = (sessionId: string, name: string) => ({
  sessionId, name, group: 'citizens' as const, title: '', organisation: '', village: 'Thôn 1', bridgePointId: '', invited: true, present: false, checkedInAt: null,
});

const dbs: DoiThoaiDb[] = [];
function device(): DoiThoaiDb {
  const db = openDatabase(`file-${Math.random()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.delete();
});

/** Types `text` at the end of a named text of a session's minutes, through the one write path. */
async function type(db: DoiThoaiDb, sessionId: string, key: string, text: string, now: () => number) {
  const doc = new Y.Doc();
  for (const row of await db.textUpdates.where('docId').equals(minutesDocId(sessionId)).toArray()) Y.applyUpdate(doc, row.update);
  const before = Y.encodeStateVector(doc);
  const ytext = doc.getText(key);
  ytext.insert(ytext.length, text);
  await commit(db, [textUpdate(minutesDocId(sessionId), Y.encodeStateAsUpdate(doc, before))], now);
}

/** Device A: a unit with a department, two conferences, a session each, a turn, a removed attendee and minutes text. */
async function seedA(db: DoiThoaiDb) {
  const now = () => T;
  await commit(db, [
    create('units', U, { name: 'UBND xã Thanh Trì', upperLevel: 'UBND thành phố Hà Nội', address: '', email: '', phone: '' }, 'u1'),
    create('departments', U, { name: 'Phòng Kinh tế', fields: ['Đất đai'] }, 'd1'),
    create('conferences', U, conference('Hội nghị đối thoại TTHC năm 2026 – lần 1'), 'c1'),
    create('conferences', U, conference('Hội nghị đối thoại TTHC năm 2026 – lần 2'), 'c2'),
    create('sessions', C1, session('c1', 'Nhà văn hóa thôn 3'), 's1'),
    create('sessions', C2, session('c2', 'Hội trường UBND'), 's2'),
    create('speakerTurns', C1, turn('s1', 'Trần Thị Hoa'), 't1'),
    create('attendees', C1, attendee('s1', 'Lê Văn Bá'), 'a1'),
  ], now);
  await commit(db, [remove('attendees', 'a1')], () => T + 1);
  await type(db, 's1', 'item:opening', 'Khai mạc lúc 07:30. ', () => T + 2);
  await type(db, 's1', 'turn:t1:q', 'Bà Hoa hỏi về sổ đỏ.', () => T + 3);
  await type(db, 's2', 'item:opening', 'Buổi lần 2.', () => T + 4);
}

async function recordsOf(db: DoiThoaiDb, keep: (table: string, r: { id: string; conferenceId?: string }) => boolean = () => true) {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLE_NAMES) {
    const rows = ((await db.table(table).toArray()) as { id: string; conferenceId?: string }[]).filter((r) => keep(table, r));
    out[table] = rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  return out;
}

/** Every table of the database, every row, binary as plain arrays: "nothing changed" compares this. */
async function wholeDatabase(db: DoiThoaiDb) {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) {
    out[table.name] = (await table.toArray()).map((row) => JSON.parse(JSON.stringify(row, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v))));
  }
  return out;
}

const textOf = async (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytesOf = (text: string) => new TextEncoder().encode(text);

/** Rewrites a file's JSON and seals it again with a correct checksum, as a careful forger (or a newer app) would. */
async function resealed(bytes: Uint8Array, edit: (file: { header: Record<string, unknown>; body: { tables: Record<string, Record<string, unknown>[]>; texts: Record<string, unknown>[] } }) => void) {
  const file = JSON.parse(await textOf(bytes));
  edit(file);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytesOf(`${JSON.stringify(file.header)}\n${JSON.stringify(file.body)}`)));
  file.checksum = `sha256:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  return bytesOf(JSON.stringify(file));
}

async function refusal(db: DoiThoaiDb, file: Uint8Array, opts: Parameters<typeof importFile>[2] = {}): Promise<FileRefusal> {
  try {
    await importFile(db, file, { now: () => T + 60_000, ...opts });
  } catch (e) {
    if (e instanceof FileRefusal) return e;
    throw e;
  }
  throw new Error('the file was imported');
}

describe('export and import', () => {
  it('one conference: an empty device gets exactly that conference, its unit-wide records and its minutes, and queues them for the server', async () => {
    const a = device();
    await seedA(a);
    const file = await exportFile(a, { conferenceId: 'c1', now: () => T + 10 });
    expect(file.fileName).toBe('doithoai-hoi-nghi-doi-thoai-tthc-nam-2026-lan-1-13-10-2026.json');
    expect(file.title).toBe('Hội nghị đối thoại TTHC năm 2026 – lần 1');

    const b = device();
    const summary = await importFile(b, file.bytes, { now: () => T + 20 });
    expect(summary.conferences).toEqual([{ id: 'c1', title: 'Hội nghị đối thoại TTHC năm 2026 – lần 1' }]);
    expect(summary.unitName).toBe('UBND xã Thanh Trì');
    expect(summary.records).toBe(6); // unit, department, conference, session, turn, removed attendee; nothing of c2
    expect(summary.changed).toBe(6);
    expect(summary.textDocs).toBe(1);

    const ofC1 = (table: string, r: { id: string; conferenceId?: string }) => r.conferenceId === 'c1' || ['units', 'departments'].includes(table) || r.id === 'c1';
    expect(await recordsOf(b)).toEqual(await recordsOf(a, ofC1));
    expect((await b.attendees.get('a1'))?.deleted).toBe(true); // the tombstone travels: the delete reaches B
    expect(await readStoredTexts(b, minutesDocId('s1'))).toEqual({ 'item:opening': 'Khai mạc lúc 07:30. ', 'turn:t1:q': 'Bà Hoa hỏi về sổ đỏ.' });
    expect(await b.textUpdates.where('docId').equals(minutesDocId('s2')).count()).toBe(0);

    // Passed on to the office server with the original stamps and author, never re-stamped.
    const outbox = (await b.outbox.toArray()).map(wireChange);
    expect(outbox).toHaveLength(6);
    const session = outbox.find((e) => e.table === 'sessions')!;
    expect(session.stamps).toEqual((await a.sessions.get('s1'))!.stamps);
    expect(session.deviceId).toBe(parseHlc(session.hlc)!.node);
    expect(await b.textUpdates.where('pending').equals(1).count()).toBe(1);
    // B's clock moved past every imported stamp: its next edit wins over them.
    await commit(b, [update('sessions', 's1', { venue: 'Nhà văn hóa thôn 5' })], () => T - 60_000);
    expect((await b.sessions.get('s1'))!.stamps['venue']! > (await a.sessions.get('s1'))!.stamps['venue']!).toBe(true);
  });

  it('everything, gzip: the empty device equals the one that exported, record for record and text for text', async () => {
    const a = device();
    await seedA(a);
    const file = await exportFile(a, { gzip: true, now: () => T + 10 });
    expect(file.fileName).toBe('doithoai-ubnd-xa-thanh-tri-13-10-2026.json.gz');
    expect([file.bytes[0], file.bytes[1]]).toEqual([0x1f, 0x8b]);
    const b = device();
    const summary = await importFile(b, file.bytes, { now: () => T + 20 });
    expect(summary.conferences.map((c) => c.id).sort()).toEqual(['c1', 'c2']);
    expect(await recordsOf(b)).toEqual(await recordsOf(a));
    for (const s of ['s1', 's2']) expect(await readStoredTexts(b, minutesDocId(s))).toEqual(await readStoredTexts(a, minutesDocId(s)));
  });

  it('merges with newer edits on the importing device: per field the higher stamp wins, both sides’ text survives, and only what won is queued', async () => {
    const a = device();
    await seedA(a);
    const b = device();
    await importFile(b, (await exportFile(a, { conferenceId: 'c1', now: () => T + 10 })).bytes, { now: () => T + 20 });
    await b.outbox.clear(); // as if B had synced since

    // A edits the venue and the chair; B, later, edits the venue again and types in the minutes.
    await commit(a, [update('sessions', 's1', { venue: 'Nhà văn hóa thôn 4', chairName: 'Phạm Văn Đức' })], () => T + 1000);
    await type(a, 's1', 'item:opening', 'A ghi thêm.', () => T + 1001);
    await commit(b, [update('sessions', 's1', { venue: 'Hội trường UBND xã' })], () => T + 2000);
    await type(b, 's1', 'item:opening', 'B ghi thêm.', () => T + 2001);
    const bOutboxBefore = await b.outbox.count();

    const summary = await importFile(b, (await exportFile(a, { conferenceId: 'c1', now: () => T + 3000 })).bytes, { now: () => T + 3000 });
    expect(summary.changed).toBe(1);
    expect(await b.sessions.get('s1')).toMatchObject({ venue: 'Hội trường UBND xã', chairName: 'Phạm Văn Đức' });
    const text = (await readStoredTexts(b, minutesDocId('s1')))['item:opening']!;
    expect(text).toContain('A ghi thêm.');
    expect(text).toContain('B ghi thêm.');
    const forwarded = (await b.outbox.toArray()).slice(bOutboxBefore);
    expect(forwarded.map((e) => [e.table, Object.keys(e.fields)])).toEqual([['sessions', ['chairName']]]);

    // The same file again: nothing new, nothing queued, no text stored twice.
    const rows = await b.textUpdates.count();
    const outbox = await b.outbox.count();
    const again = await importFile(b, (await exportFile(a, { conferenceId: 'c1', now: () => T + 3000 })).bytes, { now: () => T + 3000 });
    expect(again.changed).toBe(0);
    expect(again.textDocs).toBe(0);
    expect(await b.textUpdates.count()).toBe(rows);
    expect(await b.outbox.count()).toBe(outbox);
  });
});

describe('a bad file is refused and changes nothing', () => {
  async function setUp() {
    const a = device();
    await seedA(a);
    const file = (await exportFile(a, { conferenceId: 'c1', now: () => T + 10 })).bytes;
    // B already holds data of its own (the same unit), so "nothing changed" has something to lose.
    const b = device();
    await commit(b, [create('units', U, { name: 'UBND xã Thanh Trì', upperLevel: '', address: '', email: '', phone: '' }, 'u1')], () => T - 5000);
    await commit(b, [create('conferences', U, conference('Hội nghị của máy B'), 'cb')], () => T - 4000);
    await type(b, 's9', 'item:opening', 'Ghi chép của B.', () => T - 3000);
    return { file, b, before: await wholeDatabase(b) };
  }

  const cases: [string, FileRefusalCode, (file: Uint8Array) => Promise<Uint8Array>][] = [
    ['not JSON at all', 'corrupt', async () => bytesOf('PK\u0003\u0004 this is a zip, not an export')],
    ['JSON cut short', 'truncated', async (f) => f.slice(0, Math.floor(f.length * 0.6))],
    ['gzip cut short', 'truncated', async (f) => {
      const gz = new Uint8Array(await new Response(new Response(f as BodyInit).body!.pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
      return gz.slice(0, Math.floor(gz.length / 2));
    }],
    ['a value edited by hand', 'checksum_mismatch', async (f) => bytesOf((await textOf(f)).replace('Trần Thị Hoa', 'Trần Thị Hoà'))],
    ['another app’s JSON', 'foreign', async () => bytesOf(JSON.stringify({ version: 1, items: [{ id: 1, name: 'x' }] }))],
    ['another app’s export header', 'foreign', async (f) => resealed(f, (file) => (file.header['app'] = 'other-app'))],
    ['a newer file format', 'newer_version', async (f) => resealed(f, (file) => (file.header['format'] = 2))],
    ['newer record shapes', 'newer_version', async (f) => resealed(f, (file) => (file.header['recordSchemaVersion'] = 99))],
    ['an empty file', 'empty', async () => new Uint8Array()],
    ['a record of another unit inside', 'wrong_scope', async (f) => resealed(f, (file) => (file.body.tables['speakerTurns']![0]!['unitId'] = 'u2'))],
    ['a broken text update', 'invalid_text', async (f) => resealed(f, (file) => (file.body.texts[0]!['update'] = 'AAECAwQFBgc='))],
  ];
  for (const [what, code, make] of cases) {
    it(`${what}: ${code}`, async () => {
      const { file, b, before } = await setUp();
      const refused = await refusal(b, await make(file));
      expect(refused.code).toBe(code);
      expect(await wholeDatabase(b)).toEqual(before);
    });
  }

  it('a record that fails its schema refuses the whole file, naming the record and the field', async () => {
    const { file, b, before } = await setUp();
    const bad = await resealed(file, (f) => {
      const s = f.body.tables['sessions']![0]!;
      s['end'] = '06:00'; // before its start
    });
    const refused = await refusal(b, bad);
    expect(refused.code).toBe('invalid_record');
    expect(refused.record).toEqual({ table: 'sessions', id: 's1', label: 'Buổi sáng', field: 'end', code: 'end_before_start' });
    expect(await wholeDatabase(b)).toEqual(before);
  });

  it('a record without its stamps refuses the file', async () => {
    const { file, b, before } = await setUp();
    const refused = await refusal(b, await resealed(file, (f) => delete f.body.tables['speakerTurns']![0]!['stamps']));
    expect(refused.code).toBe('invalid_record');
    expect(refused.record).toMatchObject({ table: 'speakerTurns', id: 't1', label: 'Trần Thị Hoa' });
    expect(await wholeDatabase(b)).toEqual(before);
  });

  it('a stamp far in the future (the exporting tablet’s clock was years ahead) refuses the file', async () => {
    const a = device();
    await seedA(a);
    await commit(a, [update('sessions', 's1', { venue: 'Tương lai' })], () => T + 3 * 365 * 86_400_000);
    const { b, before } = await setUp();
    const refused = await refusal(b, (await exportFile(a, { conferenceId: 'c1' })).bytes);
    expect(refused.code).toBe('future_stamp');
    expect(refused.record).toMatchObject({ table: 'sessions', id: 's1' });
    expect(await wholeDatabase(b)).toEqual(before);
  });

  it('another unit’s file needs the person’s confirmation; with it, the file goes in', async () => {
    const a = device();
    await seedA(a);
    const file = (await exportFile(a, { conferenceId: 'c1', now: () => T + 10 })).bytes;
    const b = device();
    await commit(b, [create('units', { unitId: 'u0' }, { name: 'UBND phường Biên Giang', upperLevel: '', address: '', email: '', phone: '' }, 'u0')], () => T);
    const before = await wholeDatabase(b);
    const refused = await refusal(b, file);
    expect(refused.code).toBe('other_unit');
    expect(refused.unit).toEqual({ id: 'u1', name: 'UBND xã Thanh Trì' });
    expect(await wholeDatabase(b)).toEqual(before);
    const summary = await importFile(b, file, { now: () => T + 20, acceptOtherUnit: true });
    expect(summary.conferences.map((c) => c.id)).toEqual(['c1']);
    expect(await b.sessions.get('s1')).toBeDefined();
  });

  it('a page without WebCrypto (plain HTTP on the LAN) says so instead of skipping the checksum, and changes nothing', async () => {
    const { file, b, before } = await setUp();
    vi.stubGlobal('crypto', {});
    try {
      await expect(importFile(b, file, { now: () => T + 60_000 })).rejects.toBeInstanceOf(InsecureContextError);
      await expect(exportFile(b)).rejects.toBeInstanceOf(InsecureContextError);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(await wholeDatabase(b)).toEqual(before);
  });
});
