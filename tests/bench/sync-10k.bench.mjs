/**
 * A big meeting's data moving from one tablet to another through the office server.
 *
 * Setting: the real server (`src/server/main.ts`, SQLite, access control on) and the
 * built app in Chromium. Device A (a browser profile) is a door tablet: its staff paste
 * the invitation list, 10,000 people, through the app's own write path (`commit`, as the
 * "Dán cả danh sách" form does, 500 people per commit; the module injected into the page)
 * in real IndexedDB: 10,000 outbox entries, one operation each. A then enrols with a one-time code, and its engine pushes the outbox. Device B,
 * a second browser profile with nothing on it, enrols into the same unit and pulls
 * until its IndexedDB holds all 10,000 people.
 *
 * sync-10k-ops        push + pull, ms: A from its engine's first sync request to its
 *                     outbox being empty (every push acknowledged and settled), plus B
 *                     from its first sync request to its IndexedDB holding every person
 *                     (the last page applied, with its cursor). Target ≤ 3 s.
 *                     Baseline, same run: the bare cost of the same bytes, in a third
 *                     profile on a bare Node HTTP server (no framework, no database):
 *                     one POST of every change A sent, as one body (a Blob, as the
 *                     app sends it); one GET of every
 *                     change B received, as one body, parsed; and B's rows (the very
 *                     records B ended with) written into a raw IndexedDB with the same
 *                     object stores and indexes, in one transaction, with the same
 *                     durability the app asks for ('strict': flushed to disk), no Dexie.
 * sync-10k-ops-ratio  the figure over its baseline; target ≤ 1.5.
 *
 * Logged, not figures: per side, the time spent waiting for the server (from each sync
 * request's start to its response headers, as a fetch wrapper in the page sees it) and
 * the rest (the engine and IndexedDB in the page), and the number of requests.
 *
 * BENCH_DUMP=dir writes the push and pull bodies there (one JSON each), for profiling;
 * BENCH_PROFILE=dir writes the pages' CPU profiles of the push and of the pull there;
 * BENCH_TRACE=1 logs each sync request's start and answer, from the side's first request.
 *
 * Timing points come from the pages themselves (performance.timeOrigin + now): one
 * machine, one clock. Completion is polled in the page every 10 ms on a raw IndexedDB
 * connection of its own (a count, no Dexie).
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { setUpThroughSession } from '../e2e/helpers.mjs';
import { officeFor } from '../e2e/access-helpers.mjs';

const PEOPLE = 10_000;
/** People per commit, as the paste form writes one pasted list (one village's) in one commit. */
const PART = 500;
export const timeoutMs = 6 * 60_000;

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLES = ['Văn', 'Thị', 'Hữu', 'Đức', 'Minh', 'Thanh', 'Quốc', 'Ngọc', 'Xuân', 'Thu', 'Đình', 'Kim'];
const GIVENS = [
  'An', 'Bình', 'Cường', 'Dung', 'Đức', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hiếu', 'Hoa', 'Hùng', 'Hương', 'Khánh', 'Lan',
  'Long', 'Mai', 'Nam', 'Nga', 'Nghĩa', 'Oanh', 'Phúc', 'Quyên', 'Sơn', 'Tâm', 'Thắng', 'Thu', 'Toàn', 'Uyên', 'Yến',
];

/** 10,000 distinct "name; village" lines: 500 names in each of 20 villages and residential groups. */
function inviteeLines() {
  const lines = [];
  for (let i = 0; i < PEOPLE; i++) {
    const k = Math.floor(i / 20);
    const name = `${SURNAMES[Math.floor(k / 360) % SURNAMES.length]} ${MIDDLES[Math.floor(k / 30) % MIDDLES.length]} ${GIVENS[k % GIVENS.length]}`;
    const v = i % 20;
    const village = v < 12 ? `Thôn ${v + 1}` : `Tổ dân phố ${v - 11}`;
    lines.push(`${name}; ${village}`);
  }
  return lines;
}

/**
 * The app's own write path (`storage/write.ts` `commit` over `storage/db.ts`, the same Dexie
 * database the app opens) as a script for the page: window.__writePath. The paste form calls
 * the same `commit` with the same `create('attendees', …)` changes; typing 10,000 lines into it
 * re-renders a screen of 10,000 people after every part, minutes of set-up that measure nothing.
 */
