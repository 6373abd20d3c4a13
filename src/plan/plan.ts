// The whole plan: every inventory host that has facts, in inventory order, with the handlers an
// interrupted run left owed. PURE.
import type { HostFacts } from '../facts/types.js';
import type { Inventory, Secrets } from '../inventory/types.js';
import type { Templates } from '../../tasks/templates.js';
import { withHandovers } from './handover.js';
import { withPendingHandlers } from './pending.js';
import { planHost } from './plan-host.js';
import { rolloutOf } from './rollout.js';
import { runningValueLines, splitRefusal, takeoverView } from './takeover.js';
import type { LocalImage } from '../sysext/local-images.js';
import { rebootOverlaps } from '../../tasks/flatcar/reboot-overlap.js';
import type { Plan, PlanCommand } from './types.js';

export interface PlanInput {
  command: PlanCommand;
  inventory: Inventory;
  secrets: Secrets;
  /** Loaded before planning (loadTemplates). */
  templates: Templates;
  /** By host name. A host without facts (unreachable, or not in --limit) is not planned. */
  facts: Record<string, HostFacts>;
  /** Uninstall: also remove the packages haka installed. */
  purge?: boolean;
  /** Flatcar hosts: the system extension images, verified on the jump host. */
  images?: readonly LocalImage[];
}

export function plan(input: PlanInput): Plan {
  // A roll that would put hosts deaf to each other side by side refuses every host (takeover.ts).
  const takeover =
    input.command === 'install' ? takeoverView(input.inventory, input.secrets, input.facts) : null;
  const split = takeover ? splitRefusal(takeover) : null;
  const hosts = input.inventory.hosts.flatMap((host) => {
    const facts = input.facts[host.name];
    if (!facts) return [];
    const planned = planHost({
      command: input.command,
      inventory: input.inventory,
      secrets: input.secrets,
      templates: input.templates,
      host,
      facts,
      purge: input.purge ?? false,
      ...(input.images ? { images: input.images } : {}),
    });
    if (split && !planned.refused)
      return [{ host: planned.host, os: planned.os, tasks: [], handlers: [], refused: split }];
    if (planned.refused) return [planned];
    return [{ ...planned, rollout: rolloutOf(input.inventory, facts) }];
  });
  const notes = [
    ...(takeover ? runningValueLines(input.inventory, takeover) : []),
    // Flatcar hosts that may reboot for an update at the same time now (install staggers them).
    ...(input.command === 'install' ? rebootOverlaps(input.inventory, input.facts) : []),
  ];
  // Handlers an interrupted run left owed on a host (read from its facts) are part of the plan.
  const withPending = withPendingHandlers(
    { command: input.command, hosts, ...(notes.length > 0 ? { notes } : {}) },
    input.facts,
  );
  // Last: the handlers (owed ones included) decide whether a holder's reloads need a handover.
  return withHandovers(withPending, input.inventory, input.facts);
}
