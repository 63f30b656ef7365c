import 'fake-indexeddb/auto';
import '@testing-library/jest-dom/vitest';

// jsdom has no scrollTo; the router's scroll restoration calls it.
window.scrollTo = (() => {}) as typeof window.scrollTo;

// Unmount what each test rendered (vitest runs without globals, so testing-library cannot register this itself).
import { afterEach } from 'vitest';
import { cleanup } from '@solidjs/testing-library';
afterEach(() => cleanup());
