/**
 * The room across devices, through the real office server, in Chromium.
 *
 * display-lag-lan-p95   The chair's tablet and the hall display's laptop are two
 *                       browser profiles (two devices) on loopback, both enrolled with
 *                       one-time codes (access control on, as on a real server). From the chair's click on
 *                       "Mời người tiếp theo" to the laptop's display showing the
 *                       speaker (MutationObserver): commit, push, the server's live
 *                       event, pull, apply, render. p95 of 12 calls; target ≤ 300 ms.
 *                       Baseline: the same click to the chair's own floor card.
 *
 * Both pages stamp with performance.timeOrigin + performance.now(): one machine, one
 * clock, so the two profiles' times compare directly.
 *
 * sync-10k-ops (10,000 operations pushed by one device and pulled by a fresh one, against
 * the bare cost of the same bytes) is in sync-10k.bench.mjs.
 */
import { addSession, createConference, openHome, openSession, setUpUnit } from '../e2e/helpers.mjs';
import { officeFor } from '../e2e/access-helpers.mjs';

const CALLS = 12;
const UNIT = 'UBND xã Thanh Trì';
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function displayLagLan({ figure, log, makeServer, launchBrowser }) {
  const server = await makeServer();
  let browser = null;
  try {
    await server.start();
    browser = await launchBrowser();
    const chairProfile = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const laptopProfile = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const chair = await chairProfile.newPage();
    await openHome(chair, server.baseURL);
    await setUpUnit(chair, UNIT);
    await createConference(chair);
    await addSession(chair, { venue: 'Hội trường UBND xã' });
    const id = await openSession(chair, 'Hội trường UBND xã');
    // Only enrolled devices sync: the chair's tablet brings its unit, the laptop joins it.
    const office = await officeFor({ baseURL: server.baseURL, serverOutput: () => server.output() });
    const at = chair.url();
    await office.enrol(chair, 'Máy tính bảng chủ trì');
    await chair.goto(at);
    const form = chair.getByRole('form', { name: 'Thêm lượt phát biểu' });
    for (let i = 1; i <= CALLS; i++) {
      await form.getByLabel('Người phát biểu', { exact: true }).fill(`Người dân số ${i}`);
      await form.getByRole('button', { name: 'Thêm', exact: true }).click();
      await chair.getByRole('heading', { name: `Đang chờ (${i})` }).waitFor();
    }
    const sync = (page) => page.getByRole('region', { name: 'Đồng bộ với máy chủ văn phòng' }).getByRole('status');
    await sync(chair).filter({ hasText: 'Đã gửi hết' }).waitFor({ timeout: 30_000 });

    const laptop = await laptopProfile.newPage();
    await laptop.goto(`${server.baseURL}/`);
    await office.enrol(laptop, 'Máy chiếu hội trường');
    await laptop.goto(`${server.baseURL}/`);
    await sync(laptop).filter({ hasText: 'Trực tiếp' }).waitFor({ timeout: 30_000 });
    await laptop.goto(`${server.baseURL}/sessions/${id}/display`);
    await laptop.getByText('Xin mời đại biểu đăng ký phát biểu').waitFor({ timeout: 30_000 });
    // The display page starts its own engine after its first screen: wait until it is live (its first
    // pull done), so the first call does not measure the engine starting.
    await laptop.waitForTimeout(3000);

    const watch = (page, selector) =>
      page.evaluate((sel) => {
        window.__seen = [];
        new MutationObserver(() => {
          const el = document.querySelector(sel);
          if (el) window.__seen.push({ at: performance.timeOrigin + performance.now(), text: el.textContent });
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
      }, selector);
    await watch(laptop, '[data-testid="display-speaker"]');
    await watch(chair, '.floor__name');
    const lags = [];
    const own = [];
    for (let i = 1; i <= CALLS; i++) {
      const name = `Người dân số ${i}`;
      const clickedAt = await chair.evaluate(() => {
        const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Mời người tiếp theo' || b.textContent === 'Kết thúc lượt');
        const at = performance.timeOrigin + performance.now();
        button.click();
        return at;
      });
      const seenAt = async (page) => {
        for (let k = 0; k < 500; k++) {
          const hit = await page.evaluate((n) => window.__seen.find((s) => s.text === n), name);
          if (hit) return hit.at;
          await page.waitForTimeout(20);
        }
        throw new Error(`${name} never appeared`);
      };
      lags.push((await seenAt(laptop)) - clickedAt);
      own.push((await seenAt(chair)) - clickedAt);
    }
    log(`  display lag over the server: median ${median(lags).toFixed(1)} ms, p95 ${p95(lags).toFixed(1)} ms; chair's own screen: median ${median(own).toFixed(1)} ms`);
    return figure('display-lag-lan-p95', p95(lags), 'ms', 300, p95(own));
  } finally {
    await browser?.close().catch(() => {});
    await server.dispose();
  }
}

export async function run(ctx) {
  return [await displayLagLan(ctx)];
}
