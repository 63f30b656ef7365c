/**
 * Seeded random convergence: in each scenario 3-5 simulated devices run the
 * real storage code (commit, applyRemote, the minutes documents) and the real
 * sync engine on fake IndexedDB, each with its own database, against the real
 * server code (Fastify inject, SQLite in memory). They edit fields, move the
 * queue, run the timer, conclude turns and type into the same minutes entries
 * (at the same positions too) while the network drops, duplicates, delays and
 * reorders requests, loses answers after the server committed, devices crash
 * in the middle of a transaction and restart, clocks are hours off and one
 * device's clock jumps years ahead.
 *
 * After healing (faults off, everyone syncs a few times): every device holds
 * exactly the server's records and text, every operation any device made is
 * in the server's log, nothing is left refused, and every typed token is in
 * the minutes unless someone deleted it.
 *
 * SYNC_SCENARIOS=n runs n scenarios (default 200; 5000 for a long run);
 * SYNC_SEED=s replays scenario s alone. A failure names its seed.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { positionForMove, sortByPosition } from '../../src/domain/position.ts';
import type { TableName } from '../../src/domain/model.ts';
import { openDatabase, type DoiThoaiDb } from '../../src/storage/db.ts';
import { commit, create, remove, update, type Change } from '../../src/storage/write.ts';
import { openMinutesDoc, readStoredTexts, type MinutesDocHandle } from '../../src/storage/minutesText.ts';
import { RoomClock } from '../../src/sync/clock.ts';
import { SyncEngine } from '../../src/sync/engine.ts';
import { TransportError, type EncodedPush, type PullArgs, type Transport } from '../../src/sync/transport.ts';
import type { HelloRequest, TextDiffRequest } from '../../src/protocol/index.ts';
import { InjectTransport, startServer, type TestServer } from './inProcess.ts';

const SCENARIOS = Number(process.env.SYNC_SCENARIOS ?? 200);
const ONLY = process.env.SYNC_SEED === undefined ? null : Number(process.env.SYNC_SEED);
const STEPS = 36;
const HOUR = 3600_000;
const YEAR = 365 * 24 * HOUR;
const DOC = 'minutes:s1';
const ENTRIES = ['item:a1', 'turn:t1:q', 'turn:t1:a'];

// ---------------------------------------------------------------- randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---------------------------------------------------------------- the network

class Crash extends Error {
  constructor() {
    super('simulated crash');
  }
}

/**
 * The Wi-Fi between one device and the server: each request may be dropped
 * before it arrives, arrive but lose its answer, arrive twice, or arrive late
 * (after later requests: reordered) while the device has already given up on it.
 */
class FaultyTransport implements Transport {
  faults = true;
  offline = false;
  constructor(
    private readonly inner: Transport,
    private readonly rng: Rng,
    private readonly late: (() => Promise<unknown>)[],
  ) {}

  hello(r: HelloRequest) {
    return this.call(() => this.inner.hello(r), false);
  }
  push(r: EncodedPush) {
    return this.call(() => this.inner.push(r), true);
  }
  pull(a: PullArgs) {
    return this.call(() => this.inner.pull(a), false);
  }
  text(r: TextDiffRequest) {
    return this.call(() => this.inner.text(r), false);
  }
  units() {
    return this.call(() => this.inner.units(), false);
  }

  private async call<T>(send: () => Promise<T>, writes: boolean): Promise<T> {
    if (this.offline) throw new TransportError('network', 0);
    if (!this.faults) return send();
    const r = this.rng.next();
    if (r < 0.07) throw new TransportError('network', 0); // dropped on the way
    if (r < 0.14) {
      await send(); // the server committed, the answer was lost
      throw new TransportError('network', 0);
    }
    if (r < 0.19) {
      await send(); // a retransmission arrives as well
      return send();
    }
    if (r < 0.24 && writes) {
      this.late.push(send); // arrives later, after other requests; the device timed out
      throw new TransportError('network', 0);
    }
    if (r < 0.27 && writes) {
      this.late.push(send); // answered, and a stray copy arrives much later
      return send();
    }
    return send();
  }
}

// ---------------------------------------------------------------- a device

