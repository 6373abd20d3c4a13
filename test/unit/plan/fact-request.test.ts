import { describe, expect, it } from 'vitest';
import { factRequest } from '../../../src/plan/index.js';
import { loadInventory } from '../tasks/support/fixtures.js';

describe('factRequest', () => {
  const request = factRequest(loadInventory('lab'), 'install');

  it('asks for every managed file, its original, the manifest, /etc/passwd and the folders', () => {
    for (const path of [
      '/etc/passwd',
      '/etc/haproxy/haproxy.cfg',
      '/var/lib/haka/originals/etc/haproxy/haproxy.cfg',
      '/etc/keepalived/keepalived.conf',
      '/var/lib/haka/originals/etc/keepalived/keepalived.conf',
      '/etc/keepalived/haka-notify.sh',
      '/etc/keepalived/haka-check-haproxy.sh',
      '/etc/sysctl.d/90-haka.conf',
      '/etc/systemd/system/keepalived.service.d/override.conf',
      '/etc/systemd/system/haproxy.service.d/haka.conf',
      '/var/lib/haka/manifest.json',
      '/etc/systemd/system/keepalived.service.d',
      '/var/lib/haka',
    ])
      expect(request.files).toContain(path);
    expect(new Set(request.files).size).toBe(request.files.length);
  });

  it('packages, the sysctl key and the units', () => {
    expect(request.packages).toEqual(['haproxy', 'keepalived', 'socat']);
    expect(request.sysctls).toEqual(['net.ipv4.ip_nonlocal_bind']);
    expect(request.units).toEqual(['haproxy.service', 'keepalived.service']);
  });

  it('is the same for uninstall (it reads the manifest and originals too)', () => {
    expect(factRequest(loadInventory('lab'), 'uninstall')).toEqual(request);
  });

  it('covers every file the fixtures hold, so planning never reads an ungathered path', async () => {
    const { loadFacts } = await import('../tasks/support/fixtures.js');
    expect(Object.keys(loadFacts('debian12-fresh').files).sort()).toEqual(
      [...request.files].sort(),
    );
  });
});
