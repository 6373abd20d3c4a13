// The roll behind the health gate, driven with scripted hosts whose health answers depend on what
// they were told: the runtime API's `show stat` (a capture from a lab host) and `ip -j addr`.
// A host made worse rolls back, the culprit first; a host haka has not reloaded getting worse
// stops the roll without rolling anything back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ApplyContext } from '../../../src/apply/context.js';
import { applyPlan } from '../../../src/apply/orchestrate.js';
import type { HostFacts } from '../../../src/facts/types.js';
import { plan } from '../../../src/plan/index.js';
import { HAPROXY_CFG } from '../../../tasks/paths.js';
import {
  REPO,
  SECRETS,
  TEMPLATES,
  factsForAll,
  loadFacts,
  loadInventory,
} from '../tasks/support/fixtures.js';
import { ScriptedTransport, type Rule } from './support/scripted-transport.js';

const inventory = loadInventory('lab');
const HOSTS = inventory.hosts.map((h) => h.name);
/** Converged hosts whose haproxy.cfg drifted: each host gets one file and one reload. */
const facts: Record<string, HostFacts> = factsForAll(inventory, loadFacts('debian12-converged'));
for (const f of Object.values(facts)) {
  const cfg = f.files[HAPROXY_CFG];
  if (cfg?.content) cfg.content += '# drift\n';
}
const drifted = plan({
  command: 'install',
  inventory,
  secrets: SECRETS,
  templates: TEMPLATES,
  facts,
});

const SETTLED = readFileSync(join(REPO, 'fixtures/haproxy/show-stat-settled.csv'), 'utf8');
/** The same capture with the one UP api server gone DOWN: a server lost. */
const LOST = SETTLED.replace(/^api_6443,be1,(.*?),UP,/m, 'api_6443,be1,$1,DOWN,');
const RELOAD = 'systemctl reload-or-restart haproxy.service';

const probe = (csv: string): string => `active\nactive\n@@HAKA-STAT\n${csv}`;
const reloads = (journal: readonly string[], host: string): number =>
  journal.filter((l) => l === `${host}: ${RELOAD}`).length;

function ipAddr(host: string): string {
  const own = inventory.hosts.find((h) => h.name === host)?.address as string;
  const vips = host === 'lb1' ? [inventory.vips.api.address, inventory.vips.ingress.address] : [];
  const addr_info = [own, ...vips].map((local) => ({ family: 'inet', local, prefixlen: 24 }));
  return JSON.stringify([{ ifname: 'eth0', operstate: 'UP', addr_info }]);
}

/** Every host healthy and lb1 holding both VIPs, unless `health` says otherwise for a host. */
function cluster(health: Record<string, (journal: readonly string[]) => string> = {}) {
  const journal: string[] = [];
  const transports = new Map(
    HOSTS.map((h) => {
      const rules: Rule[] = [
        { match: /^ip -j -4 addr show/, answer: { stdout: ipAddr(h) } },
        {
          match: /^systemctl is-active haproxy\.service; /,
          answer: (j) => ({ stdout: probe(health[h]?.(j) ?? SETTLED) }),
        },
      ];
      return [h, new ScriptedTransport(h, rules, journal)];
    }),
  );
  return { journal, transports };
}

function context(transports: Map<string, ScriptedTransport>): ApplyContext {
  return {
    inventory,
    facts,
    transports,
    log: pino({ level: 'silent' }),
    healthTimeoutMs: 300,
    healthGate: true,
  };
}

/** Index in the journal of the first command on `host` matching `pattern`. */
const firstOn = (journal: string[], host: string, pattern: RegExp): number =>
  journal.findIndex((l) => l.startsWith(`${host}: `) && pattern.test(l.slice(host.length + 2)));

