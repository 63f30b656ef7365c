/**
 * The minutes survive the tablet dying mid-sentence.
 *
 * The secretary types into the minutes in real Chromium on a persistent profile;
 * about 250 ms after the last key the browser process is SIGKILLed (no unload,
 * no pagehide, no visibilitychange: nothing of the app runs). Chromium is started
 * again on the same profile, offline, and the page is opened from the service
 * worker: everything typed up to ~250 ms before the kill must be there.
 *
 * Chromium is started by the test itself (`chromium-process.mjs`), so it can be
 * killed by its pid.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kill, removeProfile, startChromium, stop } from './chromium-process.mjs';
import { log } from './harness.mjs';
import { assert, axeViolations, expectVisible, setUpThroughSession, waitForServiceWorker, waitUntil } from './helpers.mjs';

const SENTENCE = 'Ông Nguyễn Văn Đức, thôn Đông Hòa, hỏi: bao giờ xã cấp giấy chứng nhận quyền sử dụng đất cho gia đình tôi?';
const ANSWER =
  'Bà Trần Thị Hương, Phó Chủ tịch UBND xã, trả lời: hồ sơ đã đủ điều kiện, Văn phòng đăng ký đất đai sẽ trả kết quả trong tháng Mười; đề nghị ông mang theo giấy tờ gốc khi nhận.';
/** The first agenda item of a new session (the standard running order). */
const OPENING_NOTES = /^Ghi chép: Tuyên bố lý do/;
const KEY_DELAY_MS = 35;
const KILL_AFTER_MS = 250;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Types `text` key by key; returns, per character, when its key was done (Date.now()). */
async function typeTimed(page, text) {
  const at = [];
  for (const ch of text) {
    await page.keyboard.type(ch);
    at.push(Date.now());
    await sleep(KEY_DELAY_MS);
  }
  return at;
}

/** Opens the minutes of `sessionId` offline, after a restart on the same profile. */
async function reopenOffline(profile, baseURL, sessionId) {
  const again = await startChromium(profile);
  await again.context.setOffline(true);
  await again.page.goto(`${baseURL}/sessions/${sessionId}?tab=minutes`);
  assert.equal(await again.page.evaluate(() => navigator.onLine), false, 'the page is offline');
  await expectVisible(again.page.getByLabel(OPENING_NOTES), 'the minutes after the restart, offline');
  return again;
}

/** The session with its standard agenda, the service worker in control, and the minutes tab open. */
async function prepare(t, page) {
  t.step('online: unit, conference, session with the standard agenda');
  const { sessionId } = await setUpThroughSession(page, t.baseURL);
  t.step('service worker takes control (so the page opens offline after the crash)');
  await waitForServiceWorker(page);
  t.step('open the minutes');
  await page.getByRole('link', { name: 'Biên bản', exact: true }).click();
  const notes = page.getByLabel(OPENING_NOTES);
  await expectVisible(notes, 'the notes of the first agenda item');
  await expectVisible(page.getByRole('status').filter({ hasText: /^Đã lưu/ }), 'the save status');
  return { sessionId, notes };
}

