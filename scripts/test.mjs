#!/usr/bin/env node
/**
 * `npm test`: every test suite, then one plain summary line, `N passed, N failed`,
 * alone and last. CI reads that line (vitest's own summary is not in a form it
 * recognises), so it is printed even when a runner crashes, and the exit code
 * agrees with it.
 *
 * 1. vitest (unit, UI, storage, server), with a JSON report in .tmp/vitest.json.
 * 2. If tests/e2e/run.mjs exists: the end-to-end suite, which writes
 *    .tmp/e2e.json as { passed, failed }.
 *
 * A runner that crashes (no report, unreadable report, or a failing exit code
 * that its report does not explain) counts as one failed test, so a broken
 * suite can never read as green.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TMP = path.join(ROOT, '.tmp');
const VITEST_REPORT = path.join(TMP, 'vitest.json');
const E2E_RUNNER = path.join(ROOT, 'tests', 'e2e', 'run.mjs');
const E2E_REPORT = path.join(TMP, 'e2e.json');

mkdirSync(TMP, { recursive: true });

/** Runs a command in the foreground; returns its exit code (or 1 if it could not run or was killed). */
function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (result.error) {
    console.error(`test: could not run ${command}: ${result.error.message}`);
    return 1;
  }
  if (result.signal) {
    console.error(`test: ${command} was killed by ${result.signal}`);
    return 1;
  }
  return result.status ?? 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { unreadable: err instanceof Error ? err.message : String(err) };
  }
}

const isCount = (n) => Number.isInteger(n) && n >= 0;

/**
 * Vitest's JSON report (Jest-compatible): numPassedTests / numFailedTests count
 * tests. A test file that fails before any test runs (syntax or import error,
 * a failing beforeAll in some versions) adds no failed test, only a failed file:
 * count each such file as one failure.
 */
function vitestCounts(code) {
  if (!existsSync(VITEST_REPORT)) return crashed('vitest', code, 'it wrote no report');
  const report = readJson(VITEST_REPORT);
  if (!isCount(report.numPassedTests) || !isCount(report.numFailedTests)) {
    return crashed('vitest', code, report.unreadable ?? 'its report has no numPassedTests/numFailedTests');
  }
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  );
  for (const file of brokenFiles) {
    console.error(`test: ${path.relative(ROOT, file.name)} failed outside any test: ${firstLine(file.message)}`);
  }
  const failed = report.numFailedTests + brokenFiles.length;
  if (code !== 0 && failed === 0) return crashed('vitest', code, 'it failed but reported no failing test');
  return { passed: report.numPassedTests, failed };
}

function e2eCounts(code) {
  if (!existsSync(E2E_REPORT)) return crashed('e2e', code, 'it wrote no .tmp/e2e.json');
  const report = readJson(E2E_REPORT);
  if (!isCount(report.passed) || !isCount(report.failed)) {
    return crashed('e2e', code, report.unreadable ?? 'e2e.json has no numeric passed/failed');
  }
  if (code !== 0 && report.failed === 0) {
    return { passed: report.passed, ...crashed('e2e', code, 'it failed but reported no failing test') };
  }
  return { passed: report.passed, failed: report.failed };
}

function crashed(runner, code, why) {
  console.error(`test: the ${runner} runner crashed (exit code ${code}): ${why}; counted as 1 failed`);
  return { passed: 0, failed: 1 };
}

function firstLine(text) {
  return (
    String(text ?? '')
      .split('\n')
      .find((line) => line.trim() !== '') ?? '(no message)'
  );
}

// Old reports must never be mistaken for this run's results.
rmSync(VITEST_REPORT, { force: true });
rmSync(E2E_REPORT, { force: true });

const totals = { passed: 0, failed: 0 };
const add = (counts) => {
  totals.passed += counts.passed;
  totals.failed += counts.failed;
};

const vitestCode = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${VITEST_REPORT}`]);
add(vitestCounts(vitestCode));

if (existsSync(E2E_RUNNER)) {
  const e2eCode = run(process.execPath, [E2E_RUNNER]);
  add(e2eCounts(e2eCode));
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
