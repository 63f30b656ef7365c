/**
 * The foundation's promise: a secretary sets up the unit, a conference and its
 * sessions, and all of it keeps working with no network and no server. Also the
 * forms' messages, the language switch, storage status and accessibility.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONFERENCE_TITLE,
  addSession,
  assert,
  axeViolations,
  expectVisible,
  fieldError,
  openHome,
  openSession,
  setUpThroughSession,
  setUpUnit,
  createConference,
  vietnamDate,
  waitForServiceWorker,
  waitUntil,
} from './helpers.mjs';
import { ROOT } from './harness.mjs';

/** @type {{ name: string, timeout?: number, fn: (t: any) => Promise<void> }[]} */
export const tests = [
  {
    name: 'set up a unit, a conference and a session, then keep working offline with the server stopped',
    timeout: 90_000,
    fn: async (t) => {
      const { page, context, baseURL } = t;

      t.step('online: unit, conference, session');
      const { sessionId, venue } = await setUpThroughSession(page, baseURL);

      t.step('service worker takes control');
      await waitForServiceWorker(page);

      t.step('offline reload of the session workspace');
      await context.setOffline(true);
      await page.reload();
      await expectVisible(page.getByRole('heading', { level: 1, name: venue }), 'the session workspace after an offline reload');
      await expectVisible(page.getByRole('status').filter({ hasText: 'Ngoại tuyến' }), 'the offline badge');

      t.step('offline: back to the conference, add a second session, open it');
      await page.getByRole('link', { name: 'Quay lại' }).click();
      await expectVisible(page.getByRole('heading', { level: 1, name: CONFERENCE_TITLE }), 'the conference page offline');
      const venue2 = 'Nhà văn hóa thôn 5';
      await addSession(page, { venue: venue2, date: vietnamDate(31), start: '14:00', end: '16:30' });
      const sessionId2 = await openSession(page, venue2);
      assert.notEqual(sessionId2, sessionId);

      t.step('server stopped: reload, still offline');
      await t.stopServer();
      await page.reload();
      await expectVisible(page.getByRole('heading', { level: 1, name: venue2 }), 'the second session after reload with the server stopped');

      t.step('server stopped: the conference still lists both sessions');
      await page.getByRole('link', { name: 'Quay lại' }).click();
      await expectVisible(page.getByRole('heading', { level: 1, name: CONFERENCE_TITLE }), 'the conference page with the server stopped');
      const sessions = page.getByRole('list', { name: 'Các buổi đối thoại' }).getByRole('listitem');
      await waitUntil(async () => (await sessions.count()) === 2, 'two sessions in the list');

      t.step('server stopped: deep link to the first session');
      await page.goto(`${baseURL}/sessions/${sessionId}`);
      await expectVisible(page.getByRole('heading', { level: 1, name: venue }), 'the first session opened by its URL, offline');
      await page.getByRole('link', { name: 'Biên bản' }).click();
      await waitUntil(() => page.url().includes('tab=minutes'), 'the minutes tab URL');
      await expectVisible(
        page.getByRole('link', { name: 'Biên bản' }).and(page.locator('[aria-current="page"]')),
        'the minutes tab marked current',
      );

      t.step('server stopped: the home page lists the conference');
      await page.goto(`${baseURL}/`);
      await expectVisible(page.getByRole('link', { name: CONFERENCE_TITLE }), 'the conference on the home page, offline');
    },
  },

  {
    name: 'session form shows each message next to its field',
    fn: async (t) => {
      const { page, baseURL } = t;
      await openHome(page, baseURL);
      await setUpUnit(page);
      await createConference(page);
      const form = page.getByRole('form', { name: 'Thêm buổi đối thoại' });
      const venue = form.getByLabel('Địa điểm', { exact: true });
      const date = form.getByLabel('Ngày', { exact: true });

      t.step('empty form');
      await form.getByRole('button', { name: 'Thêm', exact: true }).click();
      await waitUntil(async () => (await fieldError(venue)).includes('Không được để trống.'), '"Không được để trống." next to "Địa điểm"');
      await expectVisible(
        form.getByRole('alert').filter({ hasText: 'Vui lòng sửa các trường được đánh dấu.' }),
        'the form summary message',
      );

      t.step('impossible date');
      await date.fill('31/02/2026');
      await venue.fill('Hội trường UBND xã');
      await form.getByRole('button', { name: 'Thêm', exact: true }).click();
      await waitUntil(async () => (await fieldError(date)).includes('Không có ngày này trong lịch'), '"Không có ngày này trong lịch" next to "Ngày"');
      assert.equal(await fieldError(venue), '', 'the venue, now filled, has no message');
      assert.ok(await date.evaluate((el) => el === document.activeElement), 'the focus is on the date, the first field in error');

      t.step('a session a century ago');
      await date.fill('15/12/1926');
      await form.getByRole('button', { name: 'Thêm', exact: true }).click();
      await waitUntil(async () => (await fieldError(date)).includes('quá xa trong quá khứ'), 'the too-far-back message next to "Ngày"');

      t.step('end before start');
      await date.fill(vietnamDate(30));
      await form.getByLabel('Bắt đầu', { exact: true }).fill('14:00');
      await form.getByLabel('Kết thúc', { exact: true }).fill('13:00');
      await form.getByRole('button', { name: 'Thêm', exact: true }).click();
      const end = form.getByLabel('Kết thúc', { exact: true });
      await waitUntil(
        async () => (await fieldError(end)).includes('Giờ kết thúc phải sau giờ bắt đầu.'),
        'the end-before-start message next to "Kết thúc"',
      );

      t.step('a bad start time is marked on the start only');
      const start = form.getByLabel('Bắt đầu', { exact: true });
      await start.fill('25:00');
      await form.getByRole('button', { name: 'Thêm', exact: true }).click();
      await waitUntil(async () => (await fieldError(start)).includes('Giờ phải từ 00:00 đến 23:59.'), 'the out-of-range message next to "Bắt đầu"');
      assert.equal(await fieldError(end), '', 'no second message under "Kết thúc"');

      t.step('fixed: "7h30" is read as 07:30, the session is added and the form is cleared');
      await start.fill('7h30');
      await end.fill('16:00');
      await form.getByRole('button', { name: 'Thêm', exact: true }).click();
      await expectVisible(
        page.getByRole('list', { name: 'Các buổi đối thoại' }).getByRole('link', { name: 'Hội trường UBND xã' }),
        'the session in the list',
      );
      await expectVisible(page.getByRole('list', { name: 'Các buổi đối thoại' }).getByText(/07:30–16:00/), 'the session from 07:30 to 16:00');
      assert.equal(await date.inputValue(), '', 'the date field is cleared after adding');
    },
  },

  {
    name: 'language switch in Cài đặt goes to English and back, and survives a reload',
    fn: async (t) => {
      const { page, baseURL } = t;
      await openHome(page, baseURL);
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Cài đặt' }).click();
      await expectVisible(page.getByRole('heading', { level: 1, name: 'Cài đặt' }), 'the settings page');

      await page.getByRole('radio', { name: 'English' }).check();
      await expectVisible(page.getByRole('heading', { level: 1, name: 'Settings' }), 'the settings heading in English');
      await expectVisible(
        page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Conferences' }),
        'the navigation in English',
      );
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', '<html lang> follows the language');

      await page.reload();
      await expectVisible(page.getByRole('heading', { level: 1, name: 'Settings' }), 'English kept after a reload');

      await page.getByRole('radio', { name: 'Tiếng Việt' }).check();
      await expectVisible(page.getByRole('heading', { level: 1, name: 'Cài đặt' }), 'the settings heading back in Vietnamese');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'vi');
    },
  },

  {
    name: 'settings shows whether storage is persistent',
    fn: async (t) => {
      const { page, baseURL } = t;
      await page.goto(`${baseURL}/settings`);
      await expectVisible(page.getByRole('heading', { name: 'Lưu trữ' }), 'the storage section');
      const status = page.getByRole('status').filter({
        hasText: /Dữ liệu được lưu bền vững|Trình duyệt chưa cho lưu bền vững|Trình duyệt này không hỗ trợ lưu bền vững/,
      });
      await expectVisible(status, 'a storage persistence status text');
      await expectVisible(page.getByText(/^Đã dùng .+ \/ .+/), 'the storage usage line');
    },
  },

  {
    name: 'axe: no accessibility violations on home, conference, session workspace and settings',
    timeout: 90_000,
    fn: async (t) => {
      const { page, baseURL } = t;
      const found = [];
      t.step('home (first run, with the unit set-up form)');
      await openHome(page, baseURL);
      await expectVisible(page.getByRole('heading', { name: 'Thiết lập đơn vị' }), 'the unit set-up form');
      found.push(...(await axeViolations(page, 'home (first run)')));

      t.step('conference, session');
      await setUpThroughSession(page, baseURL);
      found.push(...(await axeViolations(page, 'session workspace')));
      await page.getByRole('link', { name: 'Quay lại' }).click();
      await expectVisible(page.getByRole('heading', { level: 1, name: CONFERENCE_TITLE }), 'the conference page');
      found.push(...(await axeViolations(page, 'conference')));

      t.step('conference form with errors shown');
      await page.getByRole('form', { name: 'Thêm buổi đối thoại' }).getByRole('button', { name: 'Thêm', exact: true }).click();
      await expectVisible(page.getByText('Không được để trống.'), 'a field error');
      found.push(...(await axeViolations(page, 'conference (form errors)')));

      t.step('home with a conference');
      await openHome(page, baseURL);
      await expectVisible(page.getByRole('link', { name: CONFERENCE_TITLE }), 'the conference link');
      found.push(...(await axeViolations(page, 'home')));

      t.step('settings');
      await page.goto(`${baseURL}/settings`);
      await expectVisible(page.getByRole('heading', { level: 1, name: 'Cài đặt' }), 'the settings page');
      await expectVisible(page.getByLabel('Tên đơn vị'), 'the unit form in settings');
      found.push(...(await axeViolations(page, 'settings')));

      if (found.length) {
        const dir = join(ROOT, 'tests', 'e2e', '.artifacts');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'axe-violations.json'), JSON.stringify(found, null, 2));
        const lines = found.map(
          (v) => `  [${v.where}] ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `      ${n.target}`).join('\n')}`,
        );
        throw new Error(`${found.length} axe violation(s):\n${lines.join('\n')}`);
      }
    },
  },
];

