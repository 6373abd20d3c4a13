// After a reload, VRRP needs a few adverts to settle: wait until each VIP has exactly one holder.
// With some LB hosts out of sight (unreachable, or outside --limit) the VIP may sit on one of
// them: then no visible holder is fine as long as the VIP answers a connection.
import type { Inventory } from '../inventory/types.js';
import { VIP_NAMES, type VipName } from '../inventory/types.js';
import type { Transport } from '../transport/types.js';
import { POLL_MS } from './host-health.js';
import { vipPortProblems } from './vip-port.js';
import { readVipView, type VipHolders } from './vips.js';

/** Pure: split brain is always a problem; no holder only when every LB host was seen. */
export function vipProblems(holders: VipHolders, allSeen = true): string[] {
  return VIP_NAMES.flatMap((v) => {
    const h = holders[v];
    if (h.length > 1)
      return [`VIP ${v} is held by ${h.length} hosts (${h.join(', ')}): split brain`];
    if (h.length === 0 && allSeen) return [`VIP ${v} is held by no host`];
    return [];
  });
}

/** VIPs no visible host holds while some host is out of sight: the ones to test by connecting. */
export function vipsToProbe(holders: VipHolders, allSeen: boolean): VipName[] {
  return allSeen ? [] : VIP_NAMES.filter((v) => holders[v].length === 0);
}

export async function vipSettleProblems(
  inventory: Inventory,
  transports: Transport[],
): Promise<string[]> {
  const { holders, allSeen } = await readVipView(inventory, transports);
  const problems = vipProblems(holders, allSeen);
  const via = transports[0];
  for (const vip of vipsToProbe(holders, allSeen)) {
    // Someone holds it if any of its ports answers (hosts out of sight may run another config).
    const refused = via ? await vipPortProblems(inventory, vip, via) : [`no host to test it from`];
    if (refused.length === inventory.vips[vip].ports.length || !via)
      problems.push(
        `VIP ${vip} is held by no host haka can see, and it does not answer: ${refused.join('; ')}`,
      );
  }
  return problems;
}

export async function waitVipsSettled(
  inventory: Inventory,
  transports: Transport[],
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problems = await vipSettleProblems(inventory, transports);
    if (problems.length === 0 || Date.now() >= deadline) return problems;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
