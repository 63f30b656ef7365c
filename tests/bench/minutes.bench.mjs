/**
 * Typing the minutes in Chromium, on a session whose minutes already hold
 * 20,000 words (a long conference: notes under every agenda item and questions
 * and answers of 12 speakers), typing at the end of the longest entry (about
 * 45,000 characters: the hardest place for the textarea binding and for Blink).
 * One browser, one session; the runs below follow each other in the same page.
 *
 * minutes-keystroke-durable-p95   From each keydown to the commit of the IndexedDB
 *                                 transaction holding that key's text (the app's
 *                                 `doithoai:minutes-durable` event, fired when the
 *                                 transaction's promise resolves; each event says
 *                                 when its first and last update were queued, so a
 *                                 key belongs to the first write whose last update
 *                                 was queued after its keydown). p95 over 300 keys
 *                                 typed 50 ms apart (20 keys/s: twice a fast typist).
 *                                 Target ≤ 300 ms. Baseline: a mid-range tablet's
 *                                 stand-in, the CPU throttled 4× (CDP) and 200 keys
 *                                 100 ms apart (10 keys/s, a fast typist).
 * minutes-durable-p95-4x-second-tab  The tablet stand-in (4×) while a second tab of the
 *                                 same profile (also 4×) has the same minutes open,
 *                                 types into another entry (a key every 150 ms: its
 *                                 rows reach the first tab, which applies them) and
 *                                 every 250 ms reads what the sync engine reads when it
 *                                 pushes: the pending text rows, at most a push batch
 *                                 (500), as the engine reads them (engine.ts `nextBatch`,
 *                                 textRows.ts `readPendingTextRows`: a transaction
 *                                 committed in the task that asked; the engine itself
 *                                 polls every 3 s, and minutes writes do not wake it).
 *                                 Until round 3 this read the WHOLE table, which nothing
 *                                 in the app does on a schedule (the only whole-document
 *                                 read is the state-vector exchange, every 5 minutes);
 *                                 until round 6 it was held until its tab had run the
 *                                 result, as the engine's Dexie read then was. Target ≤ 300 ms.
 *                                 Baseline: the same 4× run with no second tab.
 * minutes-write-size-ratio-4x     One write, from taking the queue (merge) to its
 *                                 transaction's commit, p95 at 4× on the 20,000-word
 *                                 document, divided by the same p95 for the same typing
 *                                 at 4× in a session whose minutes are empty (both
 *                                 p95s are logged). Target ≤ 1.5: a write's cost must
 *                                 follow what was typed, not what the document holds.
 * minutes-input-main-thread-p95   Synchronous main-thread time of one `input` event:
 *                                 from a capturing listener on window (runs first) to a
 *                                 bubbling one on window (runs last), so it holds the
 *                                 binding's diff, the Yjs transaction, the update
 *                                 queueing and anything else listening. p95, same keys.
 *                                 Target ≤ 4 ms. Baseline: the tablet stand-in.
 * minutes-open-20k-words          From clicking the "Biên bản" tab to the longest entry
 *                                 showing its text (chunk load, reading and applying the
 *                                 rows, binding every textarea), after a reload.
 *                                 Target ≤ 1000 ms. Baseline: the tablet stand-in.
 *
 * The 20,000 words are written by Yjs in Node, word by word with some deletions, as
 * one stored row, straight into IndexedDB: seeding data, not a path the app takes.
 */
import * as Y from 'yjs';
import { addSession, createConference, openHome, openSession, sessionLink, setUpUnit } from '../e2e/helpers.mjs';

const WORDS = 20_000;
const SPEAKERS = 12;
/** [CPU slowdown, ms between keys, keys]: the figure's run, then the tablet stand-in. */
const FAST = [1, 50, 300];
const TABLET = [4, 100, 200];
/** The second tab: a key every 150 ms into another entry, the sync engine's read of pending rows every 250 ms. */
const SECOND_TAB_KEY_MS = 150;
const SECOND_TAB_SCAN_MS = 250;
/** The sync engine's push batch (protocol SYNC_LIMITS.pushBatch): the most pending rows one read takes. */
const PUSH_BATCH = 500;
const SMALL_VENUE = 'Nhà văn hóa thôn 5';
const VENUE = 'Hội trường UBND xã';

/** Setting up through the UI at 1× and five typing runs: about 2-3 minutes on an idle 2-core machine. */
export const timeoutMs = 6 * 60_000;
const DOC_PREFIX = 'minutes:';

