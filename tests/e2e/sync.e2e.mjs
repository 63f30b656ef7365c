/**
 * A room across devices, through the real office server: the chair's tablet
 * sets up the conference; a second device (the hall display's laptop) enrols
 * into the unit with a one-time code (access control, issue 8), receives everything, and its display
 * follows the chair through the server's live channel. Then the second device
 * goes offline, a change made there waits, and reaches the chair once it is back.
 */
import { addSession, assert, createConference, expectVisible, openHome, openSession, setUpUnit, waitUntil } from './helpers.mjs';
import { officeFor } from './access-helpers.mjs';

const VENUE = 'Nhà văn hóa thôn 3';

/**
 * Unit, conference and one session on the chair's tablet. The tests of this file share one server,
 * so each sets up a unit of its own name, and the other device joins that one.
 */
async function setUpThroughSession(page, baseURL, unitName, office) {
  await openHome(page, baseURL);
  await setUpUnit(page, unitName);
  await createConference(page);
  await addSession(page, { venue: VENUE });
  const sessionId = await openSession(page, VENUE);
  // Only an enrolled device syncs: the chair's tablet enrols (bringing its unit), then returns to the session.
  const at = page.url();
  await office.enrol(page, 'Máy tính bảng chủ trì');
  await page.goto(at);
  return { sessionId, venue: VENUE };
}

const SPEAKER = ['Trần Thị Hoa', 'Thôn 1', 'Thời gian cấp giấy chứng nhận quyền sử dụng đất'];

async function addSpeaker(page, [name, village, topic]) {
  const form = page.getByRole('form', { name: 'Thêm lượt phát biểu' });
  await form.getByLabel('Người phát biểu', { exact: true }).fill(name);
  await form.getByLabel('Thôn/tổ dân phố hoặc tổ chức').fill(village);
  await form.getByLabel('Nội dung câu hỏi').fill(topic);
  await form.getByRole('button', { name: 'Thêm', exact: true }).click();
  await expectVisible(page.getByRole('list', { name: /Đang chờ/ }).getByText(name, { exact: true }), `${name} in the waiting list`);
}

const syncLine = (page) => page.getByRole('region', { name: 'Đồng bộ với máy chủ văn phòng' }).getByRole('status');

