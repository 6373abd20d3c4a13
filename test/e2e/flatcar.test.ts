// Flatcar through system extension images, in a mixed cluster: fc1 (Flatcar-like, the VIP
// holder) with lb1 and lb2 (Debian). The lab merges directory images (.tar): its hosts have no
// loop devices, see docs/lab.md.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
const pidOf = (unit: string): Promise<string> => exec(`systemctl show -p MainPID --value ${unit}`);

interface Image {
  source: string;
  sha256: string;
  version: string;
}

/** The lab's HAProxy directory image plus one marker file, as version 2.6.12+e2e (beside the lab inventory). */
function newerHaproxyImage(): Image {
  const lab = IMAGES.find((i) => i.name === 'haproxy');
  if (!lab) throw new Error('no haproxy image in images.json');
  const version = `${lab.version}+e2e`;
  const source = join(dirname(inventoryPath()), `haproxy-${version}-x86-64.tar`);
  copyFileSync(lab.tar, source);
  const tree = mkdtempSync(join(tmpdir(), 'haka-image-'));
  mkdirSync(join(tree, 'usr/lib/haka-e2e'), { recursive: true });
  writeFileSync(join(tree, 'usr/lib/haka-e2e/newer-image'), `${version}\n`);
  execFileSync('tar', ['--owner=0', '--group=0', '-rf', source, '-C', tree, 'usr/lib/haka-e2e']);
  rmSync(tree, { recursive: true, force: true });
  const sha256 = createHash('sha256').update(readFileSync(source)).digest('hex');
  return { source, sha256, version };
}

interface Variant {
  sha?: (i: LabImage) => string;
  /** fc1's priority for both VIPs (150 unless given). */
  priority?: number;
  /** Images other than the lab's, by component. */
  images?: Partial<Record<string, Image>>;
}

