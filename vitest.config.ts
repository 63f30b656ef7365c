/**
 * Two test projects:
 * - `dom`: the app side (UI and IndexedDB storage) in jsdom, with Solid's JSX
 *   transform and the shared setup file (fake IndexedDB, jest-dom matchers).
 * - `node`: pure domain rules and the office server, in plain Node, without the
 *   setup file (no DOM globals may leak into code that must run on the server).
 *
 * End-to-end (real Chromium) and benchmarks run from their own scripts, not here.
 */
import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';
import { DEXIE_MODERN } from './vite.config.ts';

const NOT_HERE = ['tests/e2e/**', 'tests/bench/**', '**/node_modules/**'];

export default defineConfig({
  test: {
    exclude: NOT_HERE,
    projects: [
      {
        // The Solid plugin belongs to this project only: in test mode it forces the
        // jsdom environment and injects jest-dom into setupFiles of whatever config
        // it is part of, which the node project must not get.
        plugins: [solid()],
        resolve: { alias: DEXIE_MODERN },
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['tests/ui/**/*.test.{ts,tsx}', 'tests/storage/**/*.test.{ts,tsx}'],
          exclude: NOT_HERE,
          setupFiles: ['tests/setup.ts'],
          // A screen's first test also waits for its lazy chunks to be transformed, which takes
          // seconds on a loaded 2-core machine. Tests wait for conditions, so a longer limit only
          // changes how long a real failure takes to be reported, never what passes.
          testTimeout: 20_000,
        },
      },
      {
        // The sync engine and the convergence test: device code on fake IndexedDB against the real
        // server code in-process. Plain Node, not jsdom: the server reads its own files through
        // `import.meta.url`, which jsdom's URL class breaks, and the engine needs no DOM.
        resolve: { alias: DEXIE_MODERN },
        test: {
          name: 'sync',
          environment: 'node',
          include: ['tests/sync/**/*.test.ts'],
          exclude: NOT_HERE,
          setupFiles: ['tests/sync/setup.ts'],
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/domain/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/documents/**/*.test.ts'],
          exclude: NOT_HERE,
        },
      },
    ],
  },
});
