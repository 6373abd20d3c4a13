import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  backendsWithoutUpServer,
  checksSettled,
  parseShowStat,
  serversLost,
} from '../../../src/verify/haproxy-stat.js';

// Captured from a real HAProxy 2.6.12 runtime API on loopback: one server answering, one not.
const starting = readFileSync('fixtures/haproxy/show-stat-starting.csv', 'utf8');
const settled = readFileSync('fixtures/haproxy/show-stat-settled.csv', 'utf8');

describe('parseShowStat', () => {
  it('lists servers only, with status and check status', () => {
    expect(parseShowStat(settled)).toEqual([
      { backend: 'api_6443', server: 'be1', status: 'UP', checkStatus: 'L4OK' },
      { backend: 'api_6443', server: 'be2', status: 'DOWN', checkStatus: 'L4CON' },
    ]);
  });

  it('rejects output that is not a show stat CSV', () => {
    expect(() => parseShowStat('Unknown command\n')).toThrow(/not a "show stat" CSV/);
  });
});

describe('health judgements', () => {
  it('treats transitional and initial states as not settled', () => {
    expect(checksSettled(parseShowStat(starting))).toBe(false);
    expect(checksSettled(parseShowStat(settled))).toBe(true);
  });

  it('finds backends with no server UP', () => {
    const servers = parseShowStat(settled);
    expect(backendsWithoutUpServer(servers)).toEqual([]);
    expect(backendsWithoutUpServer(servers.map((s) => ({ ...s, status: 'DOWN' })))).toEqual([
      'api_6443',
    ]);
  });

  it('reports servers that were UP before and are not now', () => {
    const before = parseShowStat(settled);
    const after = before.map((s) => ({ ...s, status: 'DOWN' }));
    expect(serversLost(before, after).map((s) => s.server)).toEqual(['be1']);
    expect(serversLost(before, before)).toEqual([]);
    // A server the new configuration dropped (a port or a backend removed) is not "lost".
    expect(
      serversLost(
        before,
        after.filter((s) => s.server !== 'be1'),
      ),
    ).toEqual([]);
  });
});