interface Sim {
  t: number;
}

class SimDevice {
  db!: DoiThoaiDb;
  clock!: RoomClock;
  engine!: SyncEngine;
  transport!: FaultyTransport;
  minutes: MinutesDocHandle | null = null;
  /** Device clock minus true time. */
  skew: number;
  /** Calls of the device clock left before it "loses power" (null: not armed). */
  crashIn: number | null = null;
  private openCount = 0;

  constructor(
    readonly index: number,
    readonly name: string,
    private readonly sim: Sim,
    private readonly server: TestServer,
    private readonly rng: Rng,
    private readonly late: (() => Promise<unknown>)[],
    private readonly seed: number,
    skew: number,
  ) {
    this.skew = skew;
  }

  /** Device time; throws once an armed crash comes due (inside whatever transaction is running). */
  private deviceNow = (): number => {
    if (this.crashIn !== null && --this.crashIn <= 0) {
      this.crashIn = null;
      throw new Crash();
    }
    return this.sim.t + this.skew;
  };

  async boot(): Promise<void> {
    this.db = openDatabase(this.name);
    // A fixed device id per scenario: stamps tie-break the same way on every replay of a seed.
    if (!(await this.db.meta.get('clock'))) await this.db.meta.put({ key: 'clock', value: { deviceId: `dev${this.index}`, last: null } });
    this.clock = new RoomClock(this.deviceNow);
    await this.clock.load(this.db);
    const faults = this.transport?.faults ?? false;
    const offline = this.transport?.offline ?? false;
    this.transport = new FaultyTransport(new InjectTransport(this.server.app), this.rng, this.late);
    this.transport.faults = faults;
    this.transport.offline = offline;
    this.engine = new SyncEngine({ db: this.db, clock: this.clock, transport: this.transport, textExchangeMs: 120_000 });
  }

  /** Power lost and back: whatever was in memory is gone; the database is what it committed. */
  async restart(): Promise<void> {
    this.crashIn = null;
    if (this.minutes) {
      // Everything typed was flushed when typed, so releasing loses nothing a real crash would keep.
      await this.minutes.release();
      this.minutes = null;
    }
    this.engine.stop();
    this.db.close();
    await this.boot();
  }

  async write(changes: Change[]): Promise<boolean> {
    try {
      await commit(this.db, changes, this.clock.now);
      return true;
    } catch (e) {
      if (e instanceof Crash) {
        await this.restart();
        return false;
      }
      throw e;
    }
  }

  async sync(): Promise<void> {
    await this.engine.run();
    if (this.crashed()) await this.restart();
  }

  /** The engine reports a run that failed on a crash as an internal error; the device then restarts. */
  private crashed(): boolean {
    return this.engine.getStatus().lastError === 'internal';
  }

  async doc(): Promise<Y.Doc> {
    if (!this.minutes) {
      // The document's own clock is the plain simulated one: a crash is injected into records and sync,
      // not into a minutes write (whose text would then not count as typed).
      this.minutes = await openMinutesDoc(this.db, DOC, { now: () => this.sim.t });
      // Deterministic Yjs client ids per replay; a new one on each opening, as Yjs requires.
      this.minutes.minutes.doc.clientID = (this.seed * 1000 + this.index * 100 + ++this.openCount) >>> 0;
    }
    return this.minutes.minutes.doc;
  }

  async flushText(): Promise<void> {
    await this.minutes?.minutes.flush();
  }
}

// ---------------------------------------------------------------- fixtures