const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const SYLLABLES = (
  'ông bà hỏi về thủ tục cấp giấy chứng nhận quyền sử dụng đất hộ kinh doanh xây dựng nhà ở ' +
  'chứng thực bản sao khai sinh kết hôn thường trú tạm trú phòng ban trả lời trong năm ngày làm việc ' +
  'đề nghị xã hướng dẫn người dân hồ sơ trực tuyến một cửa tiếp nhận trả kết quả đúng hạn chậm'
).split(' ');

/** A deterministic stream of Vietnamese words. */
function* words(seed = 7) {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield SYLLABLES[x % SYLLABLES.length];
  }
}

/**
 * The minutes as a secretary would have typed them: entries filled word by word
 * (one Yjs insert per word), a deletion now and then. Returns one V1 update.
 */
function seedMinutes(entries, totalWords) {
  const doc = new Y.Doc();
  const gen = words();
  // The longest entry (the citizens' item) gets half; the rest is shared out.
  const share = entries.map((e, i) => (i === 0 ? Math.floor(totalWords / 2) : Math.floor(totalWords / 2 / (entries.length - 1))));
  share[0] += totalWords - share.reduce((a, b) => a + b, 0);
  entries.forEach((name, i) => {
    const text = doc.getText(name);
    for (let w = 0; w < share[i]; w++) {
      const word = gen.next().value;
      doc.transact(() => text.insert(text.length, w % 14 === 13 ? `${word}.\n` : `${word} `));
      if (w % 50 === 49) doc.transact(() => text.delete(text.length - 2, 1)); // a typo put right
    }
  });
  let count = 0;
  for (const name of entries) count += doc.getText(name).toString().split(/\s+/).filter(Boolean).length;
  return { update: Y.encodeStateAsUpdate(doc), words: count, longest: doc.getText(entries[0]).length };
}

/** Agenda item ids (in order) and heard turn ids of a session, read from IndexedDB. */
const readIds = (page, sessionId) =>
  page.evaluate(
    (id) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('doithoai');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['agendaItems', 'speakerTurns']);
          const out = {};
          tx.objectStore('agendaItems').getAll().onsuccess = (e) => {
            out.agenda = e.target.result.filter((a) => a.sessionId === id && !a.deleted).sort((a, b) => a.position - b.position);
          };
          tx.objectStore('speakerTurns').getAll().onsuccess = (e) => {
            out.turns = e.target.result.filter((t) => t.sessionId === id && !t.deleted && t.status !== 'waiting').map((t) => t.id);
          };
          tx.oncomplete = () => resolve({ agenda: out.agenda.map((a) => ({ id: a.id, step: a.step, title: a.title })), turns: out.turns });
          tx.onerror = () => reject(tx.error);
        };
      }),
    sessionId,
  );

const storeRow = (page, docId, bytes) =>
  page.evaluate(
    ({ docId, bytes }) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('doithoai');
        open.onsuccess = () => {
          const tx = open.result.transaction('textUpdates', 'readwrite');
          tx.objectStore('textUpdates').add({ docId, update: new Uint8Array(bytes), pending: 0 });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    { docId, bytes: Array.from(bytes) },
  );

async function newSession(page, baseURL) {
  await openHome(page, baseURL);
  await setUpUnit(page);
  await createConference(page);
  // A second session whose minutes stay empty: the baseline of a write's cost.
  await addSession(page, { venue: SMALL_VENUE });
  const smallHref = await sessionLink(page, SMALL_VENUE).getAttribute('href');
  await addSession(page, { venue: VENUE });
  const sessionId = await openSession(page, VENUE);
  await page.getByRole('link', { name: 'Lượt phát biểu', exact: true }).click();
  const form = page.getByRole('form', { name: 'Thêm lượt phát biểu' });
  for (let i = 1; i <= SPEAKERS; i++) {
    await form.getByLabel('Người phát biểu', { exact: true }).fill(`Người dân số ${i}`);
    await form.getByRole('button', { name: 'Thêm', exact: true }).click();
    await page.getByRole('heading', { name: `Đang chờ (${i})` }).waitFor();
  }
  for (let i = 1; i <= SPEAKERS; i++) {
    await page.getByRole('button', { name: 'Mời người tiếp theo' }).click();
    await page.getByRole('heading', { name: `Đang chờ (${SPEAKERS - i})` }).waitFor();
  }
  return { sessionId, smallHref };
}

/** Opens the minutes tab and returns how long until the entry shows at least `longest` characters. */
async function openMinutes(page, label, longest) {
  const started = await page.evaluate(() => performance.now());
  await page.getByRole('link', { name: 'Biên bản', exact: true }).click();
  await page.waitForFunction(
    ({ label, longest }) => {
      const el = [...document.querySelectorAll('label')].find((l) => l.textContent === label)?.control;
      return el && el.value.length >= longest;
    },
    { label, longest },
    { timeout: 30_000, polling: 'raf' },
  );
  return (await page.evaluate(() => performance.now())) - started;
}

/** Listens for keydowns, input events and durable writes, once per page; `reset` empties the records. */
const listen = (page) =>
  page.evaluate(() => {
    if (!window.__bench) {
      window.__bench = { keydowns: [], durable: [], inputMs: [], t0: 0 };
      const b = () => window.__bench;
      window.addEventListener('keydown', (e) => e.target instanceof HTMLTextAreaElement && b().keydowns.push(performance.now()), true);
      window.addEventListener('input', () => (b().t0 = performance.now()), true);
      window.addEventListener('input', () => b().inputMs.push(performance.now() - b().t0), false);
      window.addEventListener('doithoai:minutes-durable', (e) => b().durable.push(e.detail));
    }
    Object.assign(window.__bench, { keydowns: [], durable: [], inputMs: [] });
  });

const setThrottle = async (page, rate) => (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate });

