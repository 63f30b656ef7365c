/**
 * The app shell's cost on a slow tablet with no network.
 *
 * first-screen-js-gzip   gzip size of the JavaScript the first screen loads: the entry
 *                        script of dist/index.html, its modulepreload links, and
 *                        recursively their static imports (never dynamic import()).
 *                        Baseline: all JavaScript in dist/assets (ratio = share of the app
 *                        that the first screen pays for).
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
 * lighthouse-*           Lighthouse 12 performance and accessibility scores of the home
 *                        page, if the lighthouse package is installed; skipped otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/harness.mjs';

const RUNS = 5;
const CPU_SLOWDOWN = 4;
const HEADING = 'Các hội nghị đối thoại';
const KB = 1024;

export async function run(ctx) {
  const figures = [];
  figures.push(await firstScreenJs(ctx));
  figures.push(precacheSize(ctx));
  figures.push(await coldOfflineStart(ctx));
  figures.push(...(await lighthouse(ctx)));
  return figures;
}

// ---------------------------------------------------------------------------
// (a) first-screen JavaScript

/** Static import specifiers of an ES module (import … from / import '…' / export … from), never import(). */
async function staticImports(code) {
  try {
    const { init, parse } = await import('es-module-lexer');
    await init;
    // d === -1: a static import or re-export; d > -1 is import(), -2 is import.meta.
    return parse(code)[0]
      .filter((i) => i.d === -1 && i.n)
      .map((i) => i.n);
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    // es-module-lexer comes with vitest; without it, a pattern good enough for minified bundler output.
    const out = [];
    for (const m of code.matchAll(/(?:^|[;}\n])\s*(?:import|export)\s*(?:[^'"`();]*?\bfrom\s*)?["']([^"']+)["']/g)) out.push(m[1]);
    return out;
  }
}

async function firstScreenJs({ dist, log, figure }) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const roots = [];
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
    if (/type=["']module["']/.test(tag)) {
      const src = /\ssrc=["']([^"']+)["']/.exec(tag)?.[1];
      if (src) roots.push(src);
    }
  }
  for (const tag of html.match(/<link\b[^>]*>/g) ?? []) {
    if (/rel=["']modulepreload["']/.test(tag)) {
      const href = /\shref=["']([^"']+)["']/.exec(tag)?.[1];
      if (href) roots.push(href);
    }
  }
  if (roots.length === 0) throw new Error('dist/index.html has no module script');

  const seen = new Set();
  const queue = roots.map((u) => posix.normalize(u.replace(/^\//, '')));
  let gzipBytes = 0;
  while (queue.length) {
    const rel = queue.shift();
    if (seen.has(rel)) continue;
    seen.add(rel);
    const code = readFileSync(join(dist, rel));
    gzipBytes += gzipSync(code).length;
    for (const spec of await staticImports(code.toString('utf8'))) {
      if (!spec.startsWith('.') && !spec.startsWith('/')) continue; // bare specifiers cannot occur in a build
      queue.push(spec.startsWith('/') ? posix.normalize(spec.slice(1)) : posix.normalize(posix.join(posix.dirname(rel), spec)));
    }
  }

  let allGzip = 0;
  for (const f of readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js')))
    allGzip += gzipSync(readFileSync(join(dist, 'assets', f))).length;

  log(`  first screen loads ${seen.size} script(s): ${[...seen].join(', ')}`);
  log(`  first-screen JS ${(gzipBytes / KB).toFixed(1)} KB gzip of ${(allGzip / KB).toFixed(1)} KB for all JS`);
  return figure('first-screen-js-gzip', gzipBytes / KB, 'KB', 80, allGzip / KB);
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

// ---------------------------------------------------------------------------
// (d) Lighthouse

async function lighthouse({ root, log, figure, makeServer }) {
  const pkg = join(root, 'node_modules', 'lighthouse');
  if (!existsSync(pkg)) {
    log('  lighthouse: skipped, the lighthouse package is not installed (npm i -D lighthouse@12 to add these figures)');
    return [];
  }
  const server = await makeServer();
  try {
    await server.start();
    const bin = join(pkg, JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).bin.lighthouse);
    const res = spawnSync(
      process.execPath,
      [
        bin,
        `${server.baseURL}/`,
        '--output=json',
        '--output-path=stdout',
        '--quiet',
        '--only-categories=performance,accessibility',
        `--chrome-flags=${CHROMIUM_ARGS.join(' ')}`,
      ],
      {
        cwd: dirname(bin),
        env: { ...process.env, CHROME_PATH: CHROMIUM_PATH },
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        timeout: 180_000,
      },
    );
    if (res.status !== 0) throw new Error(`lighthouse failed (exit ${res.status}): ${res.stderr.slice(-2000)}`);
    const report = JSON.parse(res.stdout);
    const score = (id) => Math.round((report.categories[id]?.score ?? 0) * 100);
    log(`  lighthouse ${report.lighthouseVersion}: performance ${score('performance')}, accessibility ${score('accessibility')}`);
    return [
      figure('lighthouse-performance', score('performance'), 'score', '>=95'),
      figure('lighthouse-accessibility', score('accessibility'), 'score', '>=100'),
    ];
  } finally {
    await server.dispose();
  }
}