export const tests = [
  {
    name: 'a second device joins the unit, its hall display follows the chair through the server, and its offline change arrives later',
    timeout: 150_000,
    fn: async (t) => {
      const { page, baseURL } = t;
      const office = await officeFor(t);
      const { sessionId, venue } = await setUpThroughSession(page, baseURL, 'UBND xã Thanh Trì', office);

      t.step('the chair’s tablet has sent everything');
      await expectVisible(syncLine(page).filter({ hasText: 'Đã gửi hết' }), 'nothing waiting on the chair’s tablet', 20_000);

      const other = await t.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      try {
        const laptop = await other.newPage();
        t.step('the display laptop enrols with the unit’s code and receives the unit');
        await laptop.goto(`${baseURL}/`);
        await office.enrol(laptop, 'Máy chiếu hội trường');
        await laptop.goto(`${baseURL}/`);
        await expectVisible(laptop.getByRole('link', { name: 'Hội nghị đối thoại TTHC năm 2026 – lần 1' }), 'the conference pulled onto the laptop', 20_000);
        // The server's live channel is open: changes are announced, not waited for by polling.
        await expectVisible(syncLine(laptop).filter({ hasText: 'Trực tiếp' }), 'the live channel open on the laptop', 20_000);

        t.step('its hall display shows the session, then the chair’s speaker');
        await laptop.goto(`${baseURL}/sessions/${sessionId}/display`);
        await expectVisible(laptop.getByRole('heading', { level: 1, name: venue }), 'the display title on the laptop', 20_000);
        await addSpeaker(page, SPEAKER);
        await page.getByRole('button', { name: 'Mời người tiếp theo' }).click();
        await waitUntil(async () => (await laptop.getByTestId('display-speaker').innerText()) === SPEAKER[0], 'the speaker on the other device’s display', { timeout: 20_000 });

        t.step('the laptop goes offline; a change made there waits, then reaches the chair');
        await laptop.goto(`${baseURL}/`);
        await expectVisible(laptop.getByRole('heading', { level: 1, name: 'Các hội nghị đối thoại' }), 'the conference list on the laptop');
        await other.setOffline(true);
        await expectVisible(laptop.getByRole('status').filter({ hasText: 'Ngoại tuyến' }), 'the offline badge on the laptop');
        const form = laptop.getByRole('form', { name: 'Tạo hội nghị mới' });
        await form.getByLabel('Tên hội nghị').fill('Hội nghị đối thoại lần 2 – tạo khi mất mạng');
        await form.getByRole('button', { name: 'Tạo', exact: true }).click();
        await expectVisible(syncLine(laptop).filter({ hasText: /thay đổi chờ gửi/ }), 'the change waiting on the laptop', 20_000);
        await other.setOffline(false);
        await expectVisible(syncLine(laptop).filter({ hasText: 'Đã gửi hết' }), 'sent once back online', 30_000);
        await page.goto(`${baseURL}/`);
        await expectVisible(page.getByRole('link', { name: 'Hội nghị đối thoại lần 2 – tạo khi mất mạng' }), 'the laptop’s conference on the chair’s tablet', 30_000);
      } finally {
        await other.close();
      }
    },
  },
  {
    name: 'two devices whose clocks differ by three minutes show the same countdown',
    timeout: 150_000,
    fn: async (t) => {
      const { page, baseURL } = t;
      const office = await officeFor(t);
      const { sessionId } = await setUpThroughSession(page, baseURL, 'UBND phường Đức Thắng', office);
      await addSpeaker(page, SPEAKER);
      await expectVisible(syncLine(page).filter({ hasText: 'Đã gửi hết' }), 'nothing waiting on the chair’s tablet', 20_000);

      t.step('a laptop whose clock is three minutes fast joins and opens the hall display');
      const other = await t.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      try {
        await other.clock.install({ time: Date.now() + 3 * 60_000 });
        const laptop = await other.newPage();
        await laptop.goto(`${baseURL}/`);
        await office.enrol(laptop, 'Máy chiếu hội trường');
        await expectVisible(syncLine(laptop).filter({ hasText: 'Trực tiếp' }), 'the laptop synced, live', 20_000);
        await laptop.goto(`${baseURL}/sessions/${sessionId}/display`);
        const hall = await t.newPage();
        await hall.goto(`${baseURL}/sessions/${sessionId}/display`);

        t.step('the chair calls the speaker and starts the clock');
        await page.getByRole('button', { name: 'Mời người tiếp theo' }).click();
        await page.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
        for (const display of [hall, laptop]) {
          await waitUntil(async () => Number(await display.getByRole('timer').getAttribute('data-remaining-ms')) < 299_000, 'the clock running on both displays', { timeout: 20_000 });
        }

        t.step('each display notes when its shown second changes; the laptop’s notes are put back on true time');
        const watch = () => {
          const el = document.querySelector('[role="timer"]');
          const seen = [];
          window.__secondChanges = seen;
          let last = '';
          new MutationObserver(() => {
            const shown = el.innerText.split('\n')[0];
            if (shown !== last) seen.push([shown, Date.now()]);
            last = shown;
          }).observe(el, { subtree: true, childList: true, characterData: true });
        };
        await hall.evaluate(watch);
        await laptop.evaluate(watch);
        // The laptop's clock minus the true one, read back to back.
        const skew = (await laptop.evaluate(() => Date.now())) - (await hall.evaluate(() => Date.now()));
        assert.ok(Math.abs(skew - 180_000) < 2_000, `the laptop's clock is three minutes fast (${skew} ms)`);
        await waitUntil(async () => (await laptop.evaluate(() => window.__secondChanges.length)) >= 4, 'four second changes on the laptop', { timeout: 20_000 });
        const onHall = new Map(await hall.evaluate(() => window.__secondChanges));
        const onLaptop = await laptop.evaluate(() => window.__secondChanges);
        const gaps = onLaptop.filter(([shown]) => onHall.has(shown)).map(([shown, at]) => Math.abs(at - skew - onHall.get(shown)));
        assert.ok(gaps.length >= 3, `the same seconds seen on both displays (${JSON.stringify(onLaptop)})`);
        assert.ok(Math.max(...gaps) <= 250, `both displays change second together (gaps ${gaps.join(', ')} ms)`);
      } finally {
        await other.close();
      }
    },
  },
  {
    name: 'the secretary types the minutes offline while the chair types in the same entry; back online, both keep every word',
    timeout: 150_000,
    fn: async (t) => {
      const { page, baseURL } = t;
      const office = await officeFor(t);
      const { sessionId } = await setUpThroughSession(page, baseURL, 'UBND xã Ngọc Kỳ', office);
      await expectVisible(syncLine(page).filter({ hasText: 'Đã gửi hết' }), 'nothing waiting on the chair’s tablet', 20_000);
      const other = await t.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      try {
        t.step('the secretary’s tablet joins and opens the minutes');
        const secretary = await other.newPage();
        await secretary.goto(`${baseURL}/`);
        await office.enrol(secretary, 'Máy tính bảng thư ký');
        await expectVisible(syncLine(secretary).filter({ hasText: 'Trực tiếp' }), 'the secretary synced, live', 20_000);
        await secretary.goto(`${baseURL}/sessions/${sessionId}`);
        await secretary.getByRole('link', { name: 'Biên bản', exact: true }).click();
        await page.getByRole('link', { name: 'Biên bản', exact: true }).click();
        const notesOf = (p) => p.getByLabel(/^Ghi chép: Tuyên bố lý do/);
        await expectVisible(notesOf(secretary), 'the opening notes on the secretary’s tablet', 20_000);
        await expectVisible(notesOf(page), 'the opening notes on the chair’s tablet');

        t.step('offline, the secretary types; online, the chair types in the same entry');
        await other.setOffline(true);
        await notesOf(secretary).click();
        await notesOf(secretary).pressSequentially(' Thư ký ghi: bà Hoa hỏi về sổ đỏ.', { delay: 10 });
        await notesOf(page).click();
        await notesOf(page).press('End');
        await notesOf(page).pressSequentially(' Chủ trì ghi: đã trả lời tại hội nghị.', { delay: 10 });
        await expectVisible(syncLine(secretary).filter({ hasText: /thay đổi chờ gửi/ }), 'the secretary’s text waiting', 20_000);

        t.step('back online: both tablets show both sentences');
        await other.setOffline(false);
        for (const p of [secretary, page]) {
          await waitUntil(
            async () => {
              const text = await notesOf(p).inputValue();
              return text.includes('Thư ký ghi: bà Hoa hỏi về sổ đỏ.') && text.includes('Chủ trì ghi: đã trả lời tại hội nghị.');
            },
            'both sentences in the notes',
            { timeout: 30_000 },
          );
        }
        assert.equal(await notesOf(secretary).inputValue(), await notesOf(page).inputValue(), 'the same text on both tablets');
      } finally {
        await other.close();
      }
    },
  },
];
