// Whole-host probe outputs: every fixtures/facts/*.probe.txt (real captures, lab captures added
// later) must parse; hand-written RHEL 9 and Flatcar hosts are assembled from their sections.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProbe } from '../../../src/facts/gather.js';
import type { FactRequest } from '../../../src/facts/types.js';
import { assembleProbe, FIXTURES_DIR, loadProbeFixtures } from './helpers/probe-fixtures.js';

const fixtures = loadProbeFixtures();
const read = (file: string): string => readFileSync(join(FIXTURES_DIR, file), 'utf8');

describe('captured probe fixtures', () => {
  it('has the real Debian 12 captures', () => {
    expect(fixtures.map((f) => f.name)).toEqual(
      expect.arrayContaining(['debian12-root', 'debian12-nobody']),
    );
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s parses completely', (_name, f) => {
    expect(f.provenance).toMatch(/^(real|hand-written)/);
    const facts = parseProbe(f.output, f.request, f.name);
    expect(Object.keys(facts.files).sort()).toEqual([...new Set(f.request.files)].sort());
    expect(Object.keys(facts.packages).sort()).toEqual([...f.request.packages].sort());
    expect(Object.keys(facts.units).sort()).toEqual([...f.request.units].sort());
    expect(facts.os.family).not.toBe('unsupported');
  });

  it('debian12-root: what the dev machine really looks like', () => {
    const f = fixtures.find((x) => x.name === 'debian12-root');
    if (!f) throw new Error('missing fixture');
    const facts = parseProbe(f.output, f.request, 'debian12');
    expect(facts.os).toEqual({
      id: 'debian',
      idLike: [],
      versionId: '12',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
      family: 'debian',
    });
    expect(facts.files['/etc/haproxy/haproxy.cfg']?.content).toContain('global');
    expect(facts.files['/etc/keepalived/keepalived.conf']?.exists).toBe(false);
    expect(facts.packages['not-a-real-package']).toBeNull();
    expect(facts.sysctl['no.such.key']).toBeNull();
  });
});

describe('hand-written whole hosts (documented formats, not captured)', () => {
  const request: FactRequest = {
    files: ['/etc/haproxy/haproxy.cfg'],
    packages: ['haproxy', 'keepalived'],
    sysctls: ['net.ipv4.ip_nonlocal_bind'],
    units: ['haproxy.service', 'keepalived.service', 'firewalld.service'],
  };
  const common = [
    { name: 'file:0', output: 'kind absent\n' },
    { name: 'sysctl:0', output: 'value\n1\n' },
    { name: 'units', output: read('handwritten-systemctl-show.txt') },
  ];

  it('Rocky Linux 9: rhel family, dnf, rpm versions, SELinux enforcing, firewalld active', () => {
    const output = assembleProbe([
      { name: 'os-release', output: read('handwritten-rocky9-os-release.txt') },
      { name: 'package-manager', output: read('handwritten-rocky9-package-manager.txt') },
      { name: 'packages', output: read('handwritten-rocky9-packages.txt') },
      ...common,
      { name: 'interfaces', output: read('handwritten-rocky9-ip-addr.json') },
      { name: 'selinux', output: read('handwritten-rocky9-getenforce.txt') },
      { name: 'firewall', output: read('handwritten-rocky9-firewall.txt') },
    ]);
    const facts = parseProbe(output, request, 'rocky9');
    expect(facts.os.family).toBe('rhel');
    expect(facts.packageManager).toBe('dnf');
    expect(facts.packages).toEqual({ haproxy: '2.4.22-3.el9_5.1', keepalived: null });
    expect(facts.selinux).toBe('enforcing');
    expect(facts.firewall).toEqual({ firewalldActive: true, nftablesActive: false });
    expect(facts.sysctl['net.ipv4.ip_nonlocal_bind']).toBe('1');
  });

  it('Flatcar: flatcar family, no package manager, every package null', () => {
    const output = assembleProbe([
      { name: 'os-release', output: read('handwritten-flatcar-os-release.txt') },
      { name: 'package-manager', output: '' },
      { name: 'packages', output: read('handwritten-flatcar-packages.txt') },
      ...common,
      { name: 'interfaces', output: read('handwritten-rocky9-ip-addr.json') },
      { name: 'selinux', output: 'absent\n' },
      { name: 'firewall', output: read('handwritten-flatcar-firewall.txt') },
    ]);
    const facts = parseProbe(output, request, 'flatcar');
    expect(facts.os).toMatchObject({
      id: 'flatcar',
      idLike: ['coreos'],
      versionId: '3975.2.0',
      family: 'flatcar',
    });
    expect(facts.packageManager).toBeNull();
    expect(facts.packages).toEqual({ haproxy: null, keepalived: null });
    expect(facts.units['keepalived.service']?.loadState).toBe('not-found');
  });
});
