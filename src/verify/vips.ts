// Which hosts hold which VIP, read from `ip -j -4 addr` on every host.
import { parseIpAddrJson } from '../facts/interfaces.js';
import type { InterfaceFact } from '../facts/types.js';
import type { Inventory, VipName } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';

/** Pure: every address on a host's interfaces (from facts, or a fresh `ip -j addr`). */
export function addressesOf(interfaces: InterfaceFact[]): Set<string> {
  return new Set(interfaces.flatMap((i) => i.addresses.map((a) => a.address)));
}

/** Pure: the addresses present on a host, from `ip -j addr` output (the facts' own parser). */
export function addressesFromIpJson(output: string): Set<string> {
  return addressesOf(parseIpAddrJson(output));
}

export type VipHolders = Record<VipName, string[]>;

/** Holders among the hosts that answered, and whether every LB host of the inventory answered. */
export interface VipView {
  holders: VipHolders;
  /** False when some LB host is out of sight (unreachable, lost, or outside --limit): a VIP may sit there. */
  allSeen: boolean;
}

export function holdersFrom(inventory: Inventory, addresses: Map<string, Set<string>>): VipHolders {
  const holders = { api: [], ingress: [] } as VipHolders;
  for (const vip of VIP_NAMES)
    for (const [host, addrs] of addresses)
      if (addrs.has(inventory.vips[vip].address)) holders[vip].push(host);
  return holders;
}

export async function readVipView(inventory: Inventory, transports: Transport[]): Promise<VipView> {
  const addresses = new Map<string, Set<string>>();
  await Promise.all(
    transports.map(async (t) => {
      // A host we cannot ask is out of sight, not "holding nothing".
      const r = await t.exec(sh`ip -j -4 addr show`, { sudo: false }).catch(() => null);
      if (r?.exitCode === 0) addresses.set(t.host, addressesFromIpJson(r.stdout));
    }),
  );
  const allSeen = inventory.hosts.every((h) => addresses.has(h.name));
  return { holders: holdersFrom(inventory, addresses), allSeen };
}

export async function readVipHolders(
  inventory: Inventory,
  transports: Transport[],
): Promise<VipHolders> {
  return (await readVipView(inventory, transports)).holders;
}

/** The host that should hold a VIP: the highest priority among the healthy ones. */
export function expectedHolder(
  inventory: Inventory,
  vip: VipName,
  healthy: Set<string>,
): string | null {
  const candidates = inventory.hosts.filter((h) => healthy.has(h.name));
  candidates.sort((a, b) => b.priority[vip] - a.priority[vip]);
  return candidates[0]?.name ?? null;
}
