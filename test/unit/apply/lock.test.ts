import { describe, expect, it } from 'vitest';
import { isStale, lockOwner, parseLock } from '../../../src/apply/lock.js';

describe('host lock records', () => {
  const now = new Date('2026-11-28T12:00:00Z');

  it('round-trips the owner record', () => {
    const owner = lockOwner('install', now);
    expect(parseLock(JSON.stringify(owner))).toEqual(owner);
  });

  it('treats unreadable records as stale and young ones as live', () => {
    expect(parseLock('garbage')).toBeNull();
    expect(isStale(null, now, 3_600_000)).toBe(true);
    const young = { owner: 'a@b', pid: 1, command: 'install', startedAt: '2026-11-28T11:30:00Z' };
    const old = { ...young, startedAt: '2026-11-28T10:00:00Z' };
    expect(isStale(young, now, 3_600_000)).toBe(false);
    expect(isStale(old, now, 3_600_000)).toBe(true);
  });
});
