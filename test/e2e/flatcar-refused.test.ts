// Flatcar hosts are detected from /etc/os-release and refused with a clear message (the sysext
// path comes later); nothing is changed on them, and the other hosts are still planned.
import { beforeAll, describe, expect, it } from 'vitest';
import { haka, inventoryVariant } from './support/haka.js';
import { inventoryPath, labExec, labHost, resetLab } from './harness/lab.js';

describe('a Flatcar host in the inventory', () => {
  let inventory: string;

  beforeAll(async () => {
    await resetLab({ variant: 'plain', hosts: ['lb1', 'lb2', 'fc1'] });
    inventory = inventoryVariant(inventoryPath(), 'inventory-flatcar', (doc) => {
      const hosts = doc.hosts as Record<string, unknown>;
      delete hosts.lb3;
      hosts.fc1 = {
        address: labHost('fc1').address,
        priority: { api: 50, ingress: 50 },
        ssh: { user: 'core' },
      };
    });
  });

  it('check refuses it by name, plans the others, and exits 1', async () => {
    const etcBefore = await labExec('fc1', ['sh', '-c', 'find /etc /opt | sort']);
    const run = await haka(['check'], { inventory });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/fc1[\s\S]*Flatcar/);
    expect(run.stdout).toMatch(/lb1[\s\S]*change\s+packages/);
    expect(run.stdout).toMatch(/fc1\s*:.*refused/);
    const etcAfter = await labExec('fc1', ['sh', '-c', 'find /etc /opt | sort']);
    expect(etcAfter.stdout).toEqual(etcBefore.stdout);
  });
});
