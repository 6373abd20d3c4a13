import { describe, expect, it } from 'vitest';
import { rollingOrder } from '../../../src/apply/roll-order.js';
import type { HostFacts } from '../../../src/facts/types.js';
import type { Inventory } from '../../../src/inventory/types.js';

const host = (name: string, prio: number) => ({
  name,
  address: `10.88.0.${prio}`,
  ssh: { user: 'root', port: 22, knownHostsFile: '/k', connectTimeoutMs: 1000 },
  priority: { api: prio, ingress: prio },
});

const inventory = {
  hosts: [host('lb1', 150), host('lb2', 100), host('lb3', 50)],
  vips: {
    api: { address: '10.88.0.100' },
    ingress: { address: '10.88.0.101' },
  },
} as unknown as Inventory;

function holding(...addresses: string[]): HostFacts {
  return {
    interfaces: [
      { name: 'eth0', up: true, addresses: addresses.map((a) => ({ address: a, prefix: 24 })) },
    ],
  } as HostFacts;
}

describe('rollingOrder', () => {
  it('puts the current VIP holder last, others by ascending priority', () => {
    const facts = {
      lb1: holding('10.88.0.11', '10.88.0.100', '10.88.0.101'),
      lb2: holding(),
      lb3: holding(),
    };
    expect(rollingOrder(inventory, ['lb1', 'lb2', 'lb3'], facts)).toEqual(['lb3', 'lb2', 'lb1']);
  });

  it('follows the VIPs when they moved away from the highest-priority host', () => {
    const facts = {
      lb1: holding(),
      lb2: holding('10.88.0.100'),
      lb3: holding('10.88.0.101', '10.88.0.100'),
    };
    expect(rollingOrder(inventory, ['lb1', 'lb2', 'lb3'], facts)).toEqual(['lb1', 'lb2', 'lb3']);
  });
});
