// Probe outputs captured from real lab hosts (lab/lab.sh) with haka's own fact request, checked
// for the facts the planner depends on most.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProbe } from '../../../src/facts/gather.js';
import type { FactRequest, HostFacts } from '../../../src/facts/types.js';

function captured(name: string): HostFacts {
  const { request } = JSON.parse(readFileSync(`fixtures/facts/${name}.request.json`, 'utf8')) as {
    request: FactRequest;
  };
  return parseProbe(readFileSync(`fixtures/facts/${name}.probe.txt`, 'utf8'), request, name);
}

describe('facts captured from lab hosts', () => {
  it('a fresh Debian 12 host: nothing installed, units absent, sysctl off', () => {
    const f = captured('lab-debian12-fresh');
    expect(f.os).toMatchObject({ id: 'debian', versionId: '12', family: 'debian' });
    expect(f.packageManager).toBe('apt');
    expect(f.packages).toEqual({ haproxy: null, keepalived: null, socat: null });
    expect(f.units['haproxy.service']?.loadState).toBe('not-found');
    expect(f.sysctl['net.ipv4.ip_nonlocal_bind']).toBe('0');
    expect(f.files['/var/lib/haka/manifest.json']?.exists).toBe(false);
  });

  it('a converged host (root and via sudo): services running, sysctl on, manifest present', () => {
    for (const name of ['lab-debian12-converged', 'lab-debian12-converged-sudo']) {
      const f = captured(name);
      expect(f.packages.haproxy).toMatch(/^2\.6\./);
      expect(f.units['keepalived.service']).toMatchObject({
        activeState: 'active',
        unitFileState: 'enabled',
      });
      expect(f.sysctl['net.ipv4.ip_nonlocal_bind']).toBe('1');
      expect(f.files['/var/lib/haka/manifest.json']?.content).toContain('"cluster": "haka-lab"');
      expect(f.interfaces.find((i) => i.name === 'eth0')?.addresses.length).toBeGreaterThan(0);
    }
  });

  it('the holder carries both VIPs on eth0', () => {
    const addrs = captured('lab-debian12-converged').interfaces.flatMap((i) =>
      i.addresses.map((a) => a.address),
    );
    expect(addrs).toEqual(expect.arrayContaining(['10.88.4.11', '10.88.4.100', '10.88.4.101']));
  });

  it('a Flatcar-like host: detected as flatcar, no package manager', () => {
    const f = captured('lab-flatcar');
    expect(f.os).toMatchObject({ id: 'flatcar', family: 'flatcar' });
    expect(f.packageManager).toBeNull();
  });
});