/** Types `keys` characters at the end of the entry and returns per-key durable latency, input time and write time. */
async function typeAndMeasure(page, label, keyDelayMs, keys) {
  const entry = page.getByLabel(label, { exact: true });
  // Focus, not click: a mouse left hovering over the page makes Blink hit-test after every layout
  // (hover updates), which a tablet's finger does not cause.
  await entry.focus();
  await page.keyboard.press('Control+End');
  await listen(page);
  const text = ' tiep thu y kien cua nguoi dan ve thu tuc dat dai va ho tich'.repeat(10).slice(0, keys);
  await page.keyboard.type(text, { delay: keyDelayMs });
  // Every key is measured once a durable write covers the last keydown.
  await page.waitForFunction(
    () => {
      const b = window.__bench;
      const last = b.keydowns.at(-1);
      return last !== undefined && b.durable.some((d) => d.lastQueuedAt >= last);
    },
    null,
    { timeout: 30_000 },
  );
  const { keydowns, durable, inputMs } = await page.evaluate(() => window.__bench);
  const latency = keydowns.map((k) => {
    const write = durable.find((d) => d.lastQueuedAt >= k);
    if (!write) throw new Error(`no durable write after the keydown at ${k}`);
    return write.committedAt - k;
  });
  const value = await entry.inputValue();
  if (!value.endsWith(text)) throw new Error('the typed text is not in the entry');
  const writeMs = durable.map((d) => d.committedAt - d.startedAt);
  return { latency, inputMs, writeMs, writes: durable.length, keys: keydowns.length };
}

function describe(log, what, r) {
  log(
    `  ${what}: ${r.keys} keys in ${r.writes} writes; keystroke→durable median ${median(r.latency).toFixed(1)} ms, ` +
      `p95 ${p95(r.latency).toFixed(1)} ms, max ${Math.max(...r.latency).toFixed(1)} ms; ` +
      `input handler median ${median(r.inputMs).toFixed(2)} ms, p95 ${p95(r.inputMs).toFixed(2)} ms; ` +
      `one write (merge + transaction) median ${median(r.writeMs).toFixed(1)} ms, p95 ${p95(r.writeMs).toFixed(1)} ms`,
  );
}

/**
 * The second tab: the same minutes open, typing into another entry and reading the pending
 * text rows as the sync engine does, until `stop()`. Returns what it typed.
 */
async function secondTab(context, url, label) {
  const page = await context.newPage();
  await page.goto(url);
  await setThrottle(page, TABLET[0]);
  await page.getByRole('link', { name: 'Biên bản', exact: true }).click();
  const entry = page.getByLabel(label, { exact: true });
  await entry.waitFor();
  await entry.focus();
  await page.keyboard.press('Control+End');
  await page.evaluate(
    ([ms, batch]) => {
      // As the sync engine reads before a push (textRows.ts `readPendingTextRows`), far more often.
      window.__scans = 0;
      window.__scanning = setInterval(() => {
        const open = indexedDB.open('doithoai');
        open.onsuccess = () => {
          const tx = open.result.transaction('textUpdates');
          tx.objectStore('textUpdates').index('pending').getAll(IDBKeyRange.only(1), batch).onsuccess = () => window.__scans++;
          tx.commit();
          tx.oncomplete = () => open.result.close();
        };
      }, ms);
    },
    [SECOND_TAB_SCAN_MS, PUSH_BATCH],
  );
  let typing = true;
  let typed = '';
  const words = ' y kien tu tab thu hai';
  const typer = (async () => {
    for (let i = 0; typing; i++) {
      const ch = words[i % words.length];
      await page.keyboard.type(ch);
      typed += ch;
      await new Promise((r) => setTimeout(r, SECOND_TAB_KEY_MS));
    }
  })();
  return {
    async stop() {
      typing = false;
      await typer;
      const scans = await page.evaluate(() => {
        clearInterval(window.__scanning);
        return window.__scans;
      });
      return { typed, scans, page };
    },
  };
}

