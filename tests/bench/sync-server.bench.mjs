/**
 * The office server under a commune's worth of tablets syncing at once.
 *
 * Setting: the real server process (`src/server/main.ts`), first on a SQLite
 * file, then on PostgreSQL (a fresh database, dropped afterwards). 200
 * simulated devices, plain Node HTTP clients on loopback with one keep-alive
 * connection each, spread over 10 units (20 tablets per hall). Each device
 * says hello, opens its unit's live-event stream, then does ROUNDS rounds of:
 * push a batch (new attendees and check-ins, as the door does), pull from its
 * cursor until nothing more, wait a random 1-3 s (a seeded PRNG, so both
 * stores get the same load). Bounded: 200 × ROUNDS × 2 requests or more, and
 * a hard deadline per store.
 *
 * sync-200-devices-p99            p99 latency of every push and pull (request
 *                                 sent to last byte received) on SQLite, with
 *                                 access control on (every device enrolled, its
 *                                 token checked and every change's role and unit
 *                                 checked, pulls redacted); ms.
 * sync-200-devices-p99-no-access  the same load, same run, access control off
 *                                 (the baseline); `-access-ratio` is on/off,
 *                                 target ≤ 1.2.
 * sync-200-devices-p99-postgres   the same on PostgreSQL; baseline: SQLite's,
 *                                 target ratio ≤ 2 (the `-ratio` figure).
 *
 * Logged, not figures: the server process's CPU time per push or pull (Linux
 * /proc; load from other processes inflates latency far more than this), the
 * number of live-event chunks the devices received, pushes and pulls apart and
 * when the slowest 1% happened, and on PostgreSQL what its backends waited on.
 * BENCH_DEVICES=n runs fewer devices (exploring); BENCH_PROFILE=dir writes the
 * server's V8 CPU profile there.
 *
 * PostgreSQL: DATABASE_URL_TEST (a role that may create databases, as .ci/run
 * sets up), else postgres://doithoai_test:doithoai_test@127.0.0.1:5432/doithoai_test.
 * If no server answers there, the bench starts the local cluster
 * (`pg_ctlcluster`) and stops it afterwards; if that fails, it fails clearly.
 */
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 200);
const UNITS = 10;
const ROUNDS = 8;
const BATCH = 4;
const THINK_MS = [1000, 3000];
const DEADLINE_MS = 90_000;
const PROTOCOL_VERSION = 2;
const RECORD_SCHEMA_VERSION = 2;
const DEFAULT_PG = 'postgres://doithoai_test:doithoai_test@127.0.0.1:5432/doithoai_test';

/** mulberry32: the same "random" load on both stores. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The HLC stamp format of src/domain/clock.ts (11 base-36 ms, 5 base-36 counter, node). */
function makeClock(node) {
  let lastMs = 0;
  let counter = 0;
  return () => {
    const now = Date.now();
    if (now > lastMs) {
      lastMs = now;
      counter = 0;
    } else counter++;
    return `${lastMs.toString(36).padStart(11, '0')}-${counter.toString(36).padStart(5, '0')}-${node}`;
  };
}

function recordChange(device, table, id, scope, fields) {
  const stamps = {};
  let hlc = '';
  for (const k of Object.keys(fields)) hlc = stamps[k] = device.stamp();
  return {
    kind: 'record',
    op: randomUUID(),
    table,
    id,
    unitId: scope.unitId,
    ...(scope.conferenceId ? { conferenceId: scope.conferenceId } : {}),
    fields,
    stamps,
    deviceId: device.id,
    hlc,
  };
}

/**
 * One request on the device's keep-alive connection. A connection the server closed while idle
 * (its keep-alive timeout, 5 s: a device's warm-up on a loaded machine can take longer) fails on
 * reuse with ECONNRESET; as Node's documentation advises, that one case is retried once on a new
 * connection (the request never reached the server).
 */
function request(agent, port, method, path, body, cookie, retried = false) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...(cookie ? { cookie } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 200) reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
          else resolve(JSON.parse(text));
        });
        res.on('error', reject);
      },
    );
    req.on('error', (err) => {
      if (!retried && req.reusedSocket && err.code === 'ECONNRESET') resolve(request(agent, port, method, path, body, cookie, true));
      else reject(err);
    });
    if (payload) req.write(payload);
    req.end();
  });
}

