// Does each VIP answer from where haka runs? The hosts' own view (vip-port.ts) crosses only the
// load balancers' segment; clients sit behind ARP caches and routers, like this machine. Skipped
// when the hosts are reached through a jump host: this machine then usually has no route to them.
import { connect } from 'node:net';
import type { Inventory } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';

function answers(address: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((done) => {
    const socket = connect({ host: address, port });
    const finish = (why: string | null): void => {
      socket.destroy();
      done(why);
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => finish(null));
    socket.once('error', (e) => finish(e.message));
  });
}

/** Problems, one per VIP port that does not accept a TCP connection from this machine. */
export async function controllerVipProblems(
  inventory: Inventory,
  timeoutMs = 3000,
): Promise<string[]> {
  if (inventory.hosts.some((h) => h.ssh.jump)) return [];
  const checks = VIP_NAMES.flatMap((vip) =>
    inventory.vips[vip].ports.map(async (port) => {
      const address = inventory.vips[vip].address;
      const why = await answers(address, port, timeoutMs);
      return why === null
        ? null
        : `VIP ${vip} ${address}:${port} does not answer from this machine: ${why}`;
    }),
  );
  return (await Promise.all(checks)).filter((p): p is string => p !== null);
}
