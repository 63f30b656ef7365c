import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    solid(),
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
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    // The plugin-timing hint is about build speed, not the app; on a 2-core machine it fires every build.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: { port: 5173 },
});
