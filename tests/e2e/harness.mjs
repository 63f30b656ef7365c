/**
 * What the end-to-end tests and the benchmarks share: a built app, the real office
 * server on a loopback port, and Debian's Chromium driven by playwright-core.
 * Plain Node, no test framework.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');

export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
/**
 * Marks every Chromium this process starts (directly, or through Lighthouse's launcher) with
 * its pid. Playwright starts Chromium in a process group of its own, so killing a timed-out
 * bench's group does not reach it: `killOwnedBrowsers(pid)` finds them by this mark instead.
 * Chromium ignores switches it does not know.
 */
export const ownerArg = (pid = process.pid) => `--doithoai-owner=${pid}`;
export const CHROMIUM_ARGS = [
  ownerArg(),
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Human logs go to stderr: stdout is kept for machine-readable output (the bench's JSON lines). */
export const log = (...parts) => process.stderr.write(parts.join(' ') + '\n');

/** Everything a build reads. If any of it is newer than dist/sw.js (the last file a build writes), dist/ is stale. */
const BUILD_INPUTS = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.sw.json',
];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    // The office server is not part of the app's build.
    if (path === join(ROOT, 'src') && entry === 'server') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** Builds the app with `npx vite build` unless dist/ is already newer than everything it is built from. */
export function ensureBuilt({ force = false } = {}) {
  const marker = join(DIST, 'sw.js');
  const builtAt = existsSync(marker) && existsSync(join(DIST, 'index.html')) ? statSync(marker).mtimeMs : 0;
  const inputsAt = Math.max(...BUILD_INPUTS.map((p) => newestMtime(join(ROOT, p))));
  if (!force && builtAt > inputsAt) {
    log('dist/ is up to date');
    return;
  }
  log(builtAt ? 'dist/ is stale: building…' : 'dist/ is missing: building…');
  const started = Date.now();
  const res = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (res.status !== 0) {
    process.stderr.write(res.stdout + res.stderr);
    throw new Error(`vite build failed (exit ${res.status})`);
  }
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A loopback port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every server process still running, so a crash of the runner does not leave one behind. */
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  // A browser left open (a test or bench that threw before its finally, a SIGTERM) dies with us.
  killOwnedBrowsers(process.pid);
});

/**
 * The real office server (`node --import tsx src/server/main.ts`) on 127.0.0.1 with a
 * fresh temporary DATA_DIR, serving `staticDir` (default dist/). `stop()` ends the process; `start()` starts it again on the
 * same port and data directory (same origin, so the browser's service worker and data
 * still apply). `dispose()` stops it and deletes the data directory.
 */
export async function makeServer({ port, httpsPort, dataDir, staticDir = DIST } = {}) {
  port ??= await freePort();
  // The HTTPS port for tablets (the server's own certificate): a free one too, never the default 8443
  // that parallel runs would fight over.
  httpsPort ??= await freePort();
  const ownDataDir = !dataDir;
  dataDir ??= mkdtempSync(join(tmpdir(), 'doithoai-e2e-'));
  const baseURL = `http://127.0.0.1:${port}`;
  let child = null;
  let output = '';

  async function start() {
    if (child) return;
    output = '';
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HTTPS_PORT: String(httpsPort), HOST: '127.0.0.1', DATA_DIR: dataDir, STATIC_DIR: staticDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    running.add(proc);
    proc.stdout.on('data', (d) => (output += d));
    proc.stderr.on('data', (d) => (output += d));
    let exited = false;
    proc.on('exit', () => {
      exited = true;
      running.delete(proc);
      if (child === proc) child = null;
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`server exited while starting:\n${output}`);
      try {
        const res = await fetch(`${baseURL}/`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await stop();
    throw new Error(`server did not answer on ${baseURL} within 30 s:\n${output}`);
  }

  async function stop() {
    const proc = child;
    if (!proc) return;
    child = null;
    const done = new Promise((r) => (proc.exitCode !== null || proc.signalCode !== null ? r() : proc.once('exit', r)));
    proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(killer);
  }

  async function dispose() {
    await stop();
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  }

  return { baseURL, port, httpsURL: `https://127.0.0.1:${httpsPort}`, dataDir, start, stop, dispose, isRunning: () => child !== null, output: () => output };
}

/**
 * SIGKILLs every Chromium marked with `ownerArg(ownerPid)`, with its process group (renderers,
 * zygote). Only ever our own processes: the mark carries the pid of the process that started them.
 * Returns how many were found. Linux only (reads /proc); elsewhere it finds none.
 */
export function killOwnedBrowsers(ownerPid) {
  const mark = ownerArg(ownerPid);
  let found = 0;
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    let cmdline;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    if (!cmdline.split('\0').includes(mark)) continue;
    found++;
    for (const target of [-Number(pid), Number(pid)]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // not a group leader, or already gone
      }
    }
  }
  return found;
}

/** One Chromium process. Each `browser.newContext()` is a fresh profile: its own storage, service workers and caches. */
export function launchBrowser() {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROME_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** Resolves once a service worker controls the page (its precache is then complete: activation waits for install). */
export async function waitForServiceWorker(page, { timeout = 20_000 } = {}) {
  const controlled = await page
    .waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout })
    .then(() => true)
    .catch(() => false);
  if (controlled) return;
  // Not claimed: the worker is at least active once `ready` resolves; a reload puts the page under it.
  const ready = await page.evaluate(
    (ms) => Promise.race([navigator.serviceWorker.ready.then(() => true), new Promise((r) => setTimeout(() => r(false), ms))]),
    timeout,
  );
  if (!ready) throw new Error('no service worker became active (is it registered in this build?)');
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout });
}
