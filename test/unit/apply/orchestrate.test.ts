// The apply core driven through its failure paths with scripted hosts: what each host is told to
// do, and what it is never told to do.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ApplyContext } from '../../../src/apply/context.js';
import { applyPlan } from '../../../src/apply/orchestrate.js';
import type { HostFacts } from '../../../src/facts/types.js';
import { plan } from '../../../src/plan/index.js';
import type { Plan } from '../../../src/plan/types.js';
import { rollingOrder } from '../../../src/apply/roll-order.js';
import { PENDING_FILE, PREVIOUS_DIR } from '../../../tasks/paths.js';
import {
  SECRETS,
  TEMPLATES,
  factsForAll,
  loadFacts,
  loadInventory,
} from '../tasks/support/fixtures.js';
import { ScriptedTransport, type Rule } from './support/scripted-transport.js';

const inventory = loadInventory('lab');
/** HAProxy and keepalived installed, none of haka's files yet: every host stages and validates. */
const facts: Record<string, HostFacts> = factsForAll(inventory, loadFacts('debian12-preinstalled'));
const installPlan: Plan = plan({
  command: 'install',
  inventory,
  secrets: SECRETS,
  templates: TEMPLATES,
  facts,
});
/** The same plan as if every host had served before the run: one host at a time. */
const rollingPlan: Plan = {
  ...installPlan,
  hosts: installPlan.hosts.map((h) => ({
    ...h,
    rollout: { mode: 'rolling', reason: 'serving before the run' },
  })),
};

function hosts(rules: Record<string, Rule[]> = {}): Map<string, ScriptedTransport> {
  return new Map(
    inventory.hosts.map((h) => [h.name, new ScriptedTransport(h.name, rules[h.name])]),
  );
}

function context(transports: Map<string, ScriptedTransport>, signal?: AbortSignal): ApplyContext {
  return {
    inventory,
    facts,
    transports,
    log: pino({ level: 'silent' }),
    healthTimeoutMs: 1000,
    healthGate: false,
    signal,
  };
}

const everyCommand = (t: Map<string, ScriptedTransport>): string[] =>
  [...t.values()].flatMap((h) => h.commands);

