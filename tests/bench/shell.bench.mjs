/**
 * The app shell's cost on a slow tablet with no network.
 *
 * first-screen-js-gzip   what the browser fetches for the first screen: see firstScreenJs.
 * precache-size          sum of the file sizes listed in dist/sw.js's injected precache
 *                        manifest (each URL once), uncompressed, as stored on the device.
 *                        Target 2048 KB: the app, its lazy chunks, the PDF library and
 *                        fonts must fit in a first visit over a weak 3G link (~1 min).
 * cold-offline-start     Chromium, CPU throttled 4× (CDP Emulation.setCPUThrottlingRate):
 *                        visit once online so the service worker installs and precaches,
 *                        close the page, go offline, stop the service worker (so it must
 *                        boot again, as after a tablet wakes), open a new page and navigate.
 *                        Measured from navigation start (performance.timeOrigin) to the
 *                        first paint of the conference list heading, median of 5 runs.
 *                        The paint time is the Element Timing API's renderTime: an init
 *                        script marks the <h1> with `elementtiming` as soon as it is
 *                        inserted (before it can paint); if no entry arrives, the first
 *                        animation frame after insertion is used instead (logged).
 *                        Baseline: the same measurement online on a first visit (no
 *                        service worker yet, files from the loopback server).
 *                        The throttling covers the page's main thread, not the service
 *                        worker's thread.
 * (Lighthouse has a bench file of its own: lighthouse.bench.mjs.)
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { setUpUnit } from '../e2e/helpers.mjs';

const RUNS = 5;
const CPU_SLOWDOWN = 4;
const HEADING = 'Các hội nghị đối thoại';
const KB = 1024;

export async function run(ctx) {
  const figures = [];
  figures.push(await firstScreenJs(ctx));
  figures.push(precacheSize(ctx));
  figures.push(await coldOfflineStart(ctx));
  return figures;
}

// ---------------------------------------------------------------------------
// (a) first-screen JavaScript

const FIRST_SCREEN_IDLE = 'doithoai:first-screen-idle'; // src/app/pwa.ts

/**
 * Runs in every page before the app: the moment each selector's element is first in the DOM
 * (a MutationObserver callback, a microtask after the insertion), so "the screen's last part
 * showing" is when the page drew it, not when the bench's next poll round-trip noticed it.
 */
function contentProbe(selectors) {
  const seen = {};
  Object.defineProperty(window, '__benchContentSeen', { value: seen });
  const check = () => {
    for (const sel of selectors) if (!(sel in seen) && document.querySelector(sel)) seen[sel] = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  check();
}

/** The first-screen forms: the set-up form of a first run and the new-conference form of the list. */
const CONTENT = {
  unit: { selector: 'form[aria-label="Đơn vị"]', role: ['form', { name: 'Đơn vị' }] },
  list: { selector: 'form[aria-labelledby="conf-form-heading"]', role: ['form', { name: 'Tạo hội nghị mới' }] },
};

/**
 * The scripts one page fetched before its first screen was complete and idle, read from
 * Resource Timing: each script's path, what went over the wire (transferSize: brotli or gzip
 * as the server chose, 0 when the service worker answered), and whether it counts. A script
 * counts if it was requested before the later of: the screen's last part showing (`content`,
 * e.g. a lazy form, timed in the page by contentProbe) and the app's first-screen-idle mark
 * (after the load event, the first idle moment, when deferred start-up work begins). Later
 * ones are that deferred work.
 *
 * (Until round 3 `contentAt` was `performance.now()` read by the bench after Playwright's
 * waitFor returned: one or more polling round trips after the form was drawn, by which time the
 * deferred work (the calendar years, workbox-window) had already been requested and was counted.)
 */
async function scriptsUntilIdle(page, content) {
  await page.getByRole(...content.role).waitFor({ timeout: 30_000 });
  const contentAt = await page.evaluate((sel) => window.__benchContentSeen[sel] ?? null, content.selector);
  if (contentAt === null) throw new Error(`the probe never saw ${content.selector}: the bench's selector no longer matches the form`);
  await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, FIRST_SCREEN_IDLE, { timeout: 30_000 });
  // Anything requested by then has finished loading once the network is quiet.
  await page.waitForLoadState('networkidle');
  return page.evaluate(
    ({ mark, contentAt }) => {
      const idleAt = Math.max(contentAt, performance.getEntriesByName(mark)[0].startTime);
      return performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.endsWith('.js'))
        .map((e) => ({ path: new URL(e.name).pathname, transfer: e.transferSize, before: e.startTime < idleAt }));
    },
    { mark: FIRST_SCREEN_IDLE, contentAt },
  );
}

