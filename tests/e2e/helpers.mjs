/**
 * Assertions and app steps for the end-to-end tests. Elements are found the way a
 * person finds them: by role, label and visible text, never by CSS class.
 */
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';

export { assert };
export { waitForServiceWorker } from './harness.mjs';

/** Waits until the locator is visible; fails with `what` in the message. */
export async function expectVisible(locator, what, timeout = 10_000) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`expected to see ${what}`);
  }
}

/** Waits until `fn()` returns a truthy value and returns it. */
export async function waitUntil(fn, what, { timeout = 10_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last instanceof Error ? ` (${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * The field's error message, as a screen reader would reach it: the element the
 * input's aria-describedby points at, which must also sit in the same field box.
 * Returns '' when the input is not marked invalid.
 */
export async function fieldError(input) {
  if ((await input.getAttribute('aria-invalid')) !== 'true') return '';
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = [];
  for (const id of ids) {
    const described = input.page().locator(`[id="${id}"]`);
    if ((await described.count()) !== 1) continue;
    // "Next to the field": the message shares the input's parent element.
    const sameBox = await input.evaluate((el, otherId) => el.parentElement?.contains(document.getElementById(otherId)) ?? false, id);
    if (sameBox) texts.push((await described.innerText()).trim());
  }
  return texts.join(' ');
}

/** Runs axe-core on the page as it is now; returns the violations, summarised. */
export async function axeViolations(page, where) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations.map((v) => ({
    where,
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
}

// ---------------------------------------------------------------------------
// App steps, in Vietnamese, as a secretary would do them.

export const UNIT_NAME = 'UBND xã Thanh Trì';
export const CONFERENCE_TITLE = 'Hội nghị đối thoại TTHC năm 2026 – lần 1';

/** Opens the home page and waits for the conference list heading. */
export async function openHome(page, baseURL) {
  await page.goto(`${baseURL}/`);
  await expectVisible(page.getByRole('heading', { level: 1, name: 'Các hội nghị đối thoại' }), 'the conference list heading');
}

/** First run on a device: the home page asks for the unit; fill its name and save. */
export async function setUpUnit(page, name = UNIT_NAME) {
  await expectVisible(page.getByRole('heading', { name: 'Thiết lập đơn vị' }), 'the unit set-up form');
  await page.getByLabel('Tên đơn vị').fill(name);
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  // Once the unit exists, the set-up card gives way to the new-conference form.
  await expectVisible(page.getByRole('form', { name: 'Tạo hội nghị mới' }), 'the new-conference form after saving the unit');
}

/** Creates a conference from the home page and opens it. */
export async function createConference(page, title = CONFERENCE_TITLE) {
  const form = page.getByRole('form', { name: 'Tạo hội nghị mới' });
  await form.getByLabel('Tên hội nghị').fill(title);
  await form.getByRole('button', { name: 'Tạo', exact: true }).click();
  const link = page.getByRole('list', { name: 'Các hội nghị đối thoại' }).getByRole('link', { name: title });
  await expectVisible(link, `the new conference "${title}" in the list`);
  await link.click();
  await expectVisible(page.getByRole('heading', { level: 1, name: title }), `the conference page "${title}"`);
}

/**
 * 'dd/MM/yyyy' in Vietnam, `days` from today. Sessions are refused more than a year back or three
 * years ahead, so tests plan theirs relative to today rather than on a fixed date that ages out.
 */
export function vietnamDate(days = 0) {
  const d = new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

/** Adds a session on the conference page (date dd/mm/yyyy, 24-hour times); a month from today unless given. */
export async function addSession(page, { venue, date = vietnamDate(30), start = '07:30', end = '11:30' }) {
  const form = page.getByRole('form', { name: 'Thêm buổi đối thoại' });
  await form.getByLabel('Ngày', { exact: true }).fill(date);
  await form.getByLabel('Bắt đầu', { exact: true }).fill(start);
  await form.getByLabel('Kết thúc', { exact: true }).fill(end);
  await form.getByLabel('Địa điểm', { exact: true }).fill(venue);
  await form.getByRole('button', { name: 'Thêm', exact: true }).click();
  await expectVisible(sessionLink(page, venue), `the new session "${venue}" in the list`);
}

export const sessionLink = (page, venue) => page.getByRole('list', { name: 'Các buổi đối thoại' }).getByRole('link', { name: venue });

/** Opens a session from the conference page; returns its id (from the URL). */
export async function openSession(page, venue) {
  await sessionLink(page, venue).click();
  await expectVisible(page.getByRole('heading', { level: 1, name: venue }), `the session workspace "${venue}"`);
  await expectVisible(page.getByRole('navigation', { name: 'Khu làm việc của buổi' }), 'the workspace tabs');
  const m = /\/sessions\/([^/?#]+)/.exec(page.url());
  assert.ok(m, `a session URL, got ${page.url()}`);
  return m[1];
}

/** Unit, conference and one session, ending in that session's workspace. */
export async function setUpThroughSession(page, baseURL, venue = 'Nhà văn hóa thôn 3') {
  await openHome(page, baseURL);
  await setUpUnit(page);
  await createConference(page);
  await addSession(page, { venue });
  const sessionId = await openSession(page, venue);
  return { sessionId, venue };
}

/**
 * One paper registration form keyed on the conference's registrations page, as the office does:
 * the name, then Enter from field to field for the ones given; the rest by label.
 */
export async function keyRegistrationForm(page, { fullName, phone = '', village = '', procedure = '', received, department = '', field = 'Đất đai', complaint = '', redirect = '' }) {
  const form = page.getByRole('form', { name: 'Nhập phiếu đăng ký' });
  await form.getByLabel('Họ tên (hoặc tên tổ chức)').focus();
  await page.keyboard.type(fullName);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // organisation: none
  await page.keyboard.type(phone);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter'); // house number: none
  await page.keyboard.type(village);
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('name'));
  assert.equal(focused, 'village', 'Enter moved from field to field up to the village');
  await form.getByLabel('Tên thủ tục hành chính').fill(procedure);
  await form.getByLabel('Ngày nhận phiếu').fill(received);
  await form.getByLabel('Giờ nhận').fill('09:00');
  if (complaint) {
    await form.getByLabel('Khiếu nại, tố cáo').selectOption({ label: complaint });
    await form.getByLabel('Hướng dẫn chuyển đến').fill(redirect);
  }
  if (department) {
    await form.getByLabel('Lĩnh vực', { exact: true }).selectOption({ label: field });
    await form.getByLabel('Phòng, ban trả lời').selectOption({ label: department });
  }
  await form.getByRole('button', { name: 'Lưu phiếu' }).click();
  await expectVisible(form.getByText(`Đã lưu phiếu của ${fullName}.`), `the form of ${fullName} saved`);
}

/** A walk-in speaker added to the session's queue by the chair: name, village or organisation, question. */
export async function addSpeaker(page, [name, village, topic]) {
  const form = page.getByRole('form', { name: 'Thêm lượt phát biểu' });
  await form.getByLabel('Người phát biểu', { exact: true }).fill(name);
  await form.getByLabel('Thôn/tổ dân phố hoặc tổ chức').fill(village);
  await form.getByLabel('Nội dung câu hỏi').fill(topic);
  await form.getByRole('button', { name: 'Thêm', exact: true }).click();
  await expectVisible(page.getByRole('list', { name: /Đang chờ/ }).getByText(name, { exact: true }), `${name} in the waiting list`);
}

/** Adds a department in Settings (optionally with one field it answers for). */
export async function addDepartment(page, name, field = '') {
  const dept = page.getByRole('form', { name: 'Phòng, ban chuyên môn' });
  await dept.getByLabel('Tên phòng, ban').fill(name);
  if (field) {
    const fields = dept.getByRole('group', { name: 'Lĩnh vực phụ trách' });
    await fields.getByLabel('Thêm lĩnh vực').fill(field);
    await fields.getByLabel('Thêm lĩnh vực').press('Enter');
  }
  await dept.getByRole('button', { name: 'Thêm', exact: true }).click();
  await expectVisible(page.getByText(name, { exact: true }), `the department ${name} in Settings`);
}

/** The secretary marks a turn's outcome in the minutes (a written reply with its department). */
export async function markOutcome(page, name, outcome, department = '') {
  const turn = page.getByRole('article', { name });
  await turn.getByRole('button', { name: outcome, exact: true }).click();
  if (department) await turn.getByLabel('Phòng, ban trả lời bằng văn bản').selectOption({ label: department });
  await expectVisible(turn.getByRole('button', { name: outcome, exact: true, pressed: true }), `${outcome} recorded for ${name}`);
}
