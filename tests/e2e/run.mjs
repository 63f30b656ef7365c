#!/usr/bin/env node
/**
 * End-to-end runner: the built app, served by the real office server, in real Chromium.
 *
 *   node tests/e2e/run.mjs [filter]     filter: a substring of a file or test name
 *
 * A test file is `tests/e2e/*.e2e.mjs` exporting
 *
 *   export const tests = [{ name: 'opens offline', timeout?: ms, timezoneId?, viewport?, fn: async (t) => { … } }];
 *
 * (`timezoneId` defaults to 'Asia/Ho_Chi_Minh', `viewport` to 1280×900.)
 *
 * Each file gets one Chromium process and one server (fresh temporary DATA_DIR, free
 * loopback port); each test gets a fresh browser context (its own storage, service
 * worker and caches) and `t` holds:
 *
 *   t.baseURL       'http://127.0.0.1:<port>', the server's origin
 *   t.httpsURL      'https://127.0.0.1:<port>', the same server over HTTPS with the certificate it made
 *   t.dataDir       the server's DATA_DIR (its certificates are in tls/)
 *   t.serverOutput() what the server printed since it last started (e.g. the one-time setup code)
 *   t.page          a first page in the test's context
 *   t.context       the test's BrowserContext (setOffline, pages, …)
 *   t.newPage()     another page in the same context
 *   t.browser       the file's Browser (for a second, independent context)
 *   t.stopServer()  end the server process; t.startServer() starts it again on the
 *                   same port and data (the runner restarts it after the test anyway)
 *   t.step(label)   names what the test is doing, so a failure says where it stopped
 *
 * Tests run one after another. Prints `✓ name` / `✗ name: error`, writes
 * .tmp/e2e.json as {"passed":N,"failed":N}, saves a screenshot of every open page of a
 * failed test to tests/e2e/.artifacts/, and exits 1 if anything failed.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, ensureBuilt, launchBrowser, log, makeServer } from './harness.mjs';

const E2E_DIR = join(ROOT, 'tests', 'e2e');
const ARTIFACTS = join(E2E_DIR, '.artifacts');
const DEFAULT_TIMEOUT_MS = 60_000;
/** The whole run, whatever hangs (a browser that will not close, a server that will not stop). */
const RUN_TIMEOUT_MS = 20 * 60_000;
const filter = process.argv[2] ?? '';

const slug = (s) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 80);

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs one test in a fresh context; resolves to null on success or the error. */
async function runTest(test, { browser, server, fileName }) {
  // A test may run its device in another zone (`timezoneId`) or size (`viewport`): the app must still show Vietnam time.
  const context = await browser.newContext({
    viewport: test.viewport ?? { width: 1280, height: 900 },
    locale: 'vi-VN',
    timezoneId: test.timezoneId ?? 'Asia/Ho_Chi_Minh',
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  const pageErrors = [];
  context.on('page', (p) => {
    p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
    p.on('console', (m) => m.type() === 'error' && pageErrors.push(`${p.url()}: console: ${m.text()}`));
  });
  let step = '(start)';
  const t = {
    baseURL: server.baseURL,
    httpsURL: server.httpsURL,
    dataDir: server.dataDir,
    serverOutput: () => server.output(),
    browser,
    context,
    page: await context.newPage(),
    newPage: () => context.newPage(),
    startServer: () => server.start(),
    stopServer: () => server.stop(),
    step: (label) => {
      step = label;
    },
  };
  try {
    await withTimeout(
      Promise.resolve().then(() => test.fn(t)),
      test.timeout ?? DEFAULT_TIMEOUT_MS,
      `test "${test.name}"`,
    );
    // Not a failure, but worth a look: uncaught errors and console errors of a passing test.
    for (const e of pageErrors) log(`  note: ${e}`);
    return null;
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    error.step = step;
    error.pageErrors = pageErrors;
    mkdirSync(ARTIFACTS, { recursive: true });
    const pages = context.pages();
    for (const [i, p] of pages.entries()) {
      const file = join(ARTIFACTS, `${slug(fileName)}--${slug(test.name)}${pages.length > 1 ? `--${i}` : ''}.png`);
      await p
        .screenshot({ path: file, fullPage: true, timeout: 5000 })
        .then(() => (error.screenshots ??= []).push(file))
        .catch(() => {});
    }
    return error;
  } finally {
    await context.close().catch(() => {});
    // A test may have stopped the server; the next one gets it back.
    if (!server.isRunning()) await server.start();
  }
}

function writeReport(totals) {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  writeFileSync(join(ROOT, '.tmp', 'e2e.json'), JSON.stringify(totals) + '\n');
}

async function main() {
  const files = readdirSync(E2E_DIR)
    .filter((f) => f.endsWith('.e2e.mjs'))
    .sort();
  const totals = { passed: 0, failed: 0 };
  const started = Date.now();
  // Screenshots of an earlier run would be taken for this one's.
  rmSync(ARTIFACTS, { recursive: true, force: true });
  try {
    ensureBuilt();
  } catch (err) {
    console.log(`✗ build: ${err instanceof Error ? err.message : String(err)}`);
    writeReport({ passed: 0, failed: 1 });
    return 1;
  }

  for (const file of files) {
    let server;
    let browser;
    try {
      const { tests } = await import(pathToFileURL(join(E2E_DIR, file)).href);
      if (!Array.isArray(tests)) throw new Error(`${file} must export an array "tests"`);
      const selected = tests.filter((x) => !filter || file.includes(filter) || x.name.includes(filter));
      if (selected.length === 0) continue;
      log(`\n${file}`);
      server = await makeServer();
      browser = await launchBrowser();
      await server.start();
      for (const test of selected) {
        const t0 = Date.now();
        const error = await runTest(test, { browser, server, fileName: basename(file, '.e2e.mjs') });
        const ms = Date.now() - t0;
        if (!error) {
          totals.passed++;
          console.log(`✓ ${test.name} (${ms} ms)`);
        } else {
          totals.failed++;
          console.log(`✗ ${test.name}: ${error.message.split('\n')[0]}`);
          log(`  at step: ${error.step}`);
          log(
            (error.stack ?? error.message)
              .split('\n')
              .map((l) => `  ${l}`)
              .join('\n'),
          );
          for (const e of error.pageErrors ?? []) log(`  page: ${e}`);
          for (const s of error.screenshots ?? []) log(`  screenshot: ${s}`);
        }
      }
    } catch (err) {
      // The file could not load, or its server or browser could not start: one failure, and on to the next file.
      totals.failed++;
      console.log(`✗ ${file}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      log(err instanceof Error ? (err.stack ?? err.message) : String(err));
      if (server) log(server.output());
    } finally {
      await browser?.close().catch(() => {});
      await server?.dispose().catch(() => {});
    }
  }

  writeReport(totals);
  if (totals.passed + totals.failed === 0) log(filter ? `no test matches "${filter}"` : 'no tests found');
  console.log(`${totals.passed} passed, ${totals.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return totals.failed === 0 && totals.passed > 0 ? 0 : 1;
}

const watchdog = setTimeout(() => {
  console.log(`✗ e2e run: still running after ${RUN_TIMEOUT_MS / 60_000} min, giving up`);
  writeReport({ passed: 0, failed: 1 });
  process.exit(1);
}, RUN_TIMEOUT_MS);
watchdog.unref();

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
