import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseShowStat } from '../../../src/verify/haproxy-stat.js';
import {
  healthSettled,
  judgeHealth,
  socatReason,
  type HostHealth,
} from '../../../src/verify/host-health.js';

// Captured from a real HAProxy 2.6.12: api_6443 with be1 UP (L4OK) and be2 DOWN (L4CON).
const settled = parseShowStat(readFileSync('fixtures/haproxy/show-stat-settled.csv', 'utf8'));
const starting = parseShowStat(readFileSync('fixtures/haproxy/show-stat-starting.csv', 'utf8'));

function health(overrides: Partial<HostHealth>): HostHealth {
  return {
    host: 'lb1',
    haproxyActive: true,
    keepalivedActive: true,
    servers: settled,
    problems: [],
    ...overrides,
  };
}

const allDown = settled.map((s) => ({ ...s, status: 'DOWN', checkStatus: 'L4CON' }));

describe('judgeHealth', () => {
  it('counts every problem on a first install (nothing to compare with)', () => {
    expect(judgeHealth(health({ servers: allDown }), null)).toEqual([
      'backend api_6443 has no server UP',
    ]);
  });

  it('blames the change only for what got worse, not for what was already broken', () => {
    const broken = health({
      servers: allDown,
      keepalivedActive: false,
      problems: ['keepalived.service is inactive'],
    });
    expect(judgeHealth(broken, broken)).toEqual([]);
    expect(judgeHealth(broken, health({}))).toEqual([
      'keepalived.service is inactive',
      'backend api_6443 has no server UP',
      'server api_6443/be1 was UP before the change and is now DOWN (L4CON)',
    ]);
  });

  it('treats a runtime API failure as the same problem before and after', () => {
    const raw = (pid: number): string =>
      `2026/11/28 22:14:0${pid % 10} socat[${pid}] E connect(, AF=1 "/run/haproxy/haka.sock", 24): No such file or directory`;
    const noApi = (pid: number): HostHealth =>
      health({
        servers: null,
        problems: [
          `HAProxy runtime API at /run/haproxy/haka.sock did not answer: ${socatReason(raw(pid))}`,
        ],
      });
    expect(socatReason(raw(213))).toBe(
      'connect(, AF=1 "/run/haproxy/haka.sock", 24): No such file or directory',
    );
    expect(judgeHealth(noApi(221), noApi(213))).toEqual([]);
  });
});

describe('healthSettled', () => {
  it('waits for HAProxy first checks; without a runtime API only if there was one before', () => {
    expect(healthSettled(health({ servers: starting }), null)).toBe(false);
    expect(healthSettled(health({}), null)).toBe(true);
    expect(healthSettled(health({ servers: null }), health({}))).toBe(false);
    expect(healthSettled(health({ servers: null }), health({ servers: null }))).toBe(true);
    expect(healthSettled(health({ servers: null }), null)).toBe(false);
  });
});

describe('healthSettled reads the states as they come', () => {
  // be1 UP with its check done, be2 still in its first checks ("UP 1/2", INI).
  const oneReady = starting.map((s) =>
    s.server === 'be1' ? { ...s, status: 'UP', checkStatus: 'L4OK' } : s,
  );

  it('a backend with one server UP and checked is enough on a first install', () => {
    expect(healthSettled(health({ servers: oneReady }), null)).toBe(true);
  });

  it('a server that was UP before must finish its checks before the host is judged', () => {
    const be2WasDown = oneReady.map((s) =>
      s.server === 'be2' ? { ...s, status: 'DOWN', checkStatus: 'L4CON' } : s,
    );
    expect(healthSettled(health({ servers: oneReady }), health({ servers: be2WasDown }))).toBe(
      true,
    );
    const be2WasUp = oneReady.map((s) => ({ ...s, status: 'UP', checkStatus: 'L4OK' }));
    expect(healthSettled(health({ servers: oneReady }), health({ servers: be2WasUp }))).toBe(false);
  });
});
