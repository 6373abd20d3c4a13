// Health after apply (DESIGN "Health after apply"): exactly one holder per VIP, the holder is the
// highest-priority healthy host, backends are UP, and each VIP port accepts connections.
import type { Inventory, VipName } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import type { Transport } from '../transport/types.js';
import { judgeHealth, POLL_MS, probeHostHealth, type HostHealth } from './host-health.js';
import { vipPortProblems } from './vip-port.js';
import { expectedHolder, readVipHolders, type VipHolders } from './vips.js';

export interface ClusterReport {
  health: HostHealth[];
  holders: VipHolders | null;
  expected: Partial<Record<VipName, string | null>>;
  problems: string[];
}

/** Pure: compare holders with the expected ones. */
export function holderProblems(
  holders: VipHolders,
  expected: Partial<Record<VipName, string | null>>,
): string[] {
  return VIP_NAMES.flatMap((vip) => {
    const h = holders[vip];
    const want = expected[vip];
    if (h.length === 0) return [`VIP ${vip} is held by no host`];
    if (h.length > 1) return [`VIP ${vip} is held by ${h.join(', ')} at once (split brain)`];
    if (want && h[0] !== want)
      return [
        `VIP ${vip} is held by ${h[0]}, expected ${want} (highest priority among healthy hosts)`,
      ];
    return [];
  });
}

/**
 * Verify the cluster, polling until it is right or `timeoutMs` passed (0: look once). VIP checks
 * only when every LB host is connected (not under --limit, not with a host unreachable).
 */
export async function verifyCluster(
  inventory: Inventory,
  transports: Map<string, Transport>,
  timeoutMs: number,
): Promise<ClusterReport> {
  const all = inventory.hosts.every((h) => transports.has(h.name));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await Promise.all(
      [...transports.values()].map((t) => probeHostHealth(t, inventory.haproxy.statsSocket)),
    );
    const problems = health.flatMap((h) => judgeHealth(h, null).map((p) => `${h.host}: ${p}`));
    const healthy = new Set(
      health.filter((h) => judgeHealth(h, null).length === 0).map((h) => h.host),
    );
    let holders: VipHolders | null = null;
    const expected: Partial<Record<VipName, string | null>> = {};
    if (all) {
      holders = await readVipHolders(inventory, [...transports.values()]);
      for (const vip of VIP_NAMES) expected[vip] = expectedHolder(inventory, vip, healthy);
      problems.push(...holderProblems(holders, expected));
      const via = transports.get(holders.api[0] ?? '') ?? [...transports.values()][0];
      if (problems.length === 0 && via)
        for (const vip of VIP_NAMES) problems.push(...(await vipPortProblems(inventory, vip, via)));
    }
    if (problems.length === 0 || Date.now() >= deadline)
      return { health, holders, expected, problems };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