const unit = { name: 'UBND xã Thanh Trì', upperLevel: 'UBND thành phố Hà Nội', address: '', email: '', phone: '' };
const conference = {
  title: 'Hội nghị đối thoại về TTHC năm 2026', year: 2026, planNumber: '82/KH-UBND', round: 1 as const, legalBases: [],
  registrationDeadline: { kind: 'days_before' as const, days: 10 },
};
const session = {
  conferenceId: 'c1', title: 'Buổi sáng', date: '2026-10-13', start: '07:30', end: '11:30', venue: 'Nhà văn hóa thôn Đông',
  venueKind: 'village_cultural_house' as const, fieldFocus: '', format: 'in_person' as const, speakingLimitMs: 300_000, chairName: '', secretaryName: '',
};
const scope = { unitId: 'u1', conferenceId: 'c1' };
const turn = (i: number) => ({
  sessionId: 's1', position: (i + 1) * 1024, speakerName: `Người dân ${i + 1}`, affiliation: `Thôn ${i + 1}`, topic: '', field: '',
  responderName: '', status: 'waiting' as const, calledAt: null, finishedAt: null, spokenMs: null, disposition: null,
});
const item = (i: number) => ({
  sessionId: 's1', step: 'custom' as const, title: `Mục ${i + 1}`, position: (i + 1) * 1024, plannedMinutes: 10, presenter: '', startedAt: null, endedAt: null,
});
const DISPOSITIONS = [
  null,
  { kind: 'answered_in_room' as const },
  { kind: 'forwarded_upward' as const, body: 'UBND tỉnh' },
  { kind: 'guided_elsewhere' as const, body: 'Tòa án nhân dân khu vực' },
  { kind: 'complaint_outside' as const, complaintKind: 'complaint' as const, redirectedTo: 'Thanh tra tỉnh' },
];
const WORDS = ['đất', 'sổ đỏ', 'hộ tịch', 'cấp phép', 'môi trường', 'Điện', 'nước sạch'];

// ---------------------------------------------------------------- one scenario

interface Outcome {
  ops: Set<string>;
  typed: Set<string>;
  deleted: Set<string>;
}

async function scenario(seed: number): Promise<void> {
  const rng = new Rng(mulberry32(seed));
  const sim: Sim = { t: Date.UTC(2026, 9, 13, 0, 30) + rng.int(0, HOUR) };
  const server = await startServer(() => sim.t);
  const late: (() => Promise<unknown>)[] = [];
  const count = rng.int(3, 5);
  const devices: SimDevice[] = [];
  for (let i = 0; i < count; i++) {
    // Device clocks: right, or hours off either way.
    const skew = rng.chance(0.5) ? 0 : rng.pick([-1, 1]) * rng.int(1, 10) * HOUR + rng.int(-30_000, 30_000);
    const d = new SimDevice(i, `conv-${seed}-${i}-${Math.random()}`, sim, server, rng, late, seed, skew);
    await d.boot();
    devices.push(d);
  }
  const out: Outcome = { ops: new Set(), typed: new Set(), deleted: new Set() };
  const noteOps = async (d: SimDevice) => {
    for (const e of await d.db.outbox.toArray()) out.ops.add(e.op);
  };
  let tokenNo = 0;

  try {
    // The office sets up the conference on device 0; the others join it (setup on a clean network).
    const d0 = devices[0]!;
    await d0.write([create('units', { unitId: 'u1' }, unit, 'u1')]);
    await d0.write([create('conferences', scope, conference, 'c1'), create('sessions', scope, session, 's1')]);
    await d0.write([...[0, 1, 2, 3].map((i) => create('speakerTurns', scope, turn(i), `t${i}`)), ...[0, 1].map((i) => create('agendaItems', scope, item(i), `a${i}`))]);
    await noteOps(d0);
    await d0.sync();
    for (const d of devices.slice(1)) await d.engine.join('u1');
    for (const d of devices) d.transport.faults = true;
    // One device in three scenarios out of four will have its clock jump years ahead (a reset RTC).
    const jumper = rng.chance(0.75) ? rng.pick(devices) : null;
    const jumpAt = rng.int(3, STEPS - 5);

    for (let step = 0; step < STEPS; step++) {
      sim.t += rng.int(0, 20_000);
      if (jumper && step === jumpAt) jumper.skew += rng.int(2, 20) * YEAR;
      const d = rng.pick(devices);
      const r = rng.next();
      try {
        if (r < 0.4) {
          if (await d.write(await randomEdit(d, rng, sim))) await noteOps(d);
        } else if (r < 0.6) {
          await randomTyping(d, rng, out, () => `«${seed}.${++tokenNo}»`);
        } else if (r < 0.88) {
          await noteOps(d);
          await d.sync();
        } else if (r < 0.93) {
          d.transport.offline = !d.transport.offline;
        } else if (r < 0.97) {
          d.crashIn = rng.int(1, 4);
        } else {
          // Requests held up in the network arrive now, in random order.
          while (late.length > 0) await late.splice(rng.int(0, late.length - 1), 1)[0]!().catch(() => {});
        }
      } catch (e) {
        // The armed crash came due outside a write or a run (reading the clock for a timer event): restart too.
        if (!(e instanceof Crash)) throw e;
        await d.restart();
      }
    }

    // Healing: the network is good again and everyone syncs until nothing moves.
    for (const d of devices) {
      d.crashIn = null;
      d.transport.faults = false;
      d.transport.offline = false;
      await d.flushText();
      await noteOps(d);
    }
    while (late.length > 0) await late.shift()!().catch(() => {});
    for (let round = 0; round < 3; round++) {
      for (const d of devices) {
        sim.t += 1000;
        await d.engine.syncNow();
        expect(d.engine.getStatus().lastError, `device ${d.index} could not sync`).toBeNull();
      }
    }
    await check(server, devices, out);
  } finally {
    for (const d of devices) {
      await d.minutes?.release().catch(() => {});
      d.engine.stop();
      await d.db.delete();
    }
    await server.close();
  }
}

