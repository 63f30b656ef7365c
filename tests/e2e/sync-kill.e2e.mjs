/**
 * A tablet killed in the middle of a sync loses nothing and doubles nothing.
 *
 * The browser is a process of its own on a persistent profile
 * (`chromium-process.mjs`), SIGKILLed as a dead battery would: no handler of
 * the page runs. The moment is chosen through the browser's own network layer
 * (a route): the request is passed on to the real server, and the browser is
 * killed before the page sees the reply.
 *
 * - Mid-push: the server has committed the device's push, the device never
 *   hears so. Restarted on the same profile it pushes the same operations
 *   again; the server takes each exactly once (by op), and the device ends
 *   equal to the server, with everything it had made.
 * - Mid-pull: a device joining a unit whose log is several pages long is
 *   killed as the second page arrives. Restarted, its cursor is consistent
 *   with its data (every change up to the cursor is applied), and it pulls on
 *   from there: nothing skipped, no text update stored twice.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { officeFor } from './access-helpers.mjs';
import { kill, removeProfile, startChromium, stop } from './chromium-process.mjs';
import { log as note } from './harness.mjs';
import { addSession, assert, createConference, expectVisible, openHome, openSession, setUpUnit, waitForServiceWorker, waitUntil } from './helpers.mjs';
import { deviceState, firstDifference, serverLog, serverState } from './sync-helpers.mjs';

const VENUE = 'Hội trường UBND xã';
const NOTES = 'Khai mạc lúc 07:30. Chủ tịch UBND xã tuyên bố lý do, giới thiệu đại biểu dự hội nghị đối thoại; 120 người dân tham dự.';
const syncLine = (page) => page.getByRole('region', { name: 'Đồng bộ với máy chủ văn phòng' }).getByRole('status');

/** A deferred: a promise and the function that resolves it. */
function signal() {
  let resolve;
  const promise = new Promise((r) => (resolve = r));
  return { promise, resolve };
}

/** Waits until the device equals the server (records field by field, texts character by character). */
async function converged(page, baseURL, cookie, unitId, what) {
  let last = '';
  await waitUntil(
    async () => {
      const state = await deviceState(page);
      const diff = firstDifference(state, await serverState(baseURL, cookie, unitId), ['device', 'server']);
      const status = await syncLine(page).innerText().catch(() => '(no sync status)');
      last = diff ? `${diff}\n  device cursor ${JSON.stringify(state.cursor)}; sync status: ${status}` : '';
      return diff === null;
    },
    what,
    { timeout: 60_000, interval: 500 },
  ).catch((e) => {
    throw new Error(`${e.message}\n${last}`);
  });
}

async function addSpeaker(page, name, n) {
  const form = page.getByRole('form', { name: 'Thêm lượt phát biểu' });
  await form.getByLabel('Người phát biểu', { exact: true }).fill(name);
  await form.getByLabel('Thôn/tổ dân phố hoặc tổ chức').fill(`Thôn ${(n % 9) + 1}`);
  await form.getByLabel('Nội dung câu hỏi').fill(`Câu hỏi số ${n + 1} về thủ tục hành chính`);
  await form.getByRole('button', { name: 'Thêm', exact: true }).click();
  await expectVisible(page.getByRole('list', { name: /Đang chờ/ }).getByText(name, { exact: true }), `${name} waiting`);
}

// ---------------------------------------------------------------- changes made by the office, for the pull test

let counter = 0;
const OFFICE_DEVICE = 'e2eofficepc01';
/** An HLC stamp (see docs/sync-protocol.md): 11 base-36 digits of ms, 5 of counter, the device. */
const stamp = () => `${Date.now().toString(36).padStart(11, '0')}-${(counter++ % 36 ** 5).toString(36).padStart(5, '0')}-${OFFICE_DEVICE}`;
const opId = () => crypto.randomUUID();

function recordChange(table, id, scope, fields) {
  const stamps = {};
  for (const key of Object.keys(fields)) stamps[key] = stamp();
  return { kind: 'record', op: opId(), table, id, ...scope, fields, stamps, deviceId: OFFICE_DEVICE, hlc: Object.values(stamps).sort().at(-1) };
}

