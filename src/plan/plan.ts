// The whole plan: every inventory host that has facts, in inventory order, with the handlers an
// interrupted run left owed. PURE.
import type { HostFacts } from '../facts/types.js';
import type { Inventory, Secrets } from '../inventory/types.js';
import type { Templates } from '../../tasks/templates.js';
import { withPendingHandlers } from './pending.js';
import { planHost } from './plan-host.js';
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
}

export function plan(input: PlanInput): Plan {
  const hosts = input.inventory.hosts.flatMap((host) => {
    const facts = input.facts[host.name];
    if (!facts) return [];
    return [
      planHost({
        command: input.command,
        inventory: input.inventory,
        secrets: input.secrets,
        templates: input.templates,
        host,
        facts,
        purge: input.purge ?? false,
      }),
    ];
  });
  // Handlers an interrupted run left owed on a host (read from its facts) are part of the plan.
  return withPendingHandlers({ command: input.command, hosts }, input.facts);
}
