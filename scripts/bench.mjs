#!/usr/bin/env node
/**
 * `npm run bench`: runs every tests/bench/*.bench.mjs, ONE AT A TIME, each in a process of
 * its own, and prints one JSON line per figure on stdout, e.g.
 *
 *   {"name":"first-screen-js-gzip","value":74.3,"unit":"KB","target":80}
 *
 * `target` is a number the value must not exceed, or a string like ">=95" when bigger is
 * better. A figure may carry `baseline` and `ratio` (value / baseline), measured in the same
 * run. Everything meant for people goes to stderr, ending with a summary table.
 *
 *   npm run bench                    every bench
 *   npm run bench -- minutes shell   only the files whose name contains one of the words
 *
 * Why a process per bench: on a 2-core machine a bench left running (a timed-out one whose
 * browser was never closed) made every later figure several times worse. Each bench runs
 * in a new process group (`detached`); when it exceeds its time limit the group is killed
 * (SIGTERM, then SIGKILL), and so is every Chromium it started (Playwright and Lighthouse
 * start Chromium in a group of its own, so it is found by the owner mark the harness puts
 * on its command line). Only then does the next bench start.
 *
 * A bench file exports `async function run(ctx)` returning an array of figures, and may
 * export `timeoutMs` (default 5 minutes; it must fit in it on this machine, or it fails).
 * ctx: { root, dist, log, makeServer, launchBrowser, waitForServiceWorker, figure, median,
 * percentile }. A bench closes its own browsers and servers in `finally`.
 * The app is built once, before the first bench, if dist/ is stale.
 *
 * Exit code 1 if a bench crashed or timed out, or a figure missed its target.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DIST, ROOT, ensureBuilt, killOwnedBrowsers, launchBrowser, log, makeServer, waitForServiceWorker } from '../tests/e2e/harness.mjs';

const BENCH_DIR = join(ROOT, 'tests', 'bench');
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
/** After SIGTERM, how long a bench gets to close its browser and server before SIGKILL. */
const GRACE_MS = 5_000;
const CHILD_FLAG = '--one';

/** A figure, with its value rounded to one decimal; `baseline` adds `ratio`. */
export function figure(name, value, unit, target, baseline) {
  const round = (x) => Math.round(x * 10) / 10;
  const out = { name, value: round(value), unit, target };
  if (baseline !== undefined && baseline !== null && Number.isFinite(baseline) && baseline !== 0) {
    out.baseline = round(baseline);
    out.ratio = Math.round((value / baseline) * 100) / 100;
  }
  return out;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};

export function meetsTarget(f) {
  if (typeof f.value !== 'number' || !Number.isFinite(f.value)) return false;
  if (typeof f.target === 'number') return f.value <= f.target;
  const m = /^(>=|<=|>|<)\s*(-?[\d.]+)$/.exec(String(f.target));
  if (!m) return true;
  const t = Number(m[2]);
  return { '>=': f.value >= t, '<=': f.value <= t, '>': f.value > t, '<': f.value < t }[m[1]];
}

const targetText = (t) => (typeof t === 'number' ? `≤ ${t}` : String(t).replace('>=', '≥ ').replace('<=', '≤ '));

// ---------------------------------------------------------------- one bench (child process)

async function runOne(file) {
  const mod = await import(pathToFileURL(join(BENCH_DIR, file)).href);
  if (typeof mod.run !== 'function') throw new Error(`${file} exports no run(ctx)`);
  const ctx = { root: ROOT, dist: DIST, log, makeServer, launchBrowser, waitForServiceWorker, figure, median, percentile };
  const figures = (await mod.run(ctx)) ?? [];
  for (const f of figures) console.log(JSON.stringify(f));
}

// ---------------------------------------------------------------- the runner

/** The time limit a bench file declares (`export const timeoutMs`), read without running it. */
async function timeLimit(file) {
  const mod = await import(pathToFileURL(join(BENCH_DIR, file)).href);
  return typeof mod.timeoutMs === 'number' ? mod.timeoutMs : DEFAULT_TIMEOUT_MS;
}

/** The bench running now: Ctrl-C on the runner must not leave it running on its own. */
let current = null;
function stopCurrentOnSignals() {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      if (current) {
        try {
          process.kill(-current.pid, 'SIGKILL');
        } catch {
          // gone already
        }
        killOwnedBrowsers(current.pid);
      }
      process.exit(130);
    });
  }
}

