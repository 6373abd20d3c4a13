// The health gate after one host's reloads: is that host healthy (compared with before the run),
// have the VIPs settled, and did any other host get worse meanwhile? Who got worse decides what
// happens next: a host running the new configuration is blamed on the change (roll back); a
// host haka has not reloaded yet points at something else going on (stop the roll, roll nothing back).
import type { Transport } from '../transport/types.js';
import { judgeHealth, probeComparable, waitHealthy } from '../verify/host-health.js';
import { waitVipsSettled } from '../verify/settle.js';
import type { RollContext } from './context.js';

export type GateVerdict =
  | { kind: 'healthy' }
  /** The change is to blame: `host` runs the new files and got worse. */
  | { kind: 'worse'; host: string; problems: string[] }
  /** Hosts haka has not reloaded got worse during the run: not caused by this change. */
  | { kind: 'disturbed'; problems: string[] };

/** Other hosts, looked at once: only problems they did not have before the run count. */
async function othersGotWorse(host: string, g: RollContext): Promise<Map<string, string[]>> {
  const worse = new Map<string, string[]>();
  await Promise.all(
    [...g.transports].map(async ([name, t]) => {
      const before = g.before.get(name);
      if (name === host || !before) return;
      const problems = judgeHealth(await probeComparable(t, g.inventory, before), before);
      if (problems.length > 0) worse.set(name, problems);
    }),
  );
  return worse;
}

/** `reloaded`: hosts whose handlers ran in this run so far, the one being gated included. */
export async function gateHost(
  host: string,
  handlerError: Error | null,
  g: RollContext,
  reloaded: ReadonlySet<string>,
): Promise<GateVerdict> {
  if (handlerError) return { kind: 'worse', host, problems: [handlerError.message] };
  const transport = g.transports.get(host) as Transport;
  const { problems } = await waitHealthy(transport, {
    statsSocket: g.inventory.haproxy.statsSocket,
    inventory: g.inventory,
    before: g.before.get(host) ?? null,
    timeoutMs: g.healthTimeoutMs,
  });
  if (problems.length > 0) return { kind: 'worse', host, problems };
  const vips = await waitVipsSettled(g.inventory, [...g.transports.values()], g.healthTimeoutMs);
  if (vips.length > 0) return { kind: 'worse', host, problems: vips };
  const others = await othersGotWorse(host, g);
  const reloadedEarlier = [...others].filter(([name]) => reloaded.has(name));
  const first = reloadedEarlier[0];
  if (first) {
    g.log.warn(
      { host: first[0], problems: first[1] },
      'a host reloaded earlier in this run got worse',
    );
    return { kind: 'worse', host: first[0], problems: first[1] };
  }
  if (others.size > 0) {
    const problems = [...others].map(
      ([name, p]) => `${name} (not reloaded by this run): ${p.join('; ')}`,
    );
    g.log.warn({ problems }, 'hosts haka has not reloaded got worse during the run');
    return { kind: 'disturbed', problems };
  }
  return { kind: 'healthy' };
}