async function randomEdit(d: SimDevice, rng: Rng, sim: Sim): Promise<Change[]> {
  const turns = sortByPosition((await d.db.speakerTurns.toArray()).filter((t) => !t.deleted));
  const anyTurn = rng.pick(await d.db.speakerTurns.toArray());
  const kind = rng.int(0, 7);
  switch (kind) {
    case 0: // the secretary corrects a topic
      return [update('speakerTurns', anyTurn.id, { topic: `${rng.pick(WORDS)} ${rng.int(1, 99)}` })];
    case 1: {
      // the chair drags a speaker to another place in the queue
      const moved = rng.pick(turns.length ? turns : [anyTurn]);
      const position = positionForMove(turns, moved.id, rng.int(0, Math.max(0, turns.length - 1)));
      return position === null ? [] : [update('speakerTurns', moved.id, { position })];
    }
    case 2: // the chair concludes an opinion
      return [update('speakerTurns', anyTurn.id, { disposition: rng.pick(DISPOSITIONS), status: rng.pick(['waiting', 'speaking', 'done'] as const) })];
    case 3: // the clock: start, pause, resume, +1 minute, stop
      return [
        create('timerEvents', scope, {
          sessionId: 's1', turnId: anyTurn.id, type: rng.pick(['start', 'pause', 'resume', 'add', 'stop'] as const), at: d.clock.now(),
          amountMs: rng.pick([60_000, 300_000, 0]),
        }),
      ];
    case 4: // agenda: retitle or re-plan
      return [update('agendaItems', rng.pick(['a0', 'a1']), rng.chance(0.5) ? { title: `Mục ${rng.pick(WORDS)}` } : { plannedMinutes: rng.int(1, 60) })];
    case 5: // the session's venue or title
      return [update('sessions', 's1', rng.chance(0.5) ? { venue: `Nhà văn hóa thôn ${rng.int(1, 9)}` } : { title: `Buổi ${rng.pick(WORDS)}` })];
    case 6: // a walk-in joins the queue, or one is withdrawn (tombstone) and maybe reinstated
      if (rng.chance(0.5)) return [create('speakerTurns', scope, { ...turn(rng.int(4, 99)), position: sim.t % 100_000 })];
      return anyTurn.deleted ? [update('speakerTurns', anyTurn.id, { deleted: false } as never)] : [remove('speakerTurns', anyTurn.id)];
    default: // several fields of one turn in one change
      return [update('speakerTurns', anyTurn.id, { affiliation: `Tổ dân phố ${rng.int(1, 12)}`, responderName: rng.pick(['Chủ tịch', 'Trưởng Công an', '']) })];
  }
}

