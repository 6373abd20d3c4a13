// Handing a VIP holder's VIPs to the next host before reloads that would interrupt them: a
// restart, or an HAProxy reload that cannot pass its listening sockets to the new process. The
// next host's priority is raised through its track file (haka's keepalived.conf, which it runs
// by then: hosts without VIPs roll first), it takes the VIPs over while the holder still serves
// (no gap), the holder reloads without traffic, and the raise is undone so the VIPs come back
// as the preemption settings say. PURE: facts + plan → the handover shown in the plan.
import type { HostFacts } from '../facts/types.js';
import { parseHaproxyCfg } from '../facts/haproxy-cfg.js';
import type { Inventory, VipName } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import { fileContent, packageVersion, unitState } from '../../tasks/host-facts.js';
import { drillTrackPath, HAPROXY_CFG } from '../../tasks/paths.js';
import { addressesOf } from '../verify/vips.js';
import type { HostPlan, Plan } from './types.js';

/** Priority the next host is raised to: the highest a host that does not own the address can have. */
export const RAISED_PRIORITY = 254;
/** The raise is undone by the host's own timer after this long, should haka die half-way. */
export const HANDOVER_LIFETIME_S = 180;

export interface Handover {
  /** Why the reloads would interrupt traffic through the VIPs this host holds. */
  why: string;
  vips: VipName[];
  /** The host that takes them meanwhile. */
  to: string;
  /** Per VIP: what `to`'s track file holds (added to its priority), the file and its undo timer. */
  raises: { vip: VipName; offset: number; trackFile: string; timerUnit: string }[];
  lifetimeS: number;
}

/**
 * HAProxy in master-worker mode (Debian's and RHEL's units run `-Ws`) passes its listening
 * sockets to the new worker on reload since 2.5 through its internal socket pair, whatever the
 * configuration says; older versions only with a `stats socket ... expose-fd listeners` in the
 * running configuration. Without either, connections queued on the old sockets are reset.
 */
export function haproxyReloadSeamless(facts: HostFacts): boolean {
  const version = packageVersion(facts, 'haproxy') ?? '';
  const m = /^(?:\d+:)?(\d+)\.(\d+)/.exec(version);
  if (m && (Number(m[1]) > 2 || (Number(m[1]) === 2 && Number(m[2]) >= 5))) return true;
  const running = fileContent(facts, HAPROXY_CFG);
  return running !== null && parseHaproxyCfg(running).sockets.some((s) => s.exposeFdListeners);
}

/** Why this host's handlers would interrupt traffic through the VIPs it holds; null when they would not. */
export function reloadInterruption(hp: HostPlan, facts: HostFacts): string | null {
  for (const h of hp.handlers) {
    if (h.kind === 'daemon-reload') continue;
    if (!unitState(facts, h.unit).active) continue;
    if (h.kind === 'restart')
      return h.unit === 'haproxy'
        ? 'HAProxy restarts (its listening sockets close)'
        : 'keepalived restarts (its VIPs would leave and come back)';
    if (h.unit === 'haproxy' && !haproxyReloadSeamless(facts))
      return `HAProxy ${packageVersion(facts, 'haproxy') ?? '(version unknown)'} reloads from a configuration without \`expose-fd listeners\` (the new process cannot take over the listening sockets)`;
  }
  return null;
}

function heldVips(inventory: Inventory, facts: HostFacts): VipName[] {
  const addrs = addressesOf(facts.interfaces);
  return VIP_NAMES.filter((v) => addrs.has(inventory.vips[v].address));
}

/**
 * The host to hand `vips` to: planned in this run (so it runs haka's keepalived.conf, with its
 * track file, when the holder's turn comes), keepalived active, not holding those VIPs; the
 * highest priority first. Null with the reason when there is none.
 */
function successor(
  inventory: Inventory,
  plan: Plan,
  facts: Record<string, HostFacts>,
  holder: string,
  vips: VipName[],
): { to: string } | { none: string } {
  if (!inventory.keepalived.preempt)
    return { none: 'keepalived.preempt is false: a raised priority does not take a VIP over' };
  const candidates = inventory.hosts.filter((h) => {
    const hp = plan.hosts.find((p) => p.host === h.name);
    const f = facts[h.name];
    return (
      h.name !== holder &&
      hp !== undefined &&
      !hp.refused &&
      f !== undefined &&
      unitState(f, 'keepalived').active &&
      heldVips(inventory, f).length === 0
    );
  });
  const best = (h: (typeof candidates)[number]): number =>
    Math.max(...vips.map((v) => h.priority[v]));
  candidates.sort((a, b) => best(b) - best(a));
  const to = candidates[0];
  return to ? { to: to.name } : { none: 'no other host of this run runs keepalived' };
}

/** Every holder whose reloads would interrupt its VIPs gets a handover, or a warning saying why not. */
export function withHandovers(
  plan: Plan,
  inventory: Inventory,
  facts: Record<string, HostFacts>,
): Plan {
  if (plan.command !== 'install') return plan;
  const hosts = plan.hosts.map((hp): HostPlan => {
    const f = facts[hp.host];
    if (!f || hp.refused || hp.handlers.length === 0) return hp;
    const vips = heldVips(inventory, f);
    const why = vips.length > 0 ? reloadInterruption(hp, f) : null;
    if (!why) return hp;
    const next = successor(inventory, plan, facts, hp.host, vips);
    if ('none' in next)
      return {
        ...hp,
        warnings: [
          ...(hp.warnings ?? []),
          `VIP ${vips.join(' and ')} will see refused connections during this host's reloads: ${why}; they cannot be handed over first (${next.none})`,
        ],
      };
    const to = inventory.hosts.find((h) => h.name === next.to);
    const handover: Handover = {
      why,
      vips,
      to: next.to,
      raises: vips.map((vip) => ({
        vip,
        offset: RAISED_PRIORITY - (to?.priority[vip] ?? 0),
        trackFile: drillTrackPath(vip),
        timerUnit: `haka-handover-${vip}`,
      })),
      lifetimeS: HANDOVER_LIFETIME_S,
    };
    return { ...hp, handover };
  });
  return { ...plan, hosts };
}

/** The plan's line for a handover. */
export function handoverText(h: Handover): string {
  return (
    `before its reloads VIP ${h.vips.join(' and ')} move${h.vips.length === 1 ? 's' : ''} to ${h.to} ` +
    `(its priority raised to ${RAISED_PRIORITY} through its track file, undone after the reloads or by its own timer within ${h.lifetimeS} s), ` +
    `because ${h.why}; then they come back as the preemption settings say`
  );
}
