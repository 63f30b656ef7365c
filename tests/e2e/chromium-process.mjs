/**
 * A Chromium the test starts itself, on a persistent profile, and can SIGKILL
 * by its pid: what the "killed mid-…" end-to-end tests need. Playwright's
 * persistent context gives no handle on the browser process, and the runner's
 * browser is not persistent. So Chromium is spawned here with --user-data-dir
 * and --remote-debugging-port and driven over CDP; the test owns the process.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, log } from './harness.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Chromium on `profile`, started by us: { proc, browser, context, page }. `args`: more switches
 * (the audio test's fake microphone); `timeoutMs`: the context's default wait.
 */
export async function startChromium(profile, { args = [], timeoutMs = 10_000 } = {}) {
  const proc = spawn(CHROMIUM_PATH, [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', ...args, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const endpoint = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no DevTools endpoint from Chromium:\n${stderr}`)), 30_000);
    proc.stderr.on('data', (d) => {
      if (stderr.length < 20_000) stderr += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code ?? signal}) before it listened:\n${stderr}`));
    });
  });
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0];
  context.setDefaultTimeout(timeoutMs);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 1280, height: 900 });
  return { proc, browser, context, page };
}

/** SIGKILL, as a tablet's battery or the OS's memory killer would: no handler of the page runs. */
export async function kill(chromium) {
  const exited = new Promise((r) =>
    chromium.proc.exitCode !== null || chromium.proc.signalCode !== null ? r() : chromium.proc.once('exit', r),
  );
  chromium.proc.kill('SIGKILL');
  await exited;
  await chromium.browser.close().catch(() => {});
}

const hasExited = (proc) => proc.exitCode !== null || proc.signalCode !== null;

/** Closes Chromium the ordinary way (CDP Browser.close, so it ends its helper processes), SIGKILL if it hangs. */
export async function stop(chromium) {
  if (!chromium || hasExited(chromium.proc)) return;
  const exited = new Promise((r) => chromium.proc.once('exit', r));
  try {
    const cdp = await chromium.browser.newBrowserCDPSession();
    await cdp.send('Browser.close').catch(() => {});
  } catch {
    // the connection is gone already
  }
  await Promise.race([exited, sleep(5_000)]);
  if (!hasExited(chromium.proc)) await kill(chromium);
  await chromium.browser.close().catch(() => {});
}

/** Chromium's helper processes may still write into the profile for a moment after the browser is gone. */
export async function removeProfile(profile) {
  for (let attempt = 0; ; attempt++) {
    try {
      rmSync(profile, { recursive: true, force: true });
      return;
    } catch (err) {
      if (attempt >= 40) return log(`  could not remove ${profile}: ${err.message}`);
      await sleep(250);
    }
  }
}

