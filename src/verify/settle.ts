// After a reload, VRRP needs a few adverts to settle: wait until each VIP has exactly one holder.
import type { Inventory } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import type { Transport } from '../transport/types.js';
import { readVipHolders, type VipHolders } from './vips.js';

export function vipProblems(holders: VipHolders): string[] {
  return VIP_NAMES.flatMap((v) => {
    const h = holders[v];
    if (h.length === 1) return [];
    return [h.length === 0 ? `VIP ${v} is held by no host` : `VIP ${v} is held by ${h.length} hosts (${h.join(', ')}): split brain`];
  });
}

export async function waitVipsSettled(
  inventory: Inventory,
  transports: Transport[],
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problems = vipProblems(await readVipHolders(inventory, transports));
    if (problems.length === 0 || Date.now() >= deadline) return problems;
    await new Promise((r) => setTimeout(r, 500));
  }
}
