// Health before a change on a host whose HAProxy has no runtime API (another tool's haproxy.cfg):
// what the host shows, and what then counts as "made worse". The output is the reach command's,
// captured on lab 6's lb2 running the Ansible role's configuration (addresses mapped to lab 0).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServerHealth } from '../../../src/verify/haproxy-stat.js';
import { judgeHealth, type HostHealth } from '../../../src/verify/host-health.js';
import {
  describeView,
  parseReach,
  reachCommand,
  targetsOf,
  type WithoutApiView,
} from '../../../src/verify/without-api.js';
import { loadInventory, REPO } from '../tasks/support/fixtures.js';

const inventory = loadInventory('lab');
const targets = targetsOf(inventory);
const captured = readFileSync(join(REPO, 'fixtures/takeover/without-api-lb2.txt'), 'utf8');

const NO_API = 'HAProxy runtime API at /run/haproxy/admin.sock did not answer: No such file';

function before(view: WithoutApiView): HostHealth {
  return {
    host: 'lb2',
    haproxyActive: true,
    keepalivedActive: true,
    servers: null,
    problems: [NO_API],
    withoutApi: view,
  };
}

const server = (backend: string, name: string, status: string): ServerHealth => ({
  backend,
  server: name,
  status,
  checkStatus: status === 'UP' ? 'L4OK' : 'L4CON',
});

/** haka's configuration after the change: every backend's two servers, with these states. */
function after(states: Record<string, [string, string]>, view?: WithoutApiView): HostHealth {
  return {
    host: 'lb2',
    haproxyActive: true,
    keepalivedActive: true,
    servers: Object.entries(states).flatMap(([b, [s1, s2]]) => [
      server(b, 'be1', s1),
      server(b, 'be2', s2),
    ]),
    problems: [],
    ...(view ? { withoutApi: view } : {}),
  };
}

const allUp = {
  be_api_6443: ['UP', 'UP'],
  be_ingress_80: ['UP', 'UP'],
  be_ingress_443: ['UP', 'UP'],
} as Record<string, [string, string]>;

describe('health without a runtime API', () => {
  it("one command: the host's addresses, then every VIP port and server, connected in parallel", () => {
    expect(targets.map((t) => `${t.kind} ${t.key} ${t.address}:${t.port}`)).toEqual([
      'vip 10.88.0.100:6443 10.88.0.100:6443',
      'server be_api_6443 10.88.0.31:6443',
      'server be_api_6443 10.88.0.32:6443',
      'vip 10.88.0.101:80 10.88.0.101:80',
      'server be_ingress_80 10.88.0.31:80',
      'server be_ingress_80 10.88.0.32:80',
      'vip 10.88.0.101:443 10.88.0.101:443',
      'server be_ingress_443 10.88.0.31:443',
      'server be_ingress_443 10.88.0.32:443',
    ]);
    expect(reachCommand(targets).text).toMatch(/^ip -j -4 addr show; echo @@HAKA-REACH; \{ socat /);
  });

  it('reads the captured output: a backup holding no VIP, every port and server answering', () => {
    const view = parseReach(inventory, targets, captured);
    expect(view).toEqual({
      holds: [],
      vipPorts: { '10.88.0.100:6443': true, '10.88.0.101:80': true, '10.88.0.101:443': true },
      backends: { be_api_6443: [2, 2], be_ingress_80: [2, 2], be_ingress_443: [2, 2] },
      served: ['be_api_6443', 'be_ingress_80', 'be_ingress_443'],
    });
    expect(describeView(view)).toBe(
      'holds no VIP; VIP ports answering from it 3/3; servers reachable from it: be_api_6443 2/2, be_ingress_80 2/2, be_ingress_443 2/2',
    );
  });

  it('haka runtime API after the change: all UP is not worse; the missing API before is not blamed', () => {
    const view = parseReach(inventory, targets, captured);
    expect(judgeHealth(after(allUp, view), before(view))).toEqual([]);
  });

  it('fewer servers UP than were reachable before is worse', () => {
    const view = parseReach(inventory, targets, captured);
    expect(
      judgeHealth(after({ ...allUp, be_ingress_443: ['UP', 'DOWN'] }, view), before(view)),
    ).toEqual([
      'backend be_ingress_443: 2 server(s) reachable from lb2 before the change, 1 UP now',
    ]);
  });

  it('a backend no server of which was reachable before is not blamed on the change', () => {
    const view = parseReach(inventory, targets, captured.replace(/^([12]) ok$/gm, '$1 no'));
    expect(view.backends.be_api_6443).toEqual([0, 2]);
    expect(
      judgeHealth(after({ ...allUp, be_api_6443: ['DOWN', 'DOWN'] }, view), before(view)),
    ).toEqual([]);
  });

  it('a new port (nothing answered on it before) whose servers are all down is blamed', () => {
    const view = parseReach(inventory, targets, captured.replace(/^([012]) ok$/gm, '$1 no'));
    expect(view.served).toEqual(['be_ingress_80', 'be_ingress_443']);
    expect(
      judgeHealth(after({ ...allUp, be_api_6443: ['DOWN', 'DOWN'] }, view), before(view)),
    ).toEqual(['backend be_api_6443 has no server UP']);
  });

  it('a VIP port that answered from the host before and does not now is worse', () => {
    const view = parseReach(inventory, targets, captured);
    const now = parseReach(inventory, targets, captured.replace(/^3 ok$/m, '3 no'));
    expect(judgeHealth(after(allUp, now), before(view))).toEqual([
      'VIP port 10.88.0.101:80 answered from lb2 before the change and does not now',
    ]);
  });
});
