/**
 * Issue 9's check, walked once as an office would, offline from the first screen to the last:
 * forms keyed before the conference (one late, one complaint, one near-duplicate of another),
 * routed; the session held; a disposition of every kind marked in the minutes; the follow-ups
 * with their due dates, the overdue ones standing out; a department assigned from the
 * dashboard and a reply recorded; survey forms tallied and the chart seen.
 *
 * The details of each screen are in registrations, followUps and survey.e2e.mjs; this file
 * checks that they join up (the form heard in a turn, the form never heard owed an answer, the
 * routing carried to the follow-up) and shares their steps through helpers.mjs.
 */
import {
  addDepartment,
  addSession,
  addSpeaker,
  assert,
  axeViolations,
  createConference,
  expectVisible,
  keyRegistrationForm,
  markOutcome,
  openHome,
  openSession,
  setUpUnit,
  vietnamDate,
  waitForServiceWorker,
} from './helpers.mjs';

const KT = 'Phòng Kinh tế';
const VP = 'Văn phòng HĐND và UBND';
/** The session a month ago; forms were due 10 days before it (the conference's default rule). */
const HELD = -30;

/** Walk-ins in the hall after the registered question, with the outcome the chair concludes. */
const WALK_INS = [
  ['Lê Văn Bá', 'Thôn 2', 'Quy hoạch khu dân cư mới', 'Vượt thẩm quyền, báo cáo cấp trên'],
  ['Nguyễn Thị Lan', 'Tổ dân phố 4', 'Tranh chấp ranh giới đất', 'Hướng dẫn đến cơ quan có thẩm quyền'],
  ['Phạm Văn Đức', 'Thôn 5', 'Đăng ký khai sinh', 'Đã trả lời tại hội nghị'],
  ['Hoàng Văn Nam', 'Thôn 6', 'Khiếu nại quyết định thu hồi đất', 'Khiếu nại, tố cáo: ngoài đối thoại'],
];

const openItems = (page) => page.locator('[aria-labelledby="follow-ups-open"] > li');

