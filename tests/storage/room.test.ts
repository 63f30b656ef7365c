/**
 * Chair actions decided inside the write transaction: two tabs (two Dexie
 * connections to one fake-indexeddb database) acting at once never leave two
 * people "speaking", and each "call next" calls exactly one more person.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chairAction, type ChairAction, type RoomState } from '../../src/domain/room.ts';
import { create, type Change } from '../../src/storage/changes.ts';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { roomChanges, runChairAction } from '../../src/storage/room.ts';
import { commit, commitAction, ValidationError } from '../../src/storage/write.ts';
import { update } from '../../src/storage/changes.ts';

const T0 = Date.UTC(2026, 9, 13, 1, 0, 0);
const scope = { unitId: 'u1', conferenceId: 'c1' };

function seedChanges(speakers: number): Change[] {
  return [
    create(
      'sessions',
      scope,
      {
        conferenceId: 'c1',
        title: '',
        date: '2026-10-13',
        start: '08:00',
        end: '11:00',
        venue: 'Hội trường',
        venueKind: 'committee_hall',
        fieldFocus: '',
        format: 'in_person',
        speakingLimitMs: 300_000,
        chairName: '',
        secretaryName: '',
      },
      's1',
    ),
    ...Array.from({ length: speakers }, (_, i) =>
      create(
        'speakerTurns',
        scope,
        {
          sessionId: 's1',
          position: (i + 1) * 1024,
          speakerName: `Người ${i + 1}`,
          affiliation: '',
          topic: '',
          field: '',
          responderName: '',
          status: 'waiting',
          calledAt: null,
          finishedAt: null,
          spokenMs: null,
          disposition: null,
        },
        `t${i + 1}`,
      ),
    ),
  ];
}

/** Two tabs of one browser: two connections to the same database. */
async function twoTabs(speakers: number): Promise<[DoiThoaiDb, DoiThoaiDb]> {
  const name = `room-${Math.random()}`;
  const a = openDatabase(name);
  await commit(a, seedChanges(speakers), () => T0);
  return [a, openDatabase(name)];
}

async function statuses(db: DoiThoaiDb) {
  const turns = (await db.speakerTurns.toArray()).sort((x, y) => x.position - y.position);
  return turns.map((t) => t.status);
}

/**
 * What the screens did before: decide on the room as last read, write it later with `commit`.
 * Kept here to show the interleaving test can fail.
 */
async function decideOnSnapshotThenWrite(db: DoiThoaiDb, snapshot: RoomState, action: ChairAction, at: number) {
  const result = chairAction(snapshot, action, at);
  if (result.ok) await commit(db, roomChanges({ ...scope, sessionId: 's1' }, result.changes), () => at);
}

async function snapshot(db: DoiThoaiDb): Promise<RoomState> {
  return {
    limitMs: 300_000,
    turns: await db.speakerTurns.toArray(),
    timerEvents: await db.timerEvents.toArray(),
    followUps: [],
  };
}

