import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatIssue, type ConfigIssue } from '../../../src/errors.js';
import { loadInventory, loadInventoryWithSource } from '../../../src/inventory/index.js';
import { FIXTURES } from './markers.js';

const home = { home: '/home/tester' };
const LAB = join(FIXTURES, 'lab.yaml');

function issuesOf(run: () => unknown): ConfigIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const minimal = (extra = '', hostSsh = '') => `
cluster: test
${extra}
hosts:
  lb1:
    address: 10.0.0.11
    priority: { api: 20, ingress: 20 }
${hostSsh}
  lb2:
    address: 10.0.0.12
    priority: { api: 10, ingress: 10 }
vips:
  api: { address: 10.0.0.100/24, virtualRouterId: 51, ports: [6443], backends: { m1: 10.0.1.1 } }
  ingress: { address: 10.0.0.101/25, virtualRouterId: 52, ports: [80, 443], backends: { w1: 10.0.1.2 } }
keepalived:
  authPass: env:HAKA_VRRP_AUTH
`;

describe('loadInventory: the lab fixture', () => {
  const inventory = loadInventory(LAB, undefined, home);

  it('keeps absolute paths and converts seconds to milliseconds', () => {
    expect(inventory.file).toBe(LAB);
    expect(inventory.cluster).toBe('hklab');
    expect(inventory.hosts.map((h) => [h.name, h.address, h.priority.api])).toEqual([
      ['lb1', '10.88.0.11', 150],
      ['lb2', '10.88.0.12', 100],
      ['lb3', '10.88.0.13', 50],
    ]);
    expect(inventory.hosts[0]?.ssh).toEqual({
      user: 'root',
      port: 22,
      identityFile: '/var/lib/hklab/lab0/run/id_ed25519',
      knownHostsFile: '/var/lib/hklab/lab0/run/known_hosts',
      connectTimeoutMs: 5000,
      explicit: ['user', 'identityFile', 'knownHostsFile'],
    });
  });

  it('splits VIP address and prefix and lists backends in file order', () => {
    expect(inventory.vips.api).toEqual({
      name: 'api',
      address: '10.88.0.100',
      prefix: 24,
      virtualRouterId: 51,
      intendedHolder: 'lb1',
      ports: [6443],
      backendPorts: {},
      check: 'tcp',
      healthCheck: { interval: '3s', fall: 3, rise: 2, path: '/readyz' },
      backends: [
        { name: 'be1', address: '10.88.0.31' },
        { name: 'be2', address: '10.88.0.32' },
      ],
      balance: 'roundrobin',
      minBackendsUp: 1,
    });
    expect(inventory.vips.ingress.ports).toEqual([80, 443]);
  });

  it('resolves file: secrets against the inventory folder and applies defaults', () => {
    expect(inventory.keepalived).toEqual({
      authPass: {
        ref: `file:${join(FIXTURES, 'secrets/vrrp-auth')}`,
        field: 'keepalived.authPass',
      },
      advertInt: 1,
      unicast: false,
      scriptUser: 'keepalived_script',
      track: { interval: 2, fall: 2, rise: 2, weight: -60 },
      preempt: true,
      preemptDelay: 0,
    });
    expect(inventory.haproxy).toEqual({
      timeouts: { connect: '5s', client: '1h', server: '1h', tunnel: '1h' },
      statsSocket: '/run/haproxy/haka.sock',
      maxconn: 4000,
      hardStopAfter: '5m',
      tcpKeepalive: true,
      retries: 3,
      stats: {
        bind: '127.0.0.1:8404',
        user: 'admin',
        password: {
          ref: `file:${join(FIXTURES, 'secrets/stats-password')}`,
          field: 'haproxy.stats.password',
        },
      },
    });
  });
});

