import { describe, expect, it } from 'vitest';
import { roomConnectionOf } from '../../src/sync/connection.ts';
import type { SyncStatus } from '../../src/sync/engine.ts';

const ok: SyncStatus = { online: true, syncing: false, lastSyncAt: 1, lastError: null, live: 'live', failedRuns: 0 };

describe('what the hall display reports of its connection', () => {
  it('is connected with no engine (one device) and while runs work, live or polled', () => {
    expect(roomConnectionOf(null)).toBe('connected');
    expect(roomConnectionOf(ok)).toBe('connected');
    expect(roomConnectionOf({ ...ok, live: 'polling' })).toBe('connected');
  });
  it('is reconnecting after one failed run and lost after two, or at once when the browser is offline', () => {
    expect(roomConnectionOf({ ...ok, lastError: 'network', failedRuns: 1 })).toBe('reconnecting');
    expect(roomConnectionOf({ ...ok, lastError: 'network', failedRuns: 2 })).toBe('lost');
    expect(roomConnectionOf({ ...ok, online: false, live: 'offline' })).toBe('lost');
  });
});
