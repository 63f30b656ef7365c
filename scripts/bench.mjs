#!/usr/bin/env node
/**
 * `npm run bench`: runs every tests/bench/*.bench.mjs in turn and prints ONE JSON line
 * per figure on stdout, e.g.
 *
 *   {"name":"first-screen-js-gzip","value":74.3,"unit":"KB","target":80}
 *
 * `target` is a number the value must not exceed, or a string like ">=95" when bigger
 * is better. A figure may carry `baseline` and `ratio` (value / baseline), measured in
 * the same run. Everything meant for people goes to stderr.
 *
 * A bench file exports `async function run(ctx)` returning an array of figures (or
 * printing them itself). ctx: { root, dist, log, makeServer, launchBrowser,
 * waitForServiceWorker, figure }. The app is built first if dist/ is stale.
 *
 *   node scripts/bench.mjs [filter]    filter: a substring of the bench file name
 *
 * Exit code 1 if a bench crashed or a figure missed its target.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, ensureBuilt, launchBrowser, log, makeServer, waitForServiceWorker } from '../tests/e2e/harness.mjs';

const BENCH_DIR = join(ROOT, 'tests', 'bench');
/** Each bench file gets this long; the whole run is bounded by it times the number of files. */
const PER_FILE_TIMEOUT_MS = 5 * 60_000;
const filter = process.argv[2] ?? '';

/** A figure, with its value rounded to one decimal; `baseline` adds `ratio`. */
function figure(name, value, unit, target, baseline) {
  const round = (x) => Math.round(x * 10) / 10;
  const out = { name, value: round(value), unit, target };
  if (baseline !== undefined && baseline !== null && Number.isFinite(baseline) && baseline !== 0) {
    out.baseline = round(baseline);
    out.ratio = Math.round((value / baseline) * 100) / 100;
  }
  return out;
}

function meetsTarget(f) {
  if (typeof f.target === 'number') return f.value <= f.target;
  const m = /^(>=|<=|>|<)\s*(-?[\d.]+)$/.exec(String(f.target));
  if (!m) return true;
  const t = Number(m[2]);
  return { '>=': f.value >= t, '<=': f.value <= t, '>': f.value > t, '<': f.value < t }[m[1]];
}

async function main() {
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.mjs') && f.includes(filter))
    .sort();
  ensureBuilt();
  const watchdog = setTimeout(
    () => {
      log(`bench: still running after ${(files.length * PER_FILE_TIMEOUT_MS) / 60_000} min, giving up`);
      process.exit(1);
    },
    files.length * PER_FILE_TIMEOUT_MS + 60_000,
  );
  watchdog.unref();

  const ctx = { root: ROOT, dist: DIST, log, makeServer, launchBrowser, waitForServiceWorker, figure };
  let failed = false;
  for (const file of files) {
    log(`\n${file}`);
    try {
      const mod = await import(pathToFileURL(join(BENCH_DIR, file)).href);
      if (typeof mod.run !== 'function') throw new Error(`${file} exports no run(ctx)`);
      let timer;
      const figures = await Promise.race([
        mod.run(ctx),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${PER_FILE_TIMEOUT_MS / 1000} s`)), PER_FILE_TIMEOUT_MS);
        }),
      ]).finally(() => clearTimeout(timer));
      for (const f of figures ?? []) {
        console.log(JSON.stringify(f));
        if (!meetsTarget(f)) {
          failed = true;
          log(`  ✗ ${f.name}: ${f.value} ${f.unit} misses its target ${f.target}`);
        }
      }
    } catch (err) {
      failed = true;
      log(`  ✗ ${file} crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    log(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  },
);
