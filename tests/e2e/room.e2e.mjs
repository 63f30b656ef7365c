/**
 * Running the room as the chair does: the agenda, five citizens through the
 * speaker queue with the 5-minute clock, and the hall display in a second
 * window following every step with no server involved.
 */
import { addSpeaker, assert, axeViolations, expectVisible, setUpThroughSession, waitUntil } from './helpers.mjs';

const SPEAKERS = [
  ['Trần Thị Hoa', 'Thôn 1', 'Thời gian cấp giấy chứng nhận quyền sử dụng đất'],
  ['Lê Văn Bá', 'Thôn 2', 'Thủ tục đăng ký hộ kinh doanh'],
  ['Công ty TNHH Minh Phát', '', 'Cấp phép xây dựng nhà xưởng'],
  ['Nguyễn Thị Lan', 'Tổ dân phố 4', 'Chứng thực bản sao'],
  ['Phạm Văn Đức', 'Thôn 5', 'Đăng ký khai sinh'],
];

const waitingNames = (page) => page.getByRole('list', { name: /Đang chờ/ }).locator('li strong').allInnerTexts();
const displaySpeaker = (display) => display.getByTestId('display-speaker');
const remainingOn = async (page) => Number(await page.getByRole('timer').getAttribute('data-remaining-ms'));

/** Presses a chair shortcut with focus on the page body (not in a text field). */
async function shortcut(page, key) {
  await page.bringToFront();
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  await page.keyboard.press(key);
}

