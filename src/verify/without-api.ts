// Health of a host whose running HAProxy has no runtime API (a cluster another tool configured):
// which VIPs it holds (its VRRP state as it shows), whether each VIP port answers from it, and how
// many servers of each backend it reaches (a TCP connect, as HAProxy's own checks do). Taken
// before the change, so "made worse" still means something: a backend nobody could reach before
// is not blamed on haka, one whose servers all answered is. One round trip per host.
import type { Inventory, VipName } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import { sh, type Shell } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import { backendName, backendPort } from '../../tasks/content/haproxy-cfg.js';
import { addressesFromIpJson } from './vips.js';

export interface WithoutApiView {
  /** VIPs this host holds (MASTER for them, as far as anyone outside keepalived can tell). */
  holds: VipName[];
  /** "address:port" of each VIP port → answered a TCP connect from this host. */
  vipPorts: Record<string, boolean>;
  /** haka's backend name → [servers reachable from this host, servers in the inventory]. */
  backends: Record<string, [number, number]>;
  /** Backends whose VIP port answered: served before the change (a new port's backend was not). */
  served: string[];
}

interface Target {
  kind: 'vip' | 'server';
  key: string;
  address: string;
  port: number;
  /** A server's VIP port ("address:port"). */
  vipKey?: string;
}

/** Pure: what to connect to, from the inventory (haka's backend names, so "after" compares). */
export function targetsOf(inventory: Inventory): Target[] {
  return VIP_NAMES.flatMap((v) => {
    const vip = inventory.vips[v];
    return vip.ports.flatMap((port): Target[] => [
      { kind: 'vip', key: `${vip.address}:${port}`, address: vip.address, port },
      ...vip.backends.map((b): Target => ({
        kind: 'server',
        key: backendName(vip, port),
        address: b.address,
        port: backendPort(vip, port),
        vipKey: `${vip.address}:${port}`,
      })),
    ]);
  });
}

const MARK = '@@HAKA-REACH';

/** One command: addresses, then every connect in parallel (each bounded by 2 s). */
export function reachCommand(targets: Target[]): Shell {
  const connects = targets.map(
    (t, i) =>
      sh`{ socat -T2 /dev/null ${`TCP:${t.address}:${t.port},connect-timeout=2`} 2>/dev/null && echo ${`${i} ok`} || echo ${`${i} no`}; } &`,
  );
  return sh`ip -j -4 addr show; echo ${MARK}; ${connects} wait`;
}

/** Pure: the command's output → the view. */
export function parseReach(
  inventory: Inventory,
  targets: Target[],
  output: string,
): WithoutApiView {
  const [ipJson = '', results = ''] = output.split(`${MARK}\n`);
  const addrs = addressesFromIpJson(ipJson);
  const ok = new Set<number>();
  for (const line of results.split('\n')) {
    const m = /^(\d+) ok$/.exec(line.trim());
    if (m) ok.add(Number(m[1]));
  }
  const view: WithoutApiView = {
    holds: VIP_NAMES.filter((v) => addrs.has(inventory.vips[v].address)),
    vipPorts: {},
    backends: {},
    served: [],
  };
  targets.forEach((t, i) => {
    if (t.kind === 'vip') view.vipPorts[t.key] = ok.has(i);
    else {
      const [reached, all] = view.backends[t.key] ?? [0, 0];
      view.backends[t.key] = [reached + (ok.has(i) ? 1 : 0), all + 1];
      if (t.vipKey && view.vipPorts[t.vipKey] && !view.served.includes(t.key))
        view.served.push(t.key);
    }
  });
  return view;
}

export async function probeWithoutApi(
  transport: Transport,
  inventory: Inventory,
): Promise<WithoutApiView | null> {
  const targets = targetsOf(inventory);
  const r = await transport
    .exec(reachCommand(targets), { sudo: false, timeoutMs: 30_000 })
    .catch(() => null);
  if (!r) return null;
  try {
    return parseReach(inventory, targets, r.stdout);
  } catch {
    // Output we cannot read (no JSON from ip): no view, as when the host cannot be asked.
    return null;
  }
}

/** One line for the log and the report: what the host looked like before the change. */
export function describeView(v: WithoutApiView): string {
  const ports = Object.entries(v.vipPorts);
  const answering = ports.filter(([, ok]) => ok).length;
  const backends = Object.entries(v.backends)
    .map(([name, [r, n]]) => `${name} ${r}/${n}`)
    .join(', ');
  return `holds ${v.holds.length > 0 ? v.holds.join(' and ') : 'no VIP'}; VIP ports answering from it ${answering}/${ports.length}; servers reachable from it: ${backends}`;
}
