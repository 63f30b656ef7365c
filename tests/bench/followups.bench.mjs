/**
 * The follow-up dashboard over five years of conferences, in Chromium.
 *
 * followups-dashboard-render-4x   Ten conferences (two a year, 2022-2026), one session of 40
 *                                 opinions each, 400 follow-ups of every kind (most replied,
 *                                 the last conference's still open, some overdue), 6
 *                                 departments: from the records' arrival to the dashboard built
 *                                 in the DOM (the screen's own measure, RENDER_MEASURE in
 *                                 src/ui/followUps/FollowUpsScreen.tsx), CPU throttled 4× (CDP
 *                                 Emulation.setCPUThrottlingRate). Median of 5 fresh page loads.
 *                                 Target ≤ 50 ms.
 * (The unthrottled time is logged for comparison.)
 *
 * The records are written into the app's IndexedDB in the stored shape the write path
 * produces, as tests/e2e/documentsSeed.mjs does: entering 400 follow-ups through the screens
 * would measure the screens that enter them.
 */
import { createConference, openHome, setUpUnit } from '../e2e/helpers.mjs';

const RUNS = 5;
const CONFERENCES = 10;
const PER_CONFERENCE = 40;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Writes the five years into the open page's database. */
async function seed(page) {
  return page.evaluate(
    async ({ conferences, perConference }) => {
      const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open('doithoai');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const unit = await new Promise((resolve, reject) => {
        const req = db.transaction('units').objectStore('units').getAll();
        req.onsuccess = () => resolve(req.result[0]);
        req.onerror = () => reject(req.error);
      });
      const now = Date.now();
      let k = 0;
      const stamp = () => `${now.toString(36).padStart(11, '0')}-${(++k).toString(36).padStart(5, '0')}-seed`;
      const stored = (id, conferenceId, fields) => {
        const stamps = Object.fromEntries(Object.keys(fields).map((f) => [f, stamp()]));
        return { ...fields, id, unitId: unit.id, ...(conferenceId ? { conferenceId } : {}), stamps, updatedAt: stamp(), deleted: false };
      };
      const pad = (n) => String(n).padStart(2, '0');
      const addDays = (iso, n) => {
        const d = new Date(`${iso}T00:00:00Z`);
        d.setUTCDate(d.getUTCDate() + n);
        return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      };
      const tx = db.transaction(['departments', 'conferences', 'sessions', 'speakerTurns', 'followUps'], 'readwrite');
      const departments = ['Phòng Kinh tế', 'Văn phòng HĐND và UBND', 'Công an xã', 'Phòng Văn hóa - Xã hội', 'Bộ phận một cửa', 'Địa chính - Xây dựng'];
      departments.forEach((name, i) => tx.objectStore('departments').put(stored(`bench-dep-${i}`, null, { name, fields: [] })));
      const kinds = ['written_reply', 'forwarded_upward', 'guided_elsewhere', 'written_reply'];
      for (let c = 0; c < conferences; c++) {
        const year = 2022 + Math.floor(c / 2);
        const round = (c % 2) + 1;
        const date = `${year}-${round === 1 ? '05' : '10'}-${pad(12 + (c % 3))}`;
        const conferenceId = `bench-conf-${c}`;
        const sessionId = `bench-ses-${c}`;
        const last = c === conferences - 1;
        tx.objectStore('conferences').put(
          stored(conferenceId, conferenceId, {
            title: `Hội nghị đối thoại TTHC năm ${year} – lần ${round}`,
            year,
            planNumber: `${20 + c}/KH-UBND`,
            round,
            legalBases: [],
            registrationDeadline: { kind: 'days_before', days: 10 },
          }),
        );
        tx.objectStore('sessions').put(
          stored(sessionId, conferenceId, {
            conferenceId,
            title: 'Buổi sáng',
            date,
            start: '07:30',
            end: '11:30',
            venue: 'Hội trường UBND xã',
            venueKind: 'committee_hall',
            fieldFocus: '',
            format: 'in_person',
            speakingLimitMs: 300000,
            chairName: '',
            secretaryName: '',
            chairConclusion: '',
          }),
        );
        for (let i = 0; i < perConference; i++) {
          const turnId = `bench-turn-${c}-${i}`;
          const kind = kinds[i % kinds.length];
          const departmentId = `bench-dep-${i % departments.length}`;
          const disposition =
            kind === 'written_reply' ? { kind, departmentId, dueOn: addDays(date, 7) } : kind === 'forwarded_upward' ? { kind, body: 'UBND tỉnh' } : { kind, body: 'Tòa án nhân dân khu vực' };
          tx.objectStore('speakerTurns').put(
            stored(turnId, conferenceId, {
              sessionId,
              position: i + 1,
              speakerName: `Người dân ${c + 1}.${i + 1}`,
              attendeeId: undefined,
              registrationId: undefined,
              answersRegistrationIds: [],
              affiliation: `Thôn ${(i % 9) + 1}`,
              topic: 'Thời hạn giải quyết hồ sơ cấp giấy chứng nhận quyền sử dụng đất',
              field: 'Đất đai',
              responderName: 'Phó Chủ tịch UBND xã',
              bridgePointId: undefined,
              status: 'done',
              calledAt: now,
              finishedAt: now,
              spokenMs: 240000,
              disposition,
              conclusion: '',
              hideNameOnDisplay: false,
            }),
          );
          const open = last && i % 2 === 0;
          const dueOn = addDays(date, 7);
          tx.objectStore('followUps').put(
            stored(`bench-fu-${c}-${i}`, conferenceId, {
              kind,
              turnId,
              registrationId: undefined,
              departmentId: kind === 'written_reply' ? departmentId : i % 3 === 0 ? '' : departmentId,
              responderName: 'Phó Chủ tịch UBND xã',
              assignedOn: date,
              dueOn,
              noticeDueOn: addDays(date, 9),
              replyNumber: open ? '' : `${i + 1}/UBND`,
              repliedOn: open ? '' : addDays(date, i % 5 === 0 ? 10 : 4),
              replyText: '',
              informedBy: open ? '' : ['post', 'email', 'in_person'][i % 3],
              status: open ? 'assigned' : 'notified',
            }),
          );
        }
      }
      await new Promise((resolve, reject) => ((tx.oncomplete = resolve), (tx.onerror = () => reject(tx.error))));
      db.close();
    },
    { conferences: CONFERENCES, perConference: PER_CONFERENCE },
  );
}