async function writePathBundle(root) {
  const esbuild = await import('esbuild');
  const res = await esbuild.build({
    stdin: {
      contents: "export { openDatabase } from './src/storage/db.ts'; export { commit } from './src/storage/write.ts'; export { create } from './src/storage/changes.ts';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__writePath',
    target: 'es2022',
  });
  return res.outputFiles[0].text;
}

/** In device A's page: the invitees entered through `commit`, `part` people per commit, into the session set up. */
async function enterInvitees({ lines, part }) {
  const { openDatabase, commit, create } = window.__writePath;
  const db = openDatabase();
  const session = (await db.sessions.toArray())[0];
  const scope = { unitId: session.unitId, conferenceId: session.conferenceId };
  let commits = 0;
  for (let i = 0; i < lines.length; i += part) {
    const changes = lines.slice(i, i + part).map((line) => {
      const [name, village] = line.split('; ');
      return create('attendees', scope, { sessionId: session.id, name, group: 'citizens', title: '', organisation: '', village, invited: true, present: false, checkedInAt: null });
    });
    await commit(db, changes);
    commits++;
  }
  const outbox = await db.outbox.count();
  db.close();
  return { people: lines.length, commits, outbox };
}

/**
 * Installed before any script of every page of a profile: notes each sync request (start,
 * response headers, body size) and keeps push bodies, for the baseline to send the same bytes.
 */
function syncProbe() {
  const probe = { requests: [], pushBodies: [] };
  window.__syncProbe = probe;
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input.url;
    if (!url.includes('/api/sync/') || url.includes('/api/sync/events')) return original(input, init);
    const at = () => performance.timeOrigin + performance.now();
    const entry = { path: new URL(url, location.href).pathname, start: at(), headers: 0, status: 0 };
    probe.requests.push(entry);
    // The Blob kept, read after the measurement: reading it here would add to what is measured.
    if (entry.path.endsWith('/push') && init?.body) probe.pushBodies.push(init.body);
    try {
      const res = await original(input, init);
      entry.status = res.status;
      return res;
    } finally {
      entry.headers = at();
    }
  };
}

/** In the page: polls a raw IndexedDB count until `done(count)`; resolves with the time it first held. */
function waitForCount({ store, target, mode }) {
  const at = () => performance.timeOrigin + performance.now();
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('doithoai');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const deadline = at() + 120_000;
      const poll = () => {
        const req = db.transaction(store, 'readonly').objectStore(store).count();
        req.onsuccess = () => {
          const n = req.result;
          if (mode === 'empty' ? n === 0 : n >= target) {
            db.close();
            resolve({ at: at(), n });
          } else if (at() > deadline) {
            db.close();
            reject(new Error(`${store}: ${n} rows after 120 s`));
          } else setTimeout(poll, 10);
        };
        req.onerror = () => reject(req.error);
      };
      poll();
    };
  });
}

