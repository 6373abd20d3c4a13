import type { HostFacts } from '../../../src/facts/types.js';
import { plan } from '../../../src/plan/index.js';
import type { Plan, PlanCommand } from '../../../src/plan/types.js';
import {
  SECRETS,
  factsForAll,
  loadFacts,
  loadInventory,
  type FactsName,
  type InventoryName,
  TEMPLATES,
} from '../tasks/support/fixtures.js';

export function planFor(
  factsName: FactsName,
  options: {
    command?: PlanCommand;
    inventory?: InventoryName;
    purge?: boolean;
    tweak?: (f: HostFacts) => void;
  } = {},
): Plan {
  const inventory = loadInventory(options.inventory ?? 'lab');
  const all = factsForAll(inventory, loadFacts(factsName));
  // The converged fixture is lb1's (its keepalived.conf carries lb1's priorities).
  const facts = factsName === 'debian12-converged' ? { lb1: all.lb1 as HostFacts } : all;
  for (const f of Object.values(facts)) options.tweak?.(f);
  return plan({
    templates: TEMPLATES,
    command: options.command ?? 'install',
    inventory,
    secrets: SECRETS,
    facts,
    purge: options.purge,
  });
}
