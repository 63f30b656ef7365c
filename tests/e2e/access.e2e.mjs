/**
 * Who may do what, end to end in real Chromium against the real server:
 * the office PC sets up the first administrator with the one-time code and
 * makes an enrolment code; a tablet reaches the server over HTTPS on
 * 127.0.0.1 with the certificate the server made (trusted through its public
 * key hash, not by ignoring certificate errors), enrols, works offline, syncs;
 * the office revokes it from its own browser; the tablet's next sync is
 * refused with a clear message, everything it holds stays on it, and it can
 * still be exported to a file.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './harness.mjs';
import { assert, axeViolations, createConference, expectVisible, openHome, setUpUnit, waitForServiceWorker, waitUntil } from './helpers.mjs';

const PASSWORD = 'mật khẩu văn phòng 2026';
const DEVICE = 'Máy tính bảng thư ký';

/** SHA-256 of the certificate's public key (SPKI), base64: what Chromium's spki list takes. */
function spkiHash(certPem) {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

/** Conference titles the server holds for the unit, read with the administrator's session. */
async function serverTitles(adminPage, baseURL) {
  const me = await (await adminPage.request.get(`${baseURL}/api/auth/me`)).json();
  const titles = [];
  let after = 0;
  for (;;) {
    const res = await adminPage.request.get(`${baseURL}/api/sync/pull?unit=${encodeURIComponent(me.me.unitId)}&after=${after}`);
    const page = await res.json();
    for (const c of page.changes)
      if (c.kind === 'record' && c.table === 'conferences' && typeof c.fields.title === 'string') titles.push(c.fields.title);
    after = page.next;
    if (!page.more) return titles;
  }
}

/** @type {{ name: string, timeout?: number, fn: (t: any) => Promise<void> }[]} */
export const tests = [
  {
    name: 'enrol a tablet over HTTPS, work offline, sync; revoked from the office PC, its next sync is refused and its data stays',
    timeout: 150_000,
    fn: async (t) => {
      const { baseURL, httpsURL } = t;

      t.step('the office PC: first administrator with the one-time setup code');
      await waitUntil(() => /mã thiết lập \(dùng một lần\): [A-Z2-9]{8}/.test(t.serverOutput()), 'the setup code on the console');
      const setupCode = /mã thiết lập \(dùng một lần\): ([A-Z2-9]{8})/.exec(t.serverOutput())[1];
      const office = await t.browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      const admin = await office.newPage();
      await admin.goto(`${baseURL}/setup`);
      await expectVisible(admin.getByLabel('Mã thiết lập', { exact: true }), 'the setup form');
      await admin.getByLabel('Mã thiết lập', { exact: true }).fill(setupCode);
      await admin.getByLabel('Họ và tên người quản trị').fill('Nguyễn Thị Quản Trị');
      await admin.getByLabel('Tên đăng nhập').fill('quantri');
      await admin.getByLabel('Mật khẩu (ít nhất 10 ký tự)').fill(PASSWORD);
      await admin.getByRole('button', { name: 'Tạo tài khoản quản trị' }).click();
      await expectVisible(admin.getByRole('heading', { name: 'Quản trị máy chủ Đối thoại' }), 'the administration page');

      t.step('the office PC: the administration and certificate pages, in each language, pass axe');
      const pageViolations = [...(await axeViolations(admin, 'admin (vi)'))];
      await admin.getByRole('link', { name: 'English' }).click();
      await expectVisible(admin.getByRole('heading', { name: 'Đối thoại server administration' }), 'the administration page in English');
      pageViolations.push(...(await axeViolations(admin, 'admin (en)')));
      await admin.goto(`${baseURL}/tls`);
      await expectVisible(admin.getByRole('heading', { name: 'Using Đối thoại over HTTPS on the office network' }), 'the certificate page, English remembered');
      pageViolations.push(...(await axeViolations(admin, 'tls (en)')));
      await admin.getByRole('link', { name: 'Tiếng Việt' }).click();
      await expectVisible(admin.getByRole('heading', { name: 'Dùng Đối thoại qua HTTPS trên mạng nội bộ' }), 'the certificate page in Vietnamese');
      pageViolations.push(...(await axeViolations(admin, 'tls (vi)')));
      assert.deepEqual(pageViolations, [], 'no accessibility violations on the office PC’s pages');
      await admin.goto(`${baseURL}/admin`);
      await expectVisible(admin.getByRole('heading', { name: 'Quản trị máy chủ Đối thoại' }), 'the administration page, back in Vietnamese');

      t.step('the office PC: an enrolment code for the secretary’s tablet');
      await admin.getByLabel('Tên thiết bị (ví dụ: Máy tính bảng chủ trì)').fill(DEVICE);
      await admin.getByRole('button', { name: 'Tạo mã ghi danh' }).click();
      const codeEl = admin.locator('[data-code]');
      await expectVisible(codeEl, 'the enrolment code');
      const code = await codeEl.getAttribute('data-code');
      assert.match(code, /^[A-Z2-9]{8}$/);
      assert.ok(await admin.locator('.qr svg').count(), 'a QR code of the enrolment URL');

      t.step('the tablet: Chromium trusting the server’s own certificate by its key');
      const spki = spkiHash(readFileSync(join(t.dataDir, 'tls', 'server.crt'), 'utf8'));
      const tabletBrowser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${spki}`],
        timeout: 30_000,
      });
      try {
        const tabletContext = await tabletBrowser.newContext({
          acceptDownloads: true,
          locale: 'vi-VN',
          timezoneId: 'Asia/Ho_Chi_Minh',
          viewport: { width: 1280, height: 900 },
        });
        const tablet = await tabletContext.newPage();
        const cspViolations = [];
        tablet.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
        await openHome(tablet, httpsURL);
        assert.equal(await tablet.evaluate(() => window.isSecureContext), true, 'HTTPS with a trusted certificate is a secure context');

        t.step('the tablet works on its own before enrolment');
        await setUpUnit(tablet);
        await createConference(tablet, 'Hội nghị trước khi ghi danh');

        t.step('the tablet enrols with the code');
        await tablet.goto(`${httpsURL}/enrol?code=${code}`);
        const codeInput = tablet.getByLabel('Mã ghi danh');
        await expectVisible(codeInput, 'the enrolment field');
        assert.equal(await codeInput.inputValue(), code, 'the QR link fills the code in');
        await tablet.getByRole('button', { name: 'Ghi danh', exact: true }).click();
        await expectVisible(tablet.getByText(`Đã ghi danh: ${DEVICE} · Nguyễn Thị Quản Trị`), 'the enrolled device');
        await waitUntil(
          async () => (await serverTitles(admin, baseURL)).includes('Hội nghị trước khi ghi danh'),
          'the tablet’s conference on the server',
        );

        t.step('offline: a new conference, then back online and sync');
        // A secure context gets its service worker: the app reloads with no network at all.
        await waitForServiceWorker(tablet);
        await tabletContext.setOffline(true);
        await openHome(tablet, httpsURL);
        await createConference(tablet, 'Hội nghị soạn khi mất mạng');
        await tabletContext.setOffline(false);
        await tablet.getByRole('button', { name: 'Đồng bộ ngay' }).click();
        await waitUntil(
          async () => (await serverTitles(admin, baseURL)).includes('Hội nghị soạn khi mất mạng'),
          'the offline conference on the server',
        );

        t.step('the office PC revokes the tablet');
        await admin.goto(`${baseURL}/admin`);
        await expectVisible(admin.getByRole('cell', { name: DEVICE }), 'the device in the list');
        await admin.getByRole('button', { name: `Thu hồi ${DEVICE}` }).click();
        await expectVisible(admin.getByText('Đã thu hồi thiết bị.'), 'the revocation notice');

        t.step('the tablet’s next sync is refused, clearly; its data stays');
        await tablet.goto(`${httpsURL}/`);
        await createConference(tablet, 'Hội nghị sau khi bị thu hồi');
        await tablet.goto(`${httpsURL}/`);
        await tablet.getByRole('button', { name: 'Đồng bộ ngay' }).click();
        await expectVisible(tablet.getByRole('status').getByText(/thu hồi/), 'the refusal in the sync bar');
        const list = tablet.getByRole('list', { name: 'Các hội nghị đối thoại' });
        for (const title of ['Hội nghị trước khi ghi danh', 'Hội nghị soạn khi mất mạng', 'Hội nghị sau khi bị thu hồi']) {
          await expectVisible(list.getByRole('link', { name: title }), `"${title}" still on the tablet`);
        }
        assert.ok(
          !(await serverTitles(admin, baseURL)).includes('Hội nghị sau khi bị thu hồi'),
          'nothing reached the server after the revocation',
        );

        t.step('what the revoked tablet holds can still be exported to a file');
        await tablet.goto(`${httpsURL}/settings`);
        const [download] = await Promise.all([tablet.waitForEvent('download'), tablet.getByRole('button', { name: 'Xuất toàn bộ dữ liệu ra tệp' }).click()]);
        const exported = readFileSync(await download.path(), 'utf8');
        for (const title of ['Hội nghị trước khi ghi danh', 'Hội nghị soạn khi mất mạng', 'Hội nghị sau khi bị thu hồi']) {
          assert.ok(exported.includes(title), `the exported file holds "${title}"`);
        }
        assert.deepEqual(cspViolations, [], 'the app runs under the Content-Security-Policy');
      } finally {
        await tabletBrowser.close();
        await office.close();
      }
    },
  },
];
