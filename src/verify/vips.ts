// Which hosts hold which VIP, read from `ip -j -4 addr` on every host.
import type { Inventory, VipName } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';

interface IpAddrJson {
  ifname?: string;
  addr_info?: { family?: string; local?: string }[];
}

/** Pure: the IPv4 addresses present on a host, from `ip -j -4 addr` output. */
export function addressesFromIpJson(output: string): Set<string> {
  const links = JSON.parse(output) as IpAddrJson[];
  return new Set(links.flatMap((l) => (l.addr_info ?? []).map((a) => a.local ?? '')).filter(Boolean));
}

export type VipHolders = Record<VipName, string[]>;

export function holdersFrom(inventory: Inventory, addresses: Map<string, Set<string>>): VipHolders {
  const holders = { api: [], ingress: [] } as VipHolders;
  for (const vip of VIP_NAMES)
    for (const [host, addrs] of addresses) if (addrs.has(inventory.vips[vip].address)) holders[vip].push(host);
  return holders;
}

export async function readVipHolders(inventory: Inventory, transports: Transport[]): Promise<VipHolders> {
  const addresses = new Map<string, Set<string>>();
  await Promise.all(
    transports.map(async (t) => {
      const r = await t.exec(sh`ip -j -4 addr show`, { sudo: false });
      addresses.set(t.host, r.exitCode === 0 ? addressesFromIpJson(r.stdout) : new Set());
    }),
  );
  return holdersFrom(inventory, addresses);
}

/** The host that should hold a VIP: the highest priority among the healthy ones. */
export function expectedHolder(inventory: Inventory, vip: VipName, healthy: Set<string>): string | null {
  const candidates = inventory.hosts.filter((h) => healthy.has(h.name));
  candidates.sort((a, b) => b.priority[vip] - a.priority[vip]);
  return candidates[0]?.name ?? null;
}
