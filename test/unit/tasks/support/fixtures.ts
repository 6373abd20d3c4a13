// Fixture inventories, secrets and host facts for the planner's tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostFacts } from '../../../../src/facts/types.js';
import { loadInventory as loadInventoryFile } from '../../../../src/inventory/load.js';
import type { Inventory, LbHost, Secrets } from '../../../../src/inventory/types.js';
import type { TaskContext } from '../../../../tasks/task.js';
import { loadTemplates } from '../../../../tasks/templates.js';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

export type InventoryName = 'lab' | 'production';
export type FactsName =
  'debian12-fresh' | 'debian12-preinstalled' | 'debian12-converged' | 'rhel9-fresh' | 'flatcar';

/** Test secrets: distinctive values, so a leak is easy to spot in any output. */
export const SECRETS: Secrets = { vrrpAuthPass: 'Vr9p#x!2', statsPassword: 'St4ts-S3cret-pw' };
/** haka's templates, loaded once as a command loads them before planning. */
export const TEMPLATES = loadTemplates();

export const SECRET_VALUES = [SECRETS.vrrpAuthPass, SECRETS.statsPassword as string];

/** Through the real loader (YAML, schema, defaults), as a command reads an operator's file. */
export function loadInventory(name: InventoryName): Inventory {
  return loadInventoryFile(join(REPO, 'fixtures/plan-inventories', `${name}.yaml`));
}

export function loadFacts(name: FactsName): HostFacts {
  return JSON.parse(
    readFileSync(join(REPO, 'fixtures/hostfacts', `${name}.json`), 'utf8'),
  ) as HostFacts;
}

export function hostOf(inventory: Inventory, name?: string): LbHost {
  const host = name ? inventory.hosts.find((h) => h.name === name) : inventory.hosts[0];
  if (!host) throw new Error(`no host ${name ?? '(first)'} in ${inventory.cluster}`);
  return host;
}

/**
 * The fixture's facts as they would read on `host`: its name, and its address on the fixture's
 * main interface (the one that is not lo), with the fixture's prefix.
 */
export function factsFor(base: HostFacts, host: LbHost): HostFacts {
  const facts = structuredClone(base);
  facts.host = host.name;
  const main = facts.interfaces.find((i) => i.name !== 'lo');
  if (main) {
    const v4 = main.addresses.findIndex((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a.address));
    if (v4 >= 0)
      main.addresses[v4] = { address: host.address, prefix: main.addresses[v4]?.prefix ?? 24 };
  }
  return facts;
}

export function factsForAll(inventory: Inventory, base: HostFacts): Record<string, HostFacts> {
  return Object.fromEntries(inventory.hosts.map((h) => [h.name, factsFor(base, h)]));
}

export function contextFor(
  inventoryName: InventoryName,
  factsName: FactsName,
  options: {
    host?: string;
    purge?: boolean;
    tweak?: (facts: HostFacts, inventory: Inventory) => void;
  } = {},
): TaskContext {
  const inventory = loadInventory(inventoryName);
  const host = hostOf(inventory, options.host);
  const facts = factsFor(loadFacts(factsName), host);
  options.tweak?.(facts, inventory);
  return {
    inventory,
    secrets: SECRETS,
    templates: TEMPLATES,
    host,
    facts,
    purge: options.purge ?? false,
  };
}