describe('the roll behind the health gate (scripted hosts)', () => {
  it('the capture is usable: the "lost" variant differs from the settled one', () => {
    expect(LOST).not.toBe(SETTLED);
    for (const hp of drifted.hosts)
      expect(hp.handlers, hp.host).toContainEqual({ kind: 'reload', unit: 'haproxy' });
  });

  it('healthy all the way: every host reloaded, lowest priority first, the VIP holder last', async () => {
    const { journal, transports } = cluster();
    const outcomes = await applyPlan(drifted, context(transports));
    expect(new Map(outcomes.map((o) => [o.host, o.status]))).toEqual(
      new Map(HOSTS.map((h) => [h, 'changed'])),
    );
    const order = journal.filter((l) => l.endsWith(RELOAD)).map((l) => l.split(':')[0]);
    expect(order).toEqual(['lb3', 'lb2', 'lb1']);
  });

  it('a host made worse: it and the hosts already reloaded roll back, the culprit first; the holder only gets its files back', async () => {
    // lb2 loses a server once it runs the new file, and gets it back after a second reload.
    const { journal, transports } = cluster({
      lb2: (j) => (reloads(j, 'lb2') % 2 === 1 ? LOST : SETTLED),
    });
    const outcomes = await applyPlan(drifted, context(transports));

    const byHost = new Map(outcomes.map((o) => [o.host, o]));
    for (const h of HOSTS) expect(byHost.get(h)?.status, h).toBe('rolled-back');
    expect(byHost.get('lb2')?.message).toContain(
      'health check failed on lb2 after the change: backend api_6443 has no server UP; server api_6443/be1 was UP before the change and is now DOWN',
    );
    const restore = /^if \[ -e \/var\/lib\/haka\/previous\/etc\/haproxy\/haproxy\.cfg \]/;
    const [lb2, lb3, lb1] = ['lb2', 'lb3', 'lb1'].map((h) => firstOn(journal, h, restore)) as [
      number,
      number,
      number,
    ];
    expect(lb2).toBeGreaterThan(-1);
    expect(lb3).toBeGreaterThan(lb2);
    expect(lb1).toBeGreaterThan(lb3);
    // lb1 never ran the new file: its file comes back, it is never reloaded.
    expect(reloads(journal, 'lb1')).toBe(0);
    // lb3 and lb2 ran it: each reloaded again after its files came back.
    for (const h of ['lb3', 'lb2']) expect(reloads(journal, h), h).toBe(2);
  });

  it('a host haka has not reloaded gets worse: the roll stops, nothing is rolled back', async () => {
    // lb1 (not reloaded yet) loses a server as soon as lb3 has been reloaded: not this change.
    const { journal, transports } = cluster({
      lb1: (j) => (reloads(j, 'lb3') > 0 ? LOST : SETTLED),
    });
    const outcomes = await applyPlan(drifted, context(transports));

    const byHost = new Map(outcomes.map((o) => [o.host, o]));
    expect(byHost.get('lb3')?.status).toBe('changed');
    for (const h of ['lb2', 'lb1']) {
      expect(byHost.get(h)?.status, h).toBe('failed');
      expect(byHost.get(h)?.message).toMatch(
        /^not reloaded: the roll stopped after lb3: lb1 \(not reloaded by this run\): backend api_6443 has no server UP; server api_6443\/be1 was UP before the change and is now DOWN/,
      );
    }
    expect(journal.filter((l) => /previous\/etc\/haproxy\/haproxy\.cfg \]; then/.test(l))).toEqual(
      [],
    );
    expect(reloads(journal, 'lb2') + reloads(journal, 'lb1')).toBe(0);
  });
});

describe('fresh hosts (nothing served before the run): started together, verified once', () => {
  const freshFacts = factsForAll(inventory, loadFacts('debian12-fresh'));
  const freshPlan = plan({
    command: 'install',
    inventory,
    secrets: SECRETS,
    templates: TEMPLATES,
    facts: freshFacts,
  });
  const RESTART = /^systemctl restart haproxy\.service$/;
  const HEALTH = /^systemctl is-active haproxy\.service; /;
  const freshContext = (transports: Map<string, ScriptedTransport>): ApplyContext => ({
    ...context(transports),
    facts: freshFacts,
  });

  it('the plan says so, and why', () => {
    for (const hp of freshPlan.hosts) {
      expect(hp.rollout?.mode, hp.host).toBe('together');
      expect(hp.rollout?.reason).toMatch(/^nothing served before the run/);
    }
    for (const hp of drifted.hosts) expect(hp.rollout?.mode, hp.host).toBe('rolling');
  });

  it('every host is restarted before any health is read; all end changed', async () => {
    const { journal, transports } = cluster();
    const outcomes = await applyPlan(freshPlan, freshContext(transports));
    expect(new Map(outcomes.map((o) => [o.host, o.status]))).toEqual(
      new Map(HOSTS.map((h) => [h, 'changed'])),
    );
    const restarts = HOSTS.map((h) => firstOn(journal, h, RESTART));
    const firstHealth = Math.min(
      ...HOSTS.map((h) => firstOn(journal, h, HEALTH)).filter((i) => i >= 0),
    );
    for (const r of restarts) expect(r).toBeGreaterThan(-1);
    expect(Math.max(...restarts)).toBeLessThan(firstHealth);
  });

  it('one fresh host unhealthy: every host of the step is rolled back, that one first', async () => {
    const { journal, transports } = cluster({ lb2: () => LOST });
    const outcomes = await applyPlan(freshPlan, freshContext(transports));
    const byHost = new Map(outcomes.map((o) => [o.host, o]));
    for (const h of HOSTS) expect(byHost.get(h)?.status, h).toBe('rolled-back');
    expect(byHost.get('lb2')?.message).toContain(
      'health check failed on lb2 after the change: backend api_6443 has no server UP',
    );
    // A first install rolled back stops what it started, the culprit first.
    const stop = /^systemctl stop haproxy\.service$/;
    const [lb2, ...others] = ['lb2', 'lb1', 'lb3'].map((h) => firstOn(journal, h, stop)) as [
      number,
      ...number[],
    ];
    expect(lb2).toBeGreaterThan(-1);
    for (const o of others) expect(o).toBeGreaterThan(lb2);
  });
});
