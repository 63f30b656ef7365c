// @ts-check
/**
 * Lint: type-aware TypeScript rules, Solid's rules, and the layering of the
 * code base as import rules. Each forbidden import says why, so the message
 * teaches the design rather than just blocking.
 */
import tseslint from 'typescript-eslint';
import solid from 'eslint-plugin-solid/configs/typescript';

const restrict = (patterns) => ['error', { patterns }];

/**
 * Vietnam time everywhere (issue 7 item 6): the device's own zone may be anything, so no code in
 * src reads a Date in local time; domain/vnTime.ts gives the Vietnamese wall clock.
 */
const LOCAL_TIME = ['getHours', 'getMinutes', 'getSeconds', 'getDate', 'getDay', 'getMonth', 'getFullYear', 'getTimezoneOffset', 'toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'].map(
  (property) => ({ property, message: 'Local time depends on the device zone: use domain/vnTime.ts (Vietnam time, UTC+7).' }),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**', 'tests/e2e/.artifacts/**', 'dev-dist/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  { files: ['src/ui/**/*.tsx', 'src/app/**/*.tsx', 'tests/ui/**/*.tsx'], ...solid },
  { files: ['src/**/*.{ts,tsx}'], rules: { 'no-restricted-properties': ['error', ...LOCAL_TIME] } },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['solid-js', 'solid-js/*'], message: 'The domain core is pure: no UI framework (STYLE: pure core).' },
        { group: ['dexie', 'y-*', '**/storage/**'], message: 'The domain core knows nothing of storage.' },
        { group: ['**/ui/**', '**/app/**', '**/sync/**', '**/server/**', '**/protocol/**'], message: 'domain is the bottom layer: nothing above it may be imported.' },
      ]),
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'No DOM in the domain core.' },
        { name: 'document', message: 'No DOM in the domain core.' },
        { name: 'localStorage', message: 'No storage in the domain core.' },
        { name: 'indexedDB', message: 'No storage in the domain core.' },
        { name: 'fetch', message: 'No I/O in the domain core.' },
        { name: 'setTimeout', message: 'Time comes in as an argument; the core never schedules.' },
        { name: 'setInterval', message: 'Time comes in as an argument; the core never schedules.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Pass `now` in: the core has no clock, so rules are testable and two devices agree.' },
        ...LOCAL_TIME,
      ],
    },
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['solid-js', 'solid-js/*', 'dexie', 'fastify', '**/storage/**', '**/ui/**', '**/app/**', '**/server/**', '**/sync/**'], message: 'The protocol is shared by app and server: it may depend only on the domain.' },
      ]),
    },
  },
  {
    files: ['src/documents/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['solid-js', 'solid-js/*'], message: 'Documents are a pure model and its renderers: no UI framework (the screens in src/ui/documents show them).' },
        { group: ['dexie', 'y-*', 'yjs', '**/storage/**'], message: 'Documents are built from records handed in; storage reads them (the screens pass them on).' },
        { group: ['**/ui/**', '**/app/**', '**/sync/**', '**/server/**', '**/protocol/**'], message: 'documents depend on the domain only, so the office server could render them too.' },
      ]),
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'No DOM in the documents: the renderers return bytes, the screen saves them.' },
        { name: 'document', message: 'No DOM in the documents: the renderers return bytes, the screen saves them.' },
        { name: 'fetch', message: 'No I/O in the documents: fonts are handed in by the screen that loads them.' },
        { name: 'localStorage', message: 'No storage in the documents.' },
        { name: 'indexedDB', message: 'No storage in the documents.' },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Pass `today` in: the same records give the same document on every device.' }],
    },
  },
  {
    files: ['src/storage/**/*.ts', 'src/sync/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['solid-js', 'solid-js/*', '**/ui/**', '**/app/**'], message: 'Storage and sync have no UI: screens call them, never the reverse.' },
        { group: ['**/server/**', 'fastify', 'better-sqlite3', 'pg', 'kysely'], message: 'Server code never ships to the browser.' },
      ]),
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['dexie'], message: 'Screens read through src/storage/queries.ts and write through the one write path, never Dexie directly.' },
        { group: ['**/server/**', 'fastify', 'better-sqlite3', 'pg', 'kysely'], message: 'Server code never ships to the browser.' },
        { group: ['**/app/**'], message: 'ui is given what it needs by app (wiring), it does not reach up into it.' },
      ]),
      // Screens may read the database but never write it: a write around commit() would have no stamp and no
      // outbox entry, so it would never reach another device (and one around applyRemote would undo a merge).
      'no-restricted-syntax': [
        'error',
        ...[
          "CallExpression[callee.property.name=/^(add|bulkAdd|put|bulkPut|update|bulkUpdate|delete|bulkDelete|clear|modify)$/][callee.object.object.name='db']",
          "CallExpression[callee.property.name=/^(add|bulkAdd|put|bulkPut|update|bulkUpdate|delete|bulkDelete|clear|modify)$/][callee.object.object.property.name='db']",
          "CallExpression[callee.property.name=/^(add|bulkAdd|put|bulkPut|update|bulkUpdate|delete|bulkDelete|clear|modify)$/][callee.object.callee.property.name='table']",
        ].map((selector) => ({ selector, message: 'Screens write only through store.write (commit); tables are written by storage/write.ts and storage/remote.ts alone.' })),
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        { group: ['solid-js', 'solid-js/*', 'dexie', '**/ui/**', '**/app/**', '**/storage/**', '**/sync/**'], message: 'The server shares only the domain and the protocol with the app.' },
      ]),
      'no-console': 'off',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'tests/e2e/**/*.mjs', 'tests/bench/**/*.mjs', '.ci/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly', Buffer: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
);
