/**
 * Generating the minutes of a long session in the browser, in Chromium.
 *
 * documents-minutes-pdf-1x   The minutes of a session of 100 opinions (questions and answers
 *                            in the minutes, the appendix table: about 30 pages), from the
 *                            click on "Tải PDF" to the finished file: loading jsPDF and the
 *                            four Tinos faces from the service worker's cache (the page is
 *                            fresh, so nothing is in memory yet), laying out, writing. Read
 *                            from the screen's own performance measure (EXPORT_MEASURE in
 *                            src/ui/documents/exportFile.ts). Median of 3 fresh page loads.
 *                            Target ≤ 1500 ms.
 * documents-minutes-pdf-4x   The same with the CPU throttled 4× (CDP
 *                            Emulation.setCPUThrottlingRate). Target ≤ 1500 ms.
 * documents-minutes-pdf-size That file's size. Target ≤ 400 KB.
 */
import { execFileSync } from 'node:child_process';
import { seedOpinions } from '../e2e/documentsSeed.mjs';
import { addSession, createConference, openHome, openSession, setUpUnit } from '../e2e/helpers.mjs';

const OPINIONS = 100;
const RUNS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function exportOnce(page, url, rate, cdp) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await page.goto(url);
  await page.getByRole('article').getByText(`Ý kiến ${OPINIONS}.`, { exact: false }).waitFor({ timeout: 60_000 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByRole('button', { name: 'Tải PDF' }).click(),
  ]);
  const path = await download.path();
  const m = await page.evaluate(() => {
    const e = performance.getEntriesByName('doithoai:export-pdf').at(-1);
    return e ? { ms: e.duration, bytes: e.detail?.bytes ?? 0 } : null;
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  if (!m) throw new Error('no export measure on the page');
  return { ...m, path };
}

export async function run({ makeServer, launchBrowser, waitForServiceWorker, figure, log }) {
  const server = await makeServer();
  await server.start();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await openHome(page, server.baseURL);
    await setUpUnit(page);
    await createConference(page);
    await addSession(page, { venue: 'Hội trường UBND xã', date: '13/10/2026' });
    const sessionId = await openSession(page, 'Hội trường UBND xã');
    await waitForServiceWorker(page);
    const conferenceId = await seedOpinions(page, sessionId, OPINIONS);
    const url = `${server.baseURL}/conferences/${conferenceId}/documents?kind=minutes&session=${sessionId}`;
    const cdp = await context.newCDPSession(page);
    // A first export puts the chunk and the fonts in the service worker's cache for sure (precached anyway).
    const warm = await exportOnce(page, url, 1, cdp);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [warm.path], { encoding: 'utf8' }))?.[1]);
    log(`  minutes of ${OPINIONS} opinions: ${pages} pages, ${(warm.bytes / 1024).toFixed(1)} KB`);
    const figures = [];
    for (const rate of [1, 4]) {
      const times = [];
      for (let i = 0; i < RUNS; i++) times.push((await exportOnce(page, url, rate, cdp)).ms);
      log(`  ${rate}× CPU: ${times.map((x) => x.toFixed(0)).join(', ')} ms`);
      figures.push(figure(`documents-minutes-pdf-${rate}x`, median(times), 'ms', 1500));
    }
    figures.push(figure('documents-minutes-pdf-size', warm.bytes / 1024, 'KB', 400));
    return figures;
  } finally {
    await browser.close();
    await server.dispose();
  }
}
