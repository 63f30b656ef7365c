/**
 * A new release while a meeting runs: the app says a new version is there and
 * waits. It never reloads by itself; the person's tap applies it.
 */
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, makeServer } from './harness.mjs';
import { assert, expectVisible, openHome, waitForServiceWorker } from './helpers.mjs';

export const tests = [
  {
    name: 'a new version waits for the person’s tap, then takes over',
    timeout: 60_000,
    fn: async (t) => {
      // Our own copy of the build, so that "releasing" a new service worker touches nothing else.
      const staticDir = mkdtempSync(join(tmpdir(), 'doithoai-release-'));
      cpSync(DIST, staticDir, { recursive: true });
      const server = await makeServer({ staticDir });
      try {
        await server.start();
        const page = await t.newPage();
        await openHome(page, server.baseURL);
        await waitForServiceWorker(page);
        const first = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
        await page.evaluate(() => (window.__sameDocument = true));

        t.step('a new release reaches the office server');
        appendFileSync(join(staticDir, 'sw.js'), '\n// release 2\n');
        await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
        await expectVisible(page.getByRole('alert').filter({ hasText: 'Có phiên bản mới của ứng dụng.' }), 'the update banner');

        t.step('it does not take over by itself');
        // Installed and waiting, the old version still in control: a worker that took over by itself
        // (skipWaiting on install) would be active by now, never left waiting.
        await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state === 'installed', null, {
          timeout: 15_000,
        });
        assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL), first, 'the old version still controls the page');
        assert.equal(await page.evaluate(() => window.__sameDocument === true), true, 'the page was not reloaded');

        t.step('the tap applies it');
        await page.getByRole('button', { name: 'Cập nhật', exact: true }).click();
        await page.waitForFunction(() => window.__sameDocument !== true, null, { timeout: 15_000 });
        await expectVisible(page.getByRole('heading', { level: 1, name: 'Các hội nghị đối thoại' }), 'the app after the update');
        assert.equal(await page.getByText('Có phiên bản mới của ứng dụng.').count(), 0, 'no banner once updated');
        const waiting = await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting));
        assert.equal(waiting, false, 'nothing left waiting');
        assert.ok(first, 'a service worker controlled the first page');
      } finally {
        await server.dispose();
        rmSync(staticDir, { recursive: true, force: true });
      }
    },
  },
];
