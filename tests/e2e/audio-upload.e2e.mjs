/**
 * The hall's audio reaches the office server (issue 11 item 5), in real Chromium with a fake
 * microphone, against the real server with access control on: an enrolled tablet records; the
 * connection to the server is cut in the middle of the upload (a proxy standing for the hall's
 * Wi-Fi loses every chunk request after the third, with no answer); the page reloads and the
 * connection comes back; the upload resumes from what the server says it holds, and the server
 * ends with exactly the bytes the device recorded. Then the secretary frees the space on the device, and a viewer's download of
 * the same audio is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { fakeMicrophone, writeWav } from './wav.mjs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeProfile, startChromium as startOwnChromium, stop } from './chromium-process.mjs';
import { E2E_PASSWORD, officeFor } from './access-helpers.mjs';
import { startWifiProxy } from './wifi-proxy.mjs';
import { addSession, assert, createConference, expectVisible, openHome, openSession, setUpUnit, waitUntil } from './helpers.mjs';

const RATE = 48_000;

/** A 440 Hz tone: what the fake microphone hears. */
const toneWav = (path, seconds = 20) =>
  writeWav(path, { seconds, rate: RATE, sample: (i, rate) => Math.sin((2 * Math.PI * 440 * i) / rate) * 0.375 });

/** The device's audio parts and, per segment, its chunks' bytes joined (base64), read with IndexedDB itself. */
function deviceAudio(page) {
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
    const [parts, segments, chunks] = await Promise.all([all('audioParts'), all('audioSegments'), all('audioChunks')]);
    db.close();
    const files = {};
    for (const s of segments) {
      const own = chunks.filter((c) => c.segmentId === s.id).sort((a, b) => a.index - b.index);
      const bytes = new Uint8Array(await new Blob(own.map((c) => c.data)).arrayBuffer());
      let bin = '';
      for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      files[s.id] = {
        partId: s.partId,
        index: s.index,
        chunks: own.length,
        declared: s.chunks,
        freed: Boolean(s.freed),
        base64: btoa(bin),
      };
    }
    return { parts, files, chunkRows: chunks.length };
  });
}

