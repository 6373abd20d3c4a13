// `haka status`: the verdict and the screen, from snapshots captured on the lab
// (fixtures/status: a healthy cluster; haproxy stopped on lb2 and the ingress VIP forced onto lb3).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { statusExitCode } from '../../../src/commands/status.js';
import { drillOffset, parseVipChecks } from '../../../src/commands/status-snapshot.js';
import { renderStatus } from '../../../src/render/status-text.js';
import { judgeStatus, type ClusterStatus } from '../../../src/verify/status.js';
import { loadInventory } from '../tasks/support/fixtures.js';

const load = (name: string): ClusterStatus =>
  JSON.parse(readFileSync(`fixtures/status/${name}.json`, 'utf8')) as ClusterStatus;
const healthy = load('lab-healthy');
const degraded = load('lab-degraded');
const inventory = loadInventory('lab');
const reachOf = (s: ClusterStatus) => ({ api: s.vips.api.ports, ingress: s.vips.ingress.ports });
const holdersOf = (s: ClusterStatus) => ({
  api: s.vips.api.holders,
  ingress: s.vips.ingress.holders,
});
const at = new Date('2026-12-02T06:00:00Z');

describe('judgeStatus', () => {
  it('a healthy lab is healthy: one holder per VIP, the expected one, no problem', () => {
    const s = judgeStatus(inventory, healthy.hosts, holdersOf(healthy), reachOf(healthy), at);
    expect(s.problems).toEqual([]);
    expect(s.healthy).toBe(true);
    expect(s.vips.api.expected).toBe('lb1');
    expect(statusExitCode(s)).toBe(0);
  });

  it('haproxy stopped on lb2 and a VIP on two hosts: degraded, each problem named', () => {
    const s = judgeStatus(inventory, degraded.hosts, holdersOf(degraded), reachOf(degraded), at);
    expect(s.healthy).toBe(false);
    expect(statusExitCode(s)).toBe(2);
    expect(s.problems).toContain('VIP ingress is held by lb1, lb3 at once (split brain)');
    expect(s.problems).toContain('lb2: haproxy.service is inactive');
    expect(s.problems).toContain(
      "lb2: keepalived's check of the api VIP fails (HAProxy down, or too few api backends reachable)",
    );
  });

  it('a VIP port that does not answer from here is a problem', () => {
    const reach = reachOf(healthy);
    const s = judgeStatus(
      inventory,
      healthy.hosts,
      holdersOf(healthy),
      {
        ...reach,
        api: [{ port: 6443, ok: false, ms: 1000, error: 'no answer within 1000 ms' }],
      },
      at,
    );
    expect(s.problems).toEqual([
      'VIP api 10.88.0.100:6443 does not answer from here: no answer within 1000 ms',
    ]);
  });

  it('no host could be looked at: an error (exit 1), not a verdict', () => {
    const hosts = healthy.hosts.map((h) => ({ ...h, error: 'connection refused' }));
    expect(statusExitCode({ ...healthy, hosts })).toBe(1);
  });
});

describe('renderStatus', () => {
  it('healthy: verdict, holders, ports, VRRP states, servers, last run; no colour', () => {
    const text = renderStatus(healthy);
    expect(text).toMatch(/^cluster HEALTHY at /);
    expect(text).toMatch(/api +10\.88\.7\.100 +held by lb1; :6443 answers \(\d+ ms\)/);
    expect(text).toContain('vrrp     api MASTER priority 150, ingress MASTER priority 150');
    expect(text).toContain('be_api_6443 2/2 UP');
    expect(text).toMatch(/last run install at \S+ from \S+ \(haka 0\.1\.0\)/);
    expect(text).not.toContain('\u001b[');
  });

  it('degraded: split brain, the stopped service, the effective priority, the problems', () => {
    const text = renderStatus(degraded);
    expect(text).toMatch(/^cluster DEGRADED \(\d+ problem\(s\)\)/);
    expect(text).toContain('SPLIT BRAIN: held by lb1 and lb3');
    expect(text).toContain(
      'lb2: haproxy NOT ACTIVE, keepalived active, check FAILS for api, ingress',
    );
    expect(text).toContain('api BACKUP priority 100 (effective 40)');
    expect(text).toContain('runtime API did not answer');
    expect(text).toContain('  - VIP ingress is held by lb1, lb3 at once (split brain)');
  });

  it('colours on request', () => {
    expect(renderStatus(degraded, { color: true })).toContain('\u001b[31m');
  });
});

describe('per-VIP checks', () => {
  it('parses one verdict per VIP; anything else is unknown', () => {
    expect(parseVipChecks('api pass\ningress fail\n')).toEqual({ api: true, ingress: false });
    expect(parseVipChecks('api pass\nbogus fail\ningress maybe\n')).toEqual({ api: true });
    expect(parseVipChecks('')).toEqual({});
  });

  it('only the ingress check failing: one problem naming that VIP, rendered as such', () => {
    const hosts = healthy.hosts.map((h) =>
      h.host === 'lb1' ? { ...h, checks: { api: true, ingress: false } } : h,
    );
    const s = judgeStatus(inventory, hosts, holdersOf(healthy), reachOf(healthy), at);
    expect(s.problems).toEqual([
      "lb1: keepalived's check of the ingress VIP fails (HAProxy down, or too few ingress backends reachable)",
    ]);
    expect(renderStatus(s)).toContain(
      'lb1: haproxy active, keepalived active, check FAILS for ingress',
    );
  });
});

describe('drillOffset', () => {
  it('reads an integer; anything else (absent, garbage) is 0', () => {
    expect(drillOffset('-149\n')).toBe(-149);
    expect(drillOffset(null)).toBe(0);
    expect(drillOffset('rm -rf /')).toBe(0);
  });
});
