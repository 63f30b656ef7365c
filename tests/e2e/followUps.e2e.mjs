/**
 * After the room, offline: a session held a month ago, every kind of disposition marked in the
 * minutes, and the follow-up dashboard listing what is owed with its due dates, the overdue
 * written reply first and marked in words (issue 9 items 4-5).
 */
import { addDepartment, addSession, addSpeaker, assert, axeViolations, createConference, expectVisible, markOutcome, openHome, openSession, setUpUnit, vietnamDate, waitForServiceWorker } from './helpers.mjs';

const SPEAKERS = [
  ['Trần Thị Hoa', 'Thôn 1', 'Thời gian cấp giấy chứng nhận quyền sử dụng đất', 'Trả lời bằng văn bản'],
  ['Lê Văn Bá', 'Thôn 2', 'Quy hoạch khu dân cư mới', 'Vượt thẩm quyền, báo cáo cấp trên'],
  ['Nguyễn Thị Lan', 'Tổ dân phố 4', 'Tranh chấp ranh giới đất', 'Hướng dẫn đến cơ quan có thẩm quyền'],
  ['Phạm Văn Đức', 'Thôn 5', 'Đăng ký khai sinh', 'Đã trả lời tại hội nghị'],
  ['Hoàng Văn Nam', 'Thôn 6', 'Khiếu nại quyết định thu hồi đất', 'Khiếu nại, tố cáo: ngoài đối thoại'],
];

export const tests = [
  {
    name: 'offline, dispositions of every kind become follow-ups with due dates; the overdue one stands out',
    timeout: 180_000,
    fn: async (t) => {
      const { page, baseURL, context } = t;
      await openHome(page, baseURL);
      await waitForServiceWorker(page);
      t.step('the tablet goes offline; everything after this is on the device');
      await context.setOffline(true);
      await setUpUnit(page);

      t.step('a department in Settings');
      await page.getByRole('link', { name: 'Cài đặt' }).click();
      await addDepartment(page, 'Phòng Kinh tế');
      await expectVisible(page.getByRole('region', { name: 'Lịch làm việc: ngày nghỉ, ngày làm bù' }), 'the calendar card');

      t.step('a conference with a session held a month ago');
      await page.getByRole('link', { name: 'Hội nghị', exact: true }).click();
      await createConference(page);
      const venue = 'Nhà văn hóa thôn 3';
      await addSession(page, { venue, date: vietnamDate(-30) });
      await openSession(page, venue);

      t.step('five speakers heard');
      await expectVisible(page.getByRole('heading', { name: 'Đang phát biểu' }), 'the floor card');
      for (const s of SPEAKERS) await addSpeaker(page, s);
      const floor = page.getByRole('heading', { name: 'Đang phát biểu' }).locator('..');
      for (const [name] of SPEAKERS) {
        await page.getByRole('button', { name: 'Mời người tiếp theo' }).click();
        await expectVisible(floor.getByText(name, { exact: true }), `${name} on the floor`);
      }
      await page.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
      await page.getByRole('button', { name: 'Kết thúc lượt' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Đã phát biểu (5)' }), 'five speakers done');

      t.step('the secretary marks a disposition of every kind in the minutes');
      await page.getByRole('link', { name: 'Biên bản', exact: true }).click();
      for (const [name, , , outcome] of SPEAKERS) await markOutcome(page, name, outcome, outcome === 'Trả lời bằng văn bản' ? 'Phòng Kinh tế' : '');
      const minutesDue = await page.getByRole('article', { name: 'Trần Thị Hoa' }).getByText(/Hạn trả lời: \d\d\/\d\d\/\d{4}/).innerText();

      t.step('the dashboard: three follow-ups, the written reply overdue and first');
      await page.getByRole('link', { name: 'Theo dõi trả lời' }).click();
      const open = page.getByRole('list', { name: 'Việc chưa xong' });
      await expectVisible(open, 'the open follow-ups');
      await page.waitForFunction(() => document.querySelectorAll('[aria-labelledby="follow-ups-open"] > li').length === 3, null, { timeout: 15_000 });
      const items = open.getByRole('listitem');
      const first = items.first();
      await expectVisible(first.getByText(/⚠ QUÁ HẠN \d+ ngày/), 'the overdue mark in words');
      assert.ok((await first.innerText()).includes('Trần Thị Hoa'), 'the written reply is listed first');
      assert.equal(await first.getAttribute('data-state'), 'overdue');
      assert.ok(await first.evaluate((el) => parseFloat(getComputedStyle(el).borderLeftWidth) >= 6), 'the overdue item has its thick edge');
      // The same due date as the minutes showed: one calendar, counted from the session's day.
      const dueText = minutesDue.match(/\d\d\/\d\d\/\d{4}/)[0];
      assert.ok((await first.innerText()).includes(`Hạn trả lời: ${dueText}`), `due ${dueText} on the dashboard`);
      const texts = await items.allInnerTexts();
      assert.ok(texts.some((x) => x.includes('Báo cáo cấp trên') && x.includes('Lê Văn Bá')), 'the report upward');
      assert.ok(texts.some((x) => x.includes('Hướng dẫn bằng văn bản') && x.includes('Nguyễn Thị Lan')), 'the written guidance');
      assert.ok(texts.every((x) => /Hạn thông báo kết quả: \d\d\/\d\d\/\d{4}/.test(x)), 'each with the notice-of-results due date');
      assert.ok(texts.every((x) => !x.includes('Phạm Văn Đức') && !x.includes('Hoàng Văn Nam')), 'nothing for an answer in the room or a complaint');

      t.step('a reply is recorded from the dashboard');
      await first.getByRole('button', { name: 'Ghi nhận trả lời' }).click();
      await first.getByLabel('Số văn bản trả lời').fill('15/UBND-KT');
      await first.getByLabel('Ngày văn bản').fill(vietnamDate(-1));
      await first.getByLabel('Cách báo cho người dân').selectOption({ label: 'Bưu điện' });
      await first.getByRole('button', { name: 'Lưu trả lời' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[aria-labelledby="follow-ups-open"] > li').length === 2, null, { timeout: 10_000 });
      const byDept = page.getByRole('table', { name: 'Theo phòng, ban' });
      await expectVisible(byDept.getByRole('row', { name: /Phòng Kinh tế/ }), 'the department row');
      // Replied after its due date: done, and counted late.
      assert.equal((await byDept.getByRole('row', { name: /Phòng Kinh tế/ }).innerText()).replace(/\s+/g, ' ').trim(), 'Phòng Kinh tế 0 0 1 1');

      t.step('accessibility of the dashboard');
      const violations = await axeViolations(page, 'follow-up dashboard');
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
    },
  },
];