/** In the page: every object store of the app's database, its shape and its rows. */
function dumpDatabase() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('doithoai');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const names = [...db.objectStoreNames];
      const tx = db.transaction(names, 'readonly');
      const stores = names.map((name) => {
        const s = tx.objectStore(name);
        const entry = {
          name,
          keyPath: s.keyPath,
          autoIncrement: s.autoIncrement,
          indexes: [...s.indexNames].map((i) => {
            const index = s.index(i);
            return { name: i, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
          }),
          rows: [],
        };
        const req = s.getAll();
        req.onsuccess = () => (entry.rows = req.result);
        return entry;
      });
      tx.oncomplete = () => {
        db.close();
        resolve(stores);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** In the baseline page: one POST, one GET (parsed), one raw IndexedDB transaction of B's rows. */
async function bareCost({ pushBody, stores }) {
  const at = () => performance.timeOrigin + performance.now();
  // The database and its stores exist before the clock starts, as B's did (Dexie made them at page load).
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('bare', 1);
    open.onupgradeneeded = () => {
      for (const s of stores) {
        const store = open.result.createObjectStore(s.name, { keyPath: s.keyPath, autoIncrement: s.autoIncrement });
        for (const i of s.indexes) store.createIndex(i.name, i.keyPath, { unique: i.unique, multiEntry: i.multiEntry });
      }
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const t0 = at();
  // Sent as the app sends it, a Blob made from the JSON (the cheapest way into Chromium's network process).
  const posted = await fetch('/bare', { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Blob([pushBody], { type: 'application/json' }) });
  await posted.text();
  const t1 = at();
  const pulled = await (await fetch('/bare', { cache: 'no-store' })).json();
  const t2 = at();
  const written = stores.filter((s) => s.rows.length > 0);
  await new Promise((resolve, reject) => {
    const tx = db.transaction(
      written.map((s) => s.name),
      'readwrite',
      { durability: 'strict' },
    );
    for (const s of written) {
      const store = tx.objectStore(s.name);
      for (const row of s.rows) store.put(row);
    }
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  const t3 = at();
  db.close();
  return { post: t1 - t0, get: t2 - t1, idb: t3 - t2, pulled: pulled.changes.length, rows: written.reduce((n, s) => n + s.rows.length, 0) };
}

/** A bare HTTP server: takes a POST body and forgets it, answers GET with the bytes it was given. */
function bareServer(pullBody) {
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') {
      req.on('data', () => {});
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    } else if (req.url === '/bare') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(pullBody) }).end(pullBody);
    } else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>bare</title>');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** BENCH_PROFILE=dir: the page's V8 CPU profile (CDP), written there as <name>.cpuprofile; otherwise nothing. */
async function startProfile(context, page) {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return { stop: async () => {} };
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  return {
    async stop(name) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

/** Time waiting for the server vs the rest, over one side's sync requests from `from` to `to`. */
function breakdown(requests, from, to) {
  const inRange = requests.filter((r) => r.start >= from && r.start <= to);
  // A request still waiting at `to` (the pull that follows the last push) counts up to `to`.
  const waiting = inRange.reduce((ms, r) => ms + (Math.min(r.headers || to, to) - r.start), 0);
  const count = (p) => inRange.filter((r) => r.path.endsWith(p)).length;
  return `${inRange.length} requests (${count('/push')} pushes, ${count('/pull')} pulls), ${waiting.toFixed(0)} ms waiting for the server, ${(to - from - waiting).toFixed(0)} ms in the page`;
}

async function tenThousandOps({ root, figure, log, makeServer, launchBrowser }) {
  const server = await makeServer();
  let browser = null;
  let bare = null;
  try {
    await server.start();
    browser = await launchBrowser();
    const profile = () => browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });

    // Device A: the list entered at the door, before the tablet ever synced.
    // bypassCSP: the write path is injected as a script (the app's CSP rightly refuses inline scripts).
    const contextA = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', bypassCSP: true });
    contextA.setDefaultTimeout(120_000);
    await contextA.addInitScript(syncProbe);
    const a = await contextA.newPage();
    await setUpThroughSession(a, server.baseURL);
    // Back to the conference list: a screen that lists 10,000 people is not what is measured.
    await a.goto(`${server.baseURL}/`);
    await a.addScriptTag({ content: await writePathBundle(root) });
    const made = performance.now();
    const written = await a.evaluate(enterInvitees, { lines: inviteeLines(), part: PART });
    log(`  device A: ${written.people} people in ${written.commits} commits (${((performance.now() - made) / 1000).toFixed(1)} s, not measured), ${written.outbox} outbox entries`);

    // A enrols: its engine starts at once and pushes the outbox.
    const office = await officeFor({ baseURL: server.baseURL, serverOutput: () => server.output() });
    const profileA = await startProfile(contextA, a);
    await office.enrol(a, 'Máy tính bảng bàn đón tiếp');
    const pushed = await a.evaluate(waitForCount, { store: 'outbox', mode: 'empty' });
    await profileA.stop('sync-10k-push');
    const probeA = await a.evaluate(async () => {
      const probe = window.__syncProbe;
      // A Response reads any body the app may have sent (a Blob, a string) back as its text.
      return { ...probe, pushBodies: await Promise.all(probe.pushBodies.map((b) => new Response(b).text())) };
    });
    const pushStart = probeA.requests[0].start;
    const pushMs = pushed.at - pushStart;
    log(`  device A push: ${pushMs.toFixed(0)} ms; ${breakdown(probeA.requests, pushStart, pushed.at)}`);
    if (process.env.BENCH_TRACE) for (const r of probeA.requests) log(`    ${r.path} +${(r.start - pushStart).toFixed(0)} → +${(r.headers - pushStart).toFixed(0)}`);
    // A's engine goes on to pull its own changes back; that is not part of the figure, and
    // it must not share the machine with B's measurement: A is done.
    await contextA.close();

    // Device B: a fresh profile joins the unit and pulls everything.
    const contextB = await profile();
    contextB.setDefaultTimeout(120_000);
    await contextB.addInitScript(syncProbe);
    const b = await contextB.newPage();
    await b.goto(`${server.baseURL}/`);
    const profileB = await startProfile(contextB, b);
    await office.enrol(b, 'Máy tính bảng thư ký');
    const pulled = await b.evaluate(waitForCount, { store: 'attendees', target: PEOPLE, mode: 'at_least' });
    await profileB.stop('sync-10k-pull');
    const probeB = await b.evaluate(() => window.__syncProbe);
    const pullStart = probeB.requests[0].start;
    const pullMs = pulled.at - pullStart;
    log(`  device B pull: ${pullMs.toFixed(0)} ms; ${breakdown(probeB.requests, pullStart, pulled.at)}`);
    if (process.env.BENCH_TRACE) for (const r of probeB.requests) log(`    ${r.path} +${(r.start - pullStart).toFixed(0)} → +${(r.headers - pullStart).toFixed(0)}`);
    const total = pushMs + pullMs;

    // The baseline: the same bytes, with nothing of ours in between.
    const stores = await b.evaluate(dumpDatabase);
    const unitId = stores.find((s) => s.name === 'units').rows[0].id;
    const cookie = (await contextB.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const pages = [];
    for (let after = 0; ; ) {
      const res = await fetch(`${server.baseURL}/api/sync/pull?unit=${encodeURIComponent(unitId)}&after=${after}`, { headers: { cookie } });
      if (!res.ok) throw new Error(`pull for the baseline: ${res.status} ${await res.text()}`);
      const page = await res.json();
      pages.push(...page.changes);
      if (!page.more) break;
      after = page.next;
    }
    const pushChanges = probeA.pushBodies.flatMap((body) => JSON.parse(body).changes);
    const pushBody = JSON.stringify({ ...JSON.parse(probeA.pushBodies[0]), changes: pushChanges });
    const pullBody = JSON.stringify({ changes: pages, next: pages.at(-1)?.seq ?? 0, more: false, serverTime: Date.now() });
    await contextB.close();
    // Exploring: the exact bodies, to profile the server or the engine on them alone.
    if (process.env.BENCH_DUMP) {
      writeFileSync(join(process.env.BENCH_DUMP, 'sync-10k-push.json'), pushBody);
      writeFileSync(join(process.env.BENCH_DUMP, 'sync-10k-pull.json'), pullBody);
    }
    bare = await bareServer(pullBody);
    const contextBare = await browser.newContext();
    const baselinePage = await contextBare.newPage();
    await baselinePage.goto(`http://127.0.0.1:${bare.address().port}/`);
    const cost = await baselinePage.evaluate(bareCost, { pushBody, stores });
    await contextBare.close();
    const baseline = cost.post + cost.get + cost.idb;
    log(
      `  baseline: POST ${(pushBody.length / 1e6).toFixed(1)} MB (${pushChanges.length} changes) ${cost.post.toFixed(0)} ms, ` +
        `GET ${(pullBody.length / 1e6).toFixed(1)} MB (${cost.pulled} changes) ${cost.get.toFixed(0)} ms, raw IndexedDB ${cost.rows} rows ${cost.idb.toFixed(0)} ms`,
    );
    log(`  push ${pushMs.toFixed(0)} ms + pull ${pullMs.toFixed(0)} ms = ${total.toFixed(0)} ms, baseline ${baseline.toFixed(0)} ms`);
    return [figure('sync-10k-ops', total, 'ms', 3000, baseline), figure('sync-10k-ops-ratio', total / baseline, '×', 1.5)];
  } finally {
    await browser?.close().catch(() => {});
    await new Promise((r) => (bare ? bare.close(r) : r()));
    await server.dispose();
  }
}

export async function run(ctx) {
  return tenThousandOps(ctx);
}
