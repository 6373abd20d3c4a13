// Planning against a running cluster: a roll that would split it is refused with the values that
// match, and the plan lists the inventory values that match what runs. PURE (fixture facts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { factRequest, plan } from '../../../src/plan/index.js';
import type { Inventory, Secrets } from '../../../src/inventory/types.js';
import { planToJson, renderPlan } from '../../../src/render/index.js';
import { KEEPALIVED_CONF } from '../../../tasks/paths.js';
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

const ANSIBLE_PASS = 'Ansib1e8';

/** The lab's converged facts, each host running the Ansible role's keepalived.conf instead. */
function ansibleFacts(inventory: Inventory) {
  const facts = factsForAll(inventory, loadFacts('debian12-converged'));
  for (const host of ['lb1', 'lb2']) {
    // Captured on lab 4 (10.88.4.x); the fixture inventory is lab 0.
    const text = readFileSync(
      join(REPO, 'fixtures/takeover', `ansible-${host}-keepalived.conf`),
      'utf8',
    ).replaceAll('10.88.4.', '10.88.0.');
    setFile(facts[host] as never, KEEPALIVED_CONF, text);
    removeFile(facts[host] as never, '/var/lib/haka/manifest.json');
  }
  delete facts.lb3;
  return facts;
}

function planWith(
  edit: (i: Inventory) => void,
  secrets: Secrets = { ...SECRETS, vrrpAuthPass: ANSIBLE_PASS },
) {
  const inventory = loadInventory('lab');
  edit(inventory);
  return plan({
    command: 'install',
    inventory,
    secrets,
    templates: TEMPLATES,
    facts: ansibleFacts(inventory),
  });
}

const unicast = (i: Inventory): void => {
  i.keepalived.unicast = true;
};

describe('a rolling change that would split the cluster', () => {
  it('multicast in the inventory, unicast peers running: every host refused, the fix named', () => {
    const p = planWith(() => undefined);
    expect(p.hosts.map((h) => h.host)).toEqual(['lb1', 'lb2']);
    for (const h of p.hosts) {
      expect(h.tasks).toEqual([]);
      expect(h.refused).toContain(
        'a rolling change would split the cluster: VIP api and ingress transport: lb1, lb2 run unicast to its peers, the inventory multicast (224.0.0.18)',
      );
      expect(h.refused).toContain(
        'to take over the running cluster, set keepalived.unicast: true. Nothing was changed',
      );
    }
  });

  it('router id, interval and password differences are each named; the password never shown', () => {
    const p = planWith((i) => {
      unicast(i);
      i.vips.api.virtualRouterId = 61;
      i.keepalived.advertInt = 2;
    }, SECRETS);
    const why = p.hosts[0]?.refused ?? '';
    expect(why).toContain('VIP api virtual router id: lb1, lb2 run 51, the inventory 61');
    expect(why).toContain(
      'VIP api and ingress advert interval: lb1, lb2 run 1 s, the inventory 2 s',
    );
    expect(why).toContain('VIP api and ingress authentication: lb1, lb2 run another auth_pass');
    expect(why).toContain(
      'set vips.api.virtualRouterId: 51; keepalived.advertInt: 1; keepalived.authPass: a reference to the auth_pass the running cluster uses (not shown)',
    );
    const text = renderPlan(p, { diff: true, secrets: SECRET_VALUES });
    expect(text).not.toContain(ANSIBLE_PASS);
    expect(JSON.stringify(planToJson(p, SECRET_VALUES))).not.toContain(ANSIBLE_PASS);
  });

  it('a matching inventory plans the takeover; the notes give the matching values per host', () => {
    const p = planWith(unicast);
    expect(p.hosts.every((h) => !h.refused && h.tasks.length > 0)).toBe(true);
    expect(p.notes).toEqual([
      'running VRRP, read from keepalived.conf on lb1, lb2; matching inventory values:',
      '  keepalived.unicast: true',
      '  keepalived.advertInt: 1',
      '  keepalived.authPass: the auth_pass the hosts run (not shown)',
      '  vips.api.virtualRouterId: 51',
      '  vips.ingress.virtualRouterId: 52',
      '  hosts.lb1.priority: { api: 150, ingress: 150 }',
      '  hosts.lb2.priority: { api: 100, ingress: 100 }',
      "found on lb1, lb2: notify scripts of the running keepalived.conf that haka did not write: /etc/keepalived/vip_master.sh, /etc/keepalived/vip_backup.sh, /etc/keepalived/vip_fault.sh; left alone (haka's keepalived.conf no longer calls them; uninstall brings back the keepalived.conf that does)",
    ]);
    expect(renderPlan(p, { diff: false, secrets: SECRET_VALUES })).toContain(
      '  hosts.lb2.priority: { api: 100, ingress: 100 }',
    );
  });

  it("another tool's sysctl file and override.conf are listed as found, each with what haka does", () => {
    const inventory = loadInventory('lab');
    unicast(inventory);
    const facts = ansibleFacts(inventory);
    for (const f of Object.values(facts)) {
      setFile(
        f as never,
        '/etc/sysctl.d/99-haproxy-nonlocal-bind.conf',
        'net.ipv4.ip_nonlocal_bind=1\n',
      );
      setFile(
        f as never,
        '/etc/systemd/system/keepalived.service.d/override.conf',
        '[Unit]\nAfter=haproxy.service\n',
      );
    }
    const p = plan({
      command: 'install',
      inventory,
      secrets: { ...SECRETS, vrrpAuthPass: ANSIBLE_PASS },
      templates: TEMPLATES,
      facts,
    });
    expect(p.notes?.slice(-2)).toEqual([
      "found on lb1, lb2: /etc/sysctl.d/99-haproxy-nonlocal-bind.conf, another tool's; left alone: haka sets net.ipv4.ip_nonlocal_bind in its own /etc/sysctl.d/90-haka.conf; uninstall leaves this file as it is (takeover.leftovers: adopt removes it)",
      "found on lb1, lb2: /etc/systemd/system/keepalived.service.d/override.conf, another tool's; replaced by haka's, its original kept; uninstall puts it back",
    ]);
    expect(factRequest(inventory, 'install').files).toContain(
      '/etc/sysctl.d/99-haproxy-nonlocal-bind.conf',
    );
  });

  it("haka's own converged cluster: no notes, no refusal; a transport change on it is refused too", () => {
    const inventory = loadInventory('lab');
    const facts = factsForAll(inventory, loadFacts('debian12-converged'));
    const same = plan({
      command: 'install',
      inventory,
      secrets: SECRETS,
      templates: TEMPLATES,
      facts,
    });
    expect(same.notes).toBeUndefined();
    expect(same.hosts.some((h) => h.refused)).toBe(false);
    unicast(inventory);
    const changed = plan({
      command: 'install',
      inventory,
      secrets: SECRETS,
      templates: TEMPLATES,
      facts,
    });
    expect(
      changed.hosts.every((h) =>
        h.refused?.includes('run multicast (224.0.0.18), the inventory unicast to its peers'),
      ),
    ).toBe(true);
  });

  it('a stopped keepalived is not what runs: its file is not compared', () => {
    const inventory = loadInventory('lab');
    const facts = ansibleFacts(inventory);
    for (const f of Object.values(facts))
      f.units['keepalived.service'] = {
        ...f.units['keepalived.service'],
        activeState: 'inactive',
      } as never;
    const p = plan({
      command: 'install',
      inventory,
      secrets: SECRETS,
      templates: TEMPLATES,
      facts,
    });
    expect(p.hosts.some((h) => h.refused)).toBe(false);
  });
});
