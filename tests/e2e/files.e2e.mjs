/**
 * A conference moves from one tablet to another with no network at all: the
 * first device works offline from its first minute (nothing ever reaches the
 * office server), exports the conference to a file (a real download); a second,
 * fresh device, offline too, is shown a damaged copy (refused, nothing changes)
 * and then the real file, and has the conference, its session and the minutes.
 */
import { readFileSync } from 'node:fs';
import {
  CONFERENCE_TITLE,
  UNIT_NAME,
  addSession,
  assert,
  axeViolations,
  createConference,
  expectVisible,
  fieldError,
  openHome,
  openSession,
  setUpUnit,
  waitForServiceWorker,
  waitUntil,
} from './helpers.mjs';

const VENUE = 'Nhà văn hóa thôn 3';
const NOTES = 'Ông Nguyễn Văn Đức, thôn Đông Hòa, hỏi về cấp giấy chứng nhận quyền sử dụng đất.';
const OPENING_NOTES = /^Ghi chép: Tuyên bố lý do/;

/** Opens the app once online (the service worker installs and precaches), then cuts the network and reloads. */
async function offlineDevice(page, context, baseURL) {
  await openHome(page, baseURL);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Các hội nghị đối thoại' }), 'the conference list, offline');
}

export const tests = [
  {
    name: 'export a conference on one device and import it on a fresh one, both offline: sessions and minutes arrive, a damaged file changes nothing',
    timeout: 150_000,
    fn: async (t) => {
      const { page, context, baseURL, browser } = t;

      t.step('device A, offline from the start: unit, conference, session');
      await offlineDevice(page, context, baseURL);
      await setUpUnit(page);
      await createConference(page);
      await addSession(page, { venue: VENUE });
      await openSession(page, VENUE);

      t.step('device A: the secretary writes the minutes');
      await page.getByRole('link', { name: 'Biên bản', exact: true }).click();
      const notes = page.getByLabel(OPENING_NOTES);
      await expectVisible(notes, 'the notes of the first agenda item');
      await notes.fill(NOTES);
      await expectVisible(page.getByRole('status').filter({ hasText: /^Đã lưu lúc/ }), 'the minutes saved on the device');
      // The editor stamps an entry's start ("[HH:mm] "): what B must show is what A holds, stamp included.
      const typedOnA = await notes.inputValue();
      assert.ok(typedOnA.endsWith(NOTES), `the notes on A: ${typedOnA}`);

      t.step('device A: Xuất tệp on the conference page downloads the file');
      await page.getByRole('link', { name: 'Quay lại' }).click();
      await expectVisible(page.getByRole('heading', { level: 1, name: CONFERENCE_TITLE }), 'the conference page');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất tệp hội nghị này' }).click()]);
      assert.match(download.suggestedFilename(), /^doithoai-hoi-nghi-doi-thoai-tthc-nam-2026-lan-1-\d{2}-\d{2}-\d{4}\.json$/);
      const bytes = readFileSync(await download.path());
      const file = JSON.parse(bytes.toString('utf8'));
      assert.equal(file.header.app, 'doithoai');
      assert.match(file.checksum, /^sha256:[0-9a-f]{64}$/);
      await expectVisible(page.getByRole('status').filter({ hasText: /^Đã xuất \d+ bản ghi và biên bản của 1 buổi/ }), 'the export summary');
      assert.deepEqual(await axeViolations(page, 'the conference page with its export'), []);

      const b = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      try {
        const pageB = await b.newPage();
        t.step('device B, fresh and offline');
        await offlineDevice(pageB, b, baseURL);
        await expectVisible(pageB.getByRole('heading', { name: 'Thiết lập đơn vị' }), 'the unit set-up of a fresh device');
        await pageB.getByRole('button', { name: 'Nhập tệp từ máy khác…' }).click();
        const input = pageB.getByLabel(/^Tệp đã xuất từ ứng dụng Đối thoại/);

        t.step('device B: a file cut short on the way is refused, next to the field, and nothing changes');
        await input.setInputFiles({ name: 'doithoai-hoi-nghi.json', mimeType: 'application/json', buffer: bytes.subarray(0, Math.floor(bytes.length / 2)) });
        await pageB.getByRole('button', { name: 'Nhập tệp', exact: true }).click();
        await waitUntil(async () => (await fieldError(input)).startsWith('Tệp không đầy đủ'), 'the truncated file refused next to the field');
        assert.match(await fieldError(input), /Dữ liệu trên máy này không thay đổi\.$/);
        assert.equal(await pageB.getByRole('list', { name: 'Các hội nghị đối thoại' }).count(), 0, 'no conference after a refused file');
        assert.deepEqual(await axeViolations(pageB, 'the import form with a refusal'), []);

        t.step('device B: the real file goes in, with a summary');
        await input.setInputFiles({ name: download.suggestedFilename(), mimeType: 'application/json', buffer: bytes });
        await pageB.getByRole('button', { name: 'Nhập tệp', exact: true }).click();
        await expectVisible(pageB.getByText(`Đã nhập tệp của ${UNIT_NAME}: hội nghị «${CONFERENCE_TITLE}»`, { exact: false }), 'the import summary');
        assert.equal(await fieldError(input), '');

        t.step('device B: the conference, its session and the minutes text');
        await pageB.getByRole('link', { name: `Mở hội nghị «${CONFERENCE_TITLE}»` }).click();
        await expectVisible(pageB.getByRole('heading', { level: 1, name: CONFERENCE_TITLE }), 'the imported conference');
        await openSession(pageB, VENUE);
        await pageB.getByRole('link', { name: 'Biên bản', exact: true }).click();
        const notesB = pageB.getByLabel(OPENING_NOTES);
        await expectVisible(notesB, 'the imported minutes');
        await waitUntil(async () => (await notesB.inputValue()) === typedOnA, 'the minutes text typed on device A');
      } finally {
        await b.close();
      }

      t.step('device A: everything from Settings, compressed');
      await page.getByRole('link', { name: 'Cài đặt' }).click();
      await page.getByLabel('Nén tệp (gzip, nhỏ hơn)').check();
      const [all] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất toàn bộ dữ liệu ra tệp' }).click()]);
      assert.match(all.suggestedFilename(), /^doithoai-ubnd-xa-thanh-tri-\d{2}-\d{2}-\d{4}\.json\.gz$/);
      const gz = readFileSync(await all.path());
      assert.deepEqual([gz[0], gz[1]], [0x1f, 0x8b]);
      await page.screenshot({ path: 'tests/e2e/.artifacts/files-settings.png', fullPage: true });
      assert.deepEqual(await axeViolations(page, 'Settings with the files card'), []);

      t.step('the office server never saw any of it (asked from outside the browsers, which are still offline)');
      const res = await fetch(`${baseURL}/api/sync/units`);
      if (res.status === 200) assert.deepEqual((await res.json()).units, [], 'the server keeps no unit: the data went by file only');
    },
  },
];
