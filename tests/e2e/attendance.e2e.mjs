/**
 * Attendance at the door, as the office staff do it: paste the invitation list,
 * check people in by typing bits of their names on a keyboard without Vietnamese
 * input, add a walk-in, and find everything still there after an offline reload.
 * Then axe on the attendance tab in its busy states, and the tablet layout in
 * both orientations.
 */
import { assert, axeViolations, expectVisible, setUpThroughSession, waitForServiceWorker, waitUntil } from './helpers.mjs';

/** 30 invitees, `Họ tên; Thôn/Tổ; Chức vụ`. */
const INVITEES = [
  'Nguyễn Văn An; Thôn 1; Trưởng thôn',
  'Trần Thị Bình; Thôn 1',
  'Lê Văn Cường; Thôn 2',
  'Phạm Thị Dung; Thôn 2',
  'Hoàng Văn Em; Thôn 3',
  'Đặng Văn Đức; Thôn 3; Bí thư chi bộ',
  'Vũ Thị Giang; Thôn 4',
  'Bùi Văn Hải; Thôn 4',
  'Đỗ Thị Hạnh; Thôn 5',
  'Ngô Văn Hùng; Thôn 5',
  'Dương Thị Hương; Thôn 6',
  'Lý Văn Khánh; Thôn 6',
  'Phan Thị Lan; Thôn 7',
  'Trịnh Văn Long; Thôn 7',
  'Mai Thị Loan; Tổ dân phố 1',
  'Đinh Văn Mạnh; Tổ dân phố 1',
  'Tạ Thị Minh; Tổ dân phố 2',
  'Lưu Văn Nam; Tổ dân phố 2',
  'Cao Thị Nga; Tổ dân phố 3',
  'Hồ Văn Nghĩa; Tổ dân phố 3',
  'Kiều Thị Oanh; Tổ dân phố 4',
  'Lâm Văn Phúc; Tổ dân phố 4',
  'Chu Thị Quyên; Thôn 8',
  'Tô Văn Sơn; Thôn 8',
  'Quách Thị Tâm; Thôn 9',
  'Hà Văn Thắng; Thôn 9',
  'Lương Thị Thu; Thôn 10',
  'Khổng Văn Toàn; Thôn 10',
  'Âu Thị Uyên; Thôn 11',
  'Nguyễn Thị Yến; Thôn 11; ; Công ty TNHH Minh Phát',
];
const BAD_LINE = '; Thôn 12; Trưởng thôn';

const tabLink = (page) => page.getByRole('navigation', { name: 'Khu làm việc của buổi' }).getByRole('link', { name: 'Điểm danh' });
const searchBox = (page) => page.getByLabel('Tìm người dự: họ tên hoặc thôn/tổ');
const results = (page) => page.getByRole('list', { name: 'Kết quả tìm kiếm' });
const summary = (page) => page.getByText(/^Có mặt \d+ người:/);

async function openAttendance(page) {
  await tabLink(page).click();
  await waitUntil(() => page.url().includes('tab=attendance'), 'the attendance tab URL');
  await expectVisible(searchBox(page), 'the check-in search box');
}

async function pasteList(page, lines, group = 'Người dân, doanh nghiệp') {
  const form = page.getByRole('form', { name: 'Dán cả danh sách' });
  await form.getByLabel('Nhóm của các dòng không ghi nhóm').selectOption({ label: group });
  await form.getByLabel('Danh sách, mỗi dòng một người').fill(lines.join('\n'));
  await form.getByRole('button', { name: 'Nhập danh sách' }).click();
}

/** Types like a person, key by key, into an emptied search box. */
async function search(page, text) {
  const box = searchBox(page);
  await box.fill('');
  await box.pressSequentially(text, { delay: 15 });
  // The list says which query it shows: it is up to date once that matches.
  await waitUntil(async () => (await results(page).getAttribute('data-query')) === text.trim(), `results for "${text}"`);
}

async function expectSummary(page, text) {
  await waitUntil(async () => (await summary(page).innerText()).trim() === text, `the summary "${text}"`, { timeout: 5000 }).catch(async (e) => {
    throw new Error(`${e.message}; it says "${await summary(page).innerText().catch(() => '?')}"`);
  });
}

