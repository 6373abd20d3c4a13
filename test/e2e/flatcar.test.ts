// Flatcar through system extension images, in a mixed cluster: fc1 (Flatcar-like, the VIP
// holder) with lb1 and lb2 (Debian). The lab merges directory images (.tar): its hosts have no
// loop devices, see docs/lab.md.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { haka, inventoryVariant } from './support/haka.js';
import {
  httpGet,
  inventoryPath,
  labExec,
  labHost,
  labInfo,
  resetLab,
  vipHolders,
  waitFor,
} from './harness/lab.js';

interface LabImage {
  name: string;
  version: string;
  tar: string;
  tarSha256: string;
}
const IMAGES = (
  JSON.parse(readFileSync('/var/lib/hklab/sysext/images.json', 'utf8')) as { images: LabImage[] }
).images;
/** What haka may leave or change on fc1, listed before and after. */
const STATE = [
  'sh',
  '-c',
  'find /etc /opt /var/lib/haka -xdev 2>/dev/null | sort; systemd-sysext list; id haproxy 2>&1 | head -1',
];
const exec = async (cmd: string): Promise<string> =>
  (await labExec('fc1', ['sh', '-c', cmd])).stdout.trim();

function flatcarInventory(name: string, sha = (i: LabImage) => i.tarSha256): string {
  return inventoryVariant(inventoryPath(), name, (doc) => {
    const hosts = doc.hosts as Record<string, Record<string, unknown>>;
    delete hosts.lb3;
    hosts.fc1 = {
      address: labHost('fc1').address,
      priority: { api: 150, ingress: 150 },
      ssh: { user: 'core' },
    };
    (hosts.lb1 as Record<string, unknown>).priority = { api: 100, ingress: 100 };
    (hosts.lb2 as Record<string, unknown>).priority = { api: 50, ingress: 50 };
    (doc.vips as Record<string, Record<string, unknown>>).api!.intendedHolder = 'fc1';
    doc.flatcar = {
      images: Object.fromEntries(
        IMAGES.map((i) => [i.name, { source: i.tar, sha256: sha(i), version: i.version }]),
      ),
      rebootWindow: { start: 'Thu 04:00', lengthMinutes: 60 },
    };
  });
}

describe('Flatcar-like host with two Debian hosts', () => {
  let inventory: string;
  let fresh: string;

  beforeAll(async () => {
    await resetLab({ variant: 'plain', hosts: ['lb1', 'lb2', 'fc1'] });
    inventory = flatcarInventory('inventory-flatcar-mixed');
    fresh = (await labExec('fc1', STATE)).stdout;
  });

  it('an image with a wrong sha256 is refused before anything changes', async () => {
    const run = await haka(['install', '--yes'], {
      inventory: flatcarInventory('inventory-flatcar-badsum', () => 'f'.repeat(64)),
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(
      /has sha256 [0-9a-f]{64}, the inventory requires f{64}; nothing was changed/,
    );
    expect((await labExec('fc1', STATE)).stdout).toBe(fresh);
  });

  it('check shows the images, links and reboot window, exits 2 and changes nothing', async () => {
    const run = await haka(['check', '--diff'], { inventory });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /fc1[\s\S]*\+ \/etc\/extensions\/haproxy → \/opt\/extensions\/haproxy\/haproxy-/,
    );
    expect(run.stdout).toMatch(
      /reboot window +replace \/etc\/flatcar\/update.conf .*: reboots Thu 06:00 for 1h/,
    );
    expect(run.stdout).not.toMatch(/^\s*\S+ (create|update) \/usr\//m);
    expect((await labExec('fc1', STATE)).stdout).toBe(fresh);
  });

  it('install converges: services from the merged images, both VIPs on fc1; a second run changes nothing', async () => {
    const run = await haka(['install', '--yes'], { inventory });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await exec('systemd-sysext list | grep -c directory')).toBe('3');
    expect(await exec('readlink /proc/$(systemctl show -p MainPID --value haproxy)/exe')).toBe(
      '/usr/sbin/haproxy',
    );
    expect(await exec('systemctl is-active haproxy keepalived')).toBe('active\nactive');
    await waitFor(async () => ((await vipHolders()).ingress.join() === 'fc1' ? true : undefined), {
      timeoutMs: 20_000,
    });
    expect((await httpGet(labInfo().vips.ingress.address, 80)).body).toMatch(/^be[12]:80 200/);
    const pids = await exec('systemctl show -p MainPID --value haproxy keepalived');
    const again = await haka(['install', '--yes'], { inventory });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/no changes/);
    expect(await exec('systemctl show -p MainPID --value haproxy keepalived')).toBe(pids);
    process.stderr.write(`flatcar e2e: install ${run.ms} ms, re-run ${again.ms} ms\n`);
  });

  it('fails over from the Flatcar host to a Debian host and back', async () => {
    await exec('systemctl stop keepalived');
    await waitFor(async () => ((await vipHolders()).api.join() === 'lb1' ? true : undefined), {
      timeoutMs: 20_000,
    });
    await exec('systemctl start keepalived');
    await waitFor(async () => ((await vipHolders()).api.join() === 'fc1' ? true : undefined), {
      timeoutMs: 20_000,
    });
  });

  it('a reboot keeps the images merged and the services running', async () => {
    await labExec('fc1', ['systemctl', 'reboot']).catch(() => undefined);
    await waitFor(
      async () =>
        (await exec('systemctl is-active haproxy keepalived 2>/dev/null')) === 'active\nactive'
          ? true
          : undefined,
      { timeoutMs: 90_000 },
    );
    expect(await exec('systemd-sysext list | grep -c directory')).toBe('3');
  });

  it('uninstall leaves no image merged, no link and no haka file', async () => {
    const run = await haka(['uninstall', '--yes'], { inventory });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await exec('ls /etc/extensions /opt/extensions; systemd-sysext list')).not.toMatch(
      /haproxy|keepalived|socat/,
    );
    expect(await exec('cat /etc/flatcar/update.conf')).toBe('GROUP=stable');
    // sysusers' haproxy account stays, like Debian's after removing the package.
    const left = (await labExec('fc1', STATE)).stdout.replace(/^uid=.*\(haproxy\).*\n?/m, '');
    expect(left).toBe(fresh.replace(/^id: .*haproxy.*\n?/m, ''));
  });
});
