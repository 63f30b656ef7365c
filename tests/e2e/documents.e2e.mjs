/**
 * The documents, exported in real Chromium with no network: the minutes of a
 * session of 100 opinions and the notice of results, as PDF (and the notice as
 * DOCX). Both downloads are valid files (read back with poppler and unzip), and
 * no request leaves the browser: everything comes from the service worker's
 * precache (jsPDF, docx, the fonts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';
import { assert, axeViolations, expectVisible, setUpThroughSession, waitForServiceWorker } from './helpers.mjs';
import { seedOpinions, speakerOf } from './documentsSeed.mjs';

const OPINIONS = 100;
const ARTIFACTS = join(ROOT, 'tests', 'e2e', '.artifacts');

async function downloaded(page, buttonName) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.getByRole('button', { name: buttonName }).click(),
  ]);
  const path = await download.path();
  assert.ok(path, `a downloaded file for "${buttonName}"`);
  return { name: download.suggestedFilename(), bytes: readFileSync(path), path };
}

function pdfFacts(path) {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).replace(/\s+/g, ' ');
  const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' });
  const [w, h] = (/Page size:\s+([\d.]+) x ([\d.]+)/.exec(info) ?? []).slice(1).map(Number);
  // Chromium's print-to-PDF rounds A4 to whole CSS pixels (595.92 x 842.88): within a point or so.
  const a4 = Math.abs(w - 595.28) < 1.5 && Math.abs(h - 841.89) < 1.5;
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), a4, exactA4: /595\.28 x 841\.89/.test(info), text, fonts };
}

export const tests = [
  {
    name: 'exports the minutes of 100 opinions and the notice offline, with no request leaving the browser',
    timeout: 180_000,
    fn: async (t) => {
      const { page, context, baseURL } = t;
      t.step('set up a session');
      const { sessionId } = await setUpThroughSession(page, baseURL);
      t.step('the documents are a tap away from the session');
      await page.getByRole('navigation', { name: 'Khu làm việc của buổi' }).getByRole('link', { name: 'Tài liệu' }).click();
      await expectVisible(page.getByRole('heading', { level: 1, name: 'Tài liệu' }), 'the documents screen from the session');
      await expectVisible(
        page.getByRole('link', { name: 'Biên bản', exact: true }).and(page.locator('[aria-current="page"]')),
        'the minutes chosen',
      );
      await expectVisible(page.getByRole('article').getByText('BIÊN BẢN', { exact: true }), 'the minutes previewed');
      await waitForServiceWorker(page);
      t.step('seed 100 opinions');
      const conferenceId = await seedOpinions(page, sessionId, OPINIONS);

      t.step('go offline and record every request');
      await context.setOffline(true);
      const requests = [];
      const failed = [];
      context.on('request', (r) => requests.push(r));
      context.on('requestfailed', (r) => failed.push(`${r.url()}: ${r.failure()?.errorText}`));

      await page.goto(`${baseURL}/conferences/${conferenceId}/documents?kind=minutes&session=${sessionId}`);
      await expectVisible(page.getByRole('heading', { level: 1, name: 'Tài liệu' }), 'the documents screen, offline');
      const preview = page.getByRole('article');
      await expectVisible(preview.getByText(`Ý kiến ${OPINIONS}. Ông (Bà) ${speakerOf(OPINIONS - 1)}`), 'the last opinion in the preview');
      assert.deepEqual(await axeViolations(page, 'documents screen'), [], 'no accessibility violations');

      t.step('export the minutes as PDF');
      const minutes = await downloaded(page, 'Tải PDF');
      assert.match(minutes.name, /^Bien-ban-Thanh-Tri-\d{4}-\d{2}-\d{2}\.pdf$/);
      assert.equal(minutes.bytes.subarray(0, 5).toString(), '%PDF-');
      const m = pdfFacts(minutes.path);
      assert.ok(m.exactA4, 'A4 pages');
      assert.ok(m.pages >= 10, `a long document, got ${m.pages} pages`);
      assert.match(m.fonts, /Tinos\s+CID TrueType\s+Identity-H\s+yes/);
      let from = 0;
      for (let i = 0; i < OPINIONS; i++) {
        const at = m.text.indexOf(speakerOf(i), from);
        assert.ok(at >= 0, `opinion ${i + 1} (${speakerOf(i)}) in order in the PDF`);
        from = at;
      }
      assert.ok(m.text.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
      assert.equal(m.text, m.text.normalize('NFC'));

      t.step('export the notice as PDF and DOCX');
      await page.getByRole('link', { name: 'Thông báo kết quả' }).click();
      await expectVisible(preview.getByText('THÔNG BÁO', { exact: true }), 'the notice in the preview');
      const notice = await downloaded(page, 'Tải PDF');
      assert.match(notice.name, /^Thong-bao-ket-qua-Thanh-Tri-2026\.pdf$/);
      const n = pdfFacts(notice.path);
      assert.ok(n.exactA4 && n.pages >= 2);
      assert.ok(n.text.includes('Kết quả giải quyết, trả lời ý kiến, kiến nghị'), 'the notice subject');
      assert.ok(n.text.includes(speakerOf(OPINIONS - 1)), 'the last opinion in the notice');
      const docx = await downloaded(page, 'Tải DOCX (Word)');
      assert.equal(docx.bytes.subarray(0, 2).toString(), 'PK');
      const xml = execFileSync('unzip', ['-p', docx.path, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.ok(xml.includes('<w:titlePg/>') && xml.includes('THÔNG BÁO') && xml.includes(speakerOf(0)), 'a Word document with the notice');

      t.step('print view: the paper only, A4');
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.getByRole('button', { name: 'Tải PDF' }).isVisible(), false, 'the buttons are not printed');
      assert.equal(await page.locator('.app-header').isVisible(), false, 'the app header is not printed');
      assert.ok(await preview.isVisible(), 'the document is printed');
      const printed = await page.pdf({ preferCSSPageSize: true });
      // Kept with the test's artifacts, to look at.
      mkdirSync(ARTIFACTS, { recursive: true });
      const printedPath = join(ARTIFACTS, 'documents-print-view.pdf');
      writeFileSync(printedPath, printed);
      const p = pdfFacts(printedPath);
      assert.ok(p.a4, `the print stylesheet asks for A4: ${execFileSync('pdfinfo', [printedPath], { encoding: 'utf8' })}`);
      assert.ok(p.text.includes('THÔNG BÁO') && !p.text.includes('Tải DOCX'), 'the printout is the document, not the screen');
      await page.emulateMedia({ media: 'screen' });

      t.step('nothing left the browser');
      assert.deepEqual(failed, [], 'no failed requests');
      const outside = [];
      for (const r of requests) {
        const url = r.url();
        if (url.startsWith('blob:') || url.startsWith('data:')) continue;
        const response = await r.response();
        if (!response?.fromServiceWorker()) outside.push(url);
      }
      assert.deepEqual(outside, [], 'every request answered by the service worker');
      assert.ok(
        requests.some((r) => /Tinos-Regular-[\w-]+\.ttf$/.test(r.url())),
        'the font came from the precache',
      );
    },
  },
];
