// planHost/plan: task order, refusals with their reasons, interface detection, warnings.
import { describe, expect, it } from 'vitest';
import { countChanges, isInSync, plan, planHost } from '../../../src/plan/index.js';
import type { PlanCommand } from '../../../src/plan/types.js';
import { NO_MANIFEST } from '../../../tasks/uninstall/with-manifest.js';
import {
  SECRETS,
  contextFor,
  factsForAll,
  loadFacts,
  loadInventory,
  type FactsName,
  TEMPLATES,
} from '../tasks/support/fixtures.js';
import { editManifest, setFile, setUnit } from '../tasks/support/tweaks.js';

type Tweak = Parameters<typeof contextFor>[2];

function hostPlan(
  command: PlanCommand,
  facts: FactsName,
  options: Tweak = {},
  inventory: 'lab' | 'production' = 'lab',
) {
  return planHost({ ...contextFor(inventory, facts, options), command });
}

describe('task order', () => {
  it('install: packages and the script user first (validators need them), then the manifest', () => {
    expect(hostPlan('install', 'debian12-fresh').tasks.map((t) => t.task)).toEqual([
      'packages',
      'script-user',
      'manifest',
      'sysctl',
      'scripts',
      'haproxy.cfg',
      'keepalived.conf',
      'systemd drop-ins',
      'services',
      'leftovers',
    ]);
  });

  it('uninstall: services down first, state last', () => {
    expect(hostPlan('uninstall', 'debian12-converged').tasks.map((t) => t.task)).toEqual([
      'services',
      'systemd drop-ins',
      'files',
      'sysctl',
      'script-user',
      'packages',
      'state',
    ]);
  });

  it('every change of a fresh install, in apply order', () => {
    const changes = hostPlan('install', 'debian12-fresh').tasks.flatMap((t) => t.changes);
    const firstFile = changes.findIndex((c) => c.kind === 'file');
    expect(changes.slice(0, firstFile).map((c) => c.kind)).toEqual(['package', 'user']);
    expect(changes[firstFile]).toMatchObject({ kind: 'file', path: '/var/lib/haka/manifest.json' });
    expect(changes.at(-1)).toMatchObject({ kind: 'service', unit: 'keepalived', action: 'start' });
  });
});

describe('refused hosts', () => {
  it('Flatcar without flatcar.images in the inventory: refused, nothing planned', () => {
    const hp = hostPlan('install', 'flatcar');
    expect(hp.refused).toBe(
      'Flatcar Container Linux by Kinvolk 3975.2.2 (Oklo): Flatcar hosts get HAProxy and Keepalived as system extension images; name them in flatcar.images (source and sha256 per component); nothing was changed',
    );
    expect(hp.tasks).toEqual([]);
    expect(hp.handlers).toEqual([]);
  });

  it('Flatcar uninstall without a manifest: nothing to do', () => {
    const hp = hostPlan('uninstall', 'flatcar');
    expect(hp.refused).toBeUndefined();
    expect(hp.tasks.flatMap((t) => t.changes)).toEqual([]);
  });

  it('an unsupported OS: refused with its name', () => {
    const hp = hostPlan('install', 'debian12-fresh', {
      tweak: (f) =>
        void (f.os = {
          id: 'arch',
          idLike: [],
          versionId: '',
          prettyName: 'Arch Linux',
          family: 'unsupported',
        }),
    });
    expect(hp.refused).toBe(
      'unsupported OS Arch Linux (ID=arch): haka supports the Debian family (apt), the RHEL family (dnf) and Flatcar (system extensions); nothing was changed',
    );
  });

  it('no interface in the VIP subnet and no `interface:`: refused, naming VIP, subnet and fix', () => {
    const hp = hostPlan(
      'install',
      'debian12-fresh',
      { host: 'loadbalancer1', tweak: (_f, inv) => inv.hosts.forEach((h) => delete h.interface) },
      'production',
    );
    expect(hp.refused).toContain(
      'cannot tell which interface carries VIP api 10.17.5.10/24 on loadbalancer1',
    );
    expect(hp.refused).toContain(
      'no interface has an address in 10.17.5.0/24 (interfaces: eth0 10.17.3.12/24)',
    );
    expect(hp.refused).toContain('VIP ingress 10.17.5.30/24');
    expect(hp.refused).toContain(
      'Fix: set `interface:` for loadbalancer1 in the inventory (hosts.loadbalancer1.interface)',
    );
  });

  it('an `interface:` the host does not have: refused', () => {
    const hp = hostPlan('install', 'debian12-fresh', {
      tweak: (_f, inv) => void ((inv.hosts[0] ?? { interface: '' }).interface = 'bond0'),
    });
    expect(hp.refused).toMatch(
      /^interface bond0 \(hosts.lb1.interface in the inventory\) does not exist on lb1; its interfaces: eth0 10.88.0.11\/24/,
    );
  });

  it('an unreadable manifest: refused rather than guessed', () => {
    const hp = hostPlan('uninstall', 'debian12-converged', {
      tweak: (f) => setFile(f, '/var/lib/haka/manifest.json', '{ torn'),
    });
    expect(hp.refused).toMatch(/^\/var\/lib\/haka\/manifest.json is unusable \(not valid JSON/);
  });

  it('a manifest from another cluster: refused', () => {
    const hp = hostPlan('install', 'debian12-converged', {
      tweak: (f) => editManifest(f, (m) => void (m.cluster = 'k3s-other')),
    });
    expect(hp.refused).toBe(
      'haka installed this host for cluster k3s-other (/var/lib/haka/manifest.json), not haka-lab: is this the right inventory? nothing was changed',
    );
  });

  it('a managed path that cannot be read (e.g. a directory): refused', () => {
    const hp = hostPlan('install', 'debian12-fresh', {
      tweak: (f) => {
        f.files['/etc/haproxy/haproxy.cfg'] = {
          path: '/etc/haproxy/haproxy.cfg',
          exists: true,
          content: null,
          mode: '0755',
          owner: 'root',
          group: 'root',
        };
      },
    });
    expect(hp.refused).toMatch(/^\/etc\/haproxy\/haproxy.cfg exist\(s\) but could not be read/);
  });

  it('a stats page on the port of the health endpoint: refused', () => {
    const hp = hostPlan('install', 'debian12-fresh', {
      tweak: (_f, inv) => {
        if (inv.haproxy.stats) inv.haproxy.stats.bind = '127.0.0.1:8405';
      },
    });
    expect(hp.refused).toMatch(
      /^haproxy.stats.bind 127.0.0.1:8405 collides with haka's health endpoint 127.0.0.1:8405/,
    );
  });

  it('a VRRP password keepalived.conf cannot carry: refused', () => {
    const hp = planHost({
      ...contextFor('lab', 'debian12-fresh'),
      secrets: { ...SECRETS, vrrpAuthPass: 'a"b' },
      command: 'install',
    });
    expect(hp.refused).toMatch(/keepalived.authPass\) is empty or holds a double quote/);
  });
});

