/**
 * The room's clocks and the hall display, in Chromium.
 *
 * timer-drift-5min          With Playwright's fake clock: start a 5-minute turn, let
 *                           exactly 5 simulated minutes pass (all the app's timers fire
 *                           as they would), then step 1 ms at a time until the chair's
 *                           clock shows 00:00. Value: how late that is after the true
 *                           end (start event + limit). Target ≤ 100 ms.
 * timer-second-lateness-p95 Real time, CPU throttled 4×: for 12 s of a running turn,
 *                           how late each change of the shown second comes after the
 *                           true second boundary (p95). Baseline: a naive countdown that
 *                           decrements a counter every setInterval(1000), its error
 *                           against the true remaining time after the same 12 s.
 * display-lag-p95           Chair and display in two windows of one browser: from the
 *                           chair's click on "Mời người tiếp theo" to the display's
 *                           speaker name changing (MutationObserver), p95 of 12 calls.
 *                           Target ≤ 100 ms. Baseline: the same click to the chair's own
 *                           floor card changing (what the display adds on top).
 */
import { addSession, createConference, openHome, openSession, setUpUnit } from '../e2e/helpers.mjs';

const LIMIT_MS = 300_000;
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function addSpeakers(page, n) {
  const form = page.getByRole('form', { name: 'Thêm lượt phát biểu' });
  for (let i = 1; i <= n; i++) {
    await form.getByLabel('Người phát biểu', { exact: true }).fill(`Người dân số ${i}`);
    await form.getByRole('button', { name: 'Thêm', exact: true }).click();
    await page.getByRole('heading', { name: `Đang chờ (${i})` }).waitFor();
  }
}

async function newSession(page, baseURL, speakers) {
  await openHome(page, baseURL);
  await setUpUnit(page);
  await createConference(page);
  await addSession(page, { venue: 'Hội trường UBND xã' });
  const id = await openSession(page, 'Hội trường UBND xã');
  await addSpeakers(page, speakers);
  return id;
}

/** A fresh server and a fresh browser profile for one measurement, torn down whatever happens. */
async function inFreshBrowser({ makeServer, launchBrowser }, measure) {
  const server = await makeServer();
  let browser = null;
  try {
    await server.start();
    browser = await launchBrowser();
    return await measure({ server, context: await browser.newContext() });
  } finally {
    await browser?.close().catch(() => {});
    await server.dispose();
  }
}

/** The start event of the running turn, read straight from IndexedDB. */
const startEventAt = (page) =>
  page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('doithoai');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('timerEvents').objectStore('timerEvents').getAll();
          req.onsuccess = () => resolve(Math.max(...req.result.filter((e) => e.type === 'start').map((e) => e.at)));
          req.onerror = () => reject(req.error);
        };
      }),
  );

const shown = (page) => page.getByRole('timer').locator('.timer__digits').innerText();

async function timerDrift(ctx) {
  const { figure, log } = ctx;
  return inFreshBrowser(ctx, async ({ server, context }) => {
    const page = await context.newPage();
    await page.clock.install(); // flows with real time until we say otherwise
    await newSession(page, server.baseURL, 1);
    await page.getByRole('button', { name: 'Mời người tiếp theo' }).click();
    await page.getByRole('button', { name: 'Bắt đầu' }).click();
    await page.getByRole('button', { name: 'Tạm dừng' }).waitFor();
    const startAt = await startEventAt(page);
    const end = startAt + LIMIT_MS;
    await page.clock.pauseAt(startAt + 1_000);
    await page.clock.runFor(LIMIT_MS - 1_000 - 5); // 5 ms before the true end, every timer of the app fired on the way
    const before = await shown(page);
    let lateMs = null;
    for (let step = 0; step < 400; step++) {
      await page.clock.runFor(1);
      if ((await shown(page)) === '00:00') {
        lateMs = (await page.evaluate(() => Date.now())) - end;
        break;
      }
    }
    log(`  timer: showed ${before} 5 ms before the end; 00:00 ${lateMs} ms after the true end`);
    if (lateMs === null) throw new Error('the clock never showed 00:00');
    return figure('timer-drift-5min', Math.abs(lateMs), 'ms', 100);
  });
}

