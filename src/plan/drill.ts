// `haka drill` as a plan (PURE: status + inventory → steps), so --check and --json show every
// change it would make before it makes one. Per VIP: the holder's priority for that VIP drops to 1
// through keepalived's track file, with a systemd timer on the host that removes the file after
// LIFETIME_S seconds: a haka that dies half-way leaves a host that heals by itself.
import { drillTrackPath, RUNTIME_DIR } from '../../tasks/paths.js';
import type { Inventory, VipName } from '../inventory/types.js';
import type { ClusterStatus } from '../verify/status.js';

/** How long a demotion may last at most; the host's own timer undoes it then. */
export const LIFETIME_S = 6;

export interface DrillStep {
  vip: VipName;
  address: string;
  /** The holder, which gives the VIP up. */
  from: string;
  /** The host expected to take it: the highest priority among the others. */
  to: string;
  priority: number;
  /** Written to the track file: the holder's priority for this VIP becomes 1. */
  offset: number;
  trackFile: string;
  /** Transient systemd timer + service that removes the track file after lifetimeS. */
  timerUnit: string;
  lifetimeS: number;
}

export interface StepResult {
  vip: VipName;
  from: string;
  to: string;
  /** Who held the VIP when it moved (normally `to`); null when it never moved. */
  movedTo: string | null;
  /** Drop confirmed → another host holds the VIP and it answers from here; null: it did not move. */
  moveMs: number | null;
  /** Drop undone → `from` holds the VIP again and it answers; null: it did not come back. */
  backMs: number | null;
  probes: number;
  failedProbes: number;
  problems: string[];
}

export interface DrillPlan {
  steps: DrillStep[];
  /** Why the drill will not run (the cluster is not healthy); null when it may. */
  refused: string | null;
}

/** The temporary file the offset is written to before its rename (keepalived reacts to the rename). */
export function drillTempPath(vip: VipName): string {
  return `${RUNTIME_DIR}/.drill-${vip}.new`;
}

export function planDrill(inventory: Inventory, status: ClusterStatus, vips: VipName[]): DrillPlan {
  if (!status.healthy)
    return {
      steps: [],
      refused: `the cluster is not healthy (${status.problems.length} problem(s)): ${status.problems.join('; ')}`,
    };
  if (inventory.hosts.length < 2) return { steps: [], refused: 'a drill needs at least two hosts' };
  const steps = vips.map((vip): DrillStep => {
    const from = status.vips[vip].holders[0] as string;
    const others = inventory.hosts.filter((h) => h.name !== from);
    others.sort((a, b) => b.priority[vip] - a.priority[vip]);
    const priority = inventory.hosts.find((h) => h.name === from)?.priority[vip] ?? 1;
    return {
      vip,
      address: inventory.vips[vip].address,
      from,
      to: others[0]?.name as string,
      priority,
      offset: 1 - priority,
      trackFile: drillTrackPath(vip),
      timerUnit: `haka-drill-${vip}`,
      lifetimeS: LIFETIME_S,
    };
  });
  return { steps, refused: null };
}
