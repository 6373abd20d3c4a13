// Hostile inventory values and arguments against real lab hosts (issue #7): each is refused
// before any connection, and the marker file its injection would create stays absent on every
// lab host. "Before any connection" is observed twice: the run is given an empty known_hosts and
// --accept-new-host-keys, so any key exchange would record a host key there, and no LB's sshd
// logs a connection from this machine. A valid run through the same harness shows both signs.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryPath, labExec, labInfo, resetLab } from './harness/lab.js';
import { haka, inventoryVariant } from './support/haka.js';

const MARKER = '/tmp/haka-hostile-marker';
const LBS = ['lb1', 'lb2', 'lb3'];
const work = mkdtempSync(join(tmpdir(), 'haka-e2e-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Doc = Record<string, Record<string, unknown>>;

interface Hostile {
  name: string;
  edit: (doc: Doc) => void;
  /** The field named in the refusal (with its line). */
  field: RegExp;
}

const HOSTILE: Hostile[] = [
  {
    name: 'statsSocket !!SYSTEM (socat runs a command)',
    edit: (d) => {
      d.haproxy = { ...d.haproxy, statsSocket: `/run/haproxy/x.sock!!SYSTEM:touch ${MARKER}` };
    },
    field: /:\d+:\d+: error: haproxy\.statsSocket: /,
  },
  {
    name: 'statsSocket with a newline (systemd drop-in directive)',
    edit: (d) => {
      d.haproxy = { ...d.haproxy, statsSocket: `/run/x\nExecStartPre=/bin/touch ${MARKER}` };
    },
    field: /:\d+:\d+: error: haproxy\.statsSocket: /,
  },
  {
    name: 'statsSocket ,exec option',
    edit: (d) => {
      d.haproxy = { ...d.haproxy, statsSocket: `/run/x.sock,exec=touch ${MARKER}` };
    },
    field: /:\d+:\d+: error: haproxy\.statsSocket: /,
  },
  {
    name: 'scriptUser with a shell command',
    edit: (d) => {
      d.keepalived = { ...d.keepalived, scriptUser: `ks;touch ${MARKER}` };
    },
    field: /:\d+:\d+: error: keepalived\.scriptUser: /,
  },
  {
    name: 'interface with a shell command',
    edit: (d) => {
      const lb1 = d.hosts?.lb1 as Record<string, unknown>;
      lb1.interface = `eth0;touch ${MARKER}`;
    },
    field: /:\d+:\d+: error: hosts\.lb1\.interface: /,
  },
];

/** sshd's lines on `host` since `since` (Unix seconds) that name this machine. */
async function connectionsFromHere(host: string, since: number): Promise<string[]> {
  const r = await labExec(host, [
    'journalctl',
    '-u',
    'ssh.service',
    '--since',
    `@${since}`,
    '--no-pager',
    '-o',
    'cat',
  ]);
  expect(r.code, r.stderr).toBe(0);
  const me = `${labInfo().gateway} port `;
  return r.stdout.split('\n').filter((l) => l.includes(me));
}

async function markersOnHosts(): Promise<string[]> {
  const found: string[] = [];
  for (const h of labInfo().hosts) {
    const r = await labExec(h.name, ['sh', '-c', `test -e ${MARKER} && echo present || true`]);
    expect(r.code, `${h.name}: ${r.stderr}`).toBe(0);
    if (r.stdout.includes('present')) found.push(h.name);
  }
  return found;
}

/** A second boundary after every earlier run: sshd lines from here since then are this test's. */
async function startClock(): Promise<number> {
  await new Promise((r) => setTimeout(r, 1100));
  return Math.floor(Date.now() / 1000);
}

let serial = 0;
/** A lab inventory variant whose known_hosts is a fresh, not yet existing file of its own. */
function variantWithOwnKnownHosts(edit: (doc: Doc) => void): {
  inventory: string;
  knownHosts: string;
} {
  const knownHosts = join(work, `known_hosts-${++serial}`);
  const inventory = inventoryVariant(inventoryPath(), `hostile-${serial}`, (raw) => {
    const doc = raw as Doc;
    doc.ssh = { ...doc.ssh, knownHostsFile: knownHosts };
    edit(doc);
  });
  return { inventory, knownHosts };
}

const recorded = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

describe('hostile values on lab hosts', () => {
  beforeAll(async () => {
    expect(await markersOnHosts()).toEqual([]);
  });

  it('a valid run through the same harness connects: keys recorded, sshd logs it', async () => {
    const since = await startClock();
    const { inventory, knownHosts } = variantWithOwnKnownHosts(() => undefined);
    const run = await haka(['check', '--accept-new-host-keys'], { inventory });
    // The exit code depends on what the file before left on this lab (a takeover file leaves the
    // role's unicast cluster: check refuses the plan, exit 1); the connection is what is proven.
    expect([0, 1, 2], run.stdout + run.stderr).toContain(run.code);
    expect(run.stdout + run.stderr).not.toMatch(/internal error|unreachable|host key/i);
    expect(recorded(knownHosts).trim().split('\n')).toHaveLength(LBS.length);
    for (const h of LBS) expect((await connectionsFromHere(h, since)).length, h).toBeGreaterThan(0);
  });

  const commands: string[][] = [
    ['install', '--yes'],
    ['check', '--diff'],
    ['uninstall', '--yes', '--purge'],
    ['rollback', '--yes'],
    ['status'],
    ['drill', '--yes'],
  ];

  for (const hostile of HOSTILE) {
    it(`${hostile.name}: refused by every command before any connection`, async () => {
      const since = await startClock();
      const { inventory, knownHosts } = variantWithOwnKnownHosts(hostile.edit);
      for (const args of commands) {
        const run = await haka([...args, '--accept-new-host-keys'], { inventory });
        const said = run.stdout + run.stderr;
        expect(run.code, `${args.join(' ')}: ${said}`).toBe(1);
        expect(run.stderr, args.join(' ')).toMatch(hostile.field);
        expect(said).not.toMatch(/internal error|\n\s+at /);
      }
      expect(recorded(knownHosts)).toBe('');
      for (const h of LBS) expect(await connectionsFromHere(h, since), h).toEqual([]);
      expect(await markersOnHosts()).toEqual([]);
      expect(existsSync(MARKER)).toBe(false);
    });
  }

  it('a shell command in --limit is refused before any connection', async () => {
    const since = await startClock();
    const { inventory, knownHosts } = variantWithOwnKnownHosts(() => undefined);
    const run = await haka(
      ['install', '--yes', '--accept-new-host-keys', '--limit', `lb1;touch ${MARKER}`],
      {
        inventory,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot be a host name/);
    expect(recorded(knownHosts)).toBe('');
    for (const h of LBS) expect(await connectionsFromHere(h, since), h).toEqual([]);
    expect(await markersOnHosts()).toEqual([]);
  });
});

describe('a log file that fails every write', () => {
  it('install converges with one warning, releases every lock, and a check finds nothing to do', async () => {
    await resetLab({ variant: 'prebaked' });
    const inventory = inventoryPath();
    const run = await haka(
      ['install', '--yes', '--log-file', '/dev/full', '--log-level', 'debug'],
      {
        inventory,
      },
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stderr.split('\n').filter((l) => l.includes('cannot write the log file'))).toEqual([
      'haka: warning: cannot write the log file /dev/full: ENOSPC: no space left on device, write; logging stopped, the run goes on',
    ]);
    for (const h of LBS) {
      const lock = await labExec(h, ['sh', '-c', 'test -e /run/haka.lock && echo held || true']);
      expect(lock.stdout, h).not.toContain('held');
    }
    const again = await haka(['check'], { inventory });
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });
});
