/**
 * The store's sync contract, the same cases on SQLite and PostgreSQL: push and
 * pull, idempotency by op, every refusal, text documents, and serialisation
 * under concurrent pushes.
 */
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYNC_LIMITS, fromBase64, type Change, type LoggedChange, type PushResult } from '../../src/protocol/index.ts';
import { COMPACT_EVERY } from '../../src/server/sync-rules.ts';
import { PULL_PAGE_BYTES, PUSH_LOCK_KEY } from '../../src/server/store/kysely-store.ts';
import { StoreRefusal, type Store } from '../../src/server/store/types.ts';
import { Device, departmentFields, seedUnit, typed } from './sync-fixtures.ts';
import { PG_URL, STORE_KINDS, freshStore, type TestStore } from './stores.ts';

const NOW = Date.UTC(2026, 4, 12, 1, 0, 0);

async function push(store: Store, changes: Change[], now = NOW): Promise<PushResult[]> {
  return (await store.push(changes, { deviceId: changes[0]?.deviceId ?? 'dev', now })).results;
}

async function pullAll(store: Store, unitId: string, after = 0, limit = 1000): Promise<{ changes: LoggedChange[]; next: number }> {
  const out: LoggedChange[] = [];
  let cursor = after;
  for (;;) {
    const page = await store.pull(unitId, cursor, limit);
    out.push(...page.changes);
    expect(page.next).toBeGreaterThanOrEqual(cursor);
    cursor = page.next;
    if (!page.more) return { changes: out, next: cursor };
  }
}

async function recordRow(store: Store, table: string, id: string) {
  return store.db.selectFrom('records').selectAll().where('table_name', '=', table).where('record_id', '=', id).executeTakeFirst();
}

