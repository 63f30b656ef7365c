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
