// Which interface carries each VIP on a host: the inventory's `interface:`, else the interface
// holding an address in the VIP's subnet. No guess beyond that: a wrong interface breaks VRRP.
import type { HostFacts, InterfaceFact } from '../src/facts/types.js';
import {
  VIP_NAMES,
  type Inventory,
  type LbHost,
  type Vip,
  type VipName,
} from '../src/inventory/types.js';
import { inSubnet, parseIpv4, subnetOf } from './ipv4.js';

export type InterfaceResolution =
  { ok: true; interfaces: Record<VipName, string> } | { ok: false; message: string };

function describe(i: InterfaceFact): string {
  const v4 = i.addresses.filter((a) => parseIpv4(a.address) !== null);
  return v4.length === 0
    ? `${i.name} (no IPv4)`
    : `${i.name} ${v4.map((a) => `${a.address}/${a.prefix}`).join(' ')}`;
}

/** Up interfaces first, then those whose address in the subnet is not the VIP itself. */
function rank(i: InterfaceFact, vip: Vip): number {
  const ownAddress = i.addresses.some(
    (a) => a.address !== vip.address && inSubnet(a.address, vip.address, vip.prefix),
  );
  return (i.up ? 0 : 2) + (ownAddress ? 0 : 1);
}

function holderOfSubnet(facts: HostFacts, vip: Vip): string | null {
  const candidates = facts.interfaces
    .filter(
      (i) =>
        i.name !== 'lo' && i.addresses.some((a) => inSubnet(a.address, vip.address, vip.prefix)),
    )
    .map((i, order) => ({ i, order }))
    .sort((a, b) => rank(a.i, vip) - rank(b.i, vip) || a.order - b.order);
  return candidates[0]?.i.name ?? null;
}

export function resolveVipInterfaces(
  host: LbHost,
  inventory: Inventory,
  facts: HostFacts,
): InterfaceResolution {
  const known =
    facts.interfaces
      .filter((i) => i.name !== 'lo')
      .map(describe)
      .join(', ') || 'none';
  if (host.interface !== undefined) {
    if (!facts.interfaces.some((i) => i.name === host.interface))
      return {
        ok: false,
        message: `interface ${host.interface} (hosts.${host.name}.interface in the inventory) does not exist on ${host.name}; its interfaces: ${known}. Fix: set hosts.${host.name}.interface to one of them`,
      };
    return { ok: true, interfaces: { api: host.interface, ingress: host.interface } };
  }
  const interfaces: Partial<Record<VipName, string>> = {};
  const problems: string[] = [];
  for (const name of VIP_NAMES) {
    const vip = inventory.vips[name];
    const found = holderOfSubnet(facts, vip);
    if (found) interfaces[name] = found;
    else
      problems.push(
        `cannot tell which interface carries VIP ${name} ${vip.address}/${vip.prefix} on ${host.name}: no interface has an address in ${subnetOf(vip.address, vip.prefix)} (interfaces: ${known})`,
      );
  }
  if (problems.length > 0)
    return {
      ok: false,
      message: `${problems.join('; ')}. Fix: set \`interface:\` for ${host.name} in the inventory (hosts.${host.name}.interface)`,
    };
  return { ok: true, interfaces: interfaces as Record<VipName, string> };
}
