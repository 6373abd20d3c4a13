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

  it('packages, the sysctl key and the units; an install reads no kept link', () => {
    expect(request.links).toBeUndefined();
    expect(request.packages).toEqual(['haproxy', 'keepalived', 'socat']);
    expect(request.sysctls).toEqual(['net.ipv4.ip_nonlocal_bind']);
    expect(request.units).toEqual(['haproxy.service', 'keepalived.service']);
  });

  it('uninstall and rollback read the same and the last known good set (uninstall: the packages record)', () => {
    const kept = (dir: string): string[] => [
      dir,
      `${dir}/etc/haproxy/haproxy.cfg`,
      `${dir}/etc/haproxy/haproxy.cfg.absent`,
      `${dir}/var/lib/haka/manifest.json`,
      `${dir}/var/lib/haka/originals/etc/keepalived/keepalived.conf.absent`,
    ];
    for (const command of ['uninstall', 'rollback'] as const) {
      const other = factRequest(loadInventory('lab'), command);
      expect({ ...other, files: [], links: [] }).toEqual({ ...request, files: [], links: [] });
      // The image links the set may keep are read as links, their markers as files.
      expect(other.links).toEqual(
        expect.arrayContaining([
          '/var/lib/haka/previous/etc/extensions/haproxy',
          '/var/lib/haka/previous.old/etc/extensions/keepalived.raw',
        ]),
      );
      expect(other.files).toContain('/var/lib/haka/previous/etc/extensions/socat.raw.absent');
      expect(other.files).not.toContain('/var/lib/haka/previous/etc/extensions/socat.raw');
      expect(other.files).toEqual(expect.arrayContaining(request.files));
      expect(other.files).toEqual(
        expect.arrayContaining([
          ...kept('/var/lib/haka/previous'),
          ...kept('/var/lib/haka/previous.old'),
        ]),
      );
      expect(other.files.includes('/var/lib/haka/installed-packages.list')).toBe(
        command === 'uninstall',
      );
      expect(new Set(other.files).size).toBe(other.files.length);
    }
  });

  it('covers every file the fixtures hold, so planning never reads an ungathered path', async () => {
    const { loadFacts } = await import('../tasks/support/fixtures.js');
    expect(Object.keys(loadFacts('debian12-fresh').files).sort()).toEqual(
      [...request.files].sort(),
    );
  });
});
