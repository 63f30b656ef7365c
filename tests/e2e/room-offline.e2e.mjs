/**
 * One room, three enrolled devices, through the real office server: the chair's
 * tablet, the secretary's tablet and the hall display's laptop. The secretary's
 * Wi-Fi drops; while she is offline the chair keeps running the floor (calls
 * the next speaker, moves the queue, runs the clock) and the hall display
 * follows him through the server, and the secretary goes on recording the
 * first speaker: the disposition (which department answers in writing), the
 * chair's conclusions (on the opinion and on the session), the question and
 * the answer in the minutes. Back online,
 * all three devices and the server hold the same records, field by field and
 * stamp by stamp, and the same minutes, character by character.
 */
import { officeFor } from './access-helpers.mjs';
import { addSession, addSpeaker, assert, createConference, expectVisible, openHome, openSession, setUpUnit, waitUntil } from './helpers.mjs';
import { deviceState, firstDifference, serverState } from './sync-helpers.mjs';

const VENUE = 'Nhà văn hóa thôn Đông';
const DEPARTMENT = 'Phòng Kinh tế';
const SPEAKERS = [
  ['Trần Thị Hoa', 'Thôn 1', 'Thời gian cấp giấy chứng nhận quyền sử dụng đất'],
  ['Lê Văn Bá', 'Thôn 2', 'Thủ tục đăng ký hộ kinh doanh'],
  ['Nguyễn Thị Lan', 'Tổ dân phố 4', 'Chứng thực bản sao giấy tờ'],
];
const QUESTION = 'Hồ sơ nộp từ tháng Ba, đến nay đã quá hạn; bà đề nghị xã trả lời rõ bao giờ có giấy chứng nhận.';
const ANSWER = 'Ông Phó Chủ tịch: hồ sơ còn thiếu trích đo; Phòng Kinh tế sẽ trả lời bằng văn bản trong 5 ngày làm việc.';
const CONCLUSION = 'Giao Phòng Kinh tế kiểm tra hồ sơ, trả lời bà Hoa bằng văn bản, đúng hạn.';
const SESSION_CONCLUSION = 'Các ý kiến về đất đai được tiếp thu; UBND xã chỉ đạo giải quyết dứt điểm trước ngày 31/12/2026.';

const syncLine = (page) => page.getByRole('region', { name: 'Đồng bộ với máy chủ văn phòng' }).getByRole('status');
const displaySpeaker = (display) => display.getByTestId('display-speaker');
const remainingOn = async (page) => Number(await page.getByRole('timer').getAttribute('data-remaining-ms'));
const nextOnDisplay = (display) => display.locator('.display__next li').allInnerTexts();

/** Presses a chair shortcut with focus on the page body (not in a text field). */
async function shortcut(page, key) {
  await page.bringToFront();
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  await page.keyboard.press(key);
}

