// haka core on real lab hosts (issue 3): check on fresh hosts changes nothing; install converges;
// the highest-priority host holds both VIPs and requests reach backends; a second install changes
// and restarts nothing; one inventory edit touches only what it affects; sudo user works;
// uninstall --purge gives back the hosts' /etc as it was.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { haka, inventoryVariant } from './support/haka.js';
import {
  httpGet,
  inventoryPath,
  labExec,
  labInfo,
  resetLab,
  tlsGet,
  vipHolders,
  waitFor,
} from './harness/lab.js';

const LBS = ['lb1', 'lb2', 'lb3'];

async function etcListing(host: string): Promise<string[]> {
  // Names, types, modes and owners of everything under /etc, plus a content hash of regular files.
  const r = await labExec(host, [
    'sh',
    '-c',
    "find /etc -xdev \\( -type f -o -type l -o -type d \\) -printf '%p %y %m %u\\n' | sort",
  ]);
  return r.stdout.split('\n').filter(Boolean);
}

async function mainPids(host: string): Promise<string> {
  const r = await labExec(host, [
    'systemctl',
    'show',
    '-p',
    'MainPID',
    '-p',
    'ExecMainStartTimestampMonotonic',
    'haproxy.service',
    'keepalived.service',
  ]);
  const workers = await labExec(host, [
    'sh',
    '-c',
    'pgrep -d, -x haproxy; pgrep -d, -x keepalived',
  ]);
  return `${r.stdout.trim()} workers=${workers.stdout.trim()}`;
}

async function haproxyMainPid(host: string): Promise<string> {
  const r = await labExec(host, [
    'systemctl',
    'show',
    '-p',
    'MainPID',
    '--value',
    'haproxy.service',
  ]);
  return r.stdout.trim();
}

