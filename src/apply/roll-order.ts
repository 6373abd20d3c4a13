// Rolling order: hosts holding no VIP first, then holders, the one holding the most VIPs last,
// so a reload never hits the host carrying traffic until the others proved healthy.
import type { HostFacts } from '../facts/types.js';
import type { Inventory } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import { addressesOf } from '../verify/vips.js';

export function vipsHeldBy(inventory: Inventory, facts: HostFacts | undefined): number {
  if (!facts) return 0;
  const addrs = addressesOf(facts.interfaces);
  return VIP_NAMES.filter((v) => addrs.has(inventory.vips[v].address)).length;
}

/** Pure: hosts ordered for a rolling reload; ties keep the lower-priority host first. */
export function rollingOrder(
  inventory: Inventory,
  hosts: string[],
  facts: Record<string, HostFacts>,
): string[] {
  const prio = (h: string): number => {
    const host = inventory.hosts.find((x) => x.name === h);
    return host ? Math.max(...VIP_NAMES.map((v) => host.priority[v])) : 0;
  };
  return [...hosts].sort(
    (a, b) =>
      vipsHeldBy(inventory, facts[a]) - vipsHeldBy(inventory, facts[b]) || prio(a) - prio(b),
  );
}