describe('interfaces', () => {
  it('found by subnet when the inventory names none', () => {
    const hp = hostPlan('install', 'rhel9-fresh');
    const conf = hp.tasks
      .flatMap((t) => t.changes)
      .find((c) => c.kind === 'file' && c.path === '/etc/keepalived/keepalived.conf');
    expect(conf?.kind === 'file' && conf.after).toContain('10.88.0.100/24 dev ens192');
  });

  it('the VIP itself on an interface (this host holds it now) does not mislead the choice', () => {
    const hp = hostPlan('install', 'debian12-fresh', {
      tweak: (f) =>
        f.interfaces.splice(1, 0, {
          name: 'dummy0',
          up: true,
          addresses: [{ address: '10.88.0.100', prefix: 32 }],
        }),
    });
    const conf = hp.tasks
      .flatMap((t) => t.changes)
      .find((c) => c.kind === 'file' && c.path === '/etc/keepalived/keepalived.conf');
    expect(conf?.kind === 'file' && conf.after).toContain('interface eth0\n');
  });
});

describe('warnings', () => {
  it('RHEL with firewalld and SELinux enforcing: VRRP and haproxy_connect_any', () => {
    const warnings = hostPlan('install', 'rhel9-fresh').warnings ?? [];
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^firewalld is active: VRRP \(IP protocol 112\) must be allowed between the load balancers \(from 10.88.0.12, 10.88.0.13 to 224.0.0.18\)/,
    );
    expect(warnings[1]).toContain('setsebool -P haproxy_connect_any 1');
  });

  it('nftables active: warned too', () => {
    const warnings = hostPlan('install', 'debian12-fresh', {
      tweak: (f) => void (f.firewall.nftablesActive = true),
    }).warnings;
    expect(warnings).toEqual([
      expect.stringMatching(/^nftables is active: VRRP \(IP protocol 112\)/),
    ]);
  });

  it('a masked unit: warned, and the plan leaves it', () => {
    const hp = hostPlan('install', 'debian12-converged', {
      tweak: (f) => setUnit(f, 'haproxy.service', { masked: true }),
    });
    expect(hp.warnings).toEqual([expect.stringContaining('haproxy.service is masked')]);
    expect(hp.tasks.find((t) => t.task === 'services')?.changes).toEqual([]);
  });

  it('a plain Debian host: no warnings key at all', () => {
    expect(hostPlan('install', 'debian12-fresh').warnings).toBeUndefined();
  });
});

describe('plan()', () => {
  const inventory = loadInventory('lab');

  it('plans the hosts that have facts, in inventory order', () => {
    const all = factsForAll(inventory, loadFacts('debian12-fresh'));
    const result = plan({
      templates: TEMPLATES,
      command: 'install',
      inventory,
      secrets: SECRETS,
      facts: { lb3: all.lb3!, lb1: all.lb1! },
    });
    expect(result.hosts.map((h) => h.host)).toEqual(['lb1', 'lb3']);
    expect(result.hosts[0]?.os).toBe('Debian GNU/Linux 12 (bookworm)');
  });

  it('uninstall without a manifest: one outcome that says there is nothing to do', () => {
    const result = plan({
      templates: TEMPLATES,
      command: 'uninstall',
      inventory,
      secrets: SECRETS,
      facts: factsForAll(inventory, loadFacts('debian12-fresh')),
    });
    for (const host of result.hosts)
      expect(host.tasks).toEqual([{ task: 'uninstall', changes: [], reason: NO_MANIFEST }]);
    expect(isInSync(result)).toBe(true);
  });

  it('countChanges and isInSync', () => {
    const fresh = plan({
      templates: TEMPLATES,
      command: 'install',
      inventory,
      secrets: SECRETS,
      facts: factsForAll(inventory, loadFacts('debian12-fresh')),
    });
    expect(countChanges(fresh)).toBe(3 * 15);
    expect(isInSync(fresh)).toBe(false);
    const refused = plan({
      templates: TEMPLATES,
      command: 'install',
      inventory,
      secrets: SECRETS,
      facts: factsForAll(inventory, loadFacts('flatcar')),
    });
    expect(countChanges(refused)).toBe(0);
    expect(isInSync(refused)).toBe(false);
  });
});