describe('loadInventory: defaults, ~ and relative paths', () => {
  it('applies every default when sections are left out', () => {
    const inventory = loadInventory('/etc/haka/inventory.yaml', minimal(), home);
    expect(inventory.hosts[0]?.ssh).toEqual({
      user: 'root',
      port: 22,
      knownHostsFile: '/home/tester/.ssh/known_hosts',
      connectTimeoutMs: 10000,
    });
    // The API check proves a TLS handshake by default; ingress, a TCP connect.
    expect(inventory.vips.api.check).toBe('tls');
    expect(inventory.vips.ingress.check).toBe('tcp');
    expect(inventory.vips.ingress.backendPorts).toEqual({});
    expect(inventory.vips.api.balance).toBe('roundrobin');
    expect(inventory.vips.api.minBackendsUp).toBe(1);
    expect(inventory.vips.api.proxyProtocol).toBeUndefined();
    expect(inventory.keepalived.preempt).toBe(true);
    expect(inventory.keepalived.preemptDelay).toBe(0);
    expect(inventory.haproxy.metrics).toBeUndefined();
    expect(inventory.vips.ingress.prefix).toBe(25);
    expect(inventory.vips.api.intendedHolder).toBeUndefined();
    expect(inventory.keepalived.track).toEqual({ interval: 2, fall: 2, rise: 2, weight: -30 });
    expect(inventory.haproxy.timeouts).toEqual({
      connect: '5s',
      client: '1h',
      server: '1h',
      tunnel: '1h',
    });
    expect(inventory.haproxy.stats).toBeUndefined();
  });

  it('expands ~, resolves relative paths against the inventory folder, merges per-host ssh', () => {
    const defaults = `ssh:
  user: core
  identityFile: keys/id_ed25519
  knownHostsFile: ~/kh
  connectTimeout: 2.5
  jump: { address: bastion.example.org }`;
    const override = `    ssh: { user: admin, port: 2222, identityFile: ~/other_key, jump: { address: 10.0.9.9, user: ops, port: 2022 } }`;
    const inventory = loadInventory('ops/site/inventory.yaml', minimal(defaults, override), home);
    const folder = join(process.cwd(), 'ops/site');
    expect(inventory.file).toBe(join(folder, 'inventory.yaml'));
    const [lb1, lb2] = inventory.hosts;
    expect(lb1?.ssh).toEqual({
      user: 'admin',
      port: 2222,
      identityFile: '/home/tester/other_key',
      knownHostsFile: '/home/tester/kh',
      connectTimeoutMs: 2500,
      explicit: ['user', 'port', 'identityFile', 'knownHostsFile'],
      jump: {
        address: '10.0.9.9',
        port: 2022,
        user: 'ops',
        identityFile: '/home/tester/other_key',
      },
    });
    expect(lb2?.ssh).toEqual({
      user: 'core',
      port: 22,
      identityFile: join(folder, 'keys/id_ed25519'),
      knownHostsFile: '/home/tester/kh',
      connectTimeoutMs: 2500,
      explicit: ['user', 'identityFile', 'knownHostsFile'],
      jump: {
        address: 'bastion.example.org',
        port: 22,
        user: 'core',
        identityFile: join(folder, 'keys/id_ed25519'),
      },
    });
  });

  it('keeps env: secret references as written', () => {
    const inventory = loadInventory('/x/inventory.yaml', minimal(), home);
    expect(inventory.keepalived.authPass).toEqual({
      ref: 'env:HAKA_VRRP_AUTH',
      field: 'keepalived.authPass',
    });
  });
});

describe('loadInventory: errors a human understands', () => {
  const broken = (path: string) => join(FIXTURES, 'schema', path);

  it('says what the range is and what it got', () => {
    const issues = issuesOf(() => loadInventory(broken('out-of-range.yaml')));
    const priority = issues.find((i) => i.field === 'hosts.lb1.priority.api');
    expect(priority).toMatchObject({
      line: 7,
      column: 22,
      severity: 'error',
      message: 'priority must be between 1 and 254, got 300',
      fix: 'use a value between 1 and 254',
    });
  });

  it('collects every problem of the file into one ConfigError, ordered by line', () => {
    const issues = issuesOf(() => loadInventory(broken('wrong-type.yaml')));
    expect(issues).toHaveLength(6);
    const lines = issues.map((i) => i.line ?? 0);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('suggests the key that was probably meant', () => {
    const issues = issuesOf(() => loadInventory(broken('unknown-key.yaml')));
    expect(issues.find((i) => i.field === 'hosts.lb1.priorty')?.fix).toContain(
      'did you mean "priority"?',
    );
    expect(issues.find((i) => i.field === 'keepalived.advertInterval')?.fix).toContain(
      '"advertInt"',
    );
    expect(issues.find((i) => i.field === 'hosts.lb2.colour')?.fix).toBe(
      'remove it; allowed keys here: address, interface, priority, ssh',
    );
  });

  it('names both lines of a duplicate key', () => {
    const issues = issuesOf(() => loadInventory(broken('duplicate-key.yaml')));
    expect(issues[0]).toMatchObject({ field: 'hosts.lb1.address', line: 8, column: 5 });
    expect(issues[0]?.message).toContain('already set at line 6');
  });

  it('reports a YAML syntax error alone, with its line', () => {
    const issues = issuesOf(() => loadInventory(broken('yaml-syntax.yaml')));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(/^YAML syntax error: /);
    expect(issues[0]?.message).not.toMatch(/at line \d+/);
  });

  it('suggests the missing key with an example', () => {
    const issues = issuesOf(() => loadInventory(broken('missing-required.yaml')));
    expect(issues.find((i) => i.field === 'vips.api.virtualRouterId')?.fix).toBe(
      'add "virtualRouterId: 51" under vips.api',
    );
  });

  it('formats as file:line:column: severity: field: message (fix: ...)', () => {
    const issues = issuesOf(() =>
      loadInventory('/srv/inv.yaml', minimal().replace('20, ingress: 20', '20, ingress: 999')),
    );
    expect(issues.map(formatIssue)).toEqual([
      '/srv/inv.yaml:7:35: error: hosts.lb1.priority.ingress: priority must be between 1 and 254, got 999 (fix: use a value between 1 and 254)',
    ]);
  });

  it('turns an unreadable file into a ConfigError', () => {
    const issues = issuesOf(() => loadInventory(join(FIXTURES, 'does-not-exist.yaml')));
    expect(issues[0]).toMatchObject({ field: '(file)', line: null, severity: 'error' });
    expect(issues[0]?.message).toContain('ENOENT');
  });
});

describe('loadInventoryWithSource: lines of fields', () => {
  const { lines } = loadInventoryWithSource(LAB, undefined, home);

  it('gives the line of a written field', () => {
    expect(lines('hosts.lb2.priority.api')).toBe(14);
    expect(lines('vips.ingress.ports[1]')).toBe(30);
    expect(lines('keepalived.track.weight')).toBe(35);
  });

  it('falls back to the nearest written ancestor, else null', () => {
    expect(lines('keepalived.unicast')).toBe(33);
    expect(lines('nothing.here')).toBeNull();
  });
});
