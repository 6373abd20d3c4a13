// Health after apply (DESIGN "Health after apply"): exactly one holder per VIP, the holder is the
// highest-priority healthy host, backends are UP, and each VIP port accepts connections.
import type { Inventory, VipName } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import { judgeHealth, probeHostHealth, type HostHealth } from './host-health.js';
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
    if (want && h[0] !== want) return [`VIP ${vip} is held by ${h[0]}, expected ${want} (highest priority among healthy hosts)`];
    return [];
  });
}

async function portProblems(inventory: Inventory, via: Transport): Promise<string[]> {
  const problems: string[] = [];
  for (const vip of VIP_NAMES) {
    for (const port of inventory.vips[vip].ports) {
      const target = `TCP:${inventory.vips[vip].address}:${port},connect-timeout=3`;
      const r = await via.exec(sh`socat -T3 /dev/null ${target}`, { sudo: false });
      if (r.exitCode !== 0) problems.push(`VIP ${vip} ${inventory.vips[vip].address}:${port} refused a connection from ${via.host}: ${r.stderr.trim()}`);
    }
  }
  return problems;
}

/** Verify the cluster; VIP checks only when every LB host is connected (not under --limit). */
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
    const healthy = new Set(health.filter((h) => judgeHealth(h, null).length === 0).map((h) => h.host));
    let holders: VipHolders | null = null;
    const expected: Partial<Record<VipName, string | null>> = {};
    if (all) {
      holders = await readVipHolders(inventory, [...transports.values()]);
      for (const vip of VIP_NAMES) expected[vip] = expectedHolder(inventory, vip, healthy);
      problems.push(...holderProblems(holders, expected));
      const via = transports.get(holders.api[0] ?? '') ?? [...transports.values()][0];
      if (problems.length === 0 && via) problems.push(...(await portProblems(inventory, via)));
    }
    if (problems.length === 0 || Date.now() >= deadline) return { health, holders, expected, problems };
    await new Promise((r) => setTimeout(r, 1000));
  }
}
