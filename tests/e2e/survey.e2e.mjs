/**
 * After the conference, offline: the office keys in the paper survey forms
 * from the keyboard, takes one back, and reads the results as a chart and a
 * table; the statistics screen shows the same tally.
 */
import { assert, axeViolations, expectVisible, setUpThroughSession, waitForServiceWorker } from './helpers.mjs';

/** Five keys per form: facilities, attitude, appointment slip, fee receipt, result. */
const FORMS = [
  ['1', '1', '1', '1', '2'], // very satisfied, very satisfied, yes, yes, on time
  ['2', '0', '1', '3', '1'], // satisfied, left blank, yes, no fee, early
  ['3', 'x', '2', '2', '4'], // not satisfied, spoiled, no, no, still pending
];

export const tests = [
  {
    name: 'survey forms tallied from the keyboard offline, then the chart and the table',
    timeout: 90_000,
    fn: async (t) => {
      const { page, baseURL, context } = t;
      await setUpThroughSession(page, baseURL);
      await page.getByRole('link', { name: 'Quay lại' }).click();
      await expectVisible(page.getByRole('link', { name: 'Khảo sát sự hài lòng (0 phiếu)' }), 'the survey link on the conference page');

      t.step('offline');
      await waitForServiceWorker(page);
      await context.setOffline(true);
      await page.getByRole('link', { name: 'Khảo sát sự hài lòng (0 phiếu)' }).click();
      await expectVisible(page.getByRole('heading', { level: 1, name: 'Khảo sát sự hài lòng' }), 'the survey screen, offline');
      await expectVisible(page.getByRole('group', { name: 'Phiếu số 1: bấm phím để chọn câu trả lời' }), 'the keypad for form 1');
      const violations = await axeViolations(page, 'survey tally');
      assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));

      t.step('three forms from the keyboard');
      for (const [i, keys] of FORMS.entries()) {
        for (const k of keys) await page.keyboard.press(k === 'x' ? 'KeyX' : `Digit${k}`);
        await expectVisible(page.getByText(`Đã nhập ${i + 1} phiếu`), `the count after form ${i + 1}`);
      }

      t.step('undo the last form, key it again');
      await page.keyboard.press('Control+z');
      await expectVisible(page.getByText('Đã nhập 2 phiếu'), 'the count after the undo');
      await expectVisible(page.getByText('Đã hoàn tác phiếu số 3.'), 'the undo confirmed');
      for (const k of FORMS[2]) await page.keyboard.press(k === 'x' ? 'KeyX' : `Digit${k}`);
      await expectVisible(page.getByText('Đã nhập 3 phiếu'), 'the count with form 3 keyed again');

      t.step('the results: a chart and the same numbers in a table');
      await page.getByRole('navigation', { name: 'Khảo sát' }).getByRole('link', { name: 'Kết quả' }).click();
      const fee = page.getByRole('table', { name: /^4\. Có được nhận Biên lai thu phí/ });
      await expectVisible(fee, 'the fee receipt table');
      const rows = await fee.locator('tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent.trim())));
      assert.deepEqual(rows, [
        ['Trả lời', 'Số phiếu', 'Tỷ lệ'],
        ['Có', '1', '33,4%'],
        ['Không', '1', '33,3%'],
        ['Không thu phí', '1', '33,3%'],
        ['Để trống', '0', '0%'],
        ['Không hợp lệ (đánh nhiều ô)', '0', '0%'],
        ['Tổng số', '3', '100%'],
      ]);
      const attitude = page.getByRole('table', { name: /^2\. Thái độ giao tiếp, hướng dẫn của công chức \(1\/3 phiếu/ });
      await expectVisible(attitude, 'the attitude table, one readable answer of three');
      // The chart is drawn (bars with a width), and hidden from screen readers.
      const bars = await page.locator('.survey-chart[aria-hidden="true"] .survey-chart__bar').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
      assert.ok(bars.length >= 20 && bars.some((w) => w > 50), `bars drawn: ${bars.join(', ')}`);
      const resultsViolations = await axeViolations(page, 'survey results');
      assert.deepEqual(resultsViolations, [], JSON.stringify(resultsViolations, null, 2));

      t.step('an offline reload keeps the forms');
      await page.reload();
      await expectVisible(page.getByRole('table', { name: /^4\. Có được nhận Biên lai thu phí/ }).getByRole('row', { name: 'Tổng số 3 100%' }), 'the tally after a reload');

      t.step('the statistics screen shows the same tally');
      await page.getByRole('link', { name: /^← / }).click();
      await page.getByRole('link', { name: 'Số liệu hội nghị (in trong báo cáo)' }).click();
      await expectVisible(page.getByRole('heading', { level: 1, name: 'Số liệu hội nghị' }), 'the statistics screen');
      await expectVisible(page.getByText('Thu về 3 phiếu.', { exact: false }), 'the survey forms counted');
      await expectVisible(page.getByRole('table', { name: /^1\. Cơ sở vật chất/ }).getByRole('row', { name: 'Rất hài lòng 1 33,4%' }), 'the facilities tally');
      const statsViolations = await axeViolations(page, 'statistics');
      assert.deepEqual(statsViolations, [], JSON.stringify(statsViolations, null, 2));
    },
  },
];