describe('applyPlan with scripted hosts', () => {
  it('plans work on every host (the fixture is not already converged)', () => {
    expect(installPlan.hosts.map((h) => h.host)).toEqual(inventory.hosts.map((h) => h.name));
    for (const hp of installPlan.hosts)
      expect(hp.tasks.flatMap((t) => t.changes).some((c) => c.kind === 'file')).toBe(true);
  });

  it('one host fails validation: nothing is committed on any host, staged files are removed', async () => {
    const bad = inventory.hosts[1]?.name as string;
    const transports = hosts({
      [bad]: [{ match: /haproxy -c -f/, answer: { exitCode: 1, stderr: '[ALERT] broken\n' } }],
    });
    const outcomes = await applyPlan(installPlan, context(transports));

    const byHost = new Map(outcomes.map((o) => [o.host, o]));
    expect(byHost.get(bad)?.status).toBe('failed');
    expect(byHost.get(bad)?.message).toContain('[ALERT] broken');
    for (const h of inventory.hosts.filter((x) => x.name !== bad)) {
      expect(byHost.get(h.name)?.status).toBe('failed');
      expect(byHost.get(h.name)?.message).toBe(
        `not applied: the new configuration failed validation on ${bad}; no file was replaced on any host`,
      );
    }
    for (const t of transports.values()) {
      expect(t.commits).toEqual([]);
      // Neither the last known good set nor the pending handlers were touched.
      expect(t.commands.filter((c) => c.includes(PENDING_FILE) && !c.startsWith('rm -f'))).toEqual(
        [],
      );
      expect(t.commands.filter((c) => c.includes(`${PREVIOUS_DIR}.new`))).toEqual([]);
      expect(t.commands.filter((c) => /systemctl (reload|restart|start)/.test(c))).toEqual([]);
      // Every file staged on this host is removed again.
      const staged = t.commands.flatMap(
        (c) => /^mkdir .* && install .* (\S+\.haka-new) &&/.exec(c)?.[1] ?? [],
      );
      expect(staged.length).toBeGreaterThan(0);
      for (const path of staged) expect(t.commands).toContain(`rm -f ${path}`);
    }
  });

  it('Ctrl-C before the commit: files were staged and validated, none replaced, no reload', async () => {
    const transports = hosts();
    const abort = new AbortController();
    abort.abort();
    const outcomes = await applyPlan(installPlan, context(transports, abort.signal));

    expect(outcomes.map((o) => [o.host, o.status, o.message])).toEqual(
      inventory.hosts.map((h) => [h.name, 'failed', 'interrupted before any file was replaced']),
    );
    expect(everyCommand(transports).some((c) => /haproxy -c -f/.test(c))).toBe(true);
    for (const t of transports.values()) expect(t.commits).toEqual([]);
    expect(everyCommand(transports).filter((c) => /systemctl (reload|restart)/.test(c))).toEqual(
      [],
    );
  });

  it('a commit failure on one host: that host is put back, the others are committed and reloaded', async () => {
    const bad = inventory.hosts[1]?.name as string;
    const transports = hosts({
      [bad]: [{ match: /^mv -f \S+\.haproxy\.cfg\.haka-new /, answer: { exitCode: 1 } }],
    });
    const outcomes = await applyPlan(installPlan, context(transports));

    const byHost = new Map(outcomes.map((o) => [o.host, o]));
    expect(byHost.get(bad)?.status).toBe('failed');
    const badHost = transports.get(bad) as ScriptedTransport;
    // Its last known good files are put back (the previous set was recorded before the commit).
    const recorded = badHost.commands.findIndex((c) => c.includes(`${PREVIOUS_DIR}.new`));
    const restored = badHost.commands.findIndex((c) => c.includes(`[ -e ${PREVIOUS_DIR}/etc/`));
    expect(recorded).toBeGreaterThanOrEqual(0);
    expect(restored).toBeGreaterThan(recorded);
    for (const h of inventory.hosts.filter((x) => x.name !== bad)) {
      expect(byHost.get(h.name)?.status).toBe('changed');
      const t = transports.get(h.name) as ScriptedTransport;
      expect(t.commits.length).toBeGreaterThan(0);
      expect(t.commands).toContain('systemctl reload-or-restart haproxy.service');
    }
  });

  it('a connection lost mid-roll: that host fails, the hosts after it are not reloaded, the ones before are done', async () => {
    const order = rollingOrder(
      inventory,
      inventory.hosts.map((h) => h.name),
      facts,
    );
    const lost = order[1] as string;
    const transports = hosts({
      [lost]: [{ match: /^systemctl reload-or-restart /, answer: { lost: true } }],
    });

    const outcomes = await applyPlan(rollingPlan, context(transports));

    const byHost = new Map(outcomes.map((o) => [o.host, o]));
    expect(byHost.get(order[0] as string)?.status).toBe('changed');
    expect(byHost.get(lost)?.status).toBe('failed');
    expect(byHost.get(lost)?.message).toContain('connection lost');
    for (const rest of order.slice(2)) {
      expect(byHost.get(rest)?.status).toBe('failed');
      expect(byHost.get(rest)?.message).toContain(`not reloaded: the roll stopped at ${lost}`);
      const t = transports.get(rest) as ScriptedTransport;
      // Its files are committed and its reloads recorded as owed, but none ran.
      expect(t.commits.length).toBeGreaterThan(0);
      expect(t.commands.filter((c) => /^systemctl reload-or-restart /.test(c))).toEqual([]);
    }
  });

  it('fresh hosts reload together: a connection lost on one fails that host only', async () => {
    expect(installPlan.hosts.map((h) => h.rollout?.mode)).toEqual(
      inventory.hosts.map(() => 'together'),
    );
    const lost = inventory.hosts[1]?.name as string;
    const transports = hosts({
      [lost]: [{ match: /^systemctl reload-or-restart /, answer: { lost: true } }],
    });
    const outcomes = await applyPlan(installPlan, context(transports));

    const byHost = new Map(outcomes.map((o) => [o.host, o]));
    expect(byHost.get(lost)?.status).toBe('failed');
    expect(byHost.get(lost)?.message).toContain('connection lost');
    for (const h of inventory.hosts.filter((x) => x.name !== lost)) {
      expect(byHost.get(h.name)?.status, h.name).toBe('changed');
      const t = transports.get(h.name) as ScriptedTransport;
      expect(
        t.commands.some((c) => /^systemctl reload-or-restart /.test(c)),
        h.name,
      ).toBe(true);
    }
  });
});