async function pushAsOffice(baseURL, cookie, changes) {
  for (let i = 0; i < changes.length; i += 400) {
    const res = await fetch(`${baseURL}/api/sync/push`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: OFFICE_DEVICE, recordSchemaVersion: 2, changes: changes.slice(i, i + 400) }),
    });
    if (!res.ok) throw new Error(`push: ${res.status} ${await res.text()}`);
    const { results } = await res.json();
    const refused = results.filter((r) => r.status !== 'applied');
    if (refused.length) throw new Error(`refused: ${JSON.stringify(refused.slice(0, 3))}`);
  }
}

/** A unit on the server with a conference, a session, `people` on its attendance list and some minutes: a log several pages long. */
function officeUnit(unitId, people) {
  const conferenceId = crypto.randomUUID();
  const sessionId = crypto.randomUUID();
  const scope = { unitId, conferenceId };
  const changes = [
    recordChange('units', unitId, { unitId }, { name: 'UBND xã Tân Lập', upperLevel: 'UBND huyện Đan Phượng', address: '', email: '', phone: '', deleted: false }),
    recordChange('conferences', conferenceId, { unitId }, {
      title: 'Hội nghị đối thoại TTHC năm 2026 – lần 1', year: 2026, planNumber: '82/KH-UBND', round: 1, legalBases: [], registrationDeadline: { kind: 'days_before', days: 10 }, deleted: false,
    }),
    recordChange('sessions', sessionId, scope, {
      conferenceId, title: 'Buổi sáng', date: '2026-05-12', start: '07:30', end: '11:30', venue: 'Nhà văn hóa thôn Đông', venueKind: 'village_cultural_house',
      fieldFocus: 'Đất đai', format: 'in_person', speakingLimitMs: 300_000, chairName: 'Nguyễn Văn An', secretaryName: 'Trần Thị Bình', deleted: false,
    }),
  ];
  const texts = [];
  for (let i = 0; i < people; i++) {
    changes.push(
      recordChange('attendees', crypto.randomUUID(), scope, {
        sessionId, name: `Người dân số ${i + 1}`, group: 'citizens', title: '', organisation: '', village: `Thôn ${(i % 9) + 1}`, bridgePointId: '',
        invited: true, present: i % 3 === 0, checkedInAt: null, deleted: false,
      }),
    );
    // Minutes typed now and then in between, so text changes sit in every page of the log.
    if (i % 500 === 250) {
      const doc = new Y.Doc();
      doc.getText(`item:note-${i}`).insert(0, `Ghi chép lúc có ${i + 1} người dự: đúng giờ, trật tự.`);
      const change = { kind: 'text', op: opId(), docId: `minutes:${sessionId}`, ...scope, update: Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64'), deviceId: OFFICE_DEVICE };
      changes.push(change);
      texts.push(change);
    }
  }
  return { changes, sessionId, texts };
}

export const tests = [
  {
    name: 'killed while its push is in flight (the server committed, the tablet never heard): restarted, every change is on the server exactly once and the tablet keeps all of it',
    timeout: 240_000,
    fn: async (t) => {
      const { baseURL } = t;
      const office = await officeFor(t);
      const profile = mkdtempSync(join(tmpdir(), 'doithoai-kill-push-'));
      let first = null;
      let second = null;
      try {
        t.step('online: the tablet sets up its unit, conference and session, enrols, and syncs');
        first = await startChromium(profile);
        const setup = first.page;
        await openHome(setup, baseURL);
        await setUpUnit(setup, 'UBND xã Hồng Phong');
        await createConference(setup);
        await addSession(setup, { venue: VENUE });
        const sessionId = await openSession(setup, VENUE);
        const sessionURL = setup.url();
        await office.enrol(setup, 'Máy tính bảng thư ký');
        await setup.goto(sessionURL);
        await waitForServiceWorker(setup);
        await expectVisible(syncLine(setup).filter({ hasText: 'Đã gửi hết' }), 'nothing waiting after the first sync', 30_000);
        // The first enrolled device brought the unit it had set up: the server keeps it under that id.
        const unitId = Object.keys((await deviceState(setup)).records).find((k) => k.startsWith('units/')).slice('units/'.length);

        // Closed the ordinary way once, so Chromium writes the device cookie to disk (it does so lazily: see the pull test).
        await stop(first);
        first = await startChromium(profile);
        const page = first.page;
        await page.goto(sessionURL);
        await expectVisible(syncLine(page).filter({ hasText: 'Đã gửi hết' }), 'synced again after a clean restart', 30_000);

        t.step('offline: twenty speakers, the floor run for two of them, and the opening notes in the minutes');
        await first.context.setOffline(true);
        await expectVisible(page.getByRole('status').filter({ hasText: 'Ngoại tuyến' }), 'the offline badge');
        for (let i = 0; i < 20; i++) await addSpeaker(page, `Người phát biểu số ${i + 1}`, i);
        await page.getByRole('button', { name: 'Mời người tiếp theo' }).click();
        await page.getByRole('button', { name: 'Bắt đầu', exact: true }).click();
        await page.getByRole('button', { name: 'Mời người tiếp theo' }).click();
        await expectVisible(page.getByRole('heading', { name: 'Đang chờ (18)' }), 'eighteen still waiting');
        await page.goto(`${baseURL}/sessions/${sessionId}?tab=minutes`);
        const notes = page.getByLabel(/^Ghi chép: Tuyên bố lý do/);
        await notes.click();
        await notes.pressSequentially(NOTES, { delay: 5 });
        await expectVisible(page.getByRole('status').filter({ hasText: /^Đã lưu/ }), 'the notes saved');
        const before = await deviceState(page);
        assert.ok(before.pendingOps.length >= 40, `many changes waiting (${before.pendingOps.length})`);
        const headBefore = (await serverLog(baseURL, office.cookie, unitId)).length;

        t.step('back online: the first push reaches the server, which commits it; the tablet is killed before it hears back');
        const committed = signal();
        await first.context.route('**/api/sync/push', async (route) => {
          const response = await route.fetch(); // the real server, which commits before it answers
          committed.resolve(response.status());
          // The reply is never given to the page: the tablet dies first.
        });
        await first.context.setOffline(false);
        assert.equal(await committed.promise, 200, 'the server answered the push');
        await kill(first);
        first = null;
        const logAfterKill = await serverLog(baseURL, office.cookie, unitId);
        assert.ok(logAfterKill.length > headBefore, 'the server committed the push the tablet never heard about');

        t.step('restarted on the same profile: it pushes again, and converges with the server');
        second = await startChromium(profile);
        await second.page.goto(sessionURL);
        await expectVisible(syncLine(second.page).filter({ hasText: 'Đã gửi hết' }), 'everything sent after the restart', 60_000);
        await converged(second.page, baseURL, office.cookie, unitId, 'the restarted tablet equal to the server');

        t.step('every change made offline is on the server exactly once; the tablet kept everything it had');
        const ops = (await serverLog(baseURL, office.cookie, unitId)).map((c) => c.op);
        const counts = new Map();
        for (const op of ops) counts.set(op, (counts.get(op) ?? 0) + 1);
        const missing = before.pendingOps.filter((op) => !counts.has(op));
        assert.deepEqual(missing, [], 'no change made offline is missing on the server');
        assert.deepEqual([...counts].filter(([, n]) => n > 1), [], 'no operation twice in the server’s log');
        const after = await deviceState(second.page);
        for (const [key, record] of Object.entries(before.records)) assert.deepEqual(after.records[key], record, `${key} as it was before the kill`);
        assert.deepEqual(after.texts, before.texts, 'the minutes as they were before the kill, every character');
        assert.equal(after.refused, 0, 'nothing refused');
        assert.ok(Object.values(after.texts[`minutes:${sessionId}`] ?? {}).some((s) => s.endsWith(NOTES)), 'the opening notes');
      } finally {
        if (first) await stop(first);
        if (second) await stop(second);
        await removeProfile(profile);
      }
    },
  },
  {
    name: 'killed while the second page of its first pull arrives: restarted, its cursor matches its data, and it pulls on with nothing skipped or doubled',
    timeout: 240_000,
    fn: async (t) => {
      const { baseURL } = t;
      const office = await officeFor(t);
      const unitId = office.unitId;
      const profile = mkdtempSync(join(tmpdir(), 'doithoai-kill-pull-'));
      let first = null;
      let second = null;
      try {
        t.step('the office server holds a unit whose log is three pages long (2,400 on the attendance list, minutes between)');
        const seeded = officeUnit(unitId, 2400);
        await pushAsOffice(baseURL, office.cookie, seeded.changes);
        const log = await serverLog(baseURL, office.cookie, unitId);
        assert.equal(log.length, seeded.changes.length);

        t.step('a new tablet enrols (its pulls held back), and is closed the ordinary way');
        // Chromium writes cookies to disk lazily (about every 30 s): a browser killed right after enrolling can
        // lose its device cookie while its database says it is enrolled. That is not what this test is about,
        // so the enrolled browser is closed cleanly once (which writes its cookies) before the pull it dies in.
        first = await startChromium(profile);
        await first.context.route('**/api/sync/pull*', (route) => route.abort());
        await first.page.goto(`${baseURL}/`);
        // Installed before it syncs, so the restart can open the app offline and look before it pulls on.
        await waitForServiceWorker(first.page);
        await office.enrol(first.page, 'Máy tính bảng mới');
        await stop(first);
        first = null;

        t.step('started again, it pulls; it is killed as the second page reaches it');
        first = await startChromium(profile);
        const pages = { count: 0 };
        const killNow = signal();
        await first.context.route('**/api/sync/pull*', async (route) => {
          const response = await route.fetch();
          pages.count += 1;
          await route.fulfill({ response });
          // The second page is handed to the page and the browser dies while it applies it (or just before).
          if (pages.count === 2) killNow.resolve();
        });
        await first.page.goto(`${baseURL}/`);
        await killNow.promise;
        await kill(first);
        first = null;

        t.step('restarted offline: every change up to its cursor is applied, nothing after it is missing from what it says it has');
        second = await startChromium(profile);
        await second.context.setOffline(true);
        await second.page.goto(`${baseURL}/`);
        const atRestart = await deviceState(second.page);
        assert.ok(atRestart.cursor, 'a cursor was stored with the first page');
        const upTo = atRestart.cursor.cursor;
        // A run's first page is 500 changes (the engine's FIRST_PULL_PAGE): at least those are in.
        const firstPageEnd = [...log].sort((a, b) => a.seq - b.seq)[499].seq;
        assert.ok(upTo >= firstPageEnd, `at least the first page is in (cursor ${upTo}, its last seq ${firstPageEnd})`);
        note(`  restarted with cursor ${upTo} of ${log.length}`);
        const expected = log.filter((c) => c.seq <= upTo && c.kind === 'record');
        const absent = expected.filter((c) => !atRestart.records[`${c.table}/${c.id}`]);
        assert.deepEqual(absent.map((c) => c.seq), [], 'every record change up to the cursor is on the tablet');
        const textOps = atRestart.textRows.map((r) => r.op);
        assert.equal(new Set(textOps).size, textOps.length, 'no text update stored twice');

        t.step('online again: it pulls on from its cursor and ends equal to the server');
        await second.context.setOffline(false);
        await second.page.goto(`${baseURL}/`);
        await converged(second.page, baseURL, office.cookie, unitId, 'the restarted tablet equal to the server');
        const after = await deviceState(second.page);
        assert.equal(Object.keys(after.records).filter((k) => k.startsWith('attendees/')).length, 2400, 'every person on the attendance list');
        const ops = after.textRows.map((r) => r.op);
        assert.equal(new Set(ops).size, ops.length, 'no text update stored twice after pulling on');
        for (const [i, text] of seeded.texts.entries()) {
          const typed = Y.decodeUpdate(Buffer.from(text.update, 'base64')).structs.length > 0;
          assert.ok(typed, `minutes update ${i} carries text`);
        }
        assert.deepEqual(
          Object.keys(after.texts[`minutes:${seeded.sessionId}`] ?? {}).length,
          seeded.texts.length,
          'every note of the minutes on the tablet',
        );
      } finally {
        if (first) await stop(first);
        if (second) await stop(second);
        await removeProfile(profile);
      }
    },
  },
];
