// A planned handover carried out by the roll, with scripted hosts whose VIPs follow the raise the
// way keepalived would: the next host's priority is raised before the holder's first reload, the
// holder reloads once the next host holds the VIPs, and the raise is undone after its reloads.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { ApplyContext } from '../../../src/apply/context.js';
import { applyPlan } from '../../../src/apply/orchestrate.js';
import type { HostFacts } from '../../../src/facts/types.js';
import { HANDOVER_LIFETIME_S, type Handover } from '../../../src/plan/handover.js';
import { plan } from '../../../src/plan/index.js';
import type { Plan } from '../../../src/plan/types.js';
import type { Shell } from '../../../src/transport/sh.js';
import type { ExecResult } from '../../../src/transport/types.js';
import {
  SECRETS,
  TEMPLATES,
  factsForAll,
  loadFacts,
  loadInventory,
} from '../tasks/support/fixtures.js';
import { ScriptedTransport } from './support/scripted-transport.js';

const inventory = loadInventory('lab');
const facts: Record<string, HostFacts> = factsForAll(inventory, loadFacts('debian12-preinstalled'));
const { api, ingress } = inventory.vips;
// lb1 holds both VIPs before the run.
facts.lb1?.interfaces
  .find((i) => i.name !== 'lo')
  ?.addresses.push({ address: api.address, prefix: 24 }, { address: ingress.address, prefix: 24 });

const handover: Handover = {
  why: 'HAProxy restarts (its listening sockets close)',
  vips: ['api', 'ingress'],
  to: 'lb2',
  raises: (['api', 'ingress'] as const).map((vip) => ({
    vip,
    offset: 154,
    trackFile: `/run/haka/drill-${vip}`,
    timerUnit: `haka-handover-${vip}`,
  })),
  lifetimeS: HANDOVER_LIFETIME_S,
};

function withHandover(): Plan {
  const p = plan({ command: 'install', inventory, secrets: SECRETS, templates: TEMPLATES, facts });
  return {
    ...p,
    hosts: p.hosts.map((h) => (h.host === 'lb1' ? { ...h, handover } : h)),
  };
}

/** Who holds the VIPs: lb1, or lb2 while its track files raise it. Shared by the hosts. */
class Cluster {
  raised = new Set<string>();
  get holder(): string {
    return this.raised.size === 2 ? 'lb2' : 'lb1';
  }
}

class VrrpHost extends ScriptedTransport {
  constructor(
    host: string,
    private readonly cluster: Cluster,
  ) {
    super(host);
  }

  override async exec(command: Shell): Promise<ExecResult> {
    const result = await super.exec(command);
    const text = command.text;
    const track = /> (\/run\/haka\/drill-\w+)\.handover-new && mv/.exec(text);
    if (this.host === 'lb2' && track) this.cluster.raised.add(track[1] as string);
    if (this.host === 'lb2' && /^rm -f \/run\/haka\/drill-/.test(text))
      this.cluster.raised.delete(text.split(' ')[2] as string);
    if (text.startsWith('ip -j -4 addr show')) {
      const held = this.cluster.holder === this.host ? [api.address, ingress.address] : [];
      const addr_info = [this.host, ...held].map((local) => ({
        family: 'inet',
        local,
        prefixlen: 24,
      }));
      return { ...result, stdout: JSON.stringify([{ ifname: 'eth0', flags: ['UP'], addr_info }]) };
    }
    return result;
  }
}

describe('a planned handover during the roll', () => {
  it('lb2 is raised before lb1 reloads, lb1 reloads while lb2 holds the VIPs, the raise is undone after', async () => {
    const cluster = new Cluster();
    const transports = new Map(inventory.hosts.map((h) => [h.name, new VrrpHost(h.name, cluster)]));
    const holdersAtLb1Reload: string[] = [];
    const lb1 = transports.get('lb1') as VrrpHost;
    const exec = lb1.exec.bind(lb1);
    lb1.exec = async (command: Shell) => {
      if (/^systemctl reload-or-restart /.test(command.text))
        holdersAtLb1Reload.push(cluster.holder);
      return exec(command);
    };
    const ctx: ApplyContext = {
      inventory,
      facts,
      transports,
      log: pino({ level: 'silent' }),
      healthTimeoutMs: 1000,
      healthGate: false,
    };
    const outcomes = await applyPlan(withHandover(), ctx);

    expect(outcomes.map((o) => o.status)).toEqual(['changed', 'changed', 'changed']);
    expect(holdersAtLb1Reload.length).toBeGreaterThan(0);
    expect(new Set(holdersAtLb1Reload)).toEqual(new Set(['lb2']));
    const lb2 = (transports.get('lb2') as VrrpHost).commands;
    const raisedAt = lb2.findIndex((c) => c.includes('--unit=haka-handover-api'));
    const undoneAt = lb2.findIndex((c) => c.startsWith('rm -f /run/haka/drill-api'));
    expect(raisedAt).toBeGreaterThan(lb2.findIndex((c) => /^systemctl reload-or-restart /.test(c)));
    expect(undoneAt).toBeGreaterThan(raisedAt);
    expect(lb2[raisedAt]).toContain(' 154 > /run/haka/drill-api.handover-new && mv -f ');
    expect(cluster.holder).toBe('lb1');
  });
});
