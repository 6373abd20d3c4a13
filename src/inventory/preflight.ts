// Preflight (DESIGN.md "Preflight"): consistency checks on a loaded inventory, before any
// connection. Pure. Errors refuse to run; warnings are printed and do not block.
// docs/inventory.md "Preflight findings" lists each check with its severity and why.
import type { ConfigIssue } from '../errors.js';
import type { LineLookup } from './load.js';
import { createContext, type PreflightCheck } from './preflight-context.js';
import {
  hostAddressesDistinct,
  hostCount,
  prioritiesDistinct,
  prioritiesInRange,
} from './preflight-hosts.js';
import {
  portsDistinctOnSharedAddress,
  vipInHostSubnets,
  vipNotHostOrBackend,
  vipsDistinct,
} from './preflight-network.js';
import {
  backendPortsKnown,
  httpCheckProvesReadiness,
  metricsBindFree,
  minBackendsUpReachable,
  offSubnetInterfaceNamed,
  preemptDelayUsed,
  vipMaxconnWithinGlobal,
} from './preflight-production.js';
import { trackWeightCoversGaps } from './preflight-track.js';
import {
  backendsNonEmpty,
  intendedHolderHighest,
  routerIdsDistinct,
  routerIdsValid,
} from './preflight-vips.js';
import type { Inventory } from './types.js';

export const PREFLIGHT_CHECKS: Readonly<Record<string, PreflightCheck>> = {
  hostCount,
  hostAddressesDistinct,
  prioritiesInRange,
  prioritiesDistinct,
  routerIdsValid,
  routerIdsDistinct,
  intendedHolderHighest,
  trackWeightCoversGaps,
  vipInHostSubnets,
  vipNotHostOrBackend,
  vipsDistinct,
  portsDistinctOnSharedAddress,
  backendsNonEmpty,
  backendPortsKnown,
  minBackendsUpReachable,
  httpCheckProvesReadiness,
  preemptDelayUsed,
  vipMaxconnWithinGlobal,
  metricsBindFree,
  offSubnetInterfaceNamed,
};

/** All findings, ordered by line; `lines` maps a field to its line (see loadInventoryWithSource). */
export function preflight(inventory: Inventory, lines: LineLookup = () => null): ConfigIssue[] {
  const context = createContext(inventory, lines);
  return Object.values(PREFLIGHT_CHECKS)
    .flatMap((check) => check(context))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** True when a finding must stop install/check/uninstall. */
export function hasBlockingIssues(issues: readonly ConfigIssue[]): boolean {
  return issues.some((issue) => issue.severity === 'error');
}