/** Runs one bench file in its own process group; resolves with its figures and how it ended. */
function runInChild(file, limitMs) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = (current = spawn(process.execPath, [fileURLToPath(import.meta.url), CHILD_FLAG, file], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    }));
    const figures = [];
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        try {
          const f = JSON.parse(line);
          if (f && typeof f.name === 'string' && 'value' in f) {
            figures.push(f);
            console.log(JSON.stringify(f));
            continue;
          }
        } catch {
          // not a figure
        }
        log(line);
      }
    });
    const killGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is gone already
      }
    };
    let timedOut = false;
    let hardKill = null;
    const timer = setTimeout(() => {
      timedOut = true;
      log(`  ✗ ${file}: over its limit of ${limitMs / 1000} s: stopping it, its browser and its server`);
      killGroup('SIGTERM');
      hardKill = setTimeout(() => {
        killGroup('SIGKILL');
        killOwnedBrowsers(child.pid);
      }, GRACE_MS);
    }, limitMs);
    child.on('exit', (code, signal) => {
      current = null;
      clearTimeout(timer);
      if (hardKill) clearTimeout(hardKill);
      // Whatever it left behind (a server, a browser) goes before the next bench starts.
      killGroup('SIGKILL');
      const leftovers = killOwnedBrowsers(child.pid);
      if (leftovers && !timedOut) log(`  ! ${file} left ${leftovers} browser(s) running: killed`);
      resolve({ figures, code, signal, timedOut, seconds: (Date.now() - started) / 1000 });
    });
  });
}

function printSummary(rows) {
  const header = ['figure', 'value', 'target', 'baseline', 'ratio', ''];
  const lines = rows.map((r) => [
    r.name,
    r.value === undefined ? '—' : `${r.value} ${r.unit ?? ''}`.trim(),
    r.target === undefined ? '' : targetText(r.target),
    r.baseline === undefined ? '' : `${r.baseline} ${r.unit ?? ''}`.trim(),
    r.ratio === undefined ? '' : String(r.ratio),
    r.ok ? 'ok' : (r.note ?? 'MISSES'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  log('\n' + fmt(header));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) log(fmt(l));
}

async function main(filters) {
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.mjs') && (filters.length === 0 || filters.some((w) => f.includes(w))))
    .sort();
  if (files.length === 0) {
    log(`bench: no tests/bench/*.bench.mjs matches ${filters.join(' ')}`);
    return 1;
  }
  stopCurrentOnSignals();
  ensureBuilt();
  const rows = [];
  let failed = false;
  for (const file of files) {
    const limitMs = await timeLimit(file);
    log(`\n${file} (limit ${limitMs / 1000} s)`);
    const r = await runInChild(file, limitMs);
    log(`  ${file}: ${r.seconds.toFixed(0)} s`);
    for (const f of r.figures) {
      const ok = meetsTarget(f);
      if (!ok) {
        failed = true;
        log(`  ✗ ${f.name}: ${f.value} ${f.unit} misses its target ${targetText(f.target)}`);
      }
      rows.push({ ...f, ok });
    }
    if (r.timedOut || r.code !== 0) {
      failed = true;
      const why = r.timedOut ? `timed out after ${limitMs / 1000} s` : `crashed (exit ${r.code ?? r.signal})`;
      if (!r.timedOut) log(`  ✗ ${file} ${why}`);
      rows.push({ name: file, ok: false, note: why.toUpperCase() });
    }
  }
  printSummary(rows);
  log(failed ? '\nbench: FAILED (a figure missed its target, or a bench did not finish)' : '\nbench: every figure within its target');
  return failed ? 1 : 0;
}

const argv = process.argv.slice(2);
if (argv[0] === CHILD_FLAG) {
  // SIGTERM from the runner: exit, so the harness's exit handler kills the server and the browsers.
  process.on('SIGTERM', () => process.exit(143));
  runOne(argv[1]).then(
    () => process.exit(0),
    (err) => {
      log(`  ✗ ${argv[1]} crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
} else {
  main(argv).then(
    (code) => process.exit(code),
    (err) => {
      log(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
}
