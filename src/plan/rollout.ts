// How a host's reloads are sequenced, decided from its facts before the run. PURE.
// Waiting protects traffic: a host that serves nothing yet cannot drop a request, so fresh hosts
// start together and are verified once as a cluster; a host that was serving keeps the rolling
// order and its own health gate.
import { parseHaproxyCfg } from '../facts/haproxy-cfg.js';
import type { HostFacts } from '../facts/types.js';
import type { Inventory } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import { HAPROXY_CFG } from '../../tasks/paths.js';
import type { Rollout } from './types.js';

function active(facts: HostFacts, unit: string): boolean {
  return facts.units[`${unit}.service`]?.activeState === 'active';
}

/** Frontends of the HAProxy running now (Debian's packaged haproxy.cfg has none: it serves nothing). */
function haproxyFrontends(facts: HostFacts): string[] {
  const content = facts.files[HAPROXY_CFG]?.content;
  return content ? parseHaproxyCfg(content).frontends : [];
}

/** What the host serves before the run, in words; empty when it serves nothing. */
export function servingNow(inventory: Inventory, facts: HostFacts): string[] {
  const addresses = new Set(facts.interfaces.flatMap((i) => i.addresses.map((a) => a.address)));
  const held = VIP_NAMES.filter((v) => addresses.has(inventory.vips[v].address));
  const reasons: string[] = [];
  if (held.length > 0) reasons.push(`holds VIP ${held.join(' and ')}`);
  if (active(facts, 'keepalived')) reasons.push('keepalived active');
  if (active(facts, 'haproxy')) {
    const frontends = haproxyFrontends(facts);
    // Unreadable config: assume it serves.
    if (frontends.length > 0 || facts.files[HAPROXY_CFG]?.problem)
      reasons.push(
        `haproxy active${frontends.length > 0 ? ` with frontend(s) ${frontends.slice(0, 3).join(', ')}` : ''}`,
      );
  }
  return reasons;
}

export function rolloutOf(inventory: Inventory, facts: HostFacts): Rollout {
  const serving = servingNow(inventory, facts);
  if (serving.length > 0)
    return {
      mode: 'rolling',
      reason: `serving before the run (${serving.join(', ')}): one host at a time, each gated on its health`,
    };
  const haproxy = active(facts, 'haproxy')
    ? 'haproxy active without a frontend'
    : 'haproxy inactive';
  return {
    mode: 'together',
    reason: `nothing served before the run (${haproxy}, keepalived inactive, no VIP held): starts with the other fresh hosts, verified once as a cluster`,
  };
}