/**
 * first-screen-js-gzip   Chromium, a fresh profile, a first visit: every script the page
 *                        fetched before the first screen was complete and idle (its last
 *                        lazy part shown, and the app's `doithoai:first-screen-idle` mark:
 *                        after the load event, the first idle moment, when deferred
 *                        start-up work begins), counted as gzip -6 of each file, whatever
 *                        the server chose to send.
 *                        The larger of two first screens: the first run (no unit yet: the
 *                        set-up form and its lazy chunks) and the list a returning user sees
 *                        (the new-conference form). Target ≤ 80 KB. Baseline: all JavaScript
 *                        of the build (ratio: the share of the app the first screen pays for).
 *                        Logged: the bytes actually transferred (brotli from the server), and
 *                        what the deferred work loads after the mark.
 */
async function firstScreenJs({ dist, log, figure, makeServer, launchBrowser }) {
  const gz6 = new Map();
  const gzipOf = (path) => {
    if (!gz6.has(path)) gz6.set(path, gzipSync(readFileSync(join(dist, path.replace(/^\//, ''))), { level: 6 }).length);
    return gz6.get(path);
  };
  const server = await makeServer();
  const browser = await launchBrowser();
  const screens = [];
  try {
    await server.start();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
    await context.addInitScript(contentProbe, Object.values(CONTENT).map((c) => c.selector));
    const page = await context.newPage();
    await page.goto(`${server.baseURL}/`);
    screens.push({ name: 'first run (unit set-up form)', scripts: await scriptsUntilIdle(page, CONTENT.unit) });
    // A returning user: the unit exists, the list and the new-conference form show. (The service
    // worker may answer now: Resource Timing still lists every script, and the sizes come from dist/.)
    await setUpUnit(page);
    await page.reload();
    screens.push({ name: 'returning (conference list)', scripts: await scriptsUntilIdle(page, CONTENT.list) });
    await context.close();
  } finally {
    await browser.close().catch(() => {});
    await server.dispose();
  }

  let worst = 0;
  for (const { name, scripts } of screens) {
    const first = scripts.filter((s) => s.before);
    const later = scripts.filter((s) => !s.before);
    const bytes = first.reduce((a, s) => a + gzipOf(s.path), 0);
    const wire = first.reduce((a, s) => a + s.transfer, 0);
    worst = Math.max(worst, bytes);
    log(
      `  ${name}: ${first.length} script(s) before idle, ${(bytes / KB).toFixed(1)} KB gzip -6 (${(wire / KB).toFixed(1)} KB transferred): ` +
        first.map((s) => `${s.path.replace('/assets/', '')} ${(gzipOf(s.path) / KB).toFixed(1)}`).join(', '),
    );
    if (later.length) log(`    after idle (deferred): ${later.map((s) => `${s.path.replace('/assets/', '')} ${(gzipOf(s.path) / KB).toFixed(1)}`).join(', ')}`);
  }

  let allGzip = 0;
  for (const f of readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js')))
    allGzip += gzipSync(readFileSync(join(dist, 'assets', f)), { level: 6 }).length;
  return figure('first-screen-js-gzip', worst / KB, 'KB', 80, allGzip / KB);
}

// ---------------------------------------------------------------------------
// (b) precache size

function precacheSize({ dist, log, figure }) {
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  // The injected manifest: [{"revision":…,"url":"…"},…] (keys may come unquoted after minification).
  const urls = new Set();
  for (const m of sw.matchAll(/\{\s*"?revision"?\s*:\s*(?:null|"[^"]*")\s*,\s*"?url"?\s*:\s*"([^"]+)"\s*\}/g)) urls.add(m[1]);
  for (const m of sw.matchAll(/\{\s*"?url"?\s*:\s*"([^"]+)"\s*,\s*"?revision"?\s*:\s*(?:null|"[^"]*")\s*\}/g)) urls.add(m[1]);
  if (urls.size === 0) throw new Error('no precache manifest found in dist/sw.js');
  let bytes = 0;
  const missing = [];
  for (const url of urls) {
    const file = join(dist, url.replace(/^\//, '').split('?')[0]);
    if (existsSync(file)) bytes += statSync(file).size;
    else missing.push(url);
  }
  if (missing.length) throw new Error(`precache lists files missing from dist/: ${missing.join(', ')}`);
  const entries = (sw.match(/"?revision"?\s*:/g) ?? []).length;
  log(
    `  precache: ${urls.size} files, ${(bytes / KB).toFixed(1)} KB${entries > urls.size ? ` (the manifest lists ${entries} entries: ${entries - urls.size} duplicate(s))` : ''}`,
  );
  return figure('precache-size', bytes / KB, 'KB', 2048);
}

// ---------------------------------------------------------------------------
// (c) cold offline start

/** Runs in every page before the app: records when the heading is first painted. */
function headingProbe(text) {
  const result = { paint: null, frame: null, inserted: null };
  Object.defineProperty(window, '__benchHeading', { value: result });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.identifier === 'bench-heading' && result.paint === null) result.paint = e.renderTime || e.loadTime;
      }
    }).observe({ type: 'element', buffered: true });
  } catch {
    // no Element Timing: the frame time below is used
  }
  const mo = new MutationObserver(() => {
    const h = document.querySelector('h1');
    if (!h || !(h.textContent ?? '').includes(text)) return;
    if (!h.hasAttribute('elementtiming')) h.setAttribute('elementtiming', 'bench-heading');
    if (result.inserted === null) {
      result.inserted = performance.now();
      requestAnimationFrame(() => {
        result.frame = performance.now();
      });
    }
  });
  mo.observe(document, { childList: true, subtree: true, characterData: true });
}

async function measureOnce(browser, baseURL, { offline, waitForServiceWorker }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    if (offline) {
      const warm = await context.newPage();
      await warm.goto(`${baseURL}/`);
      await waitForServiceWorker(warm);
      await warm.close();
      await context.setOffline(true);
    }
    await context.addInitScript(headingProbe, HEADING);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (offline) {
      // A cold start: the worker must boot again, as after the tablet slept.
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const response = await page.goto(`${baseURL}/`, { waitUntil: 'commit', timeout: 30_000 });
    if (offline && !response?.fromServiceWorker()) throw new Error('the offline navigation was not answered by the service worker');
    const handle = await page.waitForFunction(
      () => {
        const r = window.__benchHeading;
        // Give Element Timing a moment after the frame; fall back to the frame time.
        return r && r.frame !== null && (r.paint !== null || performance.now() - r.frame > 500) ? { ...r } : null;
      },
      null,
      { timeout: 30_000, polling: 50 },
    );
    const r = await handle.jsonValue();
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    const note = `${r.paint !== null ? 'element timing' : 'animation frame'}; inserted ${r.inserted.toFixed(0)}, FCP ${fcp === null ? '?' : fcp.toFixed(0)}`;
    return { ms: r.paint ?? r.frame, note };
  } finally {
    await context.close().catch(() => {});
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

async function coldOfflineStart({ makeServer, launchBrowser, waitForServiceWorker, log, figure }) {
  const server = await makeServer();
  const browser = await launchBrowser();
  try {
    await server.start();
    const offline = [];
    const online = [];
    for (let i = 0; i < RUNS; i++) {
      const off = await measureOnce(browser, server.baseURL, { offline: true, waitForServiceWorker });
      const on = await measureOnce(browser, server.baseURL, { offline: false, waitForServiceWorker });
      offline.push(off.ms);
      online.push(on.ms);
      log(`  run ${i + 1}: offline ${off.ms.toFixed(0)} ms (${off.note}), online first visit ${on.ms.toFixed(0)} ms (${on.note})`);
    }
    return figure('cold-offline-start', median(offline), 'ms', 1000, median(online));
  } finally {
    await browser.close().catch(() => {});
    await server.dispose();
  }
}
