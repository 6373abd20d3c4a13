// The health gate after one step's reloads (one host, or the fresh hosts together): is each of
// them healthy (compared with before the run), have the VIPs settled, and did any other host get
// worse meanwhile? Who got worse decides what happens next: a host running the new configuration
// is blamed on the change (roll back); a host haka has not reloaded yet points at something else
// going on (stop the roll, roll nothing back).
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
async function othersGotWorse(
  hosts: readonly string[],
  g: RollContext,
): Promise<Map<string, string[]>> {
  const worse = new Map<string, string[]>();
  await Promise.all(
    [...g.transports].map(async ([name, t]) => {
      const before = g.before.get(name);
      if (hosts.includes(name) || !before) return;
      const problems = judgeHealth(await probeComparable(t, g.inventory, before), before);
      if (problems.length > 0) worse.set(name, problems);
    }),
  );
  return worse;
}

/** The first host of the step that is worse than before, waiting for each one's checks to settle. */
async function firstWorse(
  hosts: readonly string[],
  g: RollContext,
): Promise<{ host: string; problems: string[] } | null> {
  const results = await Promise.all(
    hosts.map(async (host) => {
      const { problems } = await waitHealthy(g.transports.get(host) as Transport, {
        statsSocket: g.inventory.haproxy.statsSocket,
        inventory: g.inventory,
        before: g.before.get(host) ?? null,
        timeoutMs: g.healthTimeoutMs,
      });
      return { host, problems };
    }),
  );
  return results.find((r) => r.problems.length > 0) ?? null;
}

/**
 * The gate after one step of the roll: one serving host, or every fresh host at once (they served
 * nothing, so they are verified together). `errors`: each host's failed reload, if any;
 * `reloaded`: hosts whose handlers ran in this run so far, this step's included.
 */
export async function gateHosts(
  errors: ReadonlyMap<string, Error | null>,
  g: RollContext,
  reloaded: ReadonlySet<string>,
): Promise<GateVerdict> {
  const hosts = [...errors.keys()];
  for (const [host, error] of errors)
    if (error) return { kind: 'worse', host, problems: [error.message] };
  const worseHost = await firstWorse(hosts, g);
  if (worseHost) return { kind: 'worse', ...worseHost };
  const vips = await waitVipsSettled(g.inventory, [...g.transports.values()], g.healthTimeoutMs);
  if (vips.length > 0) return { kind: 'worse', host: hosts[0] as string, problems: vips };
  const others = await othersGotWorse(hosts, g);
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