function startServer(root, env, log) {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []),
      '--import',
      'tsx',
      // The app, store and routes of src/server/main.ts, with access control on or off (see the entry).
      'tests/bench/sync-server-entry.ts',
    ],
    {
      cwd: root,
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', STATIC_DIR: '/nonexistent', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const onData = (d) => {
      out += d;
      const m = /http:\/\/localhost:(\d+) /.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(killer);
  };
  /** CPU time the server process has used so far, ms (Linux /proc): load on a shared machine inflates latency, not this. */
  const cpuMs = () => {
    try {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      return NaN;
    }
  };
  return { ready, stop, cpuMs, output: () => out, log };
}

/** One store's run: 200 devices against one server process. Returns every push and pull latency (ms). */
async function load(port, log, units, credentials) {
  const random = prng(2026);
  /** Device i of a unit's tablets: its cookie when access control is on. */
  const cookieOf = (unitId, i) => credentials?.units[unitId]?.[i];
  const office = { id: 'office', stamp: makeClock('office') };
  const officeAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (const u of units) {
    const officeCookie = cookieOf(u.unitId, 0);
    const changes = [
      recordChange(
        office,
        'units',
        u.unitId,
        { unitId: u.unitId },
        { name: 'UBND xã Thanh Trì', upperLevel: 'UBND thành phố', address: '', email: '', phone: '', deleted: false },
      ),
      recordChange(
        office,
        'conferences',
        u.conferenceId,
        { unitId: u.unitId },
        {
          title: 'Hội nghị đối thoại TTHC',
          year: 2026,
          planNumber: '82/KH-UBND',
          round: 1,
          legalBases: [],
          registrationDeadline: { kind: 'days_before', days: 10 },
          deleted: false,
        },
      ),
      recordChange(office, 'sessions', u.sessionId, u, {
        conferenceId: u.conferenceId,
        title: 'Buổi sáng',
        date: '2026-05-12',
        start: '07:30',
        end: '11:30',
        venue: 'Nhà văn hóa thôn Đông',
        venueKind: 'village_cultural_house',
        fieldFocus: '',
        format: 'in_person',
        speakingLimitMs: 300000,
        chairName: '',
        secretaryName: '',
        deleted: false,
      }),
    ];
    await request(
      officeAgent,
      port,
      'POST',
      '/api/sync/push',
      {
        deviceId: office.id,
        recordSchemaVersion: RECORD_SCHEMA_VERSION,
        changes,
      },
      officeCookie,
    );
  }
  officeAgent.destroy();

  const devices = Array.from({ length: DEVICES }, (_, i) => {
    const id = `tablet${String(i).padStart(3, '0')}`;
    return {
      id,
      stamp: makeClock(id),
      unit: units[i % UNITS],
      cookie: cookieOf(units[i % UNITS].unitId, Math.floor(i / UNITS)),
      agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
      cursor: 0,
      attendees: [],
      think: Array.from({ length: ROUNDS }, () => THINK_MS[0] + random() * (THINK_MS[1] - THINK_MS[0])),
    };
  });

  const latencies = [];
  const streams = [];
  let events = 0;
  const timed = async (kind, fn) => {
    const t0 = performance.now();
    const out = await fn();
    latencies.push({ kind, at: t0, ms: performance.now() - t0 });
    return out;
  };

  try {
    // Warm-up, not measured: the handshake and the live-event streams.
    for (const d of devices) {
      await request(d.agent, port, 'POST', '/api/sync/hello', {
        protocolVersion: PROTOCOL_VERSION,
        recordSchemaVersion: RECORD_SCHEMA_VERSION,
        deviceId: d.id,
      }, d.cookie);
      await new Promise((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: `/api/sync/events?unit=${d.unit.unitId}`, headers: d.cookie ? { cookie: d.cookie } : {} }, (res) => {
          res.on('data', () => events++);
          res.on('error', () => undefined);
          resolve();
        });
        req.on('error', reject);
        streams.push(req);
      });
    }

    const started = performance.now();
    await Promise.all(
      devices.map(async (d, i) => {
        // Start spread over the first think time, as tablets do not all wake in the same millisecond.
        await sleep((i / DEVICES) * THINK_MS[0]);
        for (let round = 0; round < ROUNDS; round++) {
          if (performance.now() - started > DEADLINE_MS) throw new Error(`load did not finish within ${DEADLINE_MS / 1000} s`);
          const changes = [];
          for (let k = 0; k < BATCH; k++) {
            if (d.attendees.length > 0 && k % 2 === 1) {
              const id = d.attendees[(round + k) % d.attendees.length];
              changes.push(recordChange(d, 'attendees', id, d.unit, { present: true, checkedInAt: Date.now() }));
            } else {
              const id = randomUUID();
              d.attendees.push(id);
              changes.push(
                recordChange(d, 'attendees', id, d.unit, {
                  sessionId: d.unit.sessionId,
                  name: `Nguyễn Văn ${d.id}-${round}-${k}`,
                  group: 'citizens',
                  title: '',
                  organisation: '',
                  village: `Thôn ${k + 1}`,
                  invited: false,
                  present: false,
                  checkedInAt: null,
                  deleted: false,
                }),
              );
            }
          }
          const pushed = await timed('push', () =>
            request(d.agent, port, 'POST', '/api/sync/push', { deviceId: d.id, recordSchemaVersion: RECORD_SCHEMA_VERSION, changes }, d.cookie),
          );
          if (pushed.results.some((r) => r.status !== 'applied')) throw new Error(`push refused: ${JSON.stringify(pushed.results[0])}`);
          for (;;) {
            const page = await timed('pull', () => request(d.agent, port, 'GET', `/api/sync/pull?unit=${d.unit.unitId}&after=${d.cursor}`, undefined, d.cookie));
            d.cursor = page.next;
            if (!page.more) break;
          }
          await sleep(d.think[round]);
        }
      }),
    );
    log(`  ${latencies.length} requests in ${((performance.now() - started) / 1000).toFixed(1)} s, ${events} live-event chunks received`);
  } finally {
    for (const s of streams) s.destroy();
    for (const d of devices) d.agent.destroy();
  }
  return latencies;
}

