/**
 * The hall's audio survives the tablet dying mid-turn, and each turn is a place to listen from.
 *
 * Real Chromium with a fake microphone that plays a generated WAV whose tone steps every second
 * (second n of the file is a sine at 300 + 40·n Hz), so where one is in the audio can be read off
 * the sound itself. The app records across three speaker turns (long enough for one rotation of
 * the recorder, so the audio is in two segments); the browser process is SIGKILLed mid-turn; it is
 * started again on the same profile, offline. Then: the audio up to 2 s before the kill is on the
 * device, decodes with decodeAudioData, and its length matches the wall time it records within
 * 1 s; the recording resumed by itself as a new part; and "Nghe lượt" on the second turn starts
 * the sound within 1 s of that turn's start, read from the tone heard.
 *
 * Chromium is spawned here, on a persistent profile, for the same reason as in minutes.e2e.mjs:
 * the test must own the process to kill it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { fakeMicrophone, writeWav } from './wav.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kill, removeProfile, startChromium as startOwnChromium, stop } from './chromium-process.mjs';
import { log } from './harness.mjs';
import { assert, expectVisible, setUpThroughSession, waitForServiceWorker, waitUntil } from './helpers.mjs';

const RATE = 48_000;
const SECONDS = 60;
const toneHz = (n) => 300 + 40 * n;
/** How long each turn runs before the next speaker is called (turn 3 is cut by the kill). */
const TURN_MS = 13_000;

/** Second n is a continuous-phase sine at toneHz(n), so where a play starts can be told by its pitch. */
function toneWav(path) {
  let phase = 0;
  writeWav(path, {
    seconds: SECONDS,
    rate: RATE,
    sample: (i, rate) => {
      phase += (2 * Math.PI * toneHz(Math.floor(i / rate))) / rate;
      return Math.sin(phase) * 0.375;
    },
  });
}

/** Chromium on `profile` whose microphone plays `wav` (chromium-process.mjs owns the process, so the test can SIGKILL it). */
const startChromium = (profile, wav) =>
  startOwnChromium(profile, {
    args: [
      ...fakeMicrophone(wav),
      '--autoplay-policy=no-user-gesture-required',
    ],
    timeoutMs: 15_000,
  });

/** The audio tables and the timer events, read with IndexedDB itself (not the app's code). */
function readAudio(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('doithoai');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = (name) =>
      new Promise((resolve, reject) => {
        const req = db.transaction(name).objectStore(name).getAll();
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const [parts, segments, timerEvents, turns] = await Promise.all([all('audioParts'), all('audioSegments'), all('timerEvents'), all('speakerTurns')]);
    db.close();
    return { parts, segments, timerEvents, turns };
  });
}

/**
 * In the page: decodes each segment of `partId` (its chunks joined, as the app plays it) and
 * returns their durations and the tone index heard at 0.5 s into the first.
 */
function decodePart(page, partId) {
  return page.evaluate(
    async ({ partId, toneBase, toneStep }) => {
      const db = await new Promise((resolve, reject) => {
        const req = indexedDB.open('doithoai');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const all = (name) =>
        new Promise((resolve, reject) => {
          const req = db.transaction(name).objectStore(name).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      const segments = (await all('audioSegments')).filter((s) => s.partId === partId).sort((a, b) => a.index - b.index);
      const chunks = await all('audioChunks');
      db.close();
      const ctx = new OfflineAudioContext(1, 48_000, 48_000);
      const out = [];
      for (const s of segments) {
        const own = chunks.filter((c) => c.segmentId === s.id).sort((a, b) => a.index - b.index);
        const blob = new Blob(
          own.map((c) => c.data),
          { type: s.mimeType },
        );
        const buffer = await ctx.decodeAudioData(await blob.arrayBuffer());
        out.push({ id: s.id, startedAt: s.startedAt, endedAt: s.endedAt, chunks: own.length, duration: buffer.duration });
        if (out.length === 1) {
          const data = buffer.getChannelData(0);
          const from = Math.floor(0.5 * buffer.sampleRate);
          const n = Math.floor(0.25 * buffer.sampleRate);
          let crossings = 0;
          for (let i = from + 1; i < from + n; i++) if ((data[i - 1] < 0) !== (data[i] < 0)) crossings++;
          out[0].toneAtHalfSecond = (crossings / 2 / 0.25 - toneBase) / toneStep;
        }
      }
      return out;
    },
    { partId, toneBase: toneHz(0), toneStep: toneHz(1) - toneHz(0) },
  );
}

/**
 * The share of `canvas`'s pixels on the screen that are neither the meter's empty background
 * (#f3f3f3) nor blank: the bar. Read from a screenshot, decoded in the page (no image library).
 */
async function barShare(page, canvas) {
  const png = (await canvas.screenshot()).toString('base64');
  return page.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
    const off = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = off.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    let bar = 0;
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - 0xf3) + Math.abs(data[i + 1] - 0xf3) + Math.abs(data[i + 2] - 0xf3) > 60) bar++;
    return bar / (data.length / 4);
  }, png);
}

