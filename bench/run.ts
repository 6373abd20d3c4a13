// `npm run bench`: speed and memory targets, measured here and nowhere else (no timed tests).
//  1. pure pipeline: load + preflight the inventory, plan and render diffs for 3 and 8 hosts from
//     captured facts (fresh and converged);
//  2. with HAKA_BENCH_INVENTORY=<lab inventory>: a no-change `check` against real lab hosts
//     (connect + one probe per host + plan), in process, repeated.
// Exits 1 when a target is missed, so a regression is visible.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { HostFacts } from '../src/facts/types.js';
import { loadInventoryWithSource, preflight, resolveSecrets } from '../src/inventory/index.js';
import type { Inventory } from '../src/inventory/types.js';
import { Redactor, createLogger } from '../src/log.js';
import { plan } from '../src/plan/index.js';
import { renderPlan } from '../src/render/index.js';
import { connectHosts } from '../src/connect-hosts.js';
import { loadTemplates } from '../tasks/templates.js';

interface Target {
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

function benchPure(): void {
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
  const templates = loadTemplates();
  const secrets = resolveSecrets(inventory, {
    env: process.env,
    readFile: (p) => readFileSync(p, 'utf8'),
  });
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
}

async function benchLab(inventoryPath: string): Promise<void> {
  const templates = loadTemplates();
  if (!/10\.88\./.test(readFileSync(inventoryPath, 'utf8')))
    throw new Error(`${inventoryPath} is not a lab inventory`);
  const redactor = new Redactor();
  const { log } = createLogger({ level: 'warn', redactor });
  const times: number[] = [];
  let peakRss = 0;
  const rssBefore = process.memoryUsage().rss;
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const connected = await connectHosts({
      inventoryPath,
      limit: [],
      acceptNewHostKeys: false,
      concurrency: 10,
      command: 'install',
      log,
      redactor,
    });
    const p = plan({
      command: 'install',
      inventory: connected.inventory,
      secrets: connected.secrets,
      templates,
      facts: connected.facts,
    });
    renderPlan(p, { diff: true, secrets: redactor.secrets });
    await connected.close();
    times.push(performance.now() - t0);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (connected.failures.size > 0)
      throw new Error(`lab hosts failed: ${[...connected.failures.keys()].join(', ')}`);
  }
  record(
    `check against ${inventoryPath} (connect + probe + plan, median of 10)`,
    median(times),
    2000,
    'ms',
  );
  record('peak RSS during lab checks', peakRss / 1024 / 1024, 200, 'MiB');
  record(
    'RSS growth over 10 lab checks',
    (process.memoryUsage().rss - rssBefore) / 1024 / 1024,
    60,
    'MiB',
  );
}

benchPure();
if (process.env.HAKA_BENCH_INVENTORY) await benchLab(process.env.HAKA_BENCH_INVENTORY);
else
  console.log(
    '(set HAKA_BENCH_INVENTORY=.lab/inventory.yaml with the lab up to also time a real check)',
  );

let missed = 0;
for (const r of results) {
  const ok = r.value <= r.limit;
  if (!ok) missed++;
  console.log(
    `${ok ? 'ok  ' : 'MISS'}  ${r.name}: ${r.value.toFixed(1)} ${r.unit} (target <= ${r.limit} ${r.unit})`,
  );
}
process.exit(missed > 0 ? 1 : 0);