/** @type {{ name: string, timeout?: number, fn: (t: any) => Promise<void> }[]} */
export const tests = [
  {
    name: 'paste 30 invitees, check in by partial names without diacritics, a walk-in, then reload offline',
    timeout: 120_000,
    fn: async (t) => {
      const { page, context, baseURL } = t;
      t.step('unit, conference, session; the attendance tab');
      await setUpThroughSession(page, baseURL);
      await openAttendance(page);
      await expectSummary(page, 'Có mặt 0 người: 0/0 người được mời, 0 người không có giấy mời.');

      t.step('paste the list with one bad line');
      await pasteList(page, [...INVITEES.slice(0, 15), BAD_LINE, ...INVITEES.slice(15)]);
      await expectVisible(page.getByText('Đã nhập 30 người vào nhóm «Người dân, doanh nghiệp».'), 'the import message');
      const box = page.getByLabel('Danh sách, mỗi dòng một người');
      assert.equal(await box.inputValue(), BAD_LINE, 'only the bad line is left in the box');
      await expectVisible(page.getByText('Dòng 1 «; Thôn 12; Trưởng thôn»: thiếu họ tên.'), 'the bad line’s reason');
      await expectSummary(page, 'Có mặt 0 người: 0/30 người được mời, 0 người không có giấy mời.');
      await expectVisible(page.getByRole('list', { name: 'Người dân, doanh nghiệp: 0/30 có mặt' }), 'the 30 in their group');

      t.step('check in by partial names typed without diacritics');
      await search(page, 'nguyen van');
      assert.deepEqual(await results(page).getByRole('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label'))), [
        'Đánh dấu có mặt: Nguyễn Văn An',
      ]);
      await searchBox(page).press('Enter');
      await expectVisible(results(page).getByRole('button', { name: 'Bỏ đánh dấu có mặt: Nguyễn Văn An' }), 'Nguyễn Văn An present');

      await search(page, 'dang duc');
      await searchBox(page).press('Enter');
      await expectVisible(page.getByRole('status').filter({ hasText: 'Đã đánh dấu có mặt: Đặng Văn Đức.' }), 'the announcement');

      await search(page, 'tran thi b');
      await results(page).getByRole('button', { name: 'Đánh dấu có mặt: Trần Thị Bình' }).click();
      await expectVisible(results(page).getByRole('button', { name: 'Bỏ đánh dấu có mặt: Trần Thị Bình' }), 'Trần Thị Bình present');

      // By village: several match, the right one is tapped.
      await search(page, 'thon 7');
      await results(page).getByRole('button', { name: 'Đánh dấu có mặt: Trịnh Văn Long' }).click();
      await expectVisible(results(page).getByRole('button', { name: 'Bỏ đánh dấu có mặt: Trịnh Văn Long' }), 'Trịnh Văn Long present');
      await expectSummary(page, 'Có mặt 4 người: 4/30 người được mời, 0 người không có giấy mời.');

      t.step('a mistaken tap is undone');
      await search(page, 'khong van');
      await results(page).getByRole('button', { name: 'Đánh dấu có mặt: Khổng Văn Toàn' }).click();
      await expectSummary(page, 'Có mặt 5 người: 5/30 người được mời, 0 người không có giấy mời.');
      await results(page).getByRole('button', { name: 'Bỏ đánh dấu có mặt: Khổng Văn Toàn' }).click();
      await expectSummary(page, 'Có mặt 4 người: 4/30 người được mời, 0 người không có giấy mời.');

      t.step('a walk-in from the search box');
      await search(page, 'Vũ Thị Khách');
      await page.getByRole('button', { name: 'Thêm người dự mới: Vũ Thị Khách' }).click();
      await expectSummary(page, 'Có mặt 5 người: 4/30 người được mời, 1 người không có giấy mời.');
      assert.equal(await searchBox(page).inputValue(), '', 'the search box is emptied for the next person');
      const citizens = page.getByRole('table').first().getByRole('row', { name: /Người dân, doanh nghiệp/ });
      assert.deepEqual(await citizens.getByRole('cell').allInnerTexts(), ['30', '5']);

      t.step('offline reload keeps everything');
      await waitForServiceWorker(page);
      await context.setOffline(true);
      await page.reload();
      await expectVisible(searchBox(page), 'the check-in box after an offline reload');
      await expectSummary(page, 'Có mặt 5 người: 4/30 người được mời, 1 người không có giấy mời.');
      await expectVisible(page.getByRole('list', { name: 'Người dân, doanh nghiệp: 5/31 có mặt' }), 'the list by group, offline');
      await search(page, 'khach');
      await expectVisible(results(page).getByRole('button', { name: 'Bỏ đánh dấu có mặt: Vũ Thị Khách' }), 'the walk-in, offline');

      t.step('offline: check in one more');
      await search(page, 'yen');
      await searchBox(page).press('Enter');
      await expectSummary(page, 'Có mặt 6 người: 5/30 người được mời, 1 người không có giấy mời.');
      await page.reload();
      await expectSummary(page, 'Có mặt 6 người: 5/30 người được mời, 1 người không có giấy mời.');
    },
  },

  {
    name: 'axe: no violations on the attendance tab, and large targets on a tablet in both orientations',
    timeout: 120_000,
    fn: async (t) => {
      const { page, baseURL } = t;
      const found = [];
      await setUpThroughSession(page, baseURL);
      await openAttendance(page);

      t.step('empty tab');
      found.push(...(await axeViolations(page, 'attendance (empty)')));

      t.step('with a list, a bad pasted line, results and a present person');
      await pasteList(page, [...INVITEES.slice(0, 10), BAD_LINE]);
      await expectVisible(page.getByText('Đã nhập 10 người vào nhóm «Người dân, doanh nghiệp».'), 'the import message');
      await search(page, 'van');
      await results(page).getByRole('button').first().click();
      await expectSummary(page, 'Có mặt 1 người: 1/10 người được mời, 0 người không có giấy mời.');
      found.push(...(await axeViolations(page, 'attendance (list, results, paste error)')));

      t.step('form errors');
      await page.getByRole('form', { name: 'Thêm từng người' }).getByRole('button', { name: 'Thêm vào danh sách' }).click();
      await expectVisible(page.getByText('Không được để trống.'), 'the name error');
      found.push(...(await axeViolations(page, 'attendance (form errors)')));

      t.step('two bridge points: site choice and counts by site');
      const sites = page.getByRole('form', { name: 'Thêm điểm cầu' });
      for (const name of ['Hội trường UBND xã', 'Nhà văn hóa thôn 3']) {
        await sites.getByLabel('Tên điểm cầu').fill(name);
        await sites.getByRole('button', { name: 'Thêm điểm cầu' }).click();
        await expectVisible(page.getByRole('list', { name: 'Các điểm cầu của buổi' }).getByText(name, { exact: true }), name);
      }
      await page.getByLabel('Máy này đang ở điểm cầu').selectOption({ label: 'Nhà văn hóa thôn 3' });
      await search(page, 'Khách Mới');
      await page.getByRole('button', { name: 'Thêm người dự mới: Khách Mới' }).click();
      await expectVisible(page.getByRole('table', { name: 'Theo điểm cầu' }), 'the counts by bridge point');
      await search(page, 'khach');
      await expectVisible(results(page).getByText(/Điểm cầu: Nhà văn hóa thôn 3/), 'the walk-in’s site on its row');
      found.push(...(await axeViolations(page, 'attendance (bridge points)')));

      if (found.length) {
        const lines = found.map((v) => `  [${v.where}] ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `      ${n.target}`).join('\n')}`);
        throw new Error(`${found.length} axe violation(s):\n${lines.join('\n')}`);
      }

      for (const [label, viewport] of [
        ['portrait', { width: 800, height: 1280 }],
        ['landscape', { width: 1280, height: 800 }],
        // Between the two: where a two-column layout once overflowed sideways.
        ['landscape 1024', { width: 1024, height: 768 }],
      ]) {
        t.step(`10-inch tablet, ${label}`);
        await page.setViewportSize(viewport);
        await search(page, 'thi');
        const layout = await page.evaluate(() => {
          const controls = [...document.querySelectorAll('.att button, .att input, .att select, .att textarea')].filter((el) => el.getClientRects().length > 0);
          const small = controls
            .map((el) => ({ el, r: el.getBoundingClientRect() }))
            .filter(({ r }) => r.height < 48 || r.width < 48)
            .map(({ el, r }) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
          const row = document.querySelector('.att-results button')?.getBoundingClientRect();
          return { small, overflow: document.documentElement.scrollWidth - window.innerWidth, rowHeight: row?.height ?? 0 };
        });
        assert.deepEqual(layout.small, [], `controls smaller than 48 px in ${label}`);
        assert.ok(layout.overflow <= 0, `no sideways scrolling in ${label} (overflow ${layout.overflow} px)`);
        assert.ok(layout.rowHeight >= 56, `check-in rows are large in ${label} (${layout.rowHeight} px)`);
      }
    },
  },
];