async function renderOnce(page, url, rate, cdp) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await page.goto(url);
  await page.getByRole('heading', { name: 'Theo dõi trả lời sau hội nghị' }).waitFor({ timeout: 60_000 });
  await page.reload();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.waitForFunction(() => performance.getEntriesByName('doithoai:follow-ups-render').length > 0, null, { timeout: 60_000 });
  const m = await page.evaluate(() => {
    const e = performance.getEntriesByName('doithoai:follow-ups-render').at(-1);
    return { ms: e.duration, followUps: e.detail?.followUps ?? 0 };
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  return m;
}

export async function run({ makeServer, launchBrowser, waitForServiceWorker, figure, log }) {
  const server = await makeServer();
  await server.start();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    await openHome(page, server.baseURL);
    await setUpUnit(page);
    // A conference made through the screens, so the database is the app's own, at its current version.
    await createConference(page);
    await waitForServiceWorker(page);
    await seed(page);
    const url = `${server.baseURL}/follow-ups`;
    const cdp = await context.newCDPSession(page);
    const warm = await renderOnce(page, url, 1, cdp);
    log(`  dashboard of ${warm.followUps} follow-ups`);
    if (warm.followUps < CONFERENCES * PER_CONFERENCE) throw new Error(`only ${warm.followUps} follow-ups on the dashboard`);
    const figures = [];
    for (const rate of [1, 4]) {
      const times = [];
      for (let i = 0; i < RUNS; i++) times.push((await renderOnce(page, url, rate, cdp)).ms);
      log(`  ${rate}× CPU: ${times.map((x) => x.toFixed(1)).join(', ')} ms`);
      if (rate === 4) figures.push(figure('followups-dashboard-render-4x', median(times), 'ms', 50));
    }
    return figures;
  } finally {
    await browser.close();
    await server.dispose();
  }
}