export const tests = [
  {
    name: 'minutes typed up to 250 ms before Chromium is killed are there after a restart, offline',
    timeout: 120_000,
    fn: async (t) => {
      const profile = mkdtempSync(join(tmpdir(), 'doithoai-minutes-profile-'));
      let first = null;
      let second = null;
      try {
        first = await startChromium(profile);
        const { sessionId, notes } = await prepare(t, first.page);

        t.step('type a sentence with diacritics, then SIGKILL the browser ~250 ms after the last key');
        await notes.click();
        const keys = await typeTimed(first.page, SENTENCE);
        const shownBeforeKill = await notes.inputValue();
        assert.match(shownBeforeKill, /^\[\d\d:\d\d\] /, 'typing into an empty entry stamped the time');
        assert.ok(shownBeforeKill.endsWith(SENTENCE), `the textarea shows the sentence: ${shownBeforeKill}`);
        await sleep(Math.max(0, keys.at(-1) + KILL_AFTER_MS - Date.now()));
        const killedAt = Date.now();
        await kill(first);
        log(`  killed ${killedAt - keys.at(-1)} ms after the last key`);

        t.step('restart on the same profile, offline, open the minutes');
        second = await reopenOffline(profile, t.baseURL, sessionId);
        const recovered = await second.page.getByLabel(OPENING_NOTES).inputValue();
        assert.equal(recovered, shownBeforeKill, 'every character typed before the kill is back');
        await expectVisible(second.page.getByRole('status').filter({ hasText: /^Đã lưu/ }), 'nothing waiting to be saved');
      } finally {
        await stop(first);
        await stop(second);
        await removeProfile(profile);
      }
    },
  },

  {
    name: 'killed in the middle of typing an answer: nothing typed 250 ms before the kill is lost',
    timeout: 120_000,
    fn: async (t) => {
      const profile = mkdtempSync(join(tmpdir(), 'doithoai-minutes-profile-'));
      let first = null;
      let second = null;
      try {
        first = await startChromium(profile);
        const { sessionId, notes } = await prepare(t, first.page);
        await notes.click();

        t.step('type steadily and kill while still typing');
        // The keys run on; the kill comes from outside, at a moment that has nothing to do with the app.
        const keys = [];
        let typing = true;
        const typer = (async () => {
          for (const ch of ANSWER) {
            if (!typing) break;
            await first.page.keyboard.type(ch).catch(() => (typing = false));
            if (typing) keys.push(Date.now());
            await sleep(KEY_DELAY_MS);
          }
        })();
        await waitUntil(() => keys.length >= 90, '90 keys typed', { timeout: 30_000, interval: 5 });
        const killedAt = Date.now();
        typing = false;
        await kill(first);
        await typer;
        const surelyTyped = keys.filter((at) => at <= killedAt - KILL_AFTER_MS).length;
        log(`  killed after ${keys.length} keys; ${surelyTyped} of them more than ${KILL_AFTER_MS} ms before`);

        t.step('restart offline: the text is a prefix of the answer holding every key typed 250 ms before the kill');
        second = await reopenOffline(profile, t.baseURL, sessionId);
        const recovered = await second.page.getByLabel(OPENING_NOTES).inputValue();
        const m = /^\[\d\d:\d\d\] /.exec(recovered);
        assert.ok(m, `stamped: ${recovered}`);
        const body = recovered.slice(m[0].length);
        assert.ok(ANSWER.startsWith(body), `what was recovered is what was typed, in order: ${body}`);
        const expected = [...ANSWER].slice(0, surelyTyped).join('');
        assert.ok(
          body.length >= expected.length,
          `lost keys typed ≥ ${KILL_AFTER_MS} ms before the kill:\n  had   ${expected}\n  found ${body}`,
        );
        log(`  recovered ${[...body].length} characters; ${keys.length - [...body].length} of the last keys were lost`);
      } finally {
        await stop(first);
        await stop(second);
        await removeProfile(profile);
      }
    },
  },
  {
    name: 'the secretary follows the floor, records an outcome in one tap; axe-clean; 10-inch tablet in both orientations',
    timeout: 120_000,
    fn: async (t) => {
      const { page, baseURL } = t;
      const { sessionId } = await setUpThroughSession(page, baseURL);

      t.step('a department in Cài đặt');
      await page.goto(`${baseURL}/settings`);
      const departments = page.getByRole('form', { name: 'Phòng, ban chuyên môn' });
      await departments.getByLabel('Tên phòng, ban').fill('Phòng Kinh tế');
      await departments.getByRole('button', { name: 'Thêm', exact: true }).click();
      await expectVisible(page.getByText('Phòng Kinh tế', { exact: true }), 'the department in the list');

      t.step('the chair adds three speakers and calls two');
      await page.goto(`${baseURL}/sessions/${sessionId}?tab=queue`);
      const form = page.getByRole('form', { name: 'Thêm lượt phát biểu' });
      for (const [name, village, topic] of [
        ['Trần Thị Hoa', 'Thôn 1', 'Cấp giấy chứng nhận quyền sử dụng đất'],
        ['Lê Văn Bá', 'Thôn 2', 'Đăng ký hộ kinh doanh'],
        ['Nguyễn Thị Lan', 'Tổ dân phố 4', 'Chứng thực bản sao'],
      ]) {
        await form.getByLabel('Người phát biểu', { exact: true }).fill(name);
        await form.getByLabel('Thôn/tổ dân phố hoặc tổ chức').fill(village);
        await form.getByLabel('Nội dung câu hỏi').fill(topic);
        await form.getByRole('button', { name: 'Thêm', exact: true }).click();
        await expectVisible(page.getByRole('list', { name: /Đang chờ/ }).getByText(name, { exact: true }), `${name} waiting`);
      }
      for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Mời người tiếp theo' }).click();
      await expectVisible(page.getByRole('heading', { name: 'Đang chờ (1)' }), 'one speaker still waiting');

      t.step('the minutes: the strip, and the two speakers heard');
      await page.getByRole('link', { name: 'Biên bản', exact: true }).click();
      const strip = page.getByRole('region', { name: 'Người phát biểu' });
      await expectVisible(strip.getByText('Lê Văn Bá', { exact: true }), 'the current speaker in the strip');
      await expectVisible(strip.getByText('Nguyễn Thị Lan'), 'the next speaker in the strip');
      const hoa = page.getByRole('article', { name: 'Trần Thị Hoa' });
      await expectVisible(hoa, 'the first speaker’s entry');
      await expectVisible(page.getByRole('article', { name: 'Lê Văn Bá' }).getByText('Đang phát biểu'), 'the speaking badge');
      assert.equal(await page.getByRole('article').count(), 2, 'only turns heard are in the minutes');

      t.step('question, answer, who answered, a written reply in one tap');
      await hoa.getByLabel('Câu hỏi của Trần Thị Hoa').fill('Hồ sơ nộp từ tháng Ba, bao giờ có kết quả?');
      await hoa.getByLabel('Trả lời', { exact: true }).fill('Phòng Kinh tế sẽ trả lời bằng văn bản.');
      await hoa.getByLabel('Người trả lời').fill('Ông Phó Chủ tịch');
      await hoa.getByLabel('Người trả lời').press('Enter');
      await hoa.getByRole('button', { name: 'Trả lời bằng văn bản' }).click(); // the only department: taken without asking
      await expectVisible(hoa.getByRole('button', { name: 'Trả lời bằng văn bản', pressed: true }), 'the written reply selected');
      await expectVisible(hoa.getByText(/Hạn trả lời: \d{2}\/\d{2}\/\d{4} \(5 ngày làm việc\)/), 'the due date, dd/MM/yyyy');
      await expectVisible(page.getByRole('status').filter({ hasText: /^Đã lưu lúc \d{2}:\d{2}:\d{2}$/ }), 'saved, with the time');

      t.step('accessibility');
      const violations = await axeViolations(page, 'minutes');
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));

      for (const [label, viewport, sideBySide] of [
        ['portrait', { width: 800, height: 1280 }, true],
        ['landscape', { width: 1280, height: 800 }, true],
        ['narrow (split screen)', { width: 600, height: 960 }, false],
      ]) {
        t.step(`tablet layout: ${label}`);
        await page.setViewportSize(viewport);
        const layout = await page.evaluate(() => {
          const controls = [...document.querySelectorAll('.minutes button, .minutes input, .minutes select, .minutes textarea')].filter(
            (el) => el.getClientRects().length > 0,
          );
          const small = controls
            .map((el) => ({ el, r: el.getBoundingClientRect() }))
            .filter(({ r }) => r.height < 48 || r.width < 48)
            .map(
              ({ el, r }) =>
                `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
            );
          const [q, a] = [...document.querySelectorAll('.minutes-turn__qa')][0].querySelectorAll('textarea');
          const qr = q.getBoundingClientRect();
          const ar = a.getBoundingClientRect();
          return {
            small,
            overflow: document.documentElement.scrollWidth - window.innerWidth,
            sideBySide: Math.abs(qr.top - ar.top) < 2 && ar.left > qr.right,
          };
        });
        assert.deepEqual(layout.small, [], `controls smaller than 48 px (${label})`);
        assert.ok(layout.overflow <= 0, `no sideways scrolling (${label}: ${layout.overflow} px)`);
        assert.equal(layout.sideBySide, sideBySide, `question and answer ${sideBySide ? 'side by side' : 'stacked'} (${label})`);
      }
    },
  },
];
