/**
 * Typing the minutes in Chromium, on a session whose minutes already hold
 * 20,000 words (a long conference: notes under every agenda item and questions
 * and answers of 12 speakers), typing at the end of the longest entry (about
 * 45,000 characters: the hardest place for the textarea binding and for Blink).
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
 *                                 stand-in, the CPU throttled 4× (CDP) and keys 100 ms
 *                                 apart (10 keys/s, a fast typist).
 * minutes-input-main-thread-p95   Synchronous main-thread time of one `input` event:
 *                                 from a capturing listener on window (runs first) to a
 *                                 bubbling one on window (runs last), so it holds the
 *                                 binding's diff, the Yjs transaction, the update
 *                                 queueing and anything else listening. p95, same keys.
 *                                 Target ≤ 4 ms. Baseline: the tablet stand-in.
 * minutes-open-20k-words          From clicking the "Biên bản" tab to the longest entry
 *                                 showing its text (chunk load, reading and applying the
 *                                 rows, binding every textarea). Target ≤ 1000 ms.
 *                                 Baseline: the tablet stand-in.
 *
 * The 20,000 words are written by Yjs in Node, word by word with some deletions, as
 * one stored row, straight into IndexedDB: seeding data, not a path the app takes.
 */
import * as Y from 'yjs';
import { addSession, createConference, openHome, openSession, setUpUnit } from '../e2e/helpers.mjs';

const WORDS = 20_000;
const SPEAKERS = 12;
const KEYS = 300;
/** [CPU slowdown, ms between keys]: the figure, then its baseline. */
const FAST = [1, 50];
const TABLET = [4, 100];
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
  await addSession(page, { venue: 'Hội trường UBND xã' });
  const sessionId = await openSession(page, 'Hội trường UBND xã');
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
  return sessionId;
}

/** Opens the minutes tab and returns how long until the longest entry shows its text. */
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

/** Types KEYS characters at the end of the entry and returns per-key durable latency and input time. */
async function typeAndMeasure(page, label, keyDelayMs) {
  const entry = page.getByLabel(label, { exact: true });
  // Focus, not click: a mouse left hovering over the page makes Blink hit-test after every layout
  // (hover updates), which a tablet's finger does not cause.
  await entry.focus();
  await page.keyboard.press('Control+End');
  await page.evaluate(() => {
    const b = (window.__bench = { keydowns: [], durable: [], inputMs: [], t0: 0 });
    window.addEventListener('keydown', (e) => e.target instanceof HTMLTextAreaElement && b.keydowns.push(performance.now()), true);
    window.addEventListener('input', () => (b.t0 = performance.now()), true);
    window.addEventListener('input', () => b.inputMs.push(performance.now() - b.t0), false);
    window.addEventListener('doithoai:minutes-durable', (e) => b.durable.push(e.detail));
  });
  const text = ' tiep thu y kien cua nguoi dan ve thu tuc dat dai va ho tich'.repeat(10).slice(0, KEYS);
  await page.keyboard.type(text, { delay: keyDelayMs });
  // Every key's write has committed once the status says so.
  await page
    .getByRole('status')
    .filter({ hasText: /^Đã lưu lúc/ })
    .waitFor({ timeout: 10_000 });
  await page.waitForTimeout(300);
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

async function measure({ launchBrowser, makeServer, log }, [throttle, keyDelayMs]) {
  const server = await makeServer();
  await server.start();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const sessionId = await newSession(page, server.baseURL);
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
      `  ${throttle}× CPU: seeded ${seeded.words} words in ${entries.length} entries (${(seeded.update.byteLength / 1024).toFixed(0)} KB); the longest has ${seeded.longest} characters`,
    );

    // Reload so the minutes chunk and the doc are read cold, then throttle.
    await page.reload();
    await page.getByRole('link', { name: 'Biên bản', exact: true }).waitFor();
    if (throttle > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
    const label = `Ghi chép: ${opinions.title}`;
    const openMs = await openMinutes(page, label, seeded.longest);
    const r = await typeAndMeasure(page, label, keyDelayMs);
    log(
      `  ${throttle}× CPU: opened in ${openMs.toFixed(0)} ms; ${r.keys} keys ${keyDelayMs} ms apart in ${r.writes} writes; ` +
        `keystroke→durable median ${median(r.latency).toFixed(1)} ms, p95 ${p95(r.latency).toFixed(1)} ms, max ${Math.max(...r.latency).toFixed(1)} ms; ` +
        `input handler median ${median(r.inputMs).toFixed(2)} ms, p95 ${p95(r.inputMs).toFixed(2)} ms, max ${Math.max(...r.inputMs).toFixed(2)} ms; ` +
        `one write (merge + transaction) median ${median(r.writeMs).toFixed(1)} ms, p95 ${p95(r.writeMs).toFixed(1)} ms`,
    );
    await context.close();
    return { openMs, durableP95: p95(r.latency), inputP95: p95(r.inputMs) };
  } finally {
    await browser.close();
    await server.dispose();
  }
}

export async function run(ctx) {
  const fast = await measure(ctx, FAST);
  const slow = await measure(ctx, TABLET);
  return [
    ctx.figure('minutes-keystroke-durable-p95', fast.durableP95, 'ms', 300, slow.durableP95),
    ctx.figure('minutes-input-main-thread-p95', fast.inputP95, 'ms', 4, slow.inputP95),
    ctx.figure('minutes-open-20k-words', fast.openMs, 'ms', 1000, slow.openMs),
  ];
}
