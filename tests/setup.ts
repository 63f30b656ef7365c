import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';

// jsdom has no scrollTo; the router's scroll restoration calls it.
window.scrollTo = (() => {}) as typeof window.scrollTo;
// Nor scrollIntoView, which the minutes call to land at the current speaker.
Element.prototype.scrollIntoView ??= function scrollIntoView() {};

// Unmount what each test rendered (vitest runs without globals, so testing-library cannot register this itself).
import { afterEach } from 'vitest';
import { cleanup } from '@solidjs/testing-library';
afterEach(() => cleanup());

// Lazy chunks are transformed on first import; on a loaded 2-core machine that alone can take over a second.
import { configure } from '@testing-library/dom';
configure({ asyncUtilTimeout: 5000 });

// The app loads the other screens' strings with their first screen (app/router.tsx); tests render
// screens and components on their own too, so they have them from the start.
import { loadScreenStrings } from '../src/ui/i18n.ts';
await loadScreenStrings();