export const tests = [
  {
    name: 'the chair runs five speakers through the agenda while the hall display follows',
    timeout: 150_000,
    fn: async (t) => {
      const { page, baseURL } = t;
      const { sessionId, venue } = await setUpThroughSession(page, baseURL);

      t.step('the chair lands on the queue; five speakers are added');
      await expectVisible(page.getByRole('heading', { name: 'Đang phát biểu' }), 'the floor card');
      for (const s of SPEAKERS) await addSpeaker(page, s);
      assert.deepEqual(await waitingNames(page), SPEAKERS.map((s) => s[0]));

      t.step('reorder by keyboard: the last speaker moves up one place');
      await page.getByRole('button', { name: 'Kéo để sắp xếp: Phạm Văn Đức' }).focus();
      await page.keyboard.press('ArrowUp');
      await waitUntil(async () => (await waitingNames(page))[3] === 'Phạm Văn Đức', 'Phạm Văn Đức in 4th place');

      t.step('the hall display opens in a second window');
      const display = await t.newPage();
      await display.goto(`${baseURL}/sessions/${sessionId}/display`);
      await expectVisible(display.getByRole('heading', { level: 1, name: venue }), 'the display title');
      await expectVisible(display.getByText('Xin mời đại biểu đăng ký phát biểu'), 'the waiting message on the display');
      assert.equal(await display.getByRole('alert').count(), 0, 'the display sees the chair (no lost-source banner)');

      t.step('agenda: start the opening, then the citizens’ opinions');
      await page.getByRole('link', { name: 'Chương trình', exact: true }).click();
      await page.getByRole('button', { name: 'Bắt đầu mục này: Tuyên bố lý do' }).click();
      await expectVisible(display.getByText(/Tuyên bố lý do, giới thiệu đại biểu/), 'the opening item on the display');
      await page.getByRole('button', { name: 'Bắt đầu mục này: Người dân, tổ chức phát biểu ý kiến' }).click();
      await expectVisible(display.getByText(/Người dân, tổ chức phát biểu ý kiến/), 'the citizens’ item on the display');
      await expectVisible(page.getByText('Đã xong', { exact: false }), 'the opening item marked done');

      t.step('queue: five turns, each with start, pause, resume, +1 minute');
      await page.getByRole('link', { name: 'Lượt phát biểu', exact: true }).click();
      await expectVisible(page.getByRole('heading', { name: 'Đang chờ (5)' }), 'the queue loaded again');
      const order = ['Trần Thị Hoa', 'Lê Văn Bá', 'Công ty TNHH Minh Phát', 'Phạm Văn Đức', 'Nguyễn Thị Lan'];
      for (const [i, name] of order.entries()) {
        await shortcut(page, 'n');
        await waitUntil(async () => (await displaySpeaker(display).innerText()) === name, `${name} on the display`);
        await expectVisible(page.getByRole('heading', { name: 'Đang phát biểu' }).locator('..').getByText(name, { exact: true }), `${name} on the chair's floor card`);
        assert.equal(await display.getByRole('timer').innerText().then((s) => s.split('\n')[0]), '05:00', 'an idle clock shows the full 5 minutes');

        await shortcut(page, ' '); // start
        await waitUntil(async () => (await remainingOn(display)) < 299_000, 'the display clock counting down');
        if (i === 0) {
          await shortcut(page, ' '); // pause
          await expectVisible(display.getByRole('timer').getByText('Tạm dừng'), 'paused on the display');
          const paused = await remainingOn(display);
          // That nothing moves can only be seen once a running clock would have moved: wait until the
          // display's own clock has passed the next second boundary (and a frame has been drawn since).
          const pausedAt = await display.evaluate(() => Date.now());
          await display.waitForFunction((t) => Date.now() > t + 1100, pausedAt, { polling: 'raf' });
          assert.equal(await remainingOn(display), paused, 'a paused clock does not move');
          await shortcut(page, '+');
          await waitUntil(async () => (await remainingOn(display)) === paused + 60_000, 'one minute added on the display');
          await shortcut(page, ' '); // resume
          await expectVisible(display.getByRole('timer').getByText('Đang phát biểu'), 'running again on the display');

          t.step('reload the chair mid-turn: the clock carries on from the stored events');
          const before = await remainingOn(page);
          await page.reload();
          await expectVisible(page.getByRole('timer'), 'the clock after reload');
          const after = await remainingOn(page);
          assert.ok(after <= before && before - after < 5_000, `clock continued after reload (${before} → ${after})`);
        }
      }

      t.step('the last turn ends; everyone is listed with their speaking time');
      await page.getByRole('button', { name: 'Kết thúc lượt' }).click();
      await expectVisible(display.getByText('Xin mời đại biểu đăng ký phát biểu'), 'the display back to waiting');
      const spoken = page.getByRole('heading', { name: 'Đã phát biểu (5)' });
      await expectVisible(spoken, 'five speakers done');
      const rows = await spoken.locator('..').getByRole('listitem').allInnerTexts();
      assert.equal(rows.length, 5);
      for (const [i, row] of rows.entries()) {
        assert.ok(row.includes(order[i]), `row ${i + 1} is ${order[i]}: ${row}`);
        assert.match(row, /đã nói \d+:\d\d/);
      }
      assert.doesNotMatch(rows[0], /đã nói 0:00/, 'the first speaker spoke for more than a second');

      t.step('accessibility: chair queue, agenda, display');
      const violations = [
        ...(await axeViolations(page, 'chair queue')),
        ...(await axeViolations(display, 'hall display')),
      ];
      await page.getByRole('link', { name: 'Chương trình', exact: true }).click();
      await expectVisible(page.getByRole('heading', { name: 'Chương trình hội nghị' }), 'the agenda');
      violations.push(...(await axeViolations(page, 'agenda')));
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));

      t.step('a 10-inch tablet, portrait and landscape: no sideways scrolling, every control at least 44 px');
      for (const viewport of [{ width: 800, height: 1280 }, { width: 1280, height: 800 }]) {
        await page.setViewportSize(viewport);
        for (const tab of ['Chương trình', 'Lượt phát biểu']) {
          await page.getByRole('link', { name: tab, exact: true }).click();
          await expectVisible(page.getByRole('heading', { name: tab === 'Chương trình' ? 'Chương trình hội nghị' : /^Đang chờ/ }).first(), `the ${tab} tab`);
          const { overflow, small } = await page.evaluate(() => ({
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            small: [...document.querySelectorAll('main button, main a, main input, main select')]
              .map((e) => ({ e, r: e.getBoundingClientRect() }))
              .filter(({ r }) => r.width > 0 && (r.height < 44 || r.width < 44))
              .map(({ e, r }) => `${e.tagName} "${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`),
          }));
          assert.equal(overflow, 0, `${tab} at ${viewport.width}x${viewport.height} scrolls sideways`);
          assert.deepEqual(small, [], `${tab} at ${viewport.width}x${viewport.height}: small targets`);
        }
      }

      t.step('the chair’s window closes; the secretary runs the floor: the display follows her and reports nothing lost');
      await page.close();
      const secretary = await t.newPage();
      await secretary.goto(`${baseURL}/sessions/${sessionId}?tab=queue`);
      await secretary.getByRole('button', { name: 'Thư ký' }).click();
      await secretary.getByRole('link', { name: 'Lượt phát biểu', exact: true }).click();
      await addSpeaker(secretary, ['Vũ Thị Lan', 'Thôn Hạ Lâm', 'Đăng ký thường trú']);
      await secretary.getByRole('button', { name: 'Mời người tiếp theo' }).click();
      await waitUntil(async () => (await displaySpeaker(display).innerText()) === 'Vũ Thị Lan', 'the secretary’s call on the display');
      // The chair's window has been closed for several seconds by now (the old banner came after 3.5 s); the
      // component test "reports a loss only when the connection says so" covers it with a fake clock.
      assert.equal(await display.getByRole('alert').count(), 0, 'no lost-source banner while the display still receives changes');
    },
  },
];
