/**
 * The office takes in a registration form before the conference; in the room,
 * the chair puts that registered question in the speaker queue.
 */
import { addDepartment, addSession, assert, axeViolations, createConference, expectVisible, fieldError, keyRegistrationForm, openHome, openSession, setUpThroughSession, setUpUnit, vietnamDate, waitForServiceWorker } from './helpers.mjs';

export const tests = [
  {
    name: 'a registration form taken in by the office becomes a turn in the queue',
    timeout: 60_000,
    fn: async (t) => {
      const { page, baseURL } = t;
      const { sessionId } = await setUpThroughSession(page, baseURL);

      t.step('the conference’s registration forms');
      await page.getByRole('link', { name: 'Quay lại' }).click();
      await page.getByRole('link', { name: 'Phiếu đăng ký (0)' }).click();
      await expectVisible(page.getByRole('heading', { level: 1, name: 'Phiếu đăng ký tham gia đối thoại' }), 'the registrations page');
      const form = page.getByRole('form', { name: 'Nhập phiếu đăng ký' });
      await form.getByLabel('Họ tên (hoặc tên tổ chức)').fill('Hoàng Thị Thu');
      await form.getByLabel('Thôn/tổ dân phố').fill('Thôn Bắc');
      await form.getByLabel('Tên thủ tục hành chính').fill('Chứng thực chữ ký');
      // The session is a month from today and forms are due 10 days before: a form received yesterday is in time.
      await form.getByLabel('Ngày nhận phiếu').fill(vietnamDate(-1));
      await form.getByLabel('Giờ nhận').fill('09:15');
      await form.getByRole('button', { name: 'Lưu phiếu' }).click();
      const list = page.getByRole('list', { name: 'Phiếu đăng ký tham gia đối thoại' });
      await expectVisible(list.getByText('Hoàng Thị Thu'), 'the form in the list');
      await expectVisible(list.getByText('Đúng hạn'), 'the form marked in time');
      const violations = await axeViolations(page, 'registrations');
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));

      t.step('the chair puts the registered question in line');
      await page.goto(`${baseURL}/sessions/${sessionId}?tab=queue`);
      const pick = page.getByLabel('Từ phiếu đăng ký');
      await pick.selectOption({ label: 'Hoàng Thị Thu · Thôn Bắc · Chứng thực chữ ký' });
      await page.getByRole('form', { name: 'Thêm lượt phát biểu' }).getByRole('button', { name: 'Thêm', exact: true }).click();
      const waiting = page.getByRole('list', { name: /Đang chờ/ });
      await expectVisible(waiting.getByText('Hoàng Thị Thu', { exact: true }), 'the registrant in the queue');
      await expectVisible(waiting.getByText('Chứng thực chữ ký'), 'the registered question as the topic');
    },
  },
  {
    name: 'offline, the office keys in forms (one late, one complaint, one near-duplicate), routes them, and sees them in the queue and the overview',
    timeout: 120_000,
    fn: async (t) => {
      const { page, baseURL, context } = t;
      await openHome(page, baseURL);
      await setUpUnit(page);

      t.step('a department answers for a field whose name holds a comma');
      await page.goto(`${baseURL}/settings`);
      await addDepartment(page, 'Phòng Kinh tế', 'Đất đai');

      t.step('a conference in five days: forms were due 10 days before');
      await openHome(page, baseURL);
      await createConference(page);
      await addSession(page, { venue: 'Hội trường UBND xã', date: vietnamDate(5) });
      const conferenceUrl = page.url();

      t.step('offline from here on');
      await waitForServiceWorker(page);
      await context.setOffline(true);
      await page.goto(`${conferenceUrl}/registrations`);
      await expectVisible(page.getByRole('heading', { level: 1, name: 'Phiếu đăng ký tham gia đối thoại' }), 'the registrations page, offline');
      const form = page.getByRole('form', { name: 'Nhập phiếu đăng ký' });
      const name = form.getByLabel('Họ tên (hoặc tên tổ chức)');

      const keyForm = (fields) => keyRegistrationForm(page, fields);

      const list = page.getByRole('list', { name: 'Phiếu đăng ký tham gia đối thoại' });
      const item = (who) => list.getByRole('listitem').filter({ has: page.getByText(who, { exact: true }) });
      t.step('a form in time, routed to the department');
      await keyForm({ fullName: 'Nguyễn Thị Hòa', phone: '0912 345 678', village: 'Thôn Đông', procedure: 'Cấp giấy chứng nhận quyền sử dụng đất', received: vietnamDate(-20), department: 'Phòng Kinh tế' });
      await expectVisible(item('Nguyễn Thị Hòa').getByText('Đúng hạn'), 'the first form in time');

      t.step('a phone with 9 digits is refused next to the field, nothing saved');
      await name.fill('Lê Văn Sai Số');
      await form.getByLabel('Điện thoại').fill('091234567');
      await form.getByRole('button', { name: 'Lưu phiếu' }).click();
      assert.match(await fieldError(form.getByLabel('Điện thoại')), /thiếu chữ số/);
      await form.getByLabel('Điện thoại').fill('');
      await name.fill('');

      t.step('a late form is marked and kept');
      await keyForm({ fullName: 'Phạm Văn Muộn', village: 'Thôn Tây', procedure: 'Đăng ký khai sinh', received: vietnamDate(-1) });
      await expectVisible(item('Phạm Văn Muộn').getByText('Nộp muộn: coi như không đăng ký đối thoại'), 'the late form marked');

      t.step('a complaint is flagged outside the dialogue');
      await keyForm({ fullName: 'Đỗ Văn Khiếu', village: 'Thôn Đông', procedure: 'Khiếu nại về bồi thường', received: vietnamDate(-18), complaint: 'Khiếu nại', redirect: 'Bộ phận tiếp công dân xã' });
      await expectVisible(item('Đỗ Văn Khiếu').getByText(/Khiếu nại: ngoài phạm vi đối thoại/), 'the complaint flagged');

      t.step('the same person with the old tone placement and the phone written another way');
      await keyForm({ fullName: 'Nguyễn Thị Hoà', phone: '+84 912.345.678', village: 'Thôn Đông', procedure: 'Cấp lại giấy chứng nhận quyền sử dụng đất', received: vietnamDate(-19) });
      const offer = page.getByRole('group', { name: 'Có thể trùng với phiếu của Nguyễn Thị Hòa' });
      await expectVisible(offer.getByText(/Có thể trùng: phiếu của Nguyễn Thị Hoà/), 'the near-duplicate offered');
      await offer.getByRole('button', { name: 'Gộp vào phiếu này' }).click();
      await expectVisible(list.getByText('Nguyễn Thị Hòa', { exact: true }), 'the merged form');
      await page.getByRole('group', { name: /Có thể trùng/ }).first().waitFor({ state: 'detached' });
      assert.equal(await list.getByText('Nguyễn Thị Hoà', { exact: true }).count(), 0, 'the duplicate is merged away');

      t.step('another person asking the same, routed after entry (edit and re-classify)');
      await keyForm({ fullName: 'Trần Văn Bình', village: 'Thôn Bắc', procedure: 'Cấp giấy chứng nhận quyền sử dụng đất', received: vietnamDate(-17) });
      await page.getByRole('button', { name: 'Sửa phiếu của Trần Văn Bình' }).click();
      const edit = page.getByRole('form', { name: 'Sửa phiếu của Trần Văn Bình' });
      await edit.getByLabel('Lĩnh vực', { exact: true }).selectOption({ label: 'Đất đai' });
      await edit.getByLabel('Phòng, ban trả lời').selectOption({ label: 'Phòng Kinh tế' });
      await edit.getByLabel('Nội dung trả lời đã chuẩn bị').fill('Hồ sơ cần bổ sung trích lục bản đồ.');
      await edit.getByRole('button', { name: 'Lưu phiếu' }).click();
      await expectVisible(item('Trần Văn Bình').getByText('Đã chuẩn bị trả lời'), 'the second form routed with its answer');

      t.step('the overview by department');
      const byDepartment = page.getByRole('table', { name: 'Theo phòng, ban' });
      const kt = byDepartment.getByRole('row', { name: /Phòng Kinh tế/ });
      assert.equal(await kt.getByRole('cell').first().innerText(), '2', 'two forms routed to Phòng Kinh tế');
      const violations = await axeViolations(page, 'registrations with routing');
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));

      t.step('in the queue: only forms in time and not complaints; one turn answers both land questions');
      await page.goto(conferenceUrl);
      const sessionId = await openSession(page, 'Hội trường UBND xã');
      await page.goto(`${baseURL}/sessions/${sessionId}?tab=queue`);
      const pick = page.getByLabel('Từ phiếu đăng ký');
      await expectVisible(pick, 'the registered questions to pick from');
      const offered = await pick.locator('option').allTextContents();
      assert.deepEqual(offered.slice(1).sort(), [
        'Nguyễn Thị Hòa · Thôn Đông · Cấp giấy chứng nhận quyền sử dụng đất',
        'Trần Văn Bình · Thôn Bắc · Cấp giấy chứng nhận quyền sử dụng đất',
      ]);
      await pick.selectOption({ label: 'Nguyễn Thị Hòa · Thôn Đông · Cấp giấy chứng nhận quyền sử dụng đất' });
      await page.getByRole('form', { name: 'Thêm lượt phát biểu' }).getByRole('button', { name: 'Thêm', exact: true }).click();
      const waiting = page.getByRole('list', { name: /Đang chờ/ });
      await expectVisible(waiting.getByText('Nguyễn Thị Hòa', { exact: true }), 'the registrant in the queue');
      await waiting.getByText('Phiếu đăng ký được trả lời trong lượt này (1)').click();
      await page.getByRole('list', { name: 'Phiếu cùng nội dung với câu hỏi của Nguyễn Thị Hòa' }).getByRole('checkbox', { name: /Trần Văn Bình/ }).check();
      await expectVisible(waiting.getByText('Phiếu đăng ký được trả lời trong lượt này (2)'), 'the second form linked to the turn');
      // Linked to a turn, the second form is no longer offered on its own.
      await page.getByLabel('Từ phiếu đăng ký').waitFor({ state: 'detached' });

      t.step('the overview says both are in the queue');
      await page.goto(`${conferenceUrl}/registrations`);
      const byField = page.getByRole('table', { name: 'Theo lĩnh vực' });
      const land = byField.getByRole('row', { name: /Đất đai/ });
      await expectVisible(land, 'the land row');
      const headers = await byField.getByRole('columnheader').allInnerTexts();
      const cells = await land.getByRole('cell').allInnerTexts();
      assert.equal(cells[headers.indexOf('Trong danh sách phát biểu') - 1], '2', 'both land forms in the queue');
    },
  },
];