/** Vietnam's wall clock 'HH:mm' at an instant, computed here independently of the app. */
const vietnamHHmm = (ms) => new Date(ms + 7 * 3_600_000).toISOString().slice(11, 16);

tests.push(
  {
    name: 'a device set to New York shows Vietnam hours: the check-in time of a walk-in',
    timezoneId: 'America/New_York',
    fn: async (t) => {
      const { page, baseURL } = t;
      await setUpThroughSession(page, baseURL);
      // The control: the browser really is on New York time.
      const offset = await page.evaluate(() => new Date().getTimezoneOffset());
      assert.ok(offset === 240 || offset === 300, `the browser runs in New York (offset ${offset})`);
      await openAttendance(page);
      const before = vietnamHHmm(Date.now());
      await search(page, 'Khách Giờ Việt');
      await page.getByRole('button', { name: 'Thêm người dự mới: Khách Giờ Việt' }).click();
      await search(page, 'khach gio');
      const row = results(page).getByRole('button', { name: 'Bỏ đánh dấu có mặt: Khách Giờ Việt' });
      await expectVisible(row, 'the walk-in, present');
      const after = vietnamHHmm(Date.now());
      const text = await row.innerText();
      const shown = /Có mặt lúc (\d{2}:\d{2})/.exec(text)?.[1];
      assert.ok(shown === before || shown === after, `the check-in time is Vietnam's (${before}), got "${text}"`);
    },
  },
  {
    name: 'on a 390 px phone: no sideways scroll on the attendance tab, the tabs in one row or a scrolling strip',
    viewport: { width: 390, height: 844 },
    timeout: 90_000,
    fn: async (t) => {
      const { page, baseURL } = t;
      await setUpThroughSession(page, baseURL);
      await openAttendance(page);
      await pasteList(page, [...INVITEES.slice(0, 6), BAD_LINE]);
      await expectVisible(page.getByText(/^1 dòng chưa nhập được/), 'the bad line kept');
      await search(page, 'Khách Điện Thoại');
      await page.getByRole('button', { name: 'Thêm người dự mới: Khách Điện Thoại' }).click();
      await expectVisible(page.getByRole('form', { name: 'Thông tin thêm của Khách Điện Thoại' }), 'the walk-in follow-up form');
      await page.getByRole('form', { name: 'Thêm từng người' }).getByRole('button', { name: 'Thêm vào danh sách' }).click();
      await expectVisible(page.getByText('Không được để trống.'), 'the name error');
      const layout = await page.evaluate(() => {
        const nav = document.querySelector('nav.tabs');
        const tabs = [...(nav?.querySelectorAll('a') ?? [])].map((a) => a.getBoundingClientRect());
        const rows = new Set(tabs.map((r) => Math.round(r.top + (nav?.scrollTop ?? 0))));
        const wide = [...document.querySelectorAll('main *')]
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.right > window.innerWidth + 1 && !el.closest('nav.tabs');
          })
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`);
        return {
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          wide,
          tabRows: rows.size,
          navScrolls: nav ? nav.scrollWidth > nav.clientWidth && getComputedStyle(nav).overflowX !== 'visible' : false,
        };
      });
      assert.ok(layout.overflow <= 0, `no sideways scrolling at 390 px (overflow ${layout.overflow} px: ${layout.wide.join(', ')})`);
      assert.ok(layout.tabRows === 1, `the tabs are one row or one scrolling strip, not ${layout.tabRows} rows`);

      t.step('the conference page and the registration form at 390 px');
      await page.getByRole('link', { name: 'Quay lại' }).click();
      await expectVisible(page.getByRole('form', { name: 'Thêm buổi đối thoại' }), 'the conference page');
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok((await overflow()) <= 0, `no sideways scrolling on the conference page (${await overflow()} px)`);
      await page.getByRole('link', { name: /^Phiếu đăng ký/ }).click();
      await expectVisible(page.getByRole('form', { name: 'Nhập phiếu đăng ký' }), 'the registration form');
      assert.ok((await overflow()) <= 0, `no sideways scrolling on the registration form (${await overflow()} px)`);
    },
  },
);
