/**
 * The office takes in a registration form before the conference; in the room,
 * the chair puts that registered question in the speaker queue.
 */
import { assert, axeViolations, expectVisible, setUpThroughSession, vietnamDate } from './helpers.mjs';

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
];