export async function run({ launchBrowser, makeServer, log, figure }) {
  const server = await makeServer();
  const browser = await launchBrowser();
  try {
    await server.start();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const { sessionId, smallHref } = await newSession(page, server.baseURL);
    const { agenda, turns } = await readIds(page, sessionId);
    const opinions = agenda.find((a) => a.step === 'citizen_opinions');
    const entries = [
      `item:${opinions.id}`,
      ...agenda.filter((a) => a !== opinions).map((a) => `item:${a.id}`),
      ...turns.flatMap((t) => [`turn:${t}:q`, `turn:${t}:a`]),
    ];
    const seeded = seedMinutes(entries, WORDS);
    await storeRow(page, `${DOC_PREFIX}${sessionId}`, seeded.update);
    log(
      `  seeded ${seeded.words} words in ${entries.length} entries (${(seeded.update.byteLength / 1024).toFixed(0)} KB); the longest has ${seeded.longest} characters`,
    );
    const label = `Ghi chép: ${opinions.title}`;
    const sessionURL = `${server.baseURL}/sessions/${sessionId}`;

    // 1× (the figure), then the tablet stand-in: each after a reload, so the chunk and the doc are read cold.
    const runs = {};
    for (const [name, [throttle, keyDelayMs, keys]] of [
      ['fast', FAST],
      ['tablet', TABLET],
    ]) {
      await page.goto(sessionURL);
      await page.getByRole('link', { name: 'Biên bản', exact: true }).waitFor();
      await setThrottle(page, throttle);
      const openMs = await openMinutes(page, label, seeded.longest);
      const r = await typeAndMeasure(page, label, keyDelayMs, keys);
      log(`  ${throttle}× CPU: opened in ${openMs.toFixed(0)} ms`);
      describe(log, `${throttle}× CPU, a key every ${keyDelayMs} ms`, r);
      runs[name] = { ...r, openMs };
    }

    // The tablet stand-in with a second tab at work on the same minutes.
    const otherLabel = `Ghi chép: ${agenda.find((a) => a !== opinions).title}`;
    const other = await secondTab(context, sessionURL, otherLabel);
    const busy = await typeAndMeasure(page, label, TABLET[1], TABLET[2]);
    const { typed, scans, page: second } = await other.stop();
    describe(log, `4× CPU with a second tab (it typed ${typed.length} keys and read the pending rows ${scans} times)`, busy);
    // The first tab followed the second one's typing: it shows it (the rows are applied, not just counted).
    await page.waitForFunction(
      ({ otherLabel, typed }) => [...document.querySelectorAll('label')].find((l) => l.textContent === otherLabel)?.control?.value.endsWith(typed),
      { otherLabel, typed },
      { timeout: 30_000 },
    );
    await second.close();

    // The same typing in a session whose minutes are empty: what a write costs with no document behind it.
    await page.goto(`${server.baseURL}${smallHref}`);
    await page.getByRole('link', { name: 'Biên bản', exact: true }).waitFor();
    await setThrottle(page, TABLET[0]);
    await page.getByRole('link', { name: 'Biên bản', exact: true }).click();
    const smallLabel = `Ghi chép: ${opinions.title}`;
    await page.getByLabel(smallLabel, { exact: true }).waitFor();
    const small = await typeAndMeasure(page, smallLabel, TABLET[1], TABLET[2]);
    describe(log, '4× CPU, empty minutes', small);
    await context.close();

    const { fast, tablet } = runs;
    return [
      figure('minutes-keystroke-durable-p95', p95(fast.latency), 'ms', 300, p95(tablet.latency)),
      figure('minutes-durable-p95-4x-second-tab', p95(busy.latency), 'ms', 300, p95(tablet.latency)),
      // A ratio, not milliseconds: that a write costs what was typed, not what the document holds.
      { ...figure('minutes-write-size-ratio-4x', p95(tablet.writeMs) / p95(small.writeMs), '×', 1.5), value: Math.round((p95(tablet.writeMs) / p95(small.writeMs)) * 100) / 100 },
      figure('minutes-input-main-thread-p95', p95(fast.inputMs), 'ms', 4, p95(tablet.inputMs)),
      figure('minutes-open-20k-words', fast.openMs, 'ms', 1000, tablet.openMs),
    ];
  } finally {
    await browser.close().catch(() => {});
    await server.dispose();
  }
}
