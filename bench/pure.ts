// Pure pipeline targets: load + preflight the inventory, plan and render diffs for 3 and 8 hosts
// from captured facts (fresh and converged). No host is contacted.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { HostFacts } from '../src/facts/types.js';
import { loadInventoryWithSource, preflight, resolveSecrets } from '../src/inventory/index.js';
import type { Inventory } from '../src/inventory/types.js';
import { plan } from '../src/plan/index.js';
import { renderPlan } from '../src/render/index.js';
import { loadTemplates } from '../tasks/templates.js';

export interface Target {
  name: string;
  value: number;
  limit: number;
  unit: string;
}
const results: Target[] = [];

function record(name: string, value: number, limit: number, unit: string): void {
  results.push({ name, value, limit, unit });
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function factsFor(inventory: Inventory, fixture: string): Record<string, HostFacts> {
  const base = JSON.parse(readFileSync(`fixtures/hostfacts/${fixture}.json`, 'utf8')) as HostFacts;
  return Object.fromEntries(inventory.hosts.map((h) => [h.name, { ...base, host: h.name }]));
}

/** An inventory with `count` hosts, derived from the lab fixture (distinct addresses and priorities). */
function withHosts(inventory: Inventory, count: number): Inventory {
  const first = inventory.hosts[0]!;
  const hosts = Array.from({ length: count }, (_, i) => ({
    ...first,
    name: `lb${i + 1}`,
    address: `10.88.0.${11 + i}`,
    priority: { api: 200 - i * 10, ingress: 200 - i * 10 },
  }));
  // The captured facts come from a lab whose cluster is haka-lab (its manifest says so).
  return { ...inventory, cluster: 'haka-lab', hosts };
}

export function benchPure(): Target[] {
  const path = 'fixtures/inventories/lab.yaml';
  const loadTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    const { inventory, lines } = loadInventoryWithSource(path);
    preflight(inventory, lines);
    loadTimes.push(performance.now() - t0);
  }
  record('load + preflight inventory (median of 50)', median(loadTimes), 25, 'ms');

  const { inventory } = loadInventoryWithSource(path);
  const secrets = resolveSecrets(inventory, {
    env: process.env,
    readFile: (p) => readFileSync(p, 'utf8'),
  });
  const templates = loadTemplates();
  for (const count of [3, 8]) {
    const inv = withHosts(inventory, count);
    for (const fixture of ['debian12-fresh', 'debian12-converged']) {
      const facts = factsFor(inv, fixture);
      const times: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        const p = plan({ command: 'install', inventory: inv, secrets, templates, facts });
        renderPlan(p, { diff: true, secrets: [secrets.vrrpAuthPass] });
        times.push(performance.now() - t0);
      }
      record(
        `plan + render --diff, ${count} hosts, ${fixture} (median of 30)`,
        median(times),
        count * 15,
        'ms',
      );
    }
  }
  return results;
}
