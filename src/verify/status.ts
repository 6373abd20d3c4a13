// `haka status` as data: what each host reports, and the pure verdict over the cluster (who holds
// each VIP, split brain, services, backends, VIP ports, pending reloads, configuration drift).
import type { Inventory, VipName } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import type { RunRecord } from '../plan/run-record.js';
import type { ServerHealth } from './haproxy-stat.js';
import { holderProblems } from './cluster.js';
import { judgeHealth, type HostHealth } from './host-health.js';
import { expectedHolder, type VipHolders } from './vips.js';
import type { Reach } from './reach.js';

export interface VrrpStatus {
  /** MASTER, BACKUP, FAULT, STOP as the notify script recorded it; null when never recorded. */
  state: string | null;
  priority: number;
  /** priority, minus the track weight while that VIP's check fails, plus a drill's offset. */
  effective: number;
}

/** keepalived's check per VIP (HAProxy answers and reaches enough of that VIP's backends); a VIP
 * missing: unknown (no check script, or no answer). */
export type VipChecks = Partial<Record<VipName, boolean>>;

export interface HostStatus {
  host: string;
  /** Why haka could not look at this host; null when it could. */
  error: string | null;
  haproxyActive: boolean;
  keepalivedActive: boolean;
  /** keepalived's track script of each VIP, run right now. */
  checks: VipChecks;
  vrrp: Partial<Record<VipName, VrrpStatus>>;
  /** null when HAProxy's runtime API did not answer. */
  servers: ServerHealth[] | null;
  /** Reloads an interrupted run still owes this host. */
  pending: string[];
  /** Changes `haka install` would make (configuration drift); null when not planned. */
  drift: number | null;
  lastRun: RunRecord | null;
  /** Problems of the host itself (services, runtime API, backends). */
  problems: string[];
}

export interface VipStatus {
  address: string;
  holders: string[];
  expected: string | null;
  ports: ({ port: number } & Reach)[];
}

export interface ClusterStatus {
  at: string;
  vips: Record<VipName, VipStatus>;
  hosts: HostStatus[];
  problems: string[];
  healthy: boolean;
}

/** Pure: a host's status from its health probe and what the facts say. */
export function hostStatus(
  health: HostHealth,
  rest: Omit<
    HostStatus,
    'host' | 'error' | 'haproxyActive' | 'keepalivedActive' | 'servers' | 'problems'
  >,
): HostStatus {
  return {
    host: health.host,
    error: null,
    haproxyActive: health.haproxyActive,
    keepalivedActive: health.keepalivedActive,
    servers: health.servers,
    problems: judgeHealth(health, null),
    ...rest,
  };
}

export function unreachableHost(host: string, error: string): HostStatus {
  return {
    host,
    error,
    haproxyActive: false,
    keepalivedActive: false,
    checks: {},
    vrrp: {},
    servers: null,
    pending: [],
    drift: null,
    lastRun: null,
    problems: [`cannot reach ${host}: ${error}`],
  };
}

/** Pure: the cluster's verdict. Every problem makes it degraded. */
export function judgeStatus(
  inventory: Inventory,
  hosts: HostStatus[],
  holders: VipHolders,
  reach: Record<VipName, VipStatus['ports']>,
  at: Date,
): ClusterStatus {
  const healthy = new Set(hosts.filter((h) => h.problems.length === 0).map((h) => h.host));
  const expected = Object.fromEntries(
    VIP_NAMES.map((vip) => [vip, expectedHolder(inventory, vip, healthy)]),
  ) as Record<VipName, string | null>;
  const problems = hosts.flatMap((h) =>
    h.problems.map((p) => (p.includes(h.host) ? p : `${h.host}: ${p}`)),
  );
  problems.push(...holderProblems(holders, expected));
  for (const vip of VIP_NAMES)
    for (const r of reach[vip])
      if (!r.ok)
        problems.push(
          `VIP ${vip} ${inventory.vips[vip].address}:${r.port} does not answer from here: ${r.error ?? ''}`,
        );
  for (const h of hosts) {
    if (h.pending.length > 0)
      problems.push(`${h.host}: reloads owed by an interrupted run: ${h.pending.join(', ')}`);
    if (h.drift) problems.push(`${h.host}: ${h.drift} change(s) to make (run haka check --diff)`);
    for (const vip of VIP_NAMES)
      if (h.checks[vip] === false)
        problems.push(
          `${h.host}: keepalived's check of the ${vip} VIP fails (HAProxy down, or too few ${vip} backends reachable)`,
        );
  }
  const vips = Object.fromEntries(
    VIP_NAMES.map((vip) => [
      vip,
      {
        address: inventory.vips[vip].address,
        holders: holders[vip],
        expected: expected[vip],
        ports: reach[vip],
      },
    ]),
  ) as Record<VipName, VipStatus>;
  return { at: at.toISOString(), vips, hosts, problems, healthy: problems.length === 0 };
}