async function logCount(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('sync_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(STORE_KINDS)('sync store on %s', (kind) => {
  let t: TestStore;
  let store: Store;
  const device = new Device('tabletA', () => NOW);

  beforeAll(async () => {
    t = await freshStore(kind);
    store = t.store;
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('has a stable server id and an empty log at first', async () => {
    const a = await store.hello();
    expect(a.serverId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.head).toBe(0);
    const again = t.reopen();
    try {
      await again.migrate();
      expect((await again.hello()).serverId).toBe(a.serverId);
    } finally {
      await again.close();
    }
  });

  it('applies a new unit, its conference and session, gives them increasing seqs, and serves them back in order', async () => {
    const seed = seedUnit(device);
    const results = await push(store, seed.changes);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const seqs = results.map((r) => (r.status === 'applied' ? r.seq : -1));
    expect(seqs[1]).toBeGreaterThan(seqs[0]!);
    expect(seqs[2]).toBeGreaterThan(seqs[1]!);

    const { changes, next } = await pullAll(store, seed.unitId);
    expect(changes.map((c) => c.op)).toEqual(seed.changes.map((c) => c.op));
    expect(next).toBe(await store.head());
    // The wire shape is the pushed change, plus seq and receivedAt.
    expect(changes[2]).toEqual({ ...seed.changes[2], seq: seqs[2], receivedAt: NOW });
    expect(await store.units()).toContainEqual({ id: seed.unitId, name: 'UBND xã Thanh Trì' });

    const row = await recordRow(store, 'sessions', seed.sessionId);
    expect(row).toMatchObject({ unit_id: seed.unitId, conference_id: seed.conferenceId, deleted: 0, last_seq: seqs[2] });
  });

  it('answers a retried op `duplicate` and changes nothing, also for the same op twice in one batch', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const before = await logCount(store);
    const headBefore = await store.head();
    const retry = await push(store, [...seed.changes, seed.changes[0]!]);
    expect(retry.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(await logCount(store)).toBe(before);
    expect(await store.head()).toBe(headBefore);

    const dept = device.change('departments', uuidv7(), { unitId: seed.unitId }, departmentFields());
    const twice = await push(store, [dept, dept]);
    expect(twice.map((r) => r.status)).toEqual(['applied', 'duplicate']);
  });

  it('merges per field by stamp: two devices editing different fields both keep their edit; an older stamp loses', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const b = new Device('tabletB', () => NOW + 1000);
    const older = new Device('tabletC', () => NOW - 60_000);
    const r = await push(store, [
      device.change('sessions', seed.sessionId, seed, { venue: 'Hội trường UBND' }),
      b.change('sessions', seed.sessionId, seed, { chairName: 'Lê Văn Cường' }),
      older.change('sessions', seed.sessionId, seed, { venue: 'Nhà văn hóa cũ' }),
    ]);
    // All three are accepted into the log (every operation is kept), the old one simply loses the merge.
    expect(r.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    const row = await recordRow(store, 'sessions', seed.sessionId);
    const fields = JSON.parse(row!.fields) as Record<string, unknown>;
    expect(fields.venue).toBe('Hội trường UBND');
    expect(fields.chairName).toBe('Lê Văn Cường');
    expect(fields.title).toBe('Buổi sáng');
  });

  it('refuses a merge the schema refuses, with its field issues, and applies nothing of it; the rest of the batch goes on', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const before = await recordRow(store, 'sessions', seed.sessionId);
    const headBefore = await store.head();
    const bad = device.change('sessions', seed.sessionId, seed, { venue: 'Hội trường', end: '06:00' });
    const good = device.change('sessions', seed.sessionId, seed, { title: 'Buổi sáng (đất đai)' });
    const results = await push(store, [bad, good]);
    expect(results[0]).toEqual({
      op: bad.op,
      status: 'refused',
      reason: 'validation_failed',
      details: { issues: [{ field: 'end', code: 'end_before_start' }] },
    });
    expect(results[1]).toMatchObject({ op: good.op, status: 'applied' });
    const after = JSON.parse((await recordRow(store, 'sessions', seed.sessionId))!.fields) as Record<string, unknown>;
    // Not half-applied: the venue of the refused change is not there either.
    expect(after.venue).toBe(JSON.parse(before!.fields).venue);
    expect(after.end).toBe('11:30');
    expect(after.title).toBe('Buổi sáng (đất đai)');
    // A refused op is not in the log; the head moved by the one applied change only.
    expect(await store.head()).toBe(headBefore + 1);
    const { changes } = await pullAll(store, seed.unitId, headBefore);
    expect(changes.map((c) => c.op)).toEqual([good.op]);
  });

  it('refuses a partial change to a record it has never seen (its creation must come first)', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const [r] = await push(store, [device.change('departments', uuidv7(), { unitId: seed.unitId }, { name: 'Công an xã' })]);
    expect(r).toMatchObject({
      status: 'refused',
      reason: 'validation_failed',
      details: { issues: [{ field: 'fields', code: 'invalid_choice' }] },
    });
  });

  it('does not validate tombstones: a delete is applied and the record stays deleted', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const [r] = await push(store, [device.change('sessions', seed.sessionId, seed, { deleted: true })]);
    expect(r!.status).toBe('applied');
    expect((await recordRow(store, 'sessions', seed.sessionId))!.deleted).toBe(1);
    // A delete of a record the server never saw is fine too: it needs no fields.
    const [lone] = await push(store, [device.change('attendees', uuidv7(), seed, { deleted: true })]);
    expect(lone!.status).toBe('applied');
  });

  it('refuses stamps too far ahead of the server clock (clock_skew), and accepts them just inside the limit', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const yearsAhead = new Device('broken', () => NOW + 3 * 365 * 24 * 3600_000);
    const justInside = new Device('fast', () => NOW + SYNC_LIMITS.maxFutureMs - 1000);
    const results = await push(store, [
      yearsAhead.change('sessions', seed.sessionId, seed, { venue: 'Tương lai' }),
      justInside.change('sessions', seed.sessionId, seed, { venue: 'Nhanh' }),
    ]);
    expect(results[0]).toMatchObject({ status: 'refused', reason: 'clock_skew', details: { serverTime: NOW } });
    expect(results[1]!.status).toBe('applied');
  });

  it('refuses a change naming another unit or conference than the record has (scope_mismatch)', async () => {
    const seed = seedUnit(device);
    const other = seedUnit(device);
    await push(store, [...seed.changes, ...other.changes]);
    const results = await push(store, [
      device.change('sessions', seed.sessionId, { unitId: other.unitId, conferenceId: seed.conferenceId }, { venue: 'X' }),
      device.change('sessions', seed.sessionId, { unitId: seed.unitId, conferenceId: other.conferenceId }, { venue: 'X' }),
      device.change(
        'units',
        uuidv7(),
        { unitId: seed.unitId },
        { name: 'UBND phường khác', upperLevel: '', address: '', email: '', deleted: false },
      ),
    ]);
    expect(results.map((r) => (r.status === 'refused' ? r.reason : r.status))).toEqual([
      'scope_mismatch',
      'scope_mismatch',
      'scope_mismatch',
    ]);
    const venue = (JSON.parse((await recordRow(store, 'sessions', seed.sessionId))!.fields) as { venue: string }).venue;
    expect(venue).toBe('Nhà văn hóa thôn Đông');
  });

  it('refuses malformed changes: a field without a stamp, a reserved field, a non-boolean tombstone', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const base = device.change('sessions', seed.sessionId, seed, { venue: 'Y' });
    const results = await push(store, [
      { ...base, op: uuidv7(), stamps: {} },
      { ...base, op: uuidv7(), fields: { unitId: 'u2' }, stamps: { unitId: base.hlc } },
      { ...base, op: uuidv7(), fields: { deleted: 'yes' }, stamps: { deleted: base.hlc } },
      { ...base, op: uuidv7(), fields: { venue: 'Y', title: 'Z' }, stamps: { venue: base.hlc } },
    ]);
    expect(results.map((r) => (r.status === 'refused' ? (r.details as { problem: string }).problem : r.status))).toEqual([
      'field_without_stamp',
      'reserved_or_invalid_field',
      'deleted_not_boolean',
      'field_without_stamp',
    ]);
  });

  it('pulls in pages with `more`, only the unit asked for, and refuses a cursor beyond the head', async () => {
    const seed = seedUnit(device);
    const noise = seedUnit(device);
    const depts = Array.from({ length: 25 }, (_, i) =>
      device.change('departments', uuidv7(), { unitId: seed.unitId }, departmentFields(`Phòng ${i}`)),
    );
    await push(store, [...seed.changes, ...noise.changes, ...depts]);
    const start = (await pullAll(store, seed.unitId)).changes;
    const pages: number[] = [];
    let cursor = 0;
    const seen: string[] = [];
    for (;;) {
      const page = await store.pull(seed.unitId, cursor, 10);
      pages.push(page.changes.length);
      seen.push(...page.changes.map((c) => c.op));
      for (const c of page.changes) expect(c.unitId).toBe(seed.unitId);
      cursor = page.next;
      if (!page.more) break;
    }
    expect(seen).toEqual(start.map((c) => c.op));
    expect(pages.slice(0, 2)).toEqual([10, 10]);
    expect(seen).not.toContain(noise.changes[0]!.op);
    const head = await store.head();
    expect(cursor).toBe(head);
    await expect(store.pull(seed.unitId, head + 1, 10)).rejects.toEqual(new StoreRefusal('stale_cursor', { head }));
  });

  it('cuts a pull page by size: large text updates come a few at a time, and a single huge one still comes', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const start = await store.head();
    // About 3 MB of base64 each: two fit in a page (PULL_PAGE_BYTES), the third starts the next.
    const big = Array.from({ length: 4 }, (_, i) =>
      device.text(`notes:${uuidv7()}`, { unitId: seed.unitId }, typed('x', `${i}`.repeat(2_300_000)).update),
    );
    expect(PULL_PAGE_BYTES).toBe(8 * 1024 * 1024);
    await push(store, big);
    const first = await store.pull(seed.unitId, start, 1000);
    expect(first.changes.map((c) => c.op)).toEqual([big[0]!.op, big[1]!.op]);
    expect(first.more).toBe(true);
    const second = await store.pull(seed.unitId, first.next, 1000);
    expect(second.changes.map((c) => c.op)).toEqual([big[2]!.op, big[3]!.op]);
    expect(second.more).toBe(false);
  });

  it('keeps a minutes document: merges updates, answers a state vector with exactly what is lacking, refuses garbage', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const a = typed('item:1', 'Chủ tọa khai mạc. ');
    const b = typed('item:1', 'Thư ký đọc biên bản. ');
    const results = await push(store, [
      device.text(seed.docId, seed, a.update),
      device.text(seed.docId, seed, b.update),
      device.text(seed.docId, seed, new Uint8Array([1, 2, 3, 250, 251])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'refused']);
    expect(results[2]).toMatchObject({ reason: 'validation_failed', details: { problem: 'invalid_text_update' } });

    // A device holding A's text asks: it gets B's, and together they hold both.
    const diff = await store.textDiff(seed.unitId, seed.docId, Y.encodeStateVector(a.doc));
    Y.applyUpdate(a.doc, diff.update);
    const text = a.doc.getText('item:1').toString();
    expect(text).toContain('Chủ tọa khai mạc.');
    expect(text).toContain('Thư ký đọc biên bản.');
    expect(diff.stateVector).toEqual(Y.encodeStateVector(a.doc));
    // Nothing lacking: the diff adds nothing.
    const none = await store.textDiff(seed.unitId, seed.docId, Y.encodeStateVector(a.doc));
    const probe = new Y.Doc();
    Y.applyUpdate(probe, none.update);
    expect(probe.getText('item:1').toString()).toBe('');
    // The whole document for an empty vector; the right unit only.
    const whole = new Y.Doc();
    Y.applyUpdate(whole, (await store.textDiff(seed.unitId, seed.docId, new Uint8Array())).update);
    expect(whole.getText('item:1').toString()).toBe(text);
    await expect(store.textDiff('another-unit', seed.docId, new Uint8Array())).rejects.toMatchObject({ reason: 'scope_mismatch' });
    // Text changes are in the log too, and a pull hands them out.
    const logged = (await pullAll(store, seed.unitId)).changes.filter((c) => c.kind === 'text');
    expect(logged).toHaveLength(2);
    expect(fromBase64((logged[0] as { update: string }).update)).toEqual(a.update);
  });

  it('refuses text for a document of a session in another unit, or under another unit than the document has', async () => {
    const seed = seedUnit(device);
    const other = seedUnit(device);
    await push(store, [...seed.changes, ...other.changes]);
    const u = typed('item:1', 'x').update;
    const results = await push(store, [
      device.text(seed.docId, { unitId: other.unitId }, u),
      device.text(`notes:${uuidv7()}`, { unitId: seed.unitId }, u),
    ]);
    expect(results[0]).toMatchObject({ status: 'refused', reason: 'scope_mismatch' });
    expect(results[1]!.status).toBe('applied');
    const docId =
      results[1]!.status === 'applied' ? (await pullAll(store, seed.unitId)).changes.find((c) => c.op === results[1]!.op) : undefined;
    expect(docId).toBeDefined();
    const [again] = await push(store, [device.text((docId as { docId: string }).docId, { unitId: other.unitId }, u)]);
    expect(again).toMatchObject({ status: 'refused', reason: 'scope_mismatch' });
  });

  it('compacts a document: deleted text stops taking space, the text that remains is intact', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const doc = new Y.Doc();
    const ytext = doc.getText('item:1');
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < COMPACT_EVERY + 5; i++) {
      ytext.insert(ytext.length, `Đoạn ${i} có nội dung dài để xóa đi sau đó. `.repeat(4));
      if (i % 2 === 1) ytext.delete(0, Math.floor(ytext.length / 2));
    }
    const merged = Y.mergeUpdates(updates);
    const results = await push(
      store,
      updates.map((u) => device.text(seed.docId, seed, u)),
    );
    expect(results.every((r) => r.status === 'applied')).toBe(true);
    const row = await store.db.selectFrom('text_docs').selectAll().where('doc_id', '=', seed.docId).executeTakeFirstOrThrow();
    expect(row.state.byteLength).toBeLessThan(merged.byteLength);
    const back = new Y.Doc();
    Y.applyUpdate(back, new Uint8Array(row.state));
    expect(back.getText('item:1').toString()).toBe(ytext.toString());
  });

  it('groups pushes that queue up into one transaction, with the results each would have had alone', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const b = new Device('tabletB', () => NOW + 5);
    const venue = device.change('sessions', seed.sessionId, seed, { venue: 'Hội trường A' });
    const later = b.change('sessions', seed.sessionId, seed, { venue: 'Hội trường B' });
    const bad = device.change('sessions', seed.sessionId, seed, { end: '01:00' });
    const [first, second, third, fourth] = await Promise.all([
      store.push([venue], { deviceId: device.id, now: NOW }),
      store.push([later, bad], { deviceId: b.id, now: NOW }),
      // The same op from two pushes of one group: one is applied, the other is a duplicate.
      store.push([venue], { deviceId: device.id, now: NOW }),
      store.push([later], { deviceId: b.id, now: NOW }),
    ]);
    expect(first!.results[0]!.status).toBe('applied');
    expect(second!.results.map((r) => r.status)).toEqual(['applied', 'refused']);
    expect(third!.results[0]!.status).toBe('duplicate');
    expect(fourth!.results[0]!.status).toBe('duplicate');
    const fields = JSON.parse((await recordRow(store, 'sessions', seed.sessionId))!.fields) as Record<string, unknown>;
    expect(fields.venue).toBe('Hội trường B');
    expect(fields.end).toBe('11:30');
  });

  it('keeps writing while a test fakes the clock around an in-process server', async () => {
    const seed = seedUnit(device);
    vi.useFakeTimers();
    try {
      const results = await push(store, seed.changes);
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not let one push that breaks its transaction fail the others queued with it', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const poisoned = device.change('departments', uuidv7(), { unitId: seed.unitId }, departmentFields('Hỏng'));
    // Not something a request can carry (routes only see parsed JSON): it stands for any bug or database error.
    Object.defineProperty(poisoned.fields, 'toJSON', {
      enumerable: false,
      value: () => {
        throw new Error('boom');
      },
    });
    const ok1 = device.change('departments', uuidv7(), { unitId: seed.unitId }, departmentFields('Một'));
    const ok2 = device.change('departments', uuidv7(), { unitId: seed.unitId }, departmentFields('Hai'));
    const outcomes = await Promise.allSettled([push(store, [ok1]), push(store, [poisoned]), push(store, [ok2])]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const ops = (await pullAll(store, seed.unitId)).changes.map((c) => c.op);
    expect(ops).toContain(ok1.op);
    expect(ops).toContain(ok2.op);
    expect(ops).not.toContain(poisoned.op);
  });

  it('serialises pushes across servers sharing one database (each its own pool or connection)', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const start = await store.head();
    // Four servers: each queues its own pushes, so only the database's lock stands between their transactions.
    const others = [t.reopen(), t.reopen(), t.reopen()];
    try {
      const servers = [store, ...others];
      const writers = Array.from({ length: 8 }, (_, w) => new Device(`srv${w}`, () => NOW));
      const acknowledged = new Set<string>();
      let done = false;
      const pushing = Promise.all(
        writers.map(async (w, i) => {
          for (let round = 0; round < 12; round++) {
            const batch = Array.from({ length: 3 }, () =>
              w.change('departments', uuidv7(), { unitId: seed.unitId }, departmentFields(`${w.id}-${round}`)),
            );
            const outcome = await servers[i % servers.length]!.push(batch, { deviceId: w.id, now: NOW });
            for (const r of outcome.results) if (r.status === 'applied') acknowledged.add(r.op);
          }
        }),
      ).finally(() => (done = true));
      const pulled: LoggedChange[] = [];
      let cursor = start;
      let finalRound = false;
      for (let i = 0; ; i++) {
        await new Promise((resolve) => setImmediate(resolve));
        const page = await servers[i % servers.length]!.pull(seed.unitId, cursor, 5);
        pulled.push(...page.changes);
        cursor = page.next;
        if (!page.more && finalRound) break;
        if (!page.more && done) finalRound = true;
      }
      await pushing;
      expect(acknowledged.size).toBe(8 * 12 * 3);
      const ops = new Set(pulled.map((c) => c.op));
      for (const op of acknowledged) expect(ops.has(op), op).toBe(true);
      const seqs = pulled.map((c) => c.seq);
      expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    } finally {
      for (const o of others) await o.close();
    }
  });

  it('serialises concurrent pushes: a puller racing them never skips a row, and sees every acknowledged op', async () => {
    const seed = seedUnit(device);
    await push(store, seed.changes);
    const start = await store.head();
    const writers = Array.from({ length: 8 }, (_, w) => new Device(`writer${w}`, () => NOW));
    const acknowledged = new Set<string>();
    let done = false;
    const pushing = Promise.all(
      writers.map(async (w) => {
        for (let round = 0; round < 12; round++) {
          const batch = Array.from({ length: 5 }, () =>
            w.change('departments', uuidv7(), { unitId: seed.unitId }, departmentFields(`${w.id}-${round}`)),
          );
          const results = await w_push(store, batch);
          for (const r of results) if (r.status === 'applied') acknowledged.add(r.op);
        }
      }),
    ).finally(() => (done = true));

    // Pull as a device would, while the pushes run: the cursor only ever moves to what a pull returned.
    const pulled: LoggedChange[] = [];
    let cursor = start;
    let finalRound = false;
    for (;;) {
      // A device's pulls come over the network, one event-loop turn apart: so do these
      // (on SQLite a pull never waits on I/O, and a loop of them would never let the pushes run).
      await new Promise((resolve) => setImmediate(resolve));
      const page = await store.pull(seed.unitId, cursor, 7);
      pulled.push(...page.changes);
      cursor = page.next;
      if (!page.more && finalRound) break;
      if (!page.more && done) finalRound = true;
    }
    await pushing;
    const seqs = pulled.map((c) => c.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    const ops = new Set(pulled.map((c) => c.op));
    expect(acknowledged.size).toBe(8 * 12 * 5);
    for (const op of acknowledged) expect(ops.has(op), op).toBe(true);
    // And against the log itself: every row of the unit after `start` was pulled.
    const all = await store.db
      .selectFrom('sync_log')
      .select('seq')
      .where('unit_id', '=', seed.unitId)
      .where('seq', '>', start)
      .orderBy('seq')
      .execute();
    expect(all.map((r) => r.seq)).toEqual(seqs);
  });
});

