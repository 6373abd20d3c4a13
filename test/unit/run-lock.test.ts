import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lockOwner, ownerProcessGone, parseLock, staleReason } from '../../src/run-lock.js';

describe('host lock records', () => {
  const now = new Date('2026-11-28T12:00:00Z');
  const young = {
    owner: 'a@elsewhere',
    pid: 1,
    command: 'install',
    startedAt: '2026-11-28T11:30:00Z',
  };

  it('round-trips the owner record', () => {
    const owner = lockOwner('install', now);
    expect(parseLock(JSON.stringify(owner))).toEqual(owner);
  });

  it('calls unreadable and old records stale, young ones live', () => {
    expect(parseLock('garbage')).toBeNull();
    expect(staleReason(null, now, 3_600_000, false)).toMatch(/cannot be read/);
    expect(staleReason(young, now, 3_600_000, false)).toBeNull();
    const old = { ...young, startedAt: '2026-11-28T10:00:00Z' };
    expect(staleReason(old, now, 3_600_000, false)).toBe('it was taken 120 minutes ago');
    expect(staleReason({ ...young, startedAt: 'yesterday' }, now, 3_600_000, false)).toMatch(
      /cannot be read/,
    );
  });

  it('calls a young lock stale when its process on this machine is gone', () => {
    expect(staleReason(young, now, 3_600_000, true)).toMatch(
      /process 1 no longer runs on this machine/,
    );
  });

  it('knows which local processes exist, and never judges another machine', () => {
    const me = { ...lockOwner('install', now) };
    expect(ownerProcessGone(me)).toBe(false);
    // PIDs are below 2^22 on Linux: this one cannot exist.
    expect(ownerProcessGone({ ...me, pid: 2 ** 22 + 7 })).toBe(true);
    expect(ownerProcessGone({ ...me, owner: `root@not-${hostname()}`, pid: 2 ** 22 + 7 })).toBe(
      false,
    );
    expect(ownerProcessGone(null)).toBe(false);
  });
});