async function secondLateness(ctx) {
  const { figure, log } = ctx;
  return inFreshBrowser(ctx, async ({ server, context }) => {
    const page = await context.newPage();
    await newSession(page, server.baseURL, 1);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.getByRole('button', { name: 'Mời người tiếp theo' }).click();
    await page.getByRole('timer').waitFor();
    // Record every change of the shown digits, and run a naive counter beside it.
    await page.evaluate(() => {
      const el = document.querySelector('[role="timer"] .timer__digits');
      window.__changes = [];
      new MutationObserver(() => window.__changes.push({ at: Date.now(), text: el.textContent })).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await page.getByRole('button', { name: 'Bắt đầu' }).click();
    await page.evaluate(() => {
      window.__naive = 300;
      window.__naiveStart = Date.now();
      setInterval(() => window.__naive--, 1000);
    });
    await page.waitForTimeout(12_000);
    const startAt = await startEventAt(page);
    const { changes, naive, naiveStart, now } = await page.evaluate(() => ({
      changes: window.__changes,
      naive: window.__naive,
      naiveStart: window.__naiveStart,
      now: Date.now(),
    }));
    const lateness = [];
    for (const c of changes) {
      const [m, s] = c.text.split(':').map(Number);
      const shownMs = (m * 60 + s) * 1000;
      // The shown value s appears when the remaining time reaches s seconds: at start + limit - s.
      lateness.push(c.at - (startAt + LIMIT_MS - shownMs));
    }
    const naiveErrorMs = Math.abs(naive * 1000 - (LIMIT_MS - (now - naiveStart)));
    log(
      `  ${lateness.length} second changes, median lateness ${median(lateness)} ms, worst ${Math.max(...lateness)} ms; naive counter off by ${naiveErrorMs} ms`,
    );
    return figure('timer-second-lateness-p95', p95(lateness), 'ms', 100, naiveErrorMs);
  });
}

async function displayLag(ctx) {
  const { figure, log } = ctx;
  const CALLS = 12;
  return inFreshBrowser(ctx, async ({ server, context }) => {
    const chair = await context.newPage();
    const id = await newSession(chair, server.baseURL, CALLS);
    const display = await context.newPage();
    await display.goto(`${server.baseURL}/sessions/${id}/display`);
    await display.getByText('Xin mời đại biểu đăng ký phát biểu').waitFor();
    await chair.bringToFront();
    const watch = (page, selector) =>
      page.evaluate((sel) => {
        window.__seen = [];
        const observer = new MutationObserver(() => {
          const el = document.querySelector(sel);
          if (el) window.__seen.push({ at: performance.timeOrigin + performance.now(), text: el.textContent });
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      }, selector);
    await watch(display, '[data-testid="display-speaker"]');
    await watch(chair, '.floor__name');
    const lags = [];
    const own = [];
    for (let i = 1; i <= CALLS; i++) {
      const name = `Người dân số ${i}`;
      const clickedAt = await chair.evaluate(() => {
        const button = [...document.querySelectorAll('button')].find(
          (b) => b.textContent === 'Mời người tiếp theo' || b.textContent === 'Kết thúc lượt',
        );
        const at = performance.timeOrigin + performance.now();
        button.click();
        return at;
      });
      const seenAt = async (page) => {
        for (let k = 0; k < 200; k++) {
          const hit = await page.evaluate((n) => window.__seen.find((s) => s.text === n), name);
          if (hit) return hit.at;
          await page.waitForTimeout(20);
        }
        throw new Error(`${name} never appeared`);
      };
      lags.push((await seenAt(display)) - clickedAt);
      own.push((await seenAt(chair)) - clickedAt);
    }
    log(
      `  display lag: median ${median(lags).toFixed(1)} ms, p95 ${p95(lags).toFixed(1)} ms; chair's own screen: median ${median(own).toFixed(1)} ms`,
    );
    return figure('display-lag-p95', p95(lags), 'ms', 100, p95(own));
  });
}

export async function run(ctx) {
  return [await timerDrift(ctx), await secondLateness(ctx), await displayLag(ctx)];
}