describe('haka core on 3 fresh Debian hosts', () => {
  let inventory: string;
  const etcBefore = new Map<string, string[]>();

  beforeAll(async () => {
    await resetLab({ variant: 'plain' });
    inventory = inventoryPath();
    for (const h of LBS) etcBefore.set(h, await etcListing(h));
  });

  it('check --diff shows the whole plan, exits 2 (drift) and changes nothing', async () => {
    const run = await haka(['check', '--diff'], { inventory });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    for (const h of LBS) expect(run.stdout).toContain(h);
    expect(run.stdout).toContain('+++ /etc/haproxy/haproxy.cfg');
    expect(run.stdout).toContain('+++ /etc/keepalived/keepalived.conf');
    expect(run.stdout).toMatch(/haproxy/);
    const secret = readFileSync(join(dirname(inventory), 'secrets', 'vrrp-auth'), 'utf8').trim();
    expect(secret.length).toBeGreaterThan(0);
    expect(run.stdout).not.toContain(secret);
    expect(run.stdout).toContain('auth_pass ********');
    // Nothing serves yet: every host starts together, and the plan says why.
    expect(run.stdout.match(/rollout: together: nothing served before the run/g)?.length).toBe(
      LBS.length,
    );
    for (const h of LBS) expect(await etcListing(h)).toEqual(etcBefore.get(h));
  });

  it('install converges; lb1 holds both VIPs; each VIP reaches a backend', async () => {
    const run = await haka(['install', '--yes', '--timings'], { inventory });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/VIP api: held by lb1/);
    expect(run.stdout).toMatch(
      /TIMINGS \(seconds\)\n {2}host +connect +facts +packages +staging +validation +commit +reloads +gates +verification\n {2}lb1 +\d/,
    );
    const holders = await waitFor(
      async () => {
        const h = await vipHolders();
        return h.api.length === 1 &&
          h.api[0] === 'lb1' &&
          h.ingress.length === 1 &&
          h.ingress[0] === 'lb1'
          ? h
          : null;
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(holders).toBeTruthy();
    const { vips } = labInfo();
    expect((await httpGet(vips.ingress, 80)).body).toMatch(/be[12]:80/);
    expect((await httpGet(vips.ingress, 443)).body).toMatch(/be[12]:443/);
    const api = await tlsGet(vips.api, 6443, '/readyz');
    expect(api.status).toBe(401);
  });

  it('a second install reports 0 changes and restarts nothing', async () => {
    const before = await Promise.all(LBS.map(mainPids));
    const run = await haka(['install', '--yes'], { inventory });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/changed=0/);
    expect(run.stdout).not.toMatch(/changed=[1-9]/);
    expect(await Promise.all(LBS.map(mainPids))).toEqual(before);
    const check = await haka(['check', '--json'], { inventory });
    expect(check.code).toBe(0);
    // Where the time went, per host: connect and facts for a check (no phase of an apply).
    const timings = (JSON.parse(check.stdout) as { timings: Record<string, object> }).timings;
    expect(Object.keys(timings)).toEqual(LBS);
    for (const h of LBS) expect(Object.keys(timings[h] ?? {})).toEqual(['connect', 'facts']);
  });

  it('editing one value changes exactly the affected file and reloads only that service', async () => {
    const edited = inventoryVariant(inventory, 'inventory-edited', (doc) => {
      const hosts = doc.hosts as Record<string, { priority: { api: number } }>;
      hosts.lb3!.priority.api = 60;
    });
    const plan = await haka(['check', '--json'], { inventory: edited });
    expect(plan.code).toBe(2);
    const json = JSON.parse(plan.stdout) as {
      hosts: { host: string; changed: number }[];
      plan: { hosts: { host: string; rollout: { mode: string; reason: string } | null }[] };
    };
    expect(json.hosts.filter((h) => h.changed > 0).map((h) => h.host)).toEqual(['lb3']);
    // A serving host rolls, gated on its own health.
    const lb3 = json.plan.hosts.find((h) => h.host === 'lb3');
    expect(lb3?.rollout?.mode).toBe('rolling');
    expect(lb3?.rollout?.reason).toMatch(/^serving before the run \(.*keepalived active/);
    const pidsBefore = await Promise.all(LBS.map(mainPids));
    const haproxyBefore = await haproxyMainPid('lb3');
    const run = await haka(['install', '--yes', '--diff'], { inventory: edited });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('keepalived.conf');
    expect(run.stdout).not.toContain('+++ /etc/haproxy/haproxy.cfg');
    expect(run.stdout).toMatch(/priority 60/);
    const pidsAfter = await Promise.all(LBS.map(mainPids));
    expect(pidsAfter[0]).toEqual(pidsBefore[0]);
    expect(pidsAfter[1]).toEqual(pidsBefore[1]);
    const haproxyAfter = await haproxyMainPid('lb3');
    expect(haproxyAfter).toEqual(haproxyBefore);
    expect((await haka(['check'], { inventory: edited })).code).toBe(0);
  });

  it('works as a non-root user through sudo', async () => {
    const sudo = inventoryVariant(inventory, 'inventory-sudo', (doc) => {
      (doc.ssh as Record<string, unknown>).user = 'lab';
    });
    const run = await haka(['check', '--diff'], { inventory: sudo });
    expect(run.stderr).toBe('');
    // The edited priority from the previous test is not in this variant: exactly that drift shows.
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/priority 50/);
    const install = await haka(['install', '--yes'], { inventory: sudo });
    expect(install.code, install.stdout + install.stderr).toBe(0);
    expect((await haka(['check'], { inventory: sudo })).code).toBe(0);
  });

  it('uninstall --purge returns every host to its pre-install /etc', async () => {
    type JsonPlan = {
      hosts: { host: string; tasks: { changes: { kind: string; names?: string[] }[] }[] }[];
    };
    const dry = await haka(['uninstall', '--check', '--purge', '--json'], { inventory });
    expect(dry.code, dry.stdout + dry.stderr).toBe(2);
    const planned = (JSON.parse(dry.stdout) as { plan: JsonPlan }).plan;
    const run = await haka(['uninstall', '--yes', '--purge', '--json'], { inventory });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // What --check listed is exactly what the uninstall did: the same plan, packages included.
    expect((JSON.parse(run.stdout) as { plan: JsonPlan }).plan).toEqual(planned);
    for (const hp of planned.hosts) {
      const purged = hp.tasks
        .flatMap((t) => t.changes)
        .flatMap((c) => (c.kind === 'package' ? (c.names ?? []) : []));
      expect(purged, hp.host).toEqual(expect.arrayContaining(['haproxy', 'keepalived']));
      const left = await labExec(hp.host, [
        'sh',
        '-c',
        'dpkg-query -W -f=\'${db:Status-Abbrev} ${Package}\\n\' "$@" 2>/dev/null | grep "^ii" || true',
        'sh',
        ...purged,
      ]);
      expect(left.stdout, hp.host).toBe('');
      // haka's state folder is gone with everything in it (last known good set, records).
      expect((await labExec(hp.host, ['test', '-e', '/var/lib/haka'])).code, hp.host).not.toBe(0);
    }
    for (const h of LBS) expect(await etcListing(h)).toEqual(etcBefore.get(h));
    const holders = await vipHolders();
    expect(holders.api).toEqual([]);
    expect((await haka(['uninstall', '--check', '--purge'], { inventory })).code).toBe(0);
  });
});