/**
 * Logged: pushes and pulls apart, and where in the run the slowest 1% fell, so a tail made by
 * one stall (a disk flush, a checkpoint) can be told from one spread over the whole load.
 */
function describeLatencies(log, latencies, pct) {
  for (const kind of ['push', 'pull']) {
    const xs = latencies.filter((l) => l.kind === kind).map((l) => l.ms);
    log(`  ${kind}: ${xs.length}, p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`);
  }
  const p99 = pct(latencies.map((l) => l.ms), 99);
  const t0 = Math.min(...latencies.map((l) => l.at));
  const slow = latencies.filter((l) => l.ms >= p99).map((l) => (l.at - t0) / 1000);
  const bySecond = new Map();
  for (const t of slow) bySecond.set(Math.floor(t), (bySecond.get(Math.floor(t)) ?? 0) + 1);
  const worst = [...bySecond].sort((a, b) => b[1] - a[1])[0];
  log(`  the slowest 1% (${slow.length}): from ${Math.min(...slow).toFixed(1)} s to ${Math.max(...slow).toFixed(1)} s into the load; ${worst[1]} of them started in second ${worst[0]}`);
}

/**
 * Logged, PostgreSQL only: what its backends were waiting on (pg_stat_activity sampled every
 * 50 ms on a connection of its own) and the checkpoints that ran during the load.
 */
async function watchPostgres(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const checkpoints = async () => (await client.query('select checkpoints_timed + checkpoints_req as n from pg_stat_bgwriter')).rows[0].n;
  const before = await checkpoints();
  const waits = new Map();
  let watching = true;
  const loop = (async () => {
    while (watching) {
      const { rows } = await client.query(
        `select coalesce(wait_event_type || ':' || wait_event, 'running') as w from pg_stat_activity
         where state = 'active' and pid <> pg_backend_pid() and datname = current_database()`,
      );
      for (const r of rows) waits.set(r.w, (waits.get(r.w) ?? 0) + 1);
      await sleep(50);
    }
  })();
  return {
    async stop(log) {
      watching = false;
      await loop;
      const ran = (await checkpoints()) - before;
      await client.end();
      const top = [...waits].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([w, n]) => `${w} ${n}`).join(', ');
      log(`  PostgreSQL backends sampled every 50 ms: ${top}; ${ran} checkpoint(s) from server start to the end of the load`);
    },
  };
}