function flatcarInventory(name: string, variant: Variant = {}): string {
  const sha = variant.sha ?? ((i: LabImage) => i.tarSha256);
  const priority = variant.priority ?? 150;
  return inventoryVariant(inventoryPath(), name, (doc) => {
    const hosts = doc.hosts as Record<string, Record<string, unknown>>;
    delete hosts.lb3;
    hosts.fc1 = {
      address: labHost('fc1').address,
      priority: { api: priority, ingress: priority },
      ssh: { user: 'core' },
    };
    (hosts.lb1 as Record<string, unknown>).priority = { api: 100, ingress: 100 };
    (hosts.lb2 as Record<string, unknown>).priority = { api: 50, ingress: 50 };
    (doc.vips as Record<string, Record<string, unknown>>).api!.intendedHolder = 'fc1';
    doc.flatcar = {
      images: Object.fromEntries(
        IMAGES.map((i) => [
          i.name,
          variant.images?.[i.name] ?? { source: i.tar, sha256: sha(i), version: i.version },
        ]),
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
      inventory: flatcarInventory('inventory-flatcar-badsum', { sha: () => 'f'.repeat(64) }),
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
    // Short timeouts: a command entering a host that is going down may never return.
    await labExec('fc1', ['systemctl', 'reboot'], 15_000);
    await waitFor(
      async () =>
        (
          await labExec(
            'fc1',
            ['sh', '-c', 'systemctl is-active haproxy keepalived 2>/dev/null'],
            10_000,
          )
        ).stdout.trim() === 'active\nactive'
          ? true
          : undefined,
      { timeoutMs: 90_000 },
    );
    expect(await exec('systemd-sysext list | grep -c directory')).toBe('3');
  });

  it('a priority edit on the Flatcar host converges: only its keepalived.conf, only a keepalived reload; then 0 changes', async () => {
    const edited = flatcarInventory('inventory-flatcar-priority', { priority: 140 });
    const plan = await haka(['check', '--json'], { inventory: edited });
    expect(plan.code).toBe(2);
    const json = JSON.parse(plan.stdout) as { hosts: { host: string; changed: number }[] };
    expect(json.hosts.filter((h) => h.changed > 0).map((h) => h.host)).toEqual(['fc1']);
    const before = [await pidOf('haproxy'), await pidOf('keepalived')];
    const run = await haka(['install', '--yes', '--diff'], { inventory: edited });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/priority 140/);
    expect(run.stdout).not.toContain('+++ /etc/haproxy/haproxy.cfg');
    expect(run.stdout).toMatch(/handlers: reload keepalived\n/);
    // No image is placed, linked or merged; nothing restarts.
    expect(run.stdout).not.toMatch(/^\s+[-+] \/etc\/extensions\/|systemd-sysext merge|restart/m);
    // A reload keeps both main PIDs: nothing restarted.
    expect([await pidOf('haproxy'), await pidOf('keepalived')]).toEqual(before);
    expect(await exec('grep -c "priority 140" /etc/keepalived/keepalived.conf')).toBe('2');
    const again = await haka(['install', '--yes'], { inventory: edited });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toMatch(/no changes/);
    process.stderr.write(`flatcar e2e: priority edit ${run.ms} ms, re-run ${again.ms} ms\n`);
  });

  it('a newer HAProxy image restarts HAProxy onto it; haka rollback plans and relinks the previous one', async () => {
    const newer = newerHaproxyImage();
    const upgraded = flatcarInventory('inventory-flatcar-newer', {
      priority: 140,
      images: { haproxy: newer },
    });
    const old = '/opt/extensions/haproxy/haproxy-2.6.12-x86-64';
    const check = await haka(['check', '--diff'], { inventory: upgraded });
    expect(check.code).toBe(2);
    expect(check.stdout).toContain(`- /etc/extensions/haproxy → ${old}\n`);
    expect(check.stdout).toMatch(
      /\+ \/etc\/extensions\/haproxy → \S+haproxy-2\.6\.12\+e2e-x86-64\n/,
    );
    const before = { haproxy: await pidOf('haproxy'), keepalived: await pidOf('keepalived') };
    const run = await haka(['install', '--yes'], { inventory: upgraded });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/handlers: restart haproxy\n/);
    expect(await exec('readlink /etc/extensions/haproxy')).toBe(`${old.replace('12-', '12+e2e-')}`);
    expect(await exec('cat /usr/lib/haka-e2e/newer-image')).toBe('2.6.12+e2e');
    expect(await pidOf('haproxy')).not.toBe(before.haproxy);
    expect(await pidOf('keepalived')).toBe(before.keepalived);
    // The previous image stays in place, and the last known good set keeps its link.
    expect(await exec('ls /opt/extensions/haproxy')).toMatch(/haproxy-2\.6\.12-x86-64\.tar/);
    expect(await exec('readlink /var/lib/haka/previous/etc/extensions/haproxy')).toBe(old);

    // The rollback is a plan: shown by --check --diff and --json, nothing changed by them.
    const shown = await haka(['rollback', '--check', '--diff', '--limit', 'fc1'], {
      inventory: upgraded,
    });
    expect(shown.code, shown.stdout + shown.stderr).toBe(2);
    expect(shown.stdout).toMatch(
      /- \/etc\/extensions\/haproxy → \S+\+e2e-x86-64\n\s*\+ \/etc\/extensions\/haproxy → \/opt\/extensions\/haproxy\/haproxy-2\.6\.12-x86-64\n/,
    );
    expect(shown.stdout).toMatch(/systemd-sysext merge: haproxy, keepalived, socat/);
    expect(shown.stdout).toMatch(/handlers: restart haproxy\n/);
    const json = await haka(['rollback', '--check', '--json', '--limit', 'fc1'], {
      inventory: upgraded,
    });
    // `haka rollback --json` reports { plan, hosts: outcomes }; the plan's hosts carry the changes.
    const planned = JSON.parse(json.stdout) as {
      plan: {
        hosts: {
          host: string;
          handlers: string[];
          tasks: { task: string; changes: { kind: string }[] }[];
        }[];
      };
    };
    const fc1 = planned.plan.hosts.find((h) => h.host === 'fc1');
    expect(fc1?.handlers).toEqual(['restart haproxy']);
    const rollbackTask = fc1?.tasks.find((t) => t.task === 'rollback');
    expect(rollbackTask?.changes.map((c) => c.kind)).toEqual(['sysext-link', 'sysext-refresh']);
    expect(await exec('readlink /etc/extensions/haproxy')).toContain('+e2e');

    const restarted = await pidOf('haproxy');
    const back = await haka(['rollback', '--yes', '--limit', 'fc1'], { inventory: upgraded });
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect(await exec('readlink /etc/extensions/haproxy')).toBe(old);
    expect(await exec('test -e /usr/lib/haka-e2e/newer-image && echo merged || echo gone')).toBe(
      'gone',
    );
    expect(await exec('systemctl is-active haproxy keepalived')).toBe('active\nactive');
    expect(await pidOf('haproxy')).not.toBe(restarted);
    await waitFor(async () => ((await vipHolders()).ingress.join() === 'fc1' ? true : undefined), {
      timeoutMs: 20_000,
    });
    expect((await httpGet(labInfo().vips.ingress.address, 80)).body).toMatch(/^be[12]:80 200/);
    // Idempotent: a second rollback changes nothing.
    const again = await haka(['rollback', '--check', '--limit', 'fc1'], { inventory: upgraded });
    expect(again.code, again.stdout).toBe(0);
    process.stderr.write(`flatcar e2e: image upgrade ${run.ms} ms, rollback ${back.ms} ms\n`);
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
