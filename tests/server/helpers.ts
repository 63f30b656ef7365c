import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';

/** A fresh directory under the OS temp dir, and a function that removes it. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `doithoai-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const FAKE_INDEX_HTML = '<!doctype html><html lang="vi"><title>Đối thoại</title><div id="app"></div></html>';

/** A stand-in for vite's output, enough to test serving and caching without building the app. */
export function writeFakeDist(dir: string): void {
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  mkdirSync(path.join(dir, 'icons'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), FAKE_INDEX_HTML);
  writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(path.join(dir, 'manifest.webmanifest'), JSON.stringify({ name: 'Đối thoại' }));
  writeFileSync(path.join(dir, 'assets', 'index-B1a2c3D4.js'), 'console.log("app");');
  // The build's pre-compressed copy (see vite.config.ts).
  writeFileSync(path.join(dir, 'assets', 'index-B1a2c3D4.js.br'), brotliCompressSync('console.log("app");'));
  writeFileSync(path.join(dir, 'icons', 'icon-192.png'), 'not really a png');
}
