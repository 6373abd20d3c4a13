import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hasBlockingIssues,
  loadInventory,
  loadInventoryWithSource,
  PREFLIGHT_CHECKS,
  preflight,
  type Inventory,
} from '../../../src/inventory/index.js';
import { FIXTURES, summarize } from './markers.js';

const home = { home: '/home/tester' };
const SHIPPED = join(import.meta.dirname, '../../../inventory.yaml');

describe('preflight on the shipped inventory.yaml', () => {
  const { inventory, lines } = loadInventoryWithSource(SHIPPED, undefined, home);
  const issues = preflight(inventory, lines);

  it('reports exactly its two real problems, for both VIPs, as errors', () => {
    expect(issues.map(summarize)).toEqual([
      'error vips.api.address @50',
      'error vips.api.intendedHolder @52',
      'error vips.ingress.address @62',
      'error vips.ingress.intendedHolder @64',
    ]);
    expect(hasBlockingIssues(issues)).toBe(true);
  });

  it('explains that the principal VIP node has the lowest priority, and how to fix it', () => {
    const holder = issues.find((i) => i.field === 'vips.api.intendedHolder');
    expect(holder?.message).toBe(
      'k8s-api-lb is the intended holder of the api VIP but its api priority 100 (line 36) is the lowest (loadbalancer1 has 120 and loadbalancer2 has 110), so keepalived elects loadbalancer1',
    );
    expect(holder?.fix).toBe(
      'raise hosts.k8s-api-lb.priority.api above 120, for example to 130, or set intendedHolder: loadbalancer1 if that host is meant to hold it',
    );
  });

  it('explains that multicast VRRP cannot span the two /24s', () => {
    const subnet = issues.find((i) => i.field === 'vips.api.address');
    expect(subnet?.message).toContain(
      '10.17.5.10/24 is outside the subnet of loadbalancer1 (10.17.3.12) and loadbalancer2 (10.17.3.13)',
    );
    expect(subnet?.message).toContain('multicast VRRP');
    expect(subnet?.fix).toContain('10.17.5.0/24');
    expect(subnet?.fix).toContain('keepalived.unicast: true');
  });

  it('is clean of errors once the suggested fixes are applied (unicast leaves routing warnings)', () => {
    const fixed = readFileSync(SHIPPED, 'utf8')
      .replace('priority: { api: 100, ingress: 100 }', 'priority: { api: 130, ingress: 130 }')
      .replace('unicast: false', 'unicast: true');
    // Unicast alone leaves the off-subnet hosts without an interface to carry the VIPs.
    const unnamed = preflight(loadInventoryWithSource(SHIPPED, fixed, home).inventory);
    expect(unnamed.filter((i) => i.severity === 'error').map((i) => i.field)).toEqual([
      'hosts.loadbalancer1',
      'hosts.loadbalancer2',
    ]);
    const named = fixed.replace(
      /address: 10\.17\.3\.1[23]\n/g,
      (line) => `${line}    interface: eth0\n`,
    );
    const loaded = loadInventoryWithSource(SHIPPED, named, home);
    const after = preflight(loaded.inventory, loaded.lines);
    expect(hasBlockingIssues(after)).toBe(false);
    expect(after.map(summarize)).toEqual([
      'warning vips.api.address @52',
      'warning vips.ingress.address @64',
    ]);
  });
});

describe('preflight on inventories built in code (no lines)', () => {
  const lab = (): Inventory => loadInventory(join(FIXTURES, 'lab.yaml'), undefined, home);

  it('finds nothing in the lab inventory', () => {
    expect(preflight(lab())).toEqual([]);
  });

  it('rejects a virtualRouterId out of 1..255 (the schema does too, for YAML)', () => {
    const inventory = lab();
    inventory.vips.api.virtualRouterId = 0;
    expect(preflight(inventory).map(summarize)).toEqual(['error vips.api.virtualRouterId @null']);
  });

  it('rejects priorities out of 1..254', () => {
    const inventory = lab();
    const lb3 = inventory.hosts[2];
    if (!lb3) throw new Error('lab has lb3');
    lb3.priority.ingress = 255;
    expect(preflight(inventory).map(summarize)).toContain('error hosts.lb3.priority.ingress @null');
  });

  it('names every check in PREFLIGHT_CHECKS, one per DESIGN.md rule', () => {
    expect(Object.keys(PREFLIGHT_CHECKS)).toEqual([
      'hostCount',
      'hostAddressesDistinct',
      'prioritiesInRange',
      'prioritiesDistinct',
      'routerIdsValid',
      'routerIdsDistinct',
      'intendedHolderHighest',
      'trackWeightCoversGaps',
      'vipInHostSubnets',
      'vipNotHostOrBackend',
      'vipsDistinct',
      'portsDistinctOnSharedAddress',
      'backendsNonEmpty',
      'backendPortsKnown',
      'minBackendsUpReachable',
      'httpCheckProvesReadiness',
      'preemptDelayUsed',
      'vipMaxconnWithinGlobal',
      'metricsBindFree',
      'offSubnetInterfaceNamed',
    ]);
  });

  it('treats warnings as non-blocking', () => {
    const inventory = lab();
    inventory.keepalived.track.weight = 0;
    const issues = preflight(inventory);
    expect(issues.map((i) => i.severity)).toEqual(['warning']);
    expect(issues[0]?.message).toContain('FAULT');
    expect(hasBlockingIssues(issues)).toBe(false);
  });
});
