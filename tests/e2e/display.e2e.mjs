/**
 * The hall display's layout on the screens halls have (1024×768 projectors,
 * 1280×720 and 1920×1080 TVs) in every state of the clock, with long names and
 * topics: nothing leaves the screen, the next speakers and the agenda line stay
 * on it, and the clock's box does not move when overtime starts. Then the
 * chair's own screen on a 10-inch tablet, both ways up: the clock and its
 * buttons without scrolling.
 *
 * E2E_SHOTS=1 saves a picture of every state and viewport in tests/e2e/.artifacts/ for a person to look at.
 *
 * The display page runs on Playwright's clock (installed so it flows with real
 * time), which lets it jump to the last 30 seconds and to overtime without
 * waiting five minutes; the chair's page keeps real time.
 */
import { addSpeaker, assert, expectVisible, setUpThroughSession, waitUntil } from './helpers.mjs';

const VIEWPORTS = [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

const LONG_NAME = 'Nguyễn Thị Phương Thảo Hoàng Ngọc Bích Trâm';
const SPEAKERS = [
  [
    LONG_NAME,
    'Tổ dân phố số 12, khu đô thị mới Đông Nam',
    'Thời gian cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất lần đầu cho hộ gia đình đã sử dụng đất ổn định từ trước năm 1993 nhưng giấy tờ bị thất lạc',
  ],
  [
    'Công ty Trách nhiệm hữu hạn Thương mại và Dịch vụ Xây dựng Minh Phát Đông Hòa',
    'Khu công nghiệp phía Bắc',
    'Cấp phép xây dựng nhà xưởng',
  ],
  ['Lê Văn Bá', 'Thôn 2', 'Thủ tục đăng ký hộ kinh doanh'],
  ['Phạm Thị Hồng Nhung Bảo Ngọc', 'Thôn Thượng Lâm Đông', 'Chứng thực bản sao từ bản chính'],
];

async function shortcut(page, key) {
  await page.bringToFront();
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  await page.keyboard.press(key);
}

/**
 * Every element of the page that is drawn but lies (partly) outside the viewport, and whether the page
 * scrolls. What an ancestor clips (an ellipsis, a line clamp) is not drawn, so an element counts as far as
 * it shows through its clipping ancestors.
 */
const outside = (page) =>
  page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const h = document.documentElement.clientHeight;
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const c = a.getBoundingClientRect();
        [left, top, right, bottom] = [Math.max(left, c.left), Math.max(top, c.top), Math.min(right, c.right), Math.min(bottom, c.bottom)];
      }
      if (right - left <= 0 || bottom - top <= 0) continue;
      if (left < -0.5 || top < -0.5 || right > w + 0.5 || bottom > h + 0.5) {
        out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} [${Math.round(left)},${Math.round(top)} → ${Math.round(right)},${Math.round(bottom)}]`);
      }
    }
    const scrolls = document.documentElement.scrollHeight > h || document.documentElement.scrollWidth > w;
    return { out, scrolls };
  });

const clockBox = (display) =>
  display.getByRole('timer').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
  });

const timerText = async (display) => (await display.getByRole('timer').innerText()).split('\n')[0];

export const tests = [
  {
    name: 'the hall display holds its layout at 1024×768, 1280×720 and 1920×1080 in every clock state; the chair’s clock fits a tablet',
    timeout: 180_000,
    fn: async (t) => {
      const { page, baseURL } = t;
      const { sessionId } = await setUpThroughSession(page, baseURL);

      t.step('four speakers with long names, villages and topics; the citizens’ item started');
      for (const s of SPEAKERS) await addSpeaker(page, s);
      await page.getByRole('link', { name: 'Chương trình', exact: true }).click();
      await page.getByRole('button', { name: 'Bắt đầu mục này: Người dân, tổ chức phát biểu ý kiến' }).click();
      await page.getByRole('link', { name: 'Lượt phát biểu', exact: true }).click();
      await expectVisible(page.getByRole('heading', { name: 'Đang chờ (4)' }), 'the queue');

      const display = await t.newPage();
      await display.clock.install(); // flows with real time until it is told to jump
      await display.goto(`${baseURL}/sessions/${sessionId}/display`);
      await expectVisible(display.getByText('Xin mời đại biểu đăng ký phát biểu'), 'the waiting message');

      /** Checks the display at every viewport; returns the clock's box per viewport when there is a clock. */
      const checkAll = async (state) => {
        const boxes = [];
        for (const viewport of VIEWPORTS) {
          await display.setViewportSize(viewport);
          const where = `${state} at ${viewport.width}×${viewport.height}`;
          // Layout settles within a frame of the resize.
          await display.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          if (process.env.E2E_SHOTS) await display.screenshot({ path: `tests/e2e/.artifacts/display-${state.replace(/\W+/g, '-')}-${viewport.width}.png` });
          const { out, scrolls } = await outside(display);
          assert.deepEqual(out, [], `${where}: elements outside the viewport`);
          assert.equal(scrolls, false, `${where}: the display scrolls`);
          await expectVisible(display.getByText(/Người dân, tổ chức phát biểu ý kiến/), `${where}: the agenda line`);
          if (state !== 'waiting') {
            const next = display.getByRole('region', { name: 'Tiếp theo' });
            await expectVisible(next, `${where}: the next speakers`);
            const size = await next
              .getByRole('listitem')
              .first()
              .evaluate((li) => parseFloat(getComputedStyle(li).fontSize));
            assert.ok(size >= viewport.height * 0.035, `${where}: next speakers readable from the back (${size}px)`);
            boxes.push(await clockBox(display));
          }
        }
        return boxes;
      };

      t.step('waiting');
      await checkAll('waiting');

      t.step('speaking, clock not started');
      await shortcut(page, 'n');
      await waitUntil(
        async () => (await display.getByTestId('display-speaker').innerText()).startsWith('Nguyễn Thị'),
        'the first speaker on the display',
      );
      await checkAll('called');

      t.step('running');
      await shortcut(page, ' ');
      await waitUntil(
        async () => Number(await display.getByRole('timer').getAttribute('data-remaining-ms')) < 299_500,
        'the clock running',
      );
      const running = await checkAll('running');

      t.step('paused, then running again');
      await shortcut(page, ' ');
      await expectVisible(display.getByRole('timer').getByText('Tạm dừng'), 'paused on the display');
      const paused = await checkAll('paused');
      assert.deepEqual(paused, running, 'the clock box is the same paused and running');
      await shortcut(page, ' ');
      await expectVisible(display.getByRole('timer').getByText('Đang phát biểu'), 'running again on the display');

      t.step('the last 30 seconds: a text and a shape of their own');
      await display.clock.fastForward(4 * 60_000 + 40_000);
      await waitUntil(
        async () => (await display.getByRole('timer').getAttribute('class')).includes('timer--thirty_seconds'),
        'the 30-second warning',
      );
      await expectVisible(display.getByRole('timer').getByText('Còn 30 giây'), 'the words of the warning');
      const warning = await display.getByRole('timer').evaluate((el) => getComputedStyle(el).outlineStyle);
      assert.equal(warning, 'dashed', 'the 30-second warning has a dashed frame');
      const last30 = await checkAll('last 30 s');
      assert.deepEqual(last30, running, 'the clock box is the same in the last 30 seconds');

      t.step('overtime: "+00:2x" takes exactly the box "04:5x" took');
      await display.clock.fastForward(40_000);
      await waitUntil(async () => (await timerText(display)).startsWith('+00:'), 'overtime on the display');
      await expectVisible(display.getByRole('timer').getByText('Hết giờ'), 'the words of overtime');
      const over = await display.getByRole('timer').evaluate((el) => getComputedStyle(el).outlineStyle);
      assert.equal(over, 'solid', 'overtime has a solid frame, not the warning’s dashed one');
      const overtime = await checkAll('overtime');
      assert.deepEqual(overtime, running, 'the clock box does not move or resize when overtime starts');

      t.step('the chair’s tablet, both ways up: clock and buttons on screen without scrolling');
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 800, height: 1280 },
      ]) {
        await page.setViewportSize(viewport);
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        if (process.env.E2E_SHOTS) await page.screenshot({ path: `tests/e2e/.artifacts/chair-${viewport.width}x${viewport.height}.png` });
        for (const [what, locator] of [
          ['the clock', page.getByRole('timer')],
          ['Mời người tiếp theo', page.getByRole('button', { name: 'Mời người tiếp theo' })],
          ['Tạm dừng', page.getByRole('button', { name: 'Tạm dừng' })],
          ['+1 phút', page.getByRole('button', { name: '+1 phút' })],
          ['Dừng', page.getByRole('button', { name: 'Dừng', exact: true })],
        ]) {
          const box = await locator.boundingBox();
          assert.ok(box, `${what} is drawn`);
          assert.ok(
            box.y >= 0 && box.y + box.height <= viewport.height,
            `${what} at ${viewport.width}×${viewport.height} is below the fold (${Math.round(box.y + box.height)} px)`,
          );
        }
      }
    },
  },
];