/** Presses a chair shortcut with nothing focused. */
async function shortcut(page, key) {
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  await page.keyboard.press(key);
}

async function addSpeaker(page, name) {
  const form = page.getByRole('form', { name: 'Thêm lượt phát biểu' });
  await form.getByLabel('Người phát biểu', { exact: true }).fill(name);
  await form.getByLabel('Nội dung câu hỏi').fill('Thủ tục cấp giấy chứng nhận quyền sử dụng đất');
  await form.getByRole('button', { name: 'Thêm', exact: true }).click();
  await expectVisible(page.getByRole('list', { name: /Đang chờ/ }).getByText(name, { exact: true }), `${name} waiting`);
}

/** Waits until the page's own clock has reached `instant` (the turn has run its length). */
const clockReaches = (page, instant) => page.waitForFunction((t) => Date.now() >= t, instant, { timeout: 60_000, polling: 100 });

const SPEAKERS = ['Nguyễn Văn An', 'Trần Thị Hoa', 'Lê Văn Bá'];
/** Circular distance between two tone indices of the looping file. */
const toneDistance = (a, b) => {
  const d = Math.abs(a - b) % SECONDS;
  return Math.min(d, SECONDS - d);
};

export const tests = [
  {
    name: 'audio recorded across three turns survives a SIGKILL mid-turn, decodes, and plays from a turn at its start',
    timeout: 240_000,
    fn: async (t) => {
      const profile = mkdtempSync(join(tmpdir(), 'doithoai-audio-profile-'));
      const wav = join(profile, '..', `doithoai-tones-${process.pid}.wav`);
      toneWav(wav);
      let first = null;
      let second = null;
      try {
        first = await startChromium(profile, wav);
        const page = first.page;
        t.step('online: unit, conference, session; the service worker in control');
        const { sessionId } = await setUpThroughSession(page, t.baseURL);
        await waitForServiceWorker(page);
        await expectVisible(page.getByRole('form', { name: 'Thêm lượt phát biểu' }), 'the queue');
        for (const name of SPEAKERS) await addSpeaker(page, name);

        t.step('start recording: the indicator and the level meter');
        await page.getByRole('button', { name: 'Ghi âm', exact: true }).click();
        await expectVisible(page.getByRole('link', { name: /Đang ghi âm hội nghị/ }), 'the recording indicator in the header');
        const meter = page.getByRole('meter', { name: 'Mức âm thanh micro' });
        await expectVisible(meter, 'the level meter');
        await waitUntil(async () => Number(await meter.getAttribute('aria-valuenow')) > 0.02, 'the meter hears the tone');
        // The bar itself, as the secretary sees it: the worker draws the canvas, and only a screenshot tells that it shows.
        await waitUntil(async () => (await barShare(page, meter.locator('canvas'))) > 0.5, 'the level bar drawn on the screen');

        t.step('three turns, the third cut by the kill');
        const starts = [];
        for (const [i, name] of SPEAKERS.entries()) {
          await shortcut(page, 'n');
          await expectVisible(page.getByRole('heading', { name: 'Đang phát biểu' }).locator('..').getByText(name, { exact: true }), `${name} on the floor`);
          await shortcut(page, ' ');
          await waitUntil(async () => Number(await page.getByRole('timer').getAttribute('data-remaining-ms')) < 299_000, `${name}'s clock running`);
          const started = await page.evaluate(() => Date.now());
          starts.push(started);
          await clockReaches(page, started + (i < 2 ? TURN_MS : TURN_MS / 2));
        }
        const killedAt = Date.now();
        t.step('SIGKILL the browser mid-turn');
        await kill(first);
        first = null;

        t.step('restart on the same profile, offline; the minutes open from the service worker');
        second = await startChromium(profile, wav);
        await second.context.setOffline(true);
        await second.page.goto(`${t.baseURL}/sessions/${sessionId}?tab=minutes`);
        const again = second.page;
        await expectVisible(again.getByRole('heading', { name: /Nguyễn Văn An/ }), 'the first turn in the minutes');

        t.step('the recording resumed by itself as a new part; the first part is kept, marked interrupted');
        await waitUntil(async () => (await readAudio(again)).parts.length === 2, 'a second part after the restart', { timeout: 20_000 });
        const { parts, timerEvents } = await readAudio(again);
        const cut = parts.find((p) => p.status === 'interrupted');
        assert.ok(cut, `the part cut by the kill is marked interrupted: ${JSON.stringify(parts.map((p) => p.status))}`);
        assert.ok(parts.some((p) => p.status === 'recording' && p.id !== cut.id), 'a new part records after the restart');

        t.step('the audio up to 2 s before the kill is there and decodes; its length is the wall time it records');
        const segments = await decodePart(again, cut.id);
        assert.ok(segments.length >= 2, `the recorder rotated at least once (${segments.length} segments)`);
        const decodedMs = segments.reduce((n, s) => n + s.duration * 1000, 0);
        const wallMs = cut.endedAt - cut.startedAt;
        log(
          `  part: ${segments.length} segments, decoded ${Math.round(decodedMs)} ms, recorded wall ${wallMs} ms, stored up to ${killedAt - cut.endedAt} ms before the kill`,
        );
        for (let i = 1; i < segments.length; i++) {
          const prev = segments[i - 1];
          log(`  rotation ${i}: next recorder started ${Math.round(prev.startedAt + prev.duration * 1000 - segments[i].startedAt)} ms before the previous file's audio ended`);
        }
        assert.ok(cut.endedAt >= killedAt - 2_000, `audio stored up to ${killedAt - cut.endedAt} ms before the kill (at most 2000)`);
        const lastSegment = segments[segments.length - 1];
        assert.ok(lastSegment.startedAt + lastSegment.duration * 1000 >= killedAt - 2_000 - 1_000, 'the decoded audio reaches 2 s before the kill');
        assert.ok(Math.abs(decodedMs - wallMs) <= 1_000, `decoded ${Math.round(decodedMs)} ms vs recorded wall time ${wallMs} ms`);

        t.step('"Nghe lượt" on the second turn starts where the turn started (read from the tone)');
        const turn2Start = timerEvents.filter((e) => e.type === 'start').sort((a, b) => a.at - b.at)[1]?.at;
        assert.ok(turn2Start, 'the second turn has its start event');
        const t0 = segments[0];
        // The tone at 0.5 s into the recording anchors file position to the room clock.
        const expected = t0.toneAtHalfSecond + (turn2Start - (t0.startedAt + 500)) / 1000;
        await again.evaluate(() => {
          const a = document.querySelector('.player__audio');
          window.__firstPlay = new Promise((resolve) =>
            a.addEventListener('playing', () => resolve({ offset: a.currentTime, src: a.src, segmentId: a.dataset.segmentId }), { once: true }),
          );
        });
        await again.getByRole('button', { name: 'Nghe lượt của Trần Thị Hoa' }).click();
        const heard = await again.evaluate(async (toneArgs) => {
          const play = await Promise.race([window.__firstPlay, new Promise((_, reject) => setTimeout(() => reject(new Error('the player never started playing')), 10_000))]);
          const a = document.querySelector('.player__audio');
          // The file the player loaded, read from IndexedDB (the page's CSP keeps fetch() off blob: URLs).
          const db = await new Promise((resolve, reject) => {
            const req = indexedDB.open('doithoai');
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          const rows = await new Promise((resolve, reject) => {
            const req = db.transaction('audioChunks').objectStore('audioChunks').getAll();
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          db.close();
          const own = rows.filter((c) => c.segmentId === play.segmentId).sort((x, y) => x.index - y.index);
          const bytes = await new Blob(own.map((c) => c.data)).arrayBuffer();
          const buffer = await new OfflineAudioContext(1, 48_000, 48_000).decodeAudioData(bytes);
          const data = buffer.getChannelData(0);
          const from = Math.floor((play.offset + 0.05) * buffer.sampleRate);
          const n = Math.floor(0.25 * buffer.sampleRate);
          let crossings = 0;
          for (let i = from + 1; i < from + n; i++) if ((data[i - 1] < 0) !== (data[i] < 0)) crossings++;
          return { ...play, playing: !a.paused, tone: (crossings / 2 / 0.25 - toneArgs.base) / toneArgs.step };
        }, { base: toneHz(0), step: toneHz(1) - toneHz(0) });
        log(`  played ${heard.segmentId} from ${heard.offset.toFixed(2)} s: tone ${heard.tone.toFixed(2)}, expected ${expected.toFixed(2)}`);
        assert.ok(heard.playing, 'the audio plays');
        assert.ok(toneDistance(heard.tone, expected) <= 1, `the tone heard (${heard.tone.toFixed(2)}) is within 1 s of the turn's start (${expected.toFixed(2)})`);
        await expectVisible(again.getByRole('region', { name: 'Nghe lại' }).getByRole('slider', { name: 'Dòng thời gian ghi âm' }), 'the timeline');
      } finally {
        await stop(first);
        await stop(second);
        await removeProfile(profile);
        rmSync(wav, { force: true });
      }
    },
  },
  {
    name: 'a turn recorded a moment ago plays as soon as the recording is stopped, from the minutes already open',
    timeout: 120_000,
    fn: async (t) => {
      const profile = mkdtempSync(join(tmpdir(), 'doithoai-audio-profile-'));
      const wav = join(profile, '..', `doithoai-tones-stop-${process.pid}.wav`);
      toneWav(wav);
      let browser = null;
      try {
        browser = await startChromium(profile, wav);
        const page = browser.page;
        t.step('record, and a turn starts while the hall is recorded');
        await setUpThroughSession(page, t.baseURL);
        await addSpeaker(page, 'Nguyễn Văn An');
        // With nothing recorded there is nothing to play: no player bar over the bottom of the screen.
        await expectVisible(page.getByRole('button', { name: 'Ghi âm', exact: true }), 'the recorder');
        await waitUntil(async () => (await page.locator('section.player').count()) === 1 && !(await page.locator('section.player').isVisible()), 'no player before any audio');
        // The chair's tablet in landscape: the clock's buttons reach down to the bottom of the screen.
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.getByRole('button', { name: 'Ghi âm', exact: true }).click();
        await expectVisible(page.getByRole('link', { name: /Đang ghi âm hội nghị/ }), 'the recording indicator');
        // The player reads the first seconds of audio a few seconds in (its only read for two minutes);
        // the turn starts some seconds of audio later.
        const chunks = async () => (await readAudio(page)).segments.reduce((n, s) => n + s.chunks, 0);
        await waitUntil(async () => (await chunks()) >= 6, 'six seconds recorded', { timeout: 20_000, interval: 200 });
        await shortcut(page, 'n');
        await expectVisible(page.getByRole('heading', { name: 'Đang phát biểu' }).locator('..').getByText('Nguyễn Văn An', { exact: true }), 'the speaker on the floor');
        await shortcut(page, ' ');
        await waitUntil(async () => Number(await page.getByRole('timer').getAttribute('data-remaining-ms')) < 299_000, 'the clock running');
        // No player bar over the chair's buttons: its place is the minutes (it showed over "Kết thúc lượt").
        assert.ok(!(await page.locator('section.player').isVisible()), 'no player bar on the chair’s queue');
        const endTurn = await page.getByRole('button', { name: 'Kết thúc lượt' }).elementHandle();
        const clear = await page.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.bottom <= innerHeight && el.contains(document.elementFromPoint(r.left + r.width / 2, r.bottom - 4));
        }, endTurn);
        assert.ok(clear, '"Kết thúc lượt" is on screen and nothing covers its lower edge');

        t.step('the secretary opens the minutes while it records: the player is there; then the recording is stopped');
        await page.getByRole('link', { name: 'Biên bản', exact: true }).click();
        await expectVisible(page.getByRole('region', { name: 'Nghe lại' }), 'the player under the minutes');
        await expectVisible(page.getByRole('button', { name: 'Nghe lượt của Nguyễn Văn An' }), "the turn's play control");
        const atTurn = await chunks();
        await waitUntil(async () => (await chunks()) >= atTurn + 2, 'the turn recorded a little', { timeout: 15_000, interval: 200 });
        await page.getByRole('button', { name: 'Dừng ghi âm' }).click();
        await expectVisible(page.getByRole('button', { name: 'Ghi âm', exact: true }), 'the recorder stopped');

        t.step('"Nghe lượt" plays the turn, with no "no audio" notice');
        await page.evaluate(() => {
          const a = document.querySelector('.player__audio');
          window.__played = new Promise((resolve) => a.addEventListener('playing', () => resolve(true), { once: true }));
        });
        await page.getByRole('button', { name: 'Nghe lượt của Nguyễn Văn An' }).click();
        const notice = page.getByRole('region', { name: 'Nghe lại' }).getByText(/Không có ghi âm/);
        await waitUntil(
          async () => (await notice.count()) > 0 || (await page.evaluate(() => Promise.race([window.__played, new Promise((r) => setTimeout(() => r(false), 200))]))),
          'the player plays or says why not',
        );
        assert.equal(await notice.count(), 0, `no notice: ${await notice.allTextContents()}`);
        assert.ok(await page.evaluate(() => !document.querySelector('.player__audio').paused), 'the audio plays');
      } finally {
        await stop(browser);
        await removeProfile(profile);
        rmSync(wav, { force: true });
      }
    },
  },
];
