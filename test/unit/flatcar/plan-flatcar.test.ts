// The planner on Flatcar facts captured from a lab host (fc1 after `haka install`), and the same
// host made fresh or given an image of the wrong level: images instead of packages, nothing
// under /usr, the reboot window, and refusals before anything changes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProbe } from '../../../src/facts/gather.js';
import type { FactRequest, HostFacts } from '../../../src/facts/types.js';
import { loadInventory } from '../../../src/inventory/load.js';
import type { Inventory } from '../../../src/inventory/types.js';
import { plan } from '../../../src/plan/index.js';
import type { Change } from '../../../src/plan/types.js';
import type { LocalImage } from '../../../src/sysext/local-images.js';
import { loadTemplates } from '../../../tasks/templates.js';
import { REPO } from '../tasks/support/fixtures.js';

const read = (p: string): string => readFileSync(join(REPO, p), 'utf8');
const request = JSON.parse(read('fixtures/facts/lab-flatcar-converged.request.json')) as {
  request: FactRequest;
};
const converged = parseProbe(
  read('fixtures/facts/lab-flatcar-converged.probe.txt'),
  request.request,
  'fc1',
);
const inventory: Inventory = loadInventory(join(REPO, 'fixtures/inventories/flatcar-lab.yaml'));
const fileOf = (path: string): string => converged.files[path]?.content ?? '';
const secrets = {
  vrrpAuthPass: /auth_pass "?([^"\s]+)/.exec(fileOf('/etc/keepalived/keepalived.conf'))?.[1] ?? '',
  statsPassword: /stats auth admin:(\S+)/.exec(fileOf('/etc/haproxy/haproxy.cfg'))?.[1] ?? '',
};
const images: LocalImage[] = (inventory.flatcar?.images ?? []).map((i) => ({
  ...i,
  file: i.source,
  release: { ID: 'flatcar', SYSEXT_LEVEL: '1.0' },
}));

/** The captured host as it was before haka: nothing of haka's, no image, nothing merged. */
function fresh(): HostFacts {
  const facts = structuredClone(converged);
  for (const fact of Object.values(facts.files))
    if (!['/etc/passwd', '/etc/flatcar', '/etc/flatcar/update.conf'].includes(fact.path))
      Object.assign(fact, { exists: false, content: null, mode: null, owner: null, group: null });
  const conf = facts.files['/etc/flatcar/update.conf'];
  if (conf) conf.content = 'GROUP=stable\n';
  facts.sysext = { links: {}, images: {}, merged: {} };
  facts.sysctl['net.ipv4.ip_nonlocal_bind'] = '0';
  for (const unit of Object.values(facts.units))
    Object.assign(unit, { loadState: 'not-found', activeState: 'inactive', unitFileState: '' });
  return facts;
}

function fc1Plan(facts: HostFacts, imgs = images) {
  const p = plan({
    command: 'install',
    inventory,
    secrets,
    templates: loadTemplates(),
    facts: { fc1: facts },
    images: imgs,
  });
  const host = p.hosts[0];
  if (!host) throw new Error('fc1 not planned');
  return { host, changes: host.tasks.flatMap((t) => t.changes) };
}

const paths = (changes: Change[]): string[] =>
  changes.flatMap((c) => (c.kind === 'file' || c.kind === 'sysext-image' ? [c.path] : []));

describe('the planner on Flatcar', () => {
  it('converged (captured after install): no change', () => {
    const { host, changes } = fc1Plan(converged);
    expect(host.refused).toBeUndefined();
    expect(changes).toEqual([]);
  });

  it('fresh: images placed, linked and merged first; no package task; nothing under /usr', () => {
    const { host, changes } = fc1Plan(fresh());
    expect(host.tasks.map((t) => t.task)).not.toContain('packages');
    expect(changes.some((c) => c.kind === 'package')).toBe(false);
    expect(paths(changes).filter((p) => p.startsWith('/usr/'))).toEqual([]);
    expect(changes.slice(0, 7).map((c) => c.kind)).toEqual([
      ...['haproxy', 'keepalived', 'socat'].flatMap(() => ['sysext-image', 'sysext-link']),
      'sysext-refresh',
    ]);
    expect(changes[0]).toMatchObject({
      path: '/opt/extensions/haproxy/haproxy-2.6.12-x86-64.tar',
      unpackedTo: '/opt/extensions/haproxy/haproxy-2.6.12-x86-64',
      sha256: images[0]?.sha256,
    });
    expect(changes[1]).toMatchObject({
      link: '/etc/extensions/haproxy',
      before: null,
      target: '/opt/extensions/haproxy/haproxy-2.6.12-x86-64',
    });
  });

  it('fresh: its own reboot window, the operator’s update.conf lines kept and the original saved', () => {
    const { host, changes } = fc1Plan(fresh());
    const conf = changes.find((c) => c.kind === 'file' && c.path === '/etc/flatcar/update.conf');
    expect(conf).toMatchObject({ before: 'GROUP=stable\n' });
    expect(conf?.kind === 'file' && conf.after).toMatch(
      /^GROUP=stable\n# managed by haka.*\nREBOOT_STRATEGY=reboot\nLOCKSMITHD_REBOOT_WINDOW_START="Thu 04:00"\nLOCKSMITHD_REBOOT_WINDOW_LENGTH=1h\n$/,
    );
    expect(paths(changes)).toContain('/var/lib/haka/originals/etc/flatcar/update.conf');
    expect(host.tasks.find((t) => t.task === 'reboot window')?.reason).toMatch(/Thu 04:00 for 1h/);
  });

  it('a new image version: placed beside the old one, relinked, the old link remembered, HAProxy restarted', () => {
    const newer = images.map((i) =>
      i.name === 'haproxy' ? { ...i, version: '2.6.13', sha256: 'a'.repeat(64) } : i,
    );
    const { host, changes } = fc1Plan(converged, newer);
    // The running HAProxy keeps the old program until it restarts, in the roll's handlers.
    expect(host.handlers).toEqual([{ kind: 'restart', unit: 'haproxy' }]);
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'sysext-image',
        path: '/opt/extensions/haproxy/haproxy-2.6.13-x86-64.tar',
      }),
      expect.objectContaining({
        kind: 'sysext-link',
        before: '/opt/extensions/haproxy/haproxy-2.6.12-x86-64',
        target: '/opt/extensions/haproxy/haproxy-2.6.13-x86-64',
        notify: [{ kind: 'restart', unit: 'haproxy' }],
      }),
      { kind: 'sysext-refresh', merged: ['haproxy', 'keepalived', 'socat'] },
    ]);
  });

  it('an image of the wrong SYSEXT_LEVEL: refused with the reason, nothing planned', () => {
    const wrong = images.map((i) =>
      i.name === 'keepalived' ? { ...i, release: { ID: 'flatcar', SYSEXT_LEVEL: '2.0' } } : i,
    );
    const { host, changes } = fc1Plan(fresh(), wrong);
    expect(host.refused).toMatch(
      /^image keepalived \(.*keepalived-2\.2\.7-x86-64\.tar\) does not fit: its extension-release says SYSEXT_LEVEL=2\.0, the host has SYSEXT_LEVEL=1\.0; nothing was changed$/,
    );
    expect(changes).toEqual([]);
  });
});
