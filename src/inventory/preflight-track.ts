// Preflight check of the HAProxy track script's weight against the priority gaps.
import type { ConfigIssue } from '../errors.js';
import { byPriority, type PreflightCheck } from './preflight-context.js';
import { VIP_NAMES } from './types.js';

const FIELD = 'keepalived.track.weight';

/**
 * With weight w, a host whose HAProxy check fails ends |w| below the next host only if |w|
 * exceeds the gap between them: otherwise the broken host keeps the VIP. A tie is no better
 * (keepalived then picks by IP address), hence "exceed", not "reach".
 */
export const trackWeightCoversGaps: PreflightCheck = ({ inventory, error, warning }) => {
  const weight = inventory.keepalived.track.weight;
  if (weight === 0) {
    return [
      warning(
        FIELD,
        "track weight 0 puts a host in FAULT state when its check fails (HAProxy down, or none of a VIP's backends reachable from it): it releases the VIP whatever the priorities say, and when the check fails on every host (for example while the backends are not up yet) no host holds the VIP at all",
        'keep 0 if you want FAULT semantics; otherwise use a negative weight larger than every priority gap, for example -30',
      ),
    ];
  }
  const size = Math.abs(weight);
  const issues: ConfigIssue[] = [];
  let largestGap = 0;
  const tooWide: string[] = [];
  for (const vip of VIP_NAMES) {
    const ranked = byPriority(inventory.hosts, vip);
    for (let i = 0; i + 1 < ranked.length; i++) {
      const upper = ranked[i];
      const lower = ranked[i + 1];
      if (!upper || !lower) continue;
      const gap = upper.priority[vip] - lower.priority[vip];
      if (gap < size) continue;
      largestGap = Math.max(largestGap, gap);
      tooWide.push(
        `${vip}: ${upper.name} ${upper.priority[vip]} vs ${lower.name} ${lower.priority[vip]}, a gap of ${gap}`,
      );
    }
  }
  if (tooWide.length === 0) return issues;
  const suggested = Math.min(254, largestGap + 1);
  const effect =
    weight < 0
      ? `when HAProxy fails on the upper host its priority drops by only ${size}, not below the next host, so it keeps the VIP while it cannot serve`
      : `when HAProxy fails on the upper host the healthy next host gains only ${size}, not enough to overtake it, so the broken host keeps the VIP`;
  issues.push(
    error(
      FIELD,
      `track weight ${weight} does not exceed every priority gap between consecutive hosts [${tooWide.join('; ')}]: ${effect}`,
      `set keepalived.track.weight to ${weight < 0 ? -suggested : suggested} or beyond, or bring the priorities closer together`,
    ),
  );
  return issues;
};