function w_push(store: Store, changes: Change[]): Promise<PushResult[]> {
  return push(store, changes);
}

describe.skipIf(!PG_URL)('the PostgreSQL push lock', () => {
  it('makes a push wait for another server holding the lock, and go on once it commits', async () => {
    const t = await freshStore('postgres');
    const other = new pg.Client({ connectionString: t.env.DATABASE_URL });
    await other.connect();
    try {
      const device = new Device('tabletA', () => NOW);
      const seed = seedUnit(device);
      // Another server's push transaction, holding the lock.
      await other.query('begin');
      await other.query('select pg_advisory_xact_lock($1)', [PUSH_LOCK_KEY]);
      let settled = false;
      const pushing = t.store.push(seed.changes, { deviceId: device.id, now: NOW }).finally(() => (settled = true));
      // Wait until our push's connection is seen waiting for that same lock.
      for (;;) {
        const { rows } = await other.query<{ n: string }>(
          "select count(*) as n from pg_locks where locktype = 'advisory' and not granted and objid = $1",
          [PUSH_LOCK_KEY],
        );
        // A push that went through without the lock ends the wait too, and fails below.
        if (Number(rows[0]!.n) > 0 || settled) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(settled).toBe(false);
      expect(await t.store.head()).toBe(0);
      await other.query('commit');
      const outcome = await pushing;
      expect(outcome.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    } finally {
      await other.end();
      await t.dispose();
    }
  }, 30_000);
});
