#!/usr/bin/env node
/**
 * Draws the app icons (public/icons/*.png) from the inline SVG below, in headless
 * Chromium, at their exact pixel sizes. Run it again after changing the drawing:
 *   node scripts/make-icons.mjs
 *
 * The motif: two speech bubbles (the office and the citizen in dialogue), white on
 * the deep red of the app's theme colour, with "ĐT" in the front bubble.
 *
 * Every icon is opaque and full-bleed red (screenshots with omitBackground: false), so
 * no platform shows a white or black corner behind it.
 * "any": the drawing fills most of the square.
 * "maskable": the drawing is scaled into the central 80% circle, because launchers
 *   crop maskable icons to any shape inside that safe zone.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'public', 'icons');
const RED = '#9b1c1c';

/** The motif in a 100×100 box, roughly centred on (50, 50). */
const MOTIF = `
  <!-- back bubble, upper right, tail to the lower right: pale, so the front one reads first -->
  <path fill="#f6d5d5" d="M46 18 h28 a10 10 0 0 1 10 10 v18 a10 10 0 0 1 -10 10 h-2 l6 10 l-16 -10 h-16 a10 10 0 0 1 -10 -10 v-18 a10 10 0 0 1 10 -10 z" />
  <!-- front bubble, lower left, tail to the lower left; the red stroke cuts a gap where it overlaps the back one -->
  <path fill="#fff" stroke="${RED}" stroke-width="4" paint-order="stroke" stroke-linejoin="round"
        d="M26 34 h30 a10 10 0 0 1 10 10 v20 a10 10 0 0 1 -10 10 h-18 l-16 12 l4 -12 h0 a10 10 0 0 1 -10 -10 v-20 a10 10 0 0 1 10 -10 z" />
  <text x="41" y="62.5" text-anchor="middle" font-family="'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"
        font-weight="700" font-size="21" fill="${RED}">ĐT</text>
`;

/**
 * @param {number} size output pixels
 * @param {'any' | 'maskable'} purpose
 */
function svg(size, purpose) {
  if (purpose === 'maskable') {
    // Safe zone: a circle of radius 40 (of 100) around the centre. The motif's farthest point
    // (the front bubble's tail tip, 22,86) is 45.6 from the centre; at 0.8 that is 36.5.
    const scale = 0.8;
    const offset = (100 - 100 * scale) / 2;
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">
      <rect width="100" height="100" fill="${RED}" />
      <g transform="translate(${offset} ${offset}) scale(${scale})">${MOTIF}</g>
    </svg>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">
    <rect width="100" height="100" fill="${RED}" />
    <g transform="translate(-4 -4) scale(1.08)">${MOTIF}</g>
  </svg>`;
}

const ICONS = [
  { file: 'icon-192.png', size: 192, purpose: 'any' },
  { file: 'icon-512.png', size: 512, purpose: 'any' },
  { file: 'maskable-512.png', size: 512, purpose: 'maskable' },
];

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:transparent}svg{display:block}</style></head>` +
        `<body>${svg(icon.size, icon.purpose)}</body></html>`,
    );
    await page.evaluate(() => document.fonts.ready);
    const path = join(OUT, icon.file);
    await page.screenshot({ path, omitBackground: false, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
    await page.close();
    process.stderr.write(`wrote ${path}\n`);
  }
} finally {
  await browser.close();
}
