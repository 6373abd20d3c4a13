// `haka rollback` and `haka uninstall` planned on Flatcar facts captured on a lab host: fc1 after
// its first install, and after an install that replaced its HAProxy image (the last known good
// set then keeps the previous image's link). Read through the real probe parser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProbe } from '../../../src/facts/gather.js';
import type { FactRequest, HostFacts } from '../../../src/facts/types.js';
import { loadInventory } from '../../../src/inventory/load.js';
import { plan } from '../../../src/plan/index.js';
import { planRollbackHost } from '../../../src/plan/rollback.js';
import type { Change } from '../../../src/plan/types.js';
import { loadTemplates } from '../../../tasks/templates.js';
import { REPO } from '../tasks/support/fixtures.js';

function captured(name: string): HostFacts {
  const read = (p: string): string => readFileSync(join(REPO, 'fixtures/facts', p), 'utf8');
  const { request } = JSON.parse(read(`${name}.request.json`)) as { request: FactRequest };
  return parseProbe(read(`${name}.probe.txt`), request, 'fc1');
}

const upgraded = captured('lab-flatcar-upgraded');
const firstInstall = captured('lab-flatcar-installed-rollback');
const OLD = '/opt/extensions/haproxy/haproxy-2.6.12-x86-64';
const NEWER = '/opt/extensions/haproxy/haproxy-2.6.12+e2e-x86-64';
const changesOf = (facts: HostFacts): Change[] =>
  planRollbackHost('fc1', facts).tasks.flatMap((t) => t.changes);

describe('haka rollback on Flatcar', () => {
  it('reads the kept link as a link: the previous image, never followed into it', () => {
    expect(upgraded.sysext?.links['/etc/extensions/haproxy']).toBe(NEWER);
    expect(upgraded.links?.['/var/lib/haka/previous/etc/extensions/haproxy']).toBe(OLD);
    expect(upgraded.files['/var/lib/haka/previous/etc/extensions/haproxy']).toBeUndefined();
  });

  it('after an image upgrade: relink the previous image, merge again, restart HAProxy (nothing else)', () => {
    const host = planRollbackHost('fc1', upgraded);
    expect(host.refused).toBeUndefined();
    expect(changesOf(upgraded)).toEqual([
      {
        kind: 'sysext-link',
        name: 'haproxy',
        link: '/etc/extensions/haproxy',
        before: NEWER,
        target: OLD,
        notify: [{ kind: 'restart', unit: 'haproxy' }],
      },
      { kind: 'sysext-refresh', merged: ['haproxy', 'keepalived', 'socat'] },
    ]);
    expect(host.handlers).toEqual([{ kind: 'restart', unit: 'haproxy' }]);
    expect(host.tasks[0]?.reason).toBe('restore 1 image link(s) from /var/lib/haka/previous');
  });

  it('once relinked, a second rollback plans nothing', () => {
    const relinked = structuredClone(upgraded);
    (relinked.sysext as NonNullable<HostFacts['sysext']>).links['/etc/extensions/haproxy'] = OLD;
    expect(changesOf(relinked)).toEqual([]);
    expect(planRollbackHost('fc1', relinked).handlers).toEqual([]);
  });

  it('a stopped HAProxy is relinked but not started', () => {
    const stopped = structuredClone(upgraded);
    Object.assign(stopped.units['haproxy.service'] ?? {}, { activeState: 'inactive' });
    expect(changesOf(stopped).map((c) => c.kind)).toEqual(['sysext-link', 'sysext-refresh']);
    expect(planRollbackHost('fc1', stopped).handlers).toEqual([]);
  });

  it('the kept image is gone from the host: refused, nothing planned', () => {
    const gone = structuredClone(upgraded);
    delete (gone.sysext as NonNullable<HostFacts['sysext']>).images[`${OLD}.tar`];
    const host = planRollbackHost('fc1', gone);
    expect(host.refused).toBe(
      `cannot roll back: the image /etc/extensions/haproxy linked to before (${OLD}) is no longer on the host`,
    );
    expect(host.tasks).toEqual([]);
  });

  it('after the first install: the images stay linked (a rollback does not uninstall a program)', () => {
    for (const link of ['haproxy', 'keepalived', 'socat'])
      expect(
        firstInstall.files[`/var/lib/haka/previous/etc/extensions/${link}.absent`]?.exists,
      ).toBe(true);
    const kinds = changesOf(firstInstall).map((c) => c.kind);
    expect(kinds).not.toContain('sysext-link');
    expect(kinds).not.toContain('sysext-refresh');
  });
});

describe('haka uninstall on Flatcar with a kept image link', () => {
  // Planning renders every template: slow on a loaded machine, hence the timeout.
  it(
    'removes the kept link as a link, with the folders it leaves empty',
    { timeout: 60_000 },
    () => {
      const inventory = loadInventory(join(REPO, 'fixtures/inventories/flatcar-lab.yaml'));
      const p = plan({
        command: 'uninstall',
        inventory,
        secrets: { vrrpAuthPass: 'x', statsPassword: 'y' },
        templates: loadTemplates(),
        facts: { fc1: upgraded },
      });
      const changes = p.hosts[0]?.tasks.flatMap((t) => t.changes) ?? [];
      expect(changes).toContainEqual({
        kind: 'sysext-link',
        name: 'haproxy',
        link: '/var/lib/haka/previous/etc/extensions/haproxy',
        before: OLD,
        target: null,
        removeEmptyDirs: [
          '/var/lib/haka/previous/etc/extensions',
          '/var/lib/haka/previous/etc',
          '/var/lib/haka/previous',
        ],
      });
      // Both images go, the previous one included.
      const images = changes.flatMap((c) => (c.kind === 'sysext-image' ? [c.path] : []));
      expect(images).toEqual(expect.arrayContaining([`${OLD}.tar`, `${NEWER}.tar`]));
    },
  );
});
