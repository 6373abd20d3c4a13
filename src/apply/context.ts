// What every step of an apply reads: one context type for orchestrate, roll, gate and rollback.
import type { Logger } from 'pino';
import type { HostFacts } from '../facts/types.js';
import type { Inventory } from '../inventory/types.js';
import type { ProgressHook } from '../progress.js';
import type { Transport } from '../transport/types.js';
import type { HostHealth } from '../verify/host-health.js';
import type { Timings } from '../timings.js';

export interface ApplyContext {
  inventory: Inventory;
  facts: Record<string, HostFacts>;
  /** Connected hosts by name (every one of them is health-checked, planned or not). */
  transports: Map<string, Transport>;
  log: Logger;
  healthTimeoutMs: number;
  /** Gate each host on health (install) or not (uninstall: the services are meant to stop). */
  healthGate: boolean;
  /** Set on Ctrl-C: finish the current step, then stop between steps. */
  signal?: AbortSignal;
  /** Told when each host starts a step (live progress); changes nothing here. */
  progress?: ProgressHook;
  /** Where the time goes, per host and phase. */
  timings?: Timings;
}

/** Health of each connected host before anything was committed (null: HAProxy was not running). */
export type HealthBefore = Map<string, HostHealth | null>;

/** The context once the health before the change is known: what the roll and rollbacks read. */
export interface RollContext extends ApplyContext {
  before: HealthBefore;
}
