// A plan is data: check mode, diff, JSON output and apply all read the same plan.

import type { Handler, TaskOutcome } from '../change/types.js';
import type { Handover } from './handover.js';

export type * from '../change/types.js';

export interface HostPlan {
  host: string;
  /** The host's OS as it describes itself (os-release PRETTY_NAME), for headers. */
  os?: string;
  tasks: TaskOutcome[];
  handlers: Handler[];
  /** Set when this host cannot be planned (e.g. unsupported OS); no changes then. */
  refused?: string;
  /** Things the operator should know that do not block (e.g. firewalld active: allow VRRP). */
  warnings?: string[];
  /** Handlers owed by an earlier, interrupted run are part of this plan (set by plan/pending). */
  pendingFromEarlierRun?: boolean;
  /** Its VIPs move to another host before its reloads, which would interrupt them (plan/handover). */
  handover?: Handover;
  /** How its reloads are sequenced (plan/rollout): decided from what it served before the run. */
  rollout?: Rollout;
}

/**
 * together: nothing served on the host before the run, so it starts with the other fresh hosts
 * and is verified once with them; rolling: one host at a time, each gated on its own health.
 */
export interface Rollout {
  mode: 'together' | 'rolling';
  reason: string;
}

/** rollback: put back the last known good set (planned from the set itself, read as facts). */
export type PlanCommand = 'install' | 'uninstall' | 'rollback';

export interface Plan {
  command: PlanCommand;
  hosts: HostPlan[];
  /** About the cluster as a whole, e.g. the inventory values that match what runs (takeover). */
  notes?: string[];
}