tests.push({
  name: 'corrections: a conference and a session edited, a session deleted after confirming, the agenda corrected, a department whose field has a comma',
  timeout: 90_000,
  fn: async (t) => {
    const { page, baseURL } = t;
    const found = [];
    await openHome(page, baseURL);
    await setUpUnit(page);
    await createConference(page);
    await addSession(page, { venue: 'Nhà văn hóa thôn 3' });
    await addSession(page, { venue: 'Hội trường UBND xã', date: vietnamDate(31) });

    t.step('the conference corrected');
    await page.getByRole('button', { name: 'Sửa hội nghị' }).click();
    const confForm = page.getByRole('form', { name: 'Sửa hội nghị' });
    await confForm.getByLabel('Số kế hoạch').fill('82/KH-UBND');
    await confForm.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expectVisible(page.getByText(/Lần \d · \d{4} · 82\/KH-UBND/), 'the corrected plan number');

    t.step('a session corrected');
    const sessions = page.getByRole('list', { name: 'Các buổi đối thoại' });
    await sessions.getByRole('button', { name: 'Sửa: Nhà văn hóa thôn 3' }).click();
    const sessionForm = page.getByRole('form', { name: 'Sửa buổi: Nhà văn hóa thôn 3' });
    await sessionForm.getByLabel('Địa điểm', { exact: true }).fill('Nhà văn hóa thôn 4');
    await sessionForm.getByLabel('Bắt đầu', { exact: true }).fill('8h');
    await sessionForm.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expectVisible(sessions.getByRole('link', { name: 'Nhà văn hóa thôn 4' }), 'the corrected venue');
    await expectVisible(sessions.getByText(/08:00–11:30 · Nhà văn hóa thôn 4/), 'the corrected start');

    t.step('a session deleted after confirming');
    await sessions.getByRole('button', { name: 'Xóa: Hội trường UBND xã' }).click();
    const confirm = page.getByRole('group', { name: /Xóa buổi «Hội trường UBND xã»/ });
    await expectVisible(confirm, 'the confirmation');
    found.push(...(await axeViolations(page, 'conference (confirm delete)')));
    await confirm.getByRole('button', { name: 'Xóa', exact: true }).click();
    await waitUntil(async () => (await sessions.getByRole('link').count()) === 1, 'one session left');
    await page.reload();
    await expectVisible(page.getByRole('list', { name: 'Các buổi đối thoại' }).getByRole('link', { name: 'Nhà văn hóa thôn 4' }), 'the session kept after a reload');
    assert.equal(await page.getByRole('link', { name: 'Hội trường UBND xã' }).count(), 0, 'the deleted session stays deleted');

    t.step('the agenda: a new item opens empty, an item skipped, a delete undone');
    await openSession(page, 'Nhà văn hóa thôn 4');
    await page.getByRole('navigation', { name: 'Khu làm việc của buổi' }).getByRole('link', { name: 'Chương trình' }).click();
    await page.getByRole('button', { name: 'Thêm mục', exact: true }).click();
    const newItem = page.getByRole('form', { name: 'Mục mới' });
    await expectVisible(newItem, 'the empty new item');
    assert.equal(await newItem.getByLabel('Nội dung mục mới').inputValue(), '', 'the new item starts empty');
    found.push(...(await axeViolations(page, 'agenda (new item)')));
    await newItem.getByLabel('Nội dung mục mới').fill('Phát phiếu khảo sát');
    await newItem.getByRole('button', { name: 'Thêm vào chương trình' }).click();
    await expectVisible(page.getByRole('button', { name: 'Xóa: Phát phiếu khảo sát' }), 'the new item in the agenda');
    await page.getByRole('button', { name: /^Bỏ qua mục này: Đại biểu cấp trên/ }).click();
    await expectVisible(page.getByRole('button', { name: /^Không bỏ qua nữa: Đại biểu cấp trên/ }), 'the skipped item');
    await page.getByRole('button', { name: 'Xóa: Phát phiếu khảo sát' }).click();
    await expectVisible(page.getByText('Đã xóa mục «Phát phiếu khảo sát».'), 'the undo bar');
    found.push(...(await axeViolations(page, 'agenda (skipped item, undo bar)')));
    await page.getByRole('button', { name: 'Hoàn tác' }).click();
    await expectVisible(page.getByRole('button', { name: 'Xóa: Phát phiếu khảo sát' }), 'the item back after the undo');

    t.step('a department with a field whose name has a comma');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Cài đặt' }).click();
    const departments = page.getByRole('form', { name: 'Phòng, ban chuyên môn' });
    await departments.getByLabel('Tên phòng, ban').fill('Công an xã');
    await departments.getByLabel('Thêm lĩnh vực').fill('Đăng ký, quản lý cư trú');
    await departments.getByLabel('Thêm lĩnh vực').press('Enter');
    await departments.getByRole('button', { name: 'Thêm', exact: true }).click();
    await expectVisible(page.getByText('· Đăng ký, quản lý cư trú'), 'the department with one field');
    await page.getByRole('button', { name: 'Xóa: Công an xã' }).click();
    await expectVisible(page.getByRole('group', { name: 'Xóa Công an xã?' }), 'the department confirmation');
    found.push(...(await axeViolations(page, 'settings (department confirm, field lists)')));
    if (found.length) {
      const lines = found.map((v) => `  [${v.where}] ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `      ${n.target}`).join('\n')}`);
      throw new Error(`${found.length} axe violation(s):\n${lines.join('\n')}`);
    }
  },
});