/** A fresh PostgreSQL database for the run, starting the local cluster if nothing answers. */
async function postgres(log) {
  const adminUrl = process.env.DATABASE_URL_TEST || DEFAULT_PG;
  const u = new URL(adminUrl);
  let startedCluster = null;
  const ready = () => spawnSync('pg_isready', ['-q', '-h', u.hostname, '-p', u.port || '5432']).status === 0;
  if (!ready()) {
    const clusters = spawnSync('pg_lsclusters', ['-h'], { encoding: 'utf8' });
    const first = clusters.status === 0 ? clusters.stdout.trim().split('\n')[0]?.split(/\s+/) : undefined;
    if (!first || first.length < 2)
      throw new Error(`PostgreSQL is not running at ${u.host} and no local cluster was found (apt-get install -y postgresql; see .ci/run)`);
    const [version, cluster] = first;
    log(`  starting PostgreSQL ${version}/${cluster}`);
    const start = spawnSync('pg_ctlcluster', [version, cluster, 'start'], { encoding: 'utf8' });
    if (start.status !== 0) throw new Error(`could not start PostgreSQL ${version}/${cluster}: ${start.stderr}`);
    startedCluster = [version, cluster];
    for (let i = 0; i < 30 && !ready(); i++) await sleep(500);
    if (!ready()) throw new Error('PostgreSQL did not become ready');
  }
  const database = `doithoai_bench_${process.pid}_${Date.now()}`;
  const admin = async (statement) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  try {
    await admin(`create database "${database}"`);
  } catch (err) {
    throw new Error(
      `PostgreSQL at ${u.host}: cannot create a database as ${u.username} (${err.message}); set DATABASE_URL_TEST as .ci/run does`,
    );
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    async dispose() {
      await admin(`drop database if exists "${database}" with (force)`).catch(() => undefined);
      if (startedCluster) spawnSync('pg_ctlcluster', [...startedCluster, 'stop']);
    },
  };
}

async function measure(root, env, log, access, percentile) {
  const units = Array.from({ length: UNITS }, () => ({ unitId: randomUUID(), conferenceId: randomUUID(), sessionId: randomUUID() }));
  const credentialsFile = join(mkdtempSync(join(tmpdir(), 'doithoai-bench-cred-')), 'credentials.json');
  const server = startServer(
    root,
    {
      ...env,
      BENCH_ACCESS: access ? 'on' : 'off',
      BENCH_UNITS: units.map((u) => u.unitId).join(','),
      BENCH_DEVICES_PER_UNIT: String(Math.ceil(DEVICES / UNITS)),
      BENCH_CREDENTIALS: credentialsFile,
    },
    log,
  );
  try {
    const port = await server.ready;
    const credentials = access ? JSON.parse(readFileSync(credentialsFile, 'utf8')) : undefined;
    const cpuBefore = server.cpuMs();
    const latencies = await load(port, log, units, credentials);
    const cpu = server.cpuMs() - cpuBefore;
    log(`  server CPU ${(cpu / 1000).toFixed(1)} s, ${(cpu / latencies.length).toFixed(2)} ms per push or pull`);
    describeLatencies(log, latencies, percentile);
    return latencies.map((l) => l.ms);
  } finally {
    await server.stop();
  }
}

export async function run({ root, log, figure, percentile }) {
  const p99 = (xs) => percentile(xs, 99);
  let sqlite;
  let sqliteOpen;
  // The same load twice in this run, access control off then on, each on a fresh SQLite file.
  for (const access of [false, true]) {
    const dataDir = mkdtempSync(join(tmpdir(), 'doithoai-bench-sync-'));
    try {
      log(`  SQLite, access control ${access ? 'on' : 'off'}`);
      const figure99 = p99(await measure(root, { DATA_DIR: dataDir }, log, access, percentile));
      log(`  p99 ${figure99.toFixed(1)} ms`);
      if (access) sqlite = figure99;
      else sqliteOpen = figure99;
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (process.env.BENCH_SKIP_POSTGRES) {
    return [
      figure('sync-200-devices-p99', sqlite, 'ms', 100),
      figure('sync-200-devices-p99-no-access', sqliteOpen, 'ms', 100),
      figure('sync-200-devices-p99-access-ratio', sqlite / sqliteOpen, '×', 1.2),
    ];
  }

  const db = await postgres(log);
  let postgresP99;
  try {
    log('  PostgreSQL');
    const watch = await watchPostgres(db.url);
    try {
      postgresP99 = p99(await measure(root, { DATABASE_URL: db.url }, log, true, percentile));
    } finally {
      await watch.stop(log);
    }
    log(`  p99 ${postgresP99.toFixed(1)} ms`);
  } finally {
    await db.dispose();
  }

  return [
    figure('sync-200-devices-p99', sqlite, 'ms', 100),
    figure('sync-200-devices-p99-no-access', sqliteOpen, 'ms', 100),
    figure('sync-200-devices-p99-access-ratio', sqlite / sqliteOpen, '×', 1.2),
    figure('sync-200-devices-p99-postgres', postgresP99, 'ms', 100, sqlite),
    figure('sync-200-devices-p99-postgres-ratio', postgresP99 / sqlite, '×', 2),
  ];
}
