/**
 * scripts/test.mjs (`npm test`): sums vitest's and the e2e suite's counts into
 * one last line `N passed, N failed`, and exits 1 on any failure or crash.
 *
 * Each case runs a copy of the script in a scratch project, with a stub `npx`
 * that writes a given vitest report and a stub tests/e2e/run.mjs that writes a
 * given e2e report, so no real suite runs.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const SUMMARY = /^(\d+) passed, (\d+) failed$/;

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

interface Scenario {
  /** The vitest JSON report to write, or null to write none. A string is written verbatim. */
  vitestReport: object | string | null;
  vitestExit: number;
  /** Omit to have no tests/e2e/run.mjs at all. */
  e2e?: { report: object | null; exit: number };
}

function runScript(s: Scenario): { code: number | null; lines: string[]; stderr: string } {
  const tmp = tempDir('testscript');
  cleanups.push(tmp.remove);
  const root = path.join(tmp.dir, 'project');
  const bin = path.join(tmp.dir, 'bin');
  mkdirSync(path.join(root, 'scripts'), { recursive: true });
  mkdirSync(bin);
  copyFileSync(path.join(REPO, 'scripts', 'test.mjs'), path.join(root, 'scripts', 'test.mjs'));

  const fixture = path.join(tmp.dir, 'vitest-fixture.json');
  if (s.vitestReport !== null) {
    writeFileSync(fixture, typeof s.vitestReport === 'string' ? s.vitestReport : JSON.stringify(s.vitestReport));
  }
  // The stub copies the fixture to wherever --outputFile points, as vitest would.
  writeFileSync(
    path.join(bin, 'npx'),
    [
      '#!/bin/sh',
      'for a in "$@"; do case "$a" in --outputFile=*) out="${a#--outputFile=}";; esac; done',
      `[ -f "${fixture}" ] && cp "${fixture}" "$out"`,
      `exit ${s.vitestExit}`,
      '',
    ].join('\n'),
  );
  chmodSync(path.join(bin, 'npx'), 0o755);

  if (s.e2e) {
    mkdirSync(path.join(root, 'tests', 'e2e'), { recursive: true });
    const write = s.e2e.report === null ? '' : `writeFileSync('.tmp/e2e.json', ${JSON.stringify(JSON.stringify(s.e2e.report))});`;
    writeFileSync(
      path.join(root, 'tests', 'e2e', 'run.mjs'),
      `import { writeFileSync } from 'node:fs';\n${write}\nprocess.exit(${s.e2e.exit});\n`,
    );
  }

  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'test.mjs')], {
    cwd: root,
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
    encoding: 'utf8',
  });
  return { code: result.status, lines: result.stdout.trimEnd().split('\n'), stderr: result.stderr };
}

function report(passed: number, failed: number, files: object[] = []): object {
  return { numPassedTests: passed, numFailedTests: failed, numTotalTests: passed + failed, testResults: files };
}

describe('scripts/test.mjs', () => {
  it('prints the vitest counts as the last line and exits 0 when all pass', () => {
    const r = runScript({ vitestReport: report(12, 0), vitestExit: 0 });
    expect(r.lines.at(-1)).toBe('12 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  it('exits 1 when a test failed', () => {
    const r = runScript({ vitestReport: report(10, 2), vitestExit: 1 });
    expect(r.lines.at(-1)).toBe('10 passed, 2 failed');
    expect(r.code).toBe(1);
  });

  it('adds the e2e counts when tests/e2e/run.mjs exists', () => {
    const r = runScript({ vitestReport: report(10, 0), vitestExit: 0, e2e: { report: { passed: 5, failed: 1 }, exit: 1 } });
    expect(r.lines.at(-1)).toBe('15 passed, 1 failed');
    expect(r.code).toBe(1);
  });

  it('counts a test file that broke before any test ran', () => {
    const broken = { name: '/x/tests/ui/broken.test.tsx', status: 'failed', message: 'SyntaxError: oops', assertionResults: [] };
    const r = runScript({ vitestReport: report(7, 0, [broken]), vitestExit: 1 });
    expect(r.lines.at(-1)).toBe('7 passed, 1 failed');
    expect(r.stderr).toContain('SyntaxError: oops');
    expect(r.code).toBe(1);
  });

  it.each([
    ['vitest writes no report', { vitestReport: null, vitestExit: 1 }],
    ['vitest writes garbage', { vitestReport: '{not json', vitestExit: 1 }],
    ['vitest fails but reports no failure', { vitestReport: report(3, 0), vitestExit: 1 }],
    ['e2e writes no report', { vitestReport: report(3, 0), vitestExit: 0, e2e: { report: null, exit: 0 } }],
    ['e2e report lacks counts', { vitestReport: report(3, 0), vitestExit: 0, e2e: { report: { ok: true }, exit: 0 } }],
    ['e2e fails but reports no failure', { vitestReport: report(3, 0), vitestExit: 0, e2e: { report: { passed: 2, failed: 0 }, exit: 2 } }],
  ] as Array<[string, Scenario]>)('treats a crash as a failure: %s', (_name, scenario) => {
    const r = runScript(scenario);
    const m = SUMMARY.exec(r.lines.at(-1) ?? '');
    expect(m, r.lines.join('\n')).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThanOrEqual(1);
    expect(r.stderr).toMatch(/crashed/);
    expect(r.code).toBe(1);
  });
});