/** A second or third device: its own browser context (own storage), enrolled into the unit, synced and live. */
async function joinDevice(t, office, name) {
  const context = await t.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${t.baseURL}/`);
  await office.enrol(page, name);
  await page.goto(`${t.baseURL}/`);
  await expectVisible(syncLine(page).filter({ hasText: 'Trực tiếp' }), `${name} synced, live`, 30_000);
  return { context, page };
}

export const tests = [
  {
    name: 'three devices: the secretary records offline while the chair runs the floor and the display follows him; back online, every record and every character is the same on all three and on the server',
    timeout: 240_000,
    fn: async (t) => {
      const { page: chair, baseURL } = t;
      const office = await officeFor(t);

      t.step('the chair’s tablet: unit, a department, the conference, a session, three speakers; enrolled');
      await openHome(chair, baseURL);
      await setUpUnit(chair, 'UBND xã Đông Hòa');
      await chair.goto(`${baseURL}/settings`);
      const departments = chair.getByRole('form', { name: 'Phòng, ban chuyên môn' });
      await departments.getByLabel('Tên phòng, ban').fill(DEPARTMENT);
      await departments.getByRole('button', { name: 'Thêm', exact: true }).click();
      await expectVisible(chair.getByText(DEPARTMENT, { exact: true }), 'the department in the list');
      await openHome(chair, baseURL);
      await createConference(chair);
      await addSession(chair, { venue: VENUE });
      const sessionId = await openSession(chair, VENUE);
      const sessionURL = chair.url();
      await office.enrol(chair, 'Máy tính bảng chủ trì');
      await chair.goto(sessionURL);
      for (const s of SPEAKERS) await addSpeaker(chair, s);
      await expectVisible(syncLine(chair).filter({ hasText: 'Đã gửi hết' }), 'nothing waiting on the chair’s tablet', 30_000);
      const unitId = await chair.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const req = indexedDB.open('doithoai');
            req.onerror = () => reject(req.error);
            req.onsuccess = () => {
              const get = req.result.transaction('units').objectStore('units').getAll();
              get.onsuccess = () => resolve(get.result[0].id);
            };
          }),
      );

      const secretaryDevice = await joinDevice(t, office, 'Máy tính bảng thư ký');
      const displayDevice = await joinDevice(t, office, 'Máy chiếu hội trường');
      try {
        const secretary = secretaryDevice.page;
        const display = displayDevice.page;

        t.step('the hall display opens; the secretary opens the minutes');
        await display.goto(`${baseURL}/sessions/${sessionId}/display`);
        await expectVisible(display.getByRole('heading', { level: 1, name: VENUE }), 'the display title', 20_000);
        await secretary.goto(`${baseURL}/sessions/${sessionId}`);
        await secretary.getByRole('link', { name: 'Biên bản', exact: true }).click();

        t.step('the chair calls the first speaker: the display and the secretary’s minutes show her');
        await chair.getByRole('button', { name: 'Mời người tiếp theo' }).click();
        await waitUntil(async () => (await displaySpeaker(display).innerText()) === SPEAKERS[0][0], 'the first speaker on the display', { timeout: 20_000 });
        const hoa = secretary.getByRole('article', { name: SPEAKERS[0][0] });
        await expectVisible(hoa, 'the first speaker’s entry in the secretary’s minutes', 20_000);

        t.step('the secretary’s tablet goes offline');
        await secretaryDevice.context.setOffline(true);
        await expectVisible(secretary.getByRole('status').filter({ hasText: 'Ngoại tuyến' }), 'the offline badge on the secretary’s tablet');

        t.step('offline, the secretary records the first speaker: question, answer, a written reply by the department, the conclusion');
        await hoa.getByLabel(`Câu hỏi của ${SPEAKERS[0][0]}`).click();
        await hoa.getByLabel(`Câu hỏi của ${SPEAKERS[0][0]}`).pressSequentially(QUESTION, { delay: 5 });
        await hoa.getByRole('button', { name: 'Trả lời bằng văn bản' }).click(); // the only department: taken without asking
        await expectVisible(hoa.getByRole('button', { name: 'Trả lời bằng văn bản', pressed: true }), 'the written reply selected');

        t.step('meanwhile the chair starts the clock: the display counts down');
        await shortcut(chair, ' ');
        await waitUntil(async () => (await remainingOn(display)) < 299_000, 'the display clock counting down', { timeout: 20_000 });
        assert.equal(await displaySpeaker(display).innerText(), SPEAKERS[0][0], 'the display still shows the first speaker');

        t.step('the chair moves the third speaker up: the display’s next list follows');
        await chair.getByRole('button', { name: `Kéo để sắp xếp: ${SPEAKERS[2][0]}` }).focus();
        await chair.keyboard.press('ArrowUp');
        await waitUntil(async () => (await nextOnDisplay(display))[0]?.startsWith(SPEAKERS[2][0]), 'the moved speaker first in the display’s next list', { timeout: 20_000 });

        t.step('the secretary types the answer and the conclusion, still offline');
        await hoa.getByLabel('Trả lời', { exact: true }).click();
        await hoa.getByLabel('Trả lời', { exact: true }).pressSequentially(ANSWER, { delay: 5 });
        await hoa.getByLabel('Kết luận của chủ trì về ý kiến này').fill(CONCLUSION);
        await hoa.getByLabel('Kết luận của chủ trì về ý kiến này').press('Tab');
        await secretary.getByLabel('Kết luận chung của chủ trì').fill(SESSION_CONCLUSION);
        await secretary.getByLabel('Kết luận chung của chủ trì').press('Tab');
        await expectVisible(syncLine(secretary).filter({ hasText: /thay đổi chờ gửi/ }), 'the secretary’s changes waiting', 20_000);

        t.step('the chair pauses the clock: paused on the display');
        await shortcut(chair, ' ');
        await expectVisible(display.getByRole('timer').getByText('Tạm dừng'), 'paused on the display', 20_000);
        const paused = await remainingOn(display);
        assert.ok(paused < 299_000 && paused > 0, `the paused clock kept its time (${paused} ms)`);

        t.step('the chair calls the next speaker (the one he moved up): the display shows him with a full clock');
        await chair.getByRole('button', { name: 'Mời người tiếp theo' }).click();
        await waitUntil(async () => (await displaySpeaker(display).innerText()) === SPEAKERS[2][0], 'the moved speaker on the display', { timeout: 20_000 });
        await waitUntil(async () => (await remainingOn(display)) === 300_000, 'a fresh five minutes on the display', { timeout: 20_000 });
        await shortcut(chair, ' ');
        await waitUntil(async () => (await remainingOn(display)) < 299_000, 'the new turn’s clock running on the display', { timeout: 20_000 });
        assert.deepEqual((await nextOnDisplay(display)).map((s) => s.split(' · ')[0]), [SPEAKERS[1][0]], 'only the second speaker still waits');

        t.step('the secretary is back online: every device and the server converge');
        await secretaryDevice.context.setOffline(false);
        // The hall display shows no sync status (it is the projector's whole screen): the comparison below covers it.
        for (const [name, p] of [['secretary', secretary], ['chair', chair]]) {
          await expectVisible(syncLine(p).filter({ hasText: 'Đã gửi hết' }), `nothing waiting on the ${name}’s device`, 30_000);
        }
        let last = '';
        await waitUntil(
          async () => {
            const server = await serverState(baseURL, office.cookie, unitId);
            for (const [name, p] of [['chair', chair], ['secretary', secretary], ['display', display]]) {
              const state = await deviceState(p);
              const diff = firstDifference(state, server, [name, 'server']);
              if (diff) {
                last = `${diff}\n  refused on the ${name}'s device: ${JSON.stringify(state.refusedRows).slice(0, 2000)}`;
                return false;
              }
            }
            return true;
          },
          'all three devices equal to the server',
          { timeout: 60_000, interval: 500 },
        ).catch((e) => {
          throw new Error(`${e.message}\n${last}`);
        });

        t.step('what converged is what each one did: both sides’ edits of the first turn, every character of the minutes');
        const server = await serverState(baseURL, office.cookie, unitId);
        const turns = Object.entries(server.records)
          .filter(([, r]) => r.fields.speakerName?.[0] === SPEAKERS[0][0])
          .map(([key, r]) => ({ ...r, id: key.slice('speakerTurns/'.length) }));
        assert.equal(turns.length, 1, 'one first turn');
        const [turn] = turns;
        assert.equal(turn.fields.status[0], 'done', `the chair’s call ended the first turn (${JSON.stringify(turn.fields.status)})`);
        assert.equal(turn.fields.disposition[0].kind, 'written_reply', `the secretary’s written reply (${JSON.stringify(turn.fields.disposition)})`);
        const department = Object.entries(server.records).find(([key]) => key.startsWith('departments/'));
        assert.ok(department, 'the department is on the server');
        assert.equal(turn.fields.disposition[0].departmentId, department[0].slice('departments/'.length), 'the written reply names the department');
        assert.equal(turn.fields.conclusion[0], CONCLUSION, 'the secretary’s conclusion');
        assert.equal(server.records[`sessions/${sessionId}`].fields.chairConclusion?.[0], SESSION_CONCLUSION, 'the chair’s general conclusion, as the secretary wrote it');
        const minutes = server.texts[`minutes:${sessionId}`];
        assert.ok(minutes, 'the session’s minutes are on the server');
        // An entry starts with the time it was first typed in ("[09:43] "), then every character as typed.
        const question = minutes[`turn:${turn.id}:q`];
        const answer = minutes[`turn:${turn.id}:a`];
        assert.equal(question?.replace(/^\[\d\d:\d\d\] /, ''), QUESTION, `the question, every character: ${JSON.stringify(minutes)}`);
        assert.equal(answer?.replace(/^\[\d\d:\d\d\] /, ''), ANSWER, `the answer, every character: ${JSON.stringify(minutes)}`);
        const ops = server.ops;
        assert.equal(new Set(ops).size, ops.length, 'every operation once in the server’s log');
        for (const [name, p] of [['chair', chair], ['secretary', secretary], ['display', display]]) {
          const state = await deviceState(p);
          assert.equal(state.refused, 0, `nothing refused on the ${name}’s device`);
          assert.equal(state.outbox + state.textRows.filter((r) => r.pending === 1).length, 0, `nothing waiting on the ${name}’s device`);
        }

        t.step('the chair’s tablet shows the secretary’s record of the first turn');
        await chair.getByRole('link', { name: 'Biên bản', exact: true }).click();
        const onChair = chair.getByRole('article', { name: SPEAKERS[0][0] });
        await expectVisible(onChair.getByRole('button', { name: 'Trả lời bằng văn bản', pressed: true }), 'the written reply on the chair’s tablet', 20_000);
        assert.equal(await onChair.getByLabel(`Câu hỏi của ${SPEAKERS[0][0]}`).inputValue(), question);
        assert.equal(await onChair.getByLabel('Trả lời', { exact: true }).inputValue(), answer);
        assert.equal(await onChair.getByLabel('Kết luận của chủ trì về ý kiến này').inputValue(), CONCLUSION);
      } finally {
        await secretaryDevice.context.close();
        await displayDevice.context.close();
      }
    },
  },
];