async function serverSegment(baseURL, cookie, partId, index) {
  const res = await fetch(`${baseURL}/api/audio/${encodeURIComponent(partId)}/segments/${index}`, { headers: { cookie } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

export const tests = [
  {
    name: 'audio upload: cut mid-upload, reload, reconnect: the server ends with the exact bytes; the space is freed; a viewer is refused',
    timeout: 180_000,
    fn: async (t) => {
      const profile = mkdtempSync(join(tmpdir(), 'doithoai-audio-upload-'));
      const wav = join(profile, '..', `doithoai-tone-upload-${process.pid}.wav`);
      toneWav(wav);
      // The Wi-Fi to the office loses every chunk after the first three while `cut` holds.
      const isChunk = (r) => /^\/api\/audio\/[^/]+\/segments\/\d+\/chunks\/\d+$/.test(r.path);
      let cut = true;
      const wifi = await startWifiProxy({ drop: (r) => cut && isChunk(r) && wifi.requests((s) => isChunk(s) && !s.dropped).length >= 3 });
      const sent = () => wifi.requests((r) => isChunk(r) && !r.dropped).length;
      const cutHits = () => wifi.requests((r) => r.dropped).length;
      let chromium = null;
      try {
        chromium = await startOwnChromium(profile, {
          args: [...fakeMicrophone(wav), ...wifi.args],
          timeoutMs: 15_000,
        });
        const { page } = chromium;
        const office = await officeFor(t);

        t.step('an enrolled tablet with a unit, a conference and a session');
        await openHome(page, t.baseURL);
        await setUpUnit(page, 'UBND xã Ghi Âm');
        await createConference(page);
        await addSession(page, { venue: 'Nhà văn hóa thôn 5' });
        await openSession(page, 'Nhà văn hóa thôn 5');
        const sessionUrl = page.url();
        await office.enrol(page, 'Máy tính bảng thư ký');
        await page.goto(sessionUrl);

        t.step('record about eight seconds, then stop');
        await page.getByRole('button', { name: 'Ghi âm', exact: true }).click();
        await expectVisible(page.getByRole('link', { name: /Đang ghi âm hội nghị/ }), 'the recording indicator');
        await waitUntil(
          async () => Object.values((await deviceAudio(page)).files).reduce((n, f) => n + f.chunks, 0) >= 8,
          'eight chunks on the device',
          {
            timeout: 30_000,
          },
        );
        await page.getByRole('button', { name: 'Dừng ghi âm' }).click();
        await waitUntil(async () => (await deviceAudio(page)).parts.every((p) => p.status === 'stopped'), 'the part stopped', {
          timeout: 15_000,
        });
        await waitUntil(() => cutHits() > 0, 'the upload reaching the cut', { timeout: 40_000 });
        const line = page.locator('.sync-bar__audio');
        await waitUntil(
          async () => /Âm thanh: đã gửi \d+\/\d+ phút · chờ kết nối/.test((await line.textContent()) ?? ''),
          'the sync status says the audio waits for a connection',
          {
            timeout: 20_000,
          },
        );
        const before = await deviceAudio(page);
        assert.equal(before.parts.length, 1, 'one part recorded');
        const part = before.parts[0];
        assert.ok(!part.confirmedAt, 'not confirmed while chunks are missing on the server');
        const held = await (await fetch(`${t.baseURL}/api/audio/${part.id}`, { headers: { cookie: office.cookie } })).json();
        const heldChunks = held.segments.reduce((n, s) => n + s.chunks.length, 0);
        assert.equal(heldChunks, 3, `the server holds the three chunks sent before the cut (${JSON.stringify(held.segments)})`);

        t.step('reload and reconnect: the upload resumes from the server’s status and the part is confirmed');
        cut = false;
        await page.reload();
        await waitUntil(async () => Boolean((await deviceAudio(page)).parts[0]?.confirmedAt), 'the part confirmed by the server', {
          timeout: 60_000,
        });
        const after = await deviceAudio(page);
        for (const f of Object.values(after.files)) {
          if (f.chunks === 0) continue;
          const server = await serverSegment(t.baseURL, office.cookie, f.partId, f.index);
          assert.equal(server.status, 200, `segment ${f.index} on the server`);
          assert.ok(
            Buffer.compare(server.bytes, Buffer.from(f.base64, 'base64')) === 0,
            `segment ${f.index}: the server's bytes are the device's (${server.bytes.length} vs ${Buffer.from(f.base64, 'base64').length})`,
          );
        }
        // Only the missing chunks were sent again after the reload, never the three the server held.
        assert.equal(
          sent(),
          Object.values(after.files).reduce((n, f) => n + f.chunks, 0),
          'every chunk went exactly once',
        );
        await waitUntil(
          async () => /Âm thanh: đã gửi (\d+)\/\1 phút$/.test(((await line.textContent()) ?? '').trim()),
          'the sync status says all the audio is sent',
          {
            timeout: 20_000,
          },
        );

        t.step('free the space on the device, after a confirmation');
        await page.goto(`${sessionUrl.split('?')[0]}?tab=minutes`);
        const parts = page.getByRole('region', { name: 'Ghi âm trên máy chủ văn phòng' });
        await parts.getByRole('button', { name: 'Giải phóng bộ nhớ trên máy' }).click();
        await parts.getByRole('button', { name: 'Xóa khỏi máy này' }).click();
        await expectVisible(parts.getByText(/đã chuyển lên máy chủ/), 'the part says it is on the server');
        const freed = await deviceAudio(page);
        assert.equal(freed.chunkRows, 0, 'no audio bytes left on the device');
        assert.ok(
          Object.values(freed.files).every((f) => f.freed),
          'every segment marked as on the server only',
        );

        t.step('a viewer of the same unit may not download it');
        const made = await fetch(`${t.baseURL}/api/admin/accounts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: office.cookie },
          body: JSON.stringify({
            username: `xem${Date.now().toString(36)}`,
            displayName: 'Người xem',
            password: E2E_PASSWORD,
            roles: ['viewer'],
          }),
        });
        assert.equal(made.status, 200, `viewer account: ${made.status}`);
        const { account } = await made.json();
        const login = await fetch(`${t.baseURL}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: account.username, password: E2E_PASSWORD }),
        });
        const viewer = login.headers
          .getSetCookie()
          .find((c) => c.startsWith('dt_session='))
          ?.split(';', 1)[0];
        assert.ok(viewer, 'the viewer logged in');
        const refused = await fetch(`${t.baseURL}/api/audio/${part.id}/segments/0`, { headers: { cookie: viewer } });
        assert.equal(refused.status, 403);
        assert.equal((await refused.json()).reason, 'forbidden');
      } finally {
        await stop(chromium);
        await wifi.close();
        await removeProfile(profile);
        rmSync(wav, { force: true });
      }
    },
  },
];