describe('chair actions inside the write transaction', () => {
  it('two tabs calling the next speaker at once: one after the other, never two speaking', async () => {
    const [tabA, tabB] = await twoTabs(3);
    await runChairAction(tabA, 's1', { type: 'call_next' }, () => T0);
    const results = await Promise.all([
      runChairAction(tabA, 's1', { type: 'call_next' }, () => T0 + 1000),
      runChairAction(tabB, 's1', { type: 'call_next' }, () => T0 + 1000),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await statuses(tabA)).toEqual(['done', 'done', 'speaking']);
  });

  it('the same race decided on what each screen showed leaves two people speaking (what the transaction prevents)', async () => {
    const [tabA, tabB] = await twoTabs(3);
    await runChairAction(tabA, 's1', { type: 'call_next' }, () => T0);
    // Tab A's screen still shows Người 1 speaking while tab B (or a synced device) calls the next two.
    const stale = await snapshot(tabA);
    await runChairAction(tabB, 's1', { type: 'call_next' }, () => T0 + 1000);
    await runChairAction(tabB, 's1', { type: 'call_next' }, () => T0 + 2000);
    await decideOnSnapshotThenWrite(tabA, stale, { type: 'call_next' }, T0 + 3000);
    expect((await statuses(tabA)).filter((s) => s === 'speaking')).toHaveLength(2);
  });

  it('a timer start racing a call next lands on whoever holds the floor when it runs', async () => {
    const [tabA, tabB] = await twoTabs(2);
    await runChairAction(tabA, 's1', { type: 'call_next' }, () => T0);
    await Promise.all([
      runChairAction(tabA, 's1', { type: 'call_next' }, () => T0 + 1000),
      runChairAction(tabB, 's1', { type: 'timer', command: 'start' }, () => T0 + 1000),
    ]);
    const events = await tabA.timerEvents.toArray();
    const turns = await tabA.speakerTurns.toArray();
    const speaking = turns.filter((t) => t.status === 'speaking');
    expect(speaking).toHaveLength(1);
    // Whichever went first, the start belongs to a turn that was speaking when it was written, and the
    // first speaker's turn was closed with its timer stopped if it had been started.
    for (const e of events.filter((x) => x.type === 'start')) expect(['t1', 't2']).toContain(e.turnId);
    const t1Events = events.filter((e) => e.turnId === 't1').map((e) => e.type);
    expect(t1Events.length === 0 || t1Events.join() === 'start,stop').toBe(true);
  });

  it('any mix of concurrent chair actions from two tabs keeps at most one speaker, and each call moves the line by one', async () => {
    const command = fc.constantFrom<ChairAction>(
      { type: 'call_next' },
      { type: 'timer', command: 'toggle' },
      { type: 'timer', command: 'start' },
      { type: 'timer', command: 'add_minute' },
      { type: 'timer', command: 'stop' },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(command, fc.boolean(), fc.integer({ min: 0, max: 5_000 })), { minLength: 2, maxLength: 8 }),
        async (steps) => {
          const speakers = 4;
          const [tabA, tabB] = await twoTabs(speakers);
          await Promise.all(steps.map(([action, onA, dt]) => runChairAction(onA ? tabA : tabB, 's1', action, () => T0 + dt)));
          const s = await statuses(tabA);
          expect(s.filter((x) => x === 'speaking').length).toBeLessThanOrEqual(1);
          const calls = steps.filter(([a]) => a.type === 'call_next').length;
          const called = s.filter((x) => x !== 'waiting').length;
          expect(called).toBe(Math.min(calls, speakers));
          // Every timer event belongs to a turn that has been called.
          const turns = new Map((await tabA.speakerTurns.toArray()).map((t) => [t.id, t]));
          for (const e of await tabA.timerEvents.toArray()) expect(turns.get(e.turnId)?.status).not.toBe('waiting');
          tabA.close();
          tabB.close();
        },
      ),
      { numRuns: 25 },
    );
  });

  it('refuses what the room no longer allows, writing nothing', async () => {
    const [tab] = await twoTabs(1);
    const before = await tab.outbox.count();
    expect(await runChairAction(tab, 's1', { type: 'timer', command: 'pause' }, () => T0)).toEqual({ ok: false, reason: 'no_speaker' });
    expect(await runChairAction(tab, 's1', { type: 'reinstate', turnId: 't1' }, () => T0)).toEqual({ ok: false, reason: 'not_withdrawn' });
    expect(await runChairAction(tab, 'nope', { type: 'call_next' }, () => T0)).toEqual({ ok: false, reason: 'not_found' });
    expect(await tab.outbox.count()).toBe(before);
  });

  it('records the time the action was asked for, not when its transaction ran', async () => {
    const [tab] = await twoTabs(1);
    let now = T0;
    const pressed = runChairAction(tab, 's1', { type: 'call_next' }, () => now, T0);
    now = T0 + 60_000; // the transaction waits its turn meanwhile
    await pressed;
    expect((await tab.speakerTurns.get('t1'))!.calledAt).toBe(T0);
  });
});

describe('commitAction', () => {
  it('writes what the decision returns through commit, with its outbox entries, and returns the result', async () => {
    const [db] = await twoTabs(1);
    const before = await db.outbox.count();
    const result = await commitAction(
      db,
      {
        tables: ['speakerTurns'],
        read: () => db.speakerTurns.get('t1'),
        decide: (t, at) => ({
          changes: [update('speakerTurns', t!.id, { responderName: `read ${t!.speakerName} at ${at}` })],
          result: 'done',
        }),
      },
      () => T0,
    );
    expect(result).toBe('done');
    expect((await db.speakerTurns.get('t1'))!.responderName).toBe(`read Người 1 at ${T0}`);
    expect(await db.outbox.count()).toBe(before + 1);
  });

  it('a decision the schema refuses writes nothing, and neither does one touching a table it did not declare', async () => {
    const [db] = await twoTabs(1);
    const before = await db.outbox.count();
    await expect(
      commitAction(db, {
        tables: ['speakerTurns'],
        read: async () => null,
        decide: () => ({ changes: [update('speakerTurns', 't1', { speakerName: '' })], result: null }),
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      commitAction(db, {
        tables: ['speakerTurns'],
        read: async () => null,
        decide: () => ({ changes: [update('sessions', 's1', { title: 'x' })], result: null }),
      }),
    ).rejects.toThrow();
    expect(await db.outbox.count()).toBe(before);
    expect((await db.sessions.get('s1'))!.title).toBe('');
  });
});
