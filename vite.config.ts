import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Writes a .br and a .gz copy of every text file of the build, which the office
 * server sends to browsers that accept them (@fastify/static `preCompressed`).
 */
function precompress(): Plugin {
  const brotli = promisify(brotliCompress);
  const gz = promisify(gzip);
  let outDir = 'dist';
  return {
    name: 'doithoai:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => /\.(js|css|html|svg|webmanifest)$/.test(f));
      await Promise.all(
        files.map(async (f) => {
          const file = path.resolve(outDir, f);
          const data = await readFile(file);
          await writeFile(`${file}.br`, await brotli(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }));
          await writeFile(`${file}.gz`, await gz(data, { level: 9 }));
        }),
      );
    },
  };
}

/**
 * Dexie's ES2018+ module build instead of the ES5 UMD bundle its package entry wraps (to guard
 * against two copies in a CommonJS-and-ESM app, which this is not): about 1.5 KB less gzip in the
 * first screen's JavaScript, with classes and native async instead of their ES5 emulation.
 * vitest.config.ts uses the same, so the tests run the build the app ships.
 */
export const DEXIE_MODERN = [{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }];

export default defineConfig({
  plugins: [
    solid(),
    precompress(),
    VitePWA({
      // injectManifest: our own service worker (src/app/sw.ts) with the precache list injected,
      // so we decide when a new version takes over (never in the middle of a meeting).
      strategies: 'injectManifest',
      srcDir: 'src/app',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'prompt',
      // The icons are already matched by globPatterns; listing them twice only duplicates precache entries.
      includeManifestIcons: false,
      manifest: {
        name: 'Đối thoại — Hội nghị đối thoại TTHC',
        short_name: 'Đối thoại',
        description: 'Tổ chức hội nghị đối thoại với người dân, doanh nghiệp về thủ tục hành chính',
        lang: 'vi',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#ffffff',
        theme_color: '#9b1c1c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        // Every asset, lazy chunks and fonts included: the app must open and export documents with no network.
        globPatterns: ['**/*.{js,css,html,png,svg,ico,ttf,woff2,webmanifest}'],
        // jsPDF's optional html() and addSvgAsImage() pull in html2canvas, DOMPurify and canvg as lazy chunks
        // (about 380 KB). The documents never call them, so they are built but not stored on the device.
        globIgnores: ['**/assets/html2canvas-*.js', '**/assets/purify.es-*.js', '**/assets/index.es-*.js'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
    }),
  ],
  resolve: { alias: DEXIE_MODERN },
  build: {
    target: 'es2022',
    // Every browser the app supports preloads modules natively: the polyfill would only add to the entry.
    modulePreload: { polyfill: false },
    sourcemap: false,
    // The plugin-timing hint is about build speed, not the app; on a 2-core machine it fires every build.
    rolldownOptions: {
      checks: { pluginTimings: false },
      output: {
        codeSplitting: {
          groups: [
            {
              // The first screen in one file: the entry (app/main.tsx and all it imports: the router, the
              // list, Solid, Dexie with the live-query and read modules) and what both first-screen forms
              // (the unit set-up and the new conference) are built from. One file compresses better than
              // the entry and a shared chunk beside it (about 1 KB gzip less: one dictionary, no list of
              // names the two import from each other) and costs one request; the forms themselves stay
              // lazy chunks of their own.
              name: 'index',
              test: /(src\/(app\/main\.tsx|ui\/components\/Field\.tsx|ui\/primitives\/form\.ts|domain\/(typedInput|fold|vnTime)\.ts|storage\/(changes|live|queries)\.ts)|node_modules\/dexie\/.*)$/,
            },
          ],
        },
      },
    },
  },
  server: { port: 5173 },
});