/** Types a unique token at a token boundary (the same place another device may type at), or deletes one whole token. */
async function randomTyping(d: SimDevice, rng: Rng, out: Outcome, token: () => string): Promise<void> {
  const doc = await d.doc();
  const text = doc.getText(rng.pick(ENTRIES));
  const current = text.toString();
  const tokens = [...current.matchAll(/«[^»]*»/g)];
  if (tokens.length > 0 && rng.chance(0.2)) {
    const victim = rng.pick(tokens);
    text.delete(victim.index, victim[0].length);
    out.deleted.add(victim[0]);
  } else {
    const boundaries = [0, ...tokens.map((m) => m.index + m[0].length)];
    const t = token();
    text.insert(rng.pick(boundaries), t);
    out.typed.add(t);
  }
  await d.flushText();
}

// ---------------------------------------------------------------- the checks

async function check(server: TestServer, devices: readonly SimDevice[], out: Outcome): Promise<void> {
  const sdb = server.store.db;
  const records = await sdb.selectFrom('records').selectAll().execute();
  const logOps = new Set((await sdb.selectFrom('sync_log').select('op').execute()).map((r) => r.op));

  // Every operation any device made reached the server's log.
  const missing = [...out.ops].filter((op) => !logOps.has(op));
  expect(missing, 'operations missing from the server log').toEqual([]);

  const docRow = await sdb.selectFrom('text_docs').selectAll().where('doc_id', '=', DOC).executeTakeFirst();
  const serverDoc = new Y.Doc();
  if (docRow) Y.applyUpdate(serverDoc, new Uint8Array(docRow.state));
  const serverTexts = Object.fromEntries(ENTRIES.map((e) => [e, serverDoc.getText(e).toString()]));

  // Every typed token survives unless deleted, exactly once.
  const present = Object.values(serverTexts).flatMap((s) => [...s.matchAll(/«[^»]*»/g)].map((m) => m[0]));
  const expected = [...out.typed].filter((t) => !out.deleted.has(t)).sort();
  expect([...present].sort(), 'tokens in the server’s minutes').toEqual(expected);

  for (const d of devices) {
    expect(await d.db.outbox.count(), `device ${d.index}: outbox`).toBe(0);
    expect(await d.db.refused.toArray(), `device ${d.index}: refused`).toEqual([]);
    expect(await d.db.textUpdates.where('pending').equals(1).count(), `device ${d.index}: pending text`).toBe(0);
    let local = 0;
    for (const table of ['units', 'conferences', 'sessions', 'agendaItems', 'speakerTurns', 'timerEvents'] as TableName[]) local += await d.db.table(table).count();
    expect(local, `device ${d.index}: record count`).toBe(records.length);
    for (const rec of records) {
      const row = (await d.db.table(rec.table_name).get(rec.record_id)) as Record<string, unknown> | undefined;
      expect(row, `device ${d.index}: ${rec.table_name}/${rec.record_id}`).toBeDefined();
      const fields = JSON.parse(rec.fields) as Record<string, unknown>;
      const { deleted, ...content } = fields;
      expect(row!['stamps'], `device ${d.index}: stamps of ${rec.table_name}/${rec.record_id}`).toEqual(JSON.parse(rec.stamps));
      expect(row!['deleted']).toBe(Boolean(deleted));
      for (const [k, v] of Object.entries(content)) expect(row![k], `device ${d.index}: ${rec.table_name}/${rec.record_id}.${k}`).toEqual(v);
    }
    const texts = await readStoredTexts(d.db, DOC);
    for (const e of ENTRIES) expect(texts[e] ?? '', `device ${d.index}: minutes ${e}`).toBe(serverTexts[e]);
  }
}

// ---------------------------------------------------------------- the run

describe('convergence under a bad network, crashes and wrong clocks', () => {
  const seeds = ONLY !== null ? [ONLY] : Array.from({ length: SCENARIOS }, (_, i) => i + 1);
  // The engine logs a run that failed on a simulated crash; hundreds of those would bury a real failure.
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  afterAll(() => {
    quiet.mockRestore();
    warn.mockRestore();
  });

  it(`${seeds.length} scenarios converge`, async () => {
    for (const seed of seeds) {
      try {
        await scenario(seed);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new Error(`convergence failed for seed ${seed}; replay with SYNC_SEED=${seed}\n${message}`, { cause: e });
      }
    }
  }, 600_000);
});