export const tests = [
  {
    name: 'offline, one conference from the forms to the replies and the survey, as the office runs it',
    timeout: 150_000,
    fn: async (t) => {
      const { page, baseURL, context } = t;
      await openHome(page, baseURL);
      await waitForServiceWorker(page);
      t.step('offline from the first screen: a village cultural house has no network');
      await context.setOffline(true);
      await setUpUnit(page);
      await page.getByRole('link', { name: 'Cài đặt' }).click();
      await addDepartment(page, KT, 'Đất đai');
      await addDepartment(page, VP);

      t.step('the conference: a session held a month ago and a second one two days ago');
      await page.getByRole('link', { name: 'Hội nghị', exact: true }).click();
      await createConference(page);
      const conferenceUrl = page.url();
      const venue = 'Nhà văn hóa thôn 3';
      await addSession(page, { venue, date: vietnamDate(HELD) });
      await addSession(page, { venue: 'Hội trường UBND xã', date: vietnamDate(-2) });

      t.step('the forms, keyed from the keyboard and routed');
      await page.getByRole('link', { name: 'Phiếu đăng ký (0)' }).click();
      await expectVisible(page.getByRole('heading', { level: 1, name: 'Phiếu đăng ký tham gia đối thoại' }), 'the registrations page');
      const list = page.getByRole('list', { name: 'Phiếu đăng ký tham gia đối thoại' });
      const item = (who) => list.getByRole('listitem').filter({ has: page.getByText(who, { exact: true }) });
      const land = 'Cấp giấy chứng nhận quyền sử dụng đất';
      await keyRegistrationForm(page, { fullName: 'Nguyễn Thị Hòa', phone: '0912 345 678', village: 'Thôn Đông', procedure: land, received: vietnamDate(HELD - 15), department: KT });
      await expectVisible(item('Nguyễn Thị Hòa').getByText('Đúng hạn'), 'the routed form in time');
      await keyRegistrationForm(page, { fullName: 'Trần Văn Bình', village: 'Thôn Bắc', procedure: 'Tách thửa đất', received: vietnamDate(HELD - 14), department: KT });
      await keyRegistrationForm(page, { fullName: 'Phạm Văn Muộn', village: 'Thôn Tây', procedure: 'Đăng ký khai sinh', received: vietnamDate(HELD - 5) });
      await expectVisible(item('Phạm Văn Muộn').getByText('Nộp muộn: coi như không đăng ký đối thoại'), 'the late form marked and kept');
      await keyRegistrationForm(page, { fullName: 'Đỗ Văn Khiếu', village: 'Thôn Đông', procedure: 'Khiếu nại về bồi thường', received: vietnamDate(HELD - 13), complaint: 'Khiếu nại', redirect: 'Bộ phận tiếp công dân xã' });
      await expectVisible(item('Đỗ Văn Khiếu').getByText(/Khiếu nại: ngoài phạm vi đối thoại/), 'the complaint flagged');
      // The same person, the old tone placement and the phone written another way: offered to merge.
      await keyRegistrationForm(page, { fullName: 'Nguyễn Thị Hoà', phone: '+84 912.345.678', village: 'Thôn Đông', procedure: `Cấp lại ${land.toLowerCase()}`, received: vietnamDate(HELD - 12) });
      const offer = page.getByRole('group', { name: 'Có thể trùng với phiếu của Nguyễn Thị Hòa' });
      await offer.getByRole('button', { name: 'Gộp vào phiếu này' }).click();
      await page.getByRole('group', { name: /Có thể trùng/ }).first().waitFor({ state: 'detached' });
      assert.equal(await list.getByText('Nguyễn Thị Hoà', { exact: true }).count(), 0, 'the duplicate merged away');
      const routed = page.getByRole('table', { name: 'Theo phòng, ban' }).getByRole('row', { name: new RegExp(KT) });
      assert.equal(await routed.getByRole('cell').first().innerText(), '2', `two forms routed to ${KT}`);

      t.step('the session: the registered question and four walk-ins heard');
      await page.goto(conferenceUrl);
      const sessionId = await openSession(page, venue);
      await page.goto(`${baseURL}/sessions/${sessionId}?tab=queue`);
      // Offered: the forms in time that are not complaints; the late one is not.
      const pick = page.getByLabel('Từ phiếu đăng ký');
      await pick.locator('option', { hasText: 'Trần Văn Bình' }).waitFor({ state: 'attached' });
      const offered = (await pick.locator('option').allTextContents()).slice(1).sort();
      assert.deepEqual(offered, ['Nguyễn Thị Hòa · Thôn Đông · ' + land, 'Trần Văn Bình · Thôn Bắc · Tách thửa đất']);
      await pick.selectOption({ label: `Nguyễn Thị Hòa · Thôn Đông · ${land}` });
      await page.getByRole('form', { name: 'Thêm lượt phát biểu' }).getByRole('button', { name: 'Thêm', exact: true }).click();
      await expectVisible(page.getByRole('list', { name: /Đang chờ/ }).getByText('Nguyễn Thị Hòa', { exact: true }), 'the registrant in the queue');
      for (const s of WALK_INS) await addSpeaker(page, s);
      const floor = page.getByRole('heading', { name: 'Đang phát biểu' }).locator('..');
      for (const name of ['Nguyễn Thị Hòa', ...WALK_INS.map((s) => s[0])]) {
        await page.getByRole('button', { name: 'Mời người tiếp theo' }).click();
        await expectVisible(floor.getByText(name, { exact: true }), `${name} on the floor`);
      }
      await page.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
      await page.getByRole('button', { name: 'Kết thúc lượt' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Đã phát biểu (5)' }), 'five speakers done');

      t.step('a disposition of every kind in the minutes');
      await page.getByRole('link', { name: 'Biên bản', exact: true }).click();
      await markOutcome(page, 'Nguyễn Thị Hòa', 'Trả lời bằng văn bản', KT);
      for (const [name, , , outcome] of WALK_INS) await markOutcome(page, name, outcome);
      const minutesDue = (await page.getByRole('article', { name: 'Nguyễn Thị Hòa' }).getByText(/Hạn trả lời: \d\d\/\d\d\/\d{4}/).innerText()).match(/\d\d\/\d\d\/\d{4}/)[0];

      t.step('the follow-ups: three overdue from the first session, first and marked; the form never heard still due');
      await page.getByRole('link', { name: 'Theo dõi trả lời' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[aria-labelledby="follow-ups-open"] > li').length === 4, null, { timeout: 15_000 });
      const states = await openItems(page).evaluateAll((lis) => lis.map((li) => li.getAttribute('data-state')));
      assert.deepEqual(states, ['overdue', 'overdue', 'overdue', 'due'], 'overdue ones listed first');
      const texts = await openItems(page).allInnerTexts();
      for (const text of texts.slice(0, 3)) assert.match(text, /⚠ QUÁ HẠN \d+ ngày/, 'overdue said in words');
      assert.ok(await openItems(page).first().evaluate((el) => parseFloat(getComputedStyle(el).borderLeftWidth) >= 6), 'the overdue edge');
      const reply = openItems(page).filter({ hasText: 'Trả lời bằng văn bản' });
      assert.ok((await reply.innerText()).includes(`Hạn trả lời: ${minutesDue}`), `the minutes' due date ${minutesDue} on the dashboard`);
      const unheard = openItems(page).filter({ hasText: 'Trần Văn Bình' });
      assert.match(await unheard.innerText(), /Phiếu đăng ký chưa được trả lời tại hội nghị[\s\S]*Trong hạn[\s\S]*Phòng Kinh tế/, 'the form never heard, routed, still due');
      assert.ok(texts.every((x) => !/Phạm Văn Đức|Hoàng Văn Nam|Phạm Văn Muộn|Đỗ Văn Khiếu/.test(x)), 'nothing for an answer in the room, a complaint or a late form');

      t.step('the report upward, which came with no department, is assigned from the dashboard');
      const upward = openItems(page).filter({ hasText: 'Lê Văn Bá' });
      await expectVisible(upward.getByText('Chưa giao phòng, ban'), 'no department yet');
      const dueBefore = (await upward.innerText()).match(/Hạn trả lời: (\S+)/)[1];
      await upward.getByRole('button', { name: 'Giao phòng, ban' }).click();
      const assign = upward.getByRole('form', { name: 'Giao phòng, ban và người phụ trách' });
      await assign.getByLabel('Phòng, ban trả lời').selectOption({ label: VP });
      await assign.getByLabel('Người phụ trách').fill('Bà Lê Thị Hạnh');
      await assign.getByLabel('Người phụ trách').press('Enter');
      await expectVisible(upward.getByText(`${VP} · Người phụ trách: Bà Lê Thị Hạnh`), 'the department and official assigned');
      assert.ok((await upward.innerText()).includes(`Hạn trả lời: ${dueBefore}`), 'the due date stays the session’s');

      t.step('a reply recorded: done, and late');
      await reply.getByRole('button', { name: 'Ghi nhận trả lời' }).click();
      await reply.getByLabel('Số văn bản trả lời').fill('15/UBND-KT');
      await reply.getByLabel('Ngày văn bản').fill(vietnamDate(-1));
      await reply.getByLabel('Cách báo cho người dân').selectOption({ label: 'Bưu điện' });
      await reply.getByRole('button', { name: 'Lưu trả lời' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[aria-labelledby="follow-ups-open"] > li').length === 3, null, { timeout: 10_000 });
      const byDept = page.getByRole('table', { name: 'Theo phòng, ban' });
      assert.equal((await byDept.getByRole('row', { name: new RegExp(KT) }).innerText()).replace(/\s+/g, ' ').trim(), `${KT} 1 0 1 1`);
      const violations = await axeViolations(page, 'follow-up dashboard with an assignment');
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));

      t.step('the survey forms tallied, and the chart');
      await page.goto(conferenceUrl);
      await page.getByRole('link', { name: 'Khảo sát sự hài lòng (0 phiếu)' }).click();
      await expectVisible(page.getByRole('group', { name: 'Phiếu số 1: bấm phím để chọn câu trả lời' }), 'the keypad');
      for (const [i, keys] of [['1', '1', '1', '1', '2'], ['2', '3', '2', '3', '4']].entries()) {
        for (const k of keys) await page.keyboard.press(`Digit${k}`);
        await expectVisible(page.getByText(`Đã nhập ${i + 1} phiếu`), `the count after form ${i + 1}`);
      }
      await page.getByRole('navigation', { name: 'Khảo sát' }).getByRole('link', { name: 'Kết quả' }).click();
      await expectVisible(page.getByRole('table', { name: /^4\. Có được nhận Biên lai thu phí/ }).getByRole('row', { name: 'Tổng số 2 100%' }), 'the fee receipt tally');
      const bars = await page.locator('.survey-chart[aria-hidden="true"] .survey-chart__bar').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
      assert.ok(bars.some((w) => w > 50), `the chart drawn: ${bars.join(', ')}`);
    },
  },
];
