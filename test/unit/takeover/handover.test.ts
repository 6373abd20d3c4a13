// Handing the holder's VIPs over before reloads that would interrupt them: when the plan does it,
// to whom, with what raise, and when it says it cannot. PURE (fixture facts: the lab's converged
// hosts running the Ansible role's keepalived.conf and haproxy.cfg, lb1 holding both VIPs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../../src/facts/types.js';
import type { Inventory } from '../../../src/inventory/types.js';
import { haproxyReloadSeamless, reloadInterruption } from '../../../src/plan/handover.js';
import { plan } from '../../../src/plan/index.js';
import { planToJson, renderPlan } from '../../../src/render/index.js';
import { HAPROXY_CFG, KEEPALIVED_CONF } from '../../../tasks/paths.js';
import {
  factsForAll,
  loadFacts,
  loadInventory,
  REPO,
  SECRETS,
  SECRET_VALUES,
  TEMPLATES,
} from '../tasks/support/fixtures.js';
import { removeFile, setFile } from '../tasks/support/tweaks.js';

const fixture = (name: string): string =>
  readFileSync(join(REPO, 'fixtures/takeover', name), 'utf8').replaceAll('10.88.4.', '10.88.0.');

/** lb1..lb3 run the role's files; lb1 holds both VIPs; HAProxy at `haproxyVersion`. */
function roleFacts(inventory: Inventory, haproxyVersion: string): Record<string, HostFacts> {
  const facts = factsForAll(inventory, loadFacts('debian12-converged'));
  for (const [host, f] of Object.entries(facts)) {
    const conf = host === 'lb1' ? 'ansible-lb1-keepalived.conf' : 'ansible-lb2-keepalived.conf';
    setFile(f, KEEPALIVED_CONF, fixture(conf));
    setFile(f, HAPROXY_CFG, fixture('ansible-haproxy.cfg'));
    removeFile(f, '/var/lib/haka/manifest.json');
    f.packages.haproxy = haproxyVersion;
  }
  const eth0 = facts.lb1?.interfaces.find((i) => i.name === 'eth0');
  eth0?.addresses.push(
    { address: inventory.vips.api.address, prefix: 24 },
    { address: inventory.vips.ingress.address, prefix: 24 },
  );
  return facts;
}

function planFor(haproxyVersion: string, edit: (i: Inventory) => void = () => undefined) {
  const inventory = loadInventory('lab');
  inventory.keepalived.unicast = true;
  edit(inventory);
  const facts = roleFacts(inventory, haproxyVersion);
  return {
    facts,
    plan: plan({
      command: 'install',
      inventory,
      secrets: { ...SECRETS, vrrpAuthPass: 'Ansib1e8' },
      templates: TEMPLATES,
      facts,
    }),
  };
}

describe('handover before the holder reloads', () => {
  it('HAProxy 2.6 (master-worker passes its sockets on reload): the holder reloads in place', () => {
    const { plan: p } = planFor('2.6.12-1+deb12u4');
    expect(p.hosts.every((h) => !h.refused && h.handover === undefined)).toBe(true);
    expect(p.hosts.find((h) => h.host === 'lb1')?.handlers).toContainEqual({
      kind: 'reload',
      unit: 'haproxy',
    });
  });

  it('HAProxy 2.4 and a running config without expose-fd: lb1 hands both VIPs to lb2 first', () => {
    const { plan: p } = planFor('2.4.22-1');
    const lb1 = p.hosts.find((h) => h.host === 'lb1');
    expect(lb1?.handover).toEqual({
      why: 'HAProxy 2.4.22-1 reloads from a configuration without `expose-fd listeners` (the new process cannot take over the listening sockets)',
      vips: ['api', 'ingress'],
      to: 'lb2',
      raises: [
        {
          vip: 'api',
          offset: 154,
          trackFile: '/run/haka/drill-api',
          timerUnit: 'haka-handover-api',
        },
        {
          vip: 'ingress',
          offset: 154,
          trackFile: '/run/haka/drill-ingress',
          timerUnit: 'haka-handover-ingress',
        },
      ],
      lifetimeS: 180,
    });
    // Only the holder hands over; the others hold nothing.
    expect(p.hosts.filter((h) => h.handover).map((h) => h.host)).toEqual(['lb1']);
    const text = renderPlan(p, { diff: false, secrets: SECRET_VALUES });
    expect(text).toContain(
      '  handover: before its reloads VIP api and ingress move to lb2 (its priority raised to 254 through its track file',
    );
    const json = planToJson(p, SECRET_VALUES) as { hosts: { host: string; handover: unknown }[] };
    expect(json.hosts.find((h) => h.host === 'lb1')?.handover).toMatchObject({ to: 'lb2' });
  });

  it('HAProxy 2.4 whose running config exposes its listeners: seamless, no handover', () => {
    const inventory = loadInventory('lab');
    const facts = roleFacts(inventory, '2.4.22-1');
    const lb1 = facts.lb1 as HostFacts;
    expect(haproxyReloadSeamless(lb1)).toBe(false);
    setFile(
      lb1,
      HAPROXY_CFG,
      fixture('ansible-haproxy.cfg').replace(
        /^global\n/m,
        'global\n    stats socket /run/haproxy/admin.sock mode 660 level admin expose-fd listeners\n',
      ),
    );
    expect(haproxyReloadSeamless(lb1)).toBe(true);
  });

  it('a keepalived restart on the holder is an interruption too', () => {
    const lb1 = roleFacts(loadInventory('lab'), '2.6.12-1').lb1 as HostFacts;
    const hp = { host: 'lb1', tasks: [], handlers: [{ kind: 'restart', unit: 'keepalived' }] };
    expect(reloadInterruption(hp as never, lb1)).toBe(
      'keepalived restarts (its VIPs would leave and come back)',
    );
  });

  it('without preemption a raise takes nothing over: the plan warns instead', () => {
    const { plan: p } = planFor('2.4.22-1', (i) => {
      i.keepalived.preempt = false;
    });
    const lb1 = p.hosts.find((h) => h.host === 'lb1');
    expect(lb1?.handover).toBeUndefined();
    expect(lb1?.warnings?.join('\n')).toContain(
      'VIP api and ingress will see refused connections during this host',
    );
    expect(lb1?.warnings?.join('\n')).toContain('keepalived.preempt is false');
  });
});
