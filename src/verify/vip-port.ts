// Does a VIP answer? A TCP connect to each of its ports from one LB host (socat, no root needed).
// From a host that does not hold the VIP this crosses the network to whichever host holds it.
import type { Inventory, VipName } from '../inventory/types.js';
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import { socatReason } from './host-health.js';

export async function vipPortProblems(
  inventory: Inventory,
  vip: VipName,
  via: Transport,
): Promise<string[]> {
  const { address, ports } = inventory.vips[vip];
  const problems: string[] = [];
  for (const port of ports) {
    const target = `TCP:${address}:${port},connect-timeout=3`;
    try {
      const r = await via.exec(sh`socat -T3 /dev/null ${target}`, { sudo: false });
      if (r.exitCode !== 0)
        problems.push(
          `VIP ${vip} ${address}:${port} refused a connection from ${via.host}: ${socatReason(r.stderr)}`,
        );
    } catch (error) {
      problems.push(
        `VIP ${vip} ${address}:${port}: cannot test from ${via.host}: ${(error as Error).message}`,
      );
    }
  }
  return problems;
}
