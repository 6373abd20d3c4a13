// The lab itself, without haka: real systemd hosts, VRRP election and failover between prebaked
// LBs with a hand-written keepalived/haproxy config, the flatcar look-alike, SSH with strict host
// keys, the local apt repo, resets and guest reboots.
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  httpGet,
  labExec,
  labHost,
  labInfo,
  resetLab,
  tlsGet,
  vipHolders,
  waitFor,
  type ExecOutput,
} from './harness/lab.js';

const LBS = ['lb1', 'lb2', 'lb3'];
const PRIORITY: Record<string, number> = { lb1: 150, lb2: 100, lb3: 50 };

/** Write a file in a guest; the content travels as an argument, never through a shell string. */
async function writeFile(host: string, path: string, content: string): Promise<void> {
  const r = await labExec(host, ['sh', '-c', 'printf %s "$1" > "$2"', 'sh', content, path]);
  expect(r.code, r.stderr).toBe(0);
}

async function ok(host: string, cmd: string[]): Promise<ExecOutput> {
  const r = await labExec(host, cmd);
  expect(r.code, `${host}: ${cmd.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

/** ssh from this machine with the lab key and strict host key checking against the lab's known_hosts. */
function ssh(user: string, host: string, command: string): Promise<ExecOutput> {
  const info = labInfo();
  const args = [
    '-i',
    info.sshKey,
    '-o',
    `UserKnownHostsFile=${info.knownHosts}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=5',
    `${user}@${labHost(host).address}`,
    command,
  ];
  return new Promise((done) => {
    execFile('ssh', args, { timeout: 30_000 }, (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

function keepalivedConf(host: string, vip: string, authPass: string): string {
  return `global_defs {
  router_id ${host}
}
vrrp_instance api {
  state BACKUP
  interface eth0
  virtual_router_id 51
  priority ${PRIORITY[host]}
  advert_int 1
  authentication {
    auth_type PASS
    auth_pass ${authPass}
  }
  virtual_ipaddress {
    ${vip}/24 dev eth0
  }
}
`;
}

function haproxyCfg(vip: string, backends: string[]): string {
  return `global
  log /dev/log local0
defaults
  mode http
  log global
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend ingress
  bind ${vip}:80
  default_backend web
backend web
  balance roundrobin
${backends.map((b, i) => `  server be${i + 1} ${b}:80 check inter 1s`).join('\n')}
`;
}

const onlyHolder = async (host: string): Promise<boolean> => {
  const h = await vipHolders();
  return h.api.length === 1 && h.api[0] === host;
};

describe('VRRP failover between prebaked LBs (keepalived + haproxy by hand)', () => {
  let vip: string;
  let configuredAt: number;

  beforeAll(async () => {
    await resetLab({ variant: 'prebaked' });
    const info = labInfo();
    vip = info.vips.api.address;
    const backends = info.hosts.filter((h) => h.role === 'backend').map((h) => h.address);
    const authPass = 'labtest1';
    await Promise.all(
      LBS.map(async (h) => {
        await writeFile(h, '/etc/sysctl.d/90-lab.conf', 'net.ipv4.ip_nonlocal_bind = 1\n');
        await ok(h, ['sysctl', '-q', '-w', 'net.ipv4.ip_nonlocal_bind=1']);
        await writeFile(h, '/etc/haproxy/haproxy.cfg', haproxyCfg(vip, backends));
        await ok(h, ['haproxy', '-c', '-q', '-f', '/etc/haproxy/haproxy.cfg']);
        await writeFile(h, '/etc/keepalived/keepalived.conf', keepalivedConf(h, vip, authPass));
        await ok(h, ['systemctl', 'restart', 'haproxy']);
      }),
    );
    configuredAt = Date.now();
    await Promise.all(LBS.map((h) => ok(h, ['systemctl', 'start', 'keepalived'])));
  });

  it('lb1 alone holds the VIP after the election', async () => {
    await waitFor(() => onlyHolder('lb1'), {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'lb1 alone holding the VIP',
    });
    console.log(
      `election: lb1 alone holds ${vip} ${Date.now() - configuredAt} ms after keepalived start`,
    );
    for (const h of LBS)
      expect((await labExec(h, ['systemctl', 'is-active', 'keepalived', 'haproxy'])).stdout).toBe(
        'active\nactive\n',
      );
  });

  it('an HTTP request through the VIP reaches a backend', async () => {
    const r = await waitFor(
      async () => {
        const res = await httpGet(vip, 80);
        return res.status === 200 ? res : null;
      },
      { timeoutMs: 15_000, what: 'HTTP 200 through the VIP' },
    );
    expect(r.body).toMatch(/^be[12]:80 200 \//);
  });

  it('stopping keepalived on lb1 moves the VIP to lb2 alone within 15 s', async () => {
    const t0 = Date.now();
    await ok('lb1', ['systemctl', 'stop', 'keepalived']);
    await waitFor(() => onlyHolder('lb2'), {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'lb2 alone holding the VIP',
    });
    console.log(
      `failover: VIP on lb2 alone ${Date.now() - t0} ms after 'systemctl stop keepalived' on lb1`,
    );
    expect((await httpGet(vip, 80)).body).toMatch(/^be[12]:80 /);
  });

  it('starting keepalived on lb1 again moves the VIP back to lb1 alone', async () => {
    const t0 = Date.now();
    await ok('lb1', ['systemctl', 'start', 'keepalived']);
    await waitFor(() => onlyHolder('lb1'), {
      timeoutMs: 15_000,
      intervalMs: 100,
      what: 'lb1 alone holding the VIP again',
    });
    console.log(
      `preemption: VIP back on lb1 alone ${Date.now() - t0} ms after 'systemctl start keepalived'`,
    );
  });
});

describe('backends', () => {
  it('answer on 80 and 443 with plain HTTP and on 6443 with TLS, naming host and port', async () => {
    for (const be of ['be1', 'be2']) {
      const { address } = labHost(be);
      expect((await httpGet(address, 80, '/x')).body).toBe(`${be}:80 200 /x\n`);
      expect((await httpGet(address, 443)).body).toBe(`${be}:443 200 /\n`);
      const readyz = await tlsGet(address, 6443, '/readyz');
      expect(readyz.status).toBe(401);
      expect(readyz.body).toContain(`${be}:6443`);
      expect((await tlsGet(address, 6443, '/healthz')).status).toBe(401);
    }
  });
});

describe('flatcar host', () => {
  it('looks like Flatcar: ID=flatcar, no package manager, read-only /usr, systemd-sysext', async () => {
    const osRelease = (await ok('fc1', ['cat', '/etc/os-release'])).stdout;
    expect(osRelease).toMatch(/^ID=flatcar$/m);
    expect(osRelease).toMatch(/^ID_LIKE=coreos$/m);
    for (const tool of ['apt-get', 'apt', 'dpkg', 'dnf', 'python3']) {
      expect((await labExec('fc1', ['sh', '-c', `command -v ${tool}`])).code, tool).not.toBe(0);
    }
    const touch = await labExec('fc1', ['touch', '/usr/x']);
    expect(touch.code).not.toBe(0);
    expect(touch.stderr).toMatch(/Read-only file system/);
    await ok('fc1', ['systemd-sysext', 'status']);
    await ok('fc1', ['test', '-d', '/opt/bin']);
  });

  it('core logs in over SSH (strict host keys) and has passwordless sudo', async () => {
    const r = await ssh('core', 'fc1', 'sudo -n id -u');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('0');
  });
});

describe('Debian hosts', () => {
  const debian = ['lb1', 'lb2', 'lb3', 'be1', 'be2'];

  it('run systemd as PID 1 (running or degraded)', async () => {
    for (const h of debian) {
      const state = (await labExec(h, ['systemctl', 'is-system-running'])).stdout.trim();
      expect(['running', 'degraded'], `${h}: ${state}`).toContain(state);
    }
  });

  it('have distinct machine-ids', async () => {
    const ids = await Promise.all(
      [...debian, 'fc1'].map(async (h) => (await ok(h, ['cat', '/etc/machine-id'])).stdout.trim()),
    );
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('accept root and the sudo user `lab` over SSH with strict host key checking', async () => {
    for (const h of debian) {
      const root = await ssh('root', h, 'hostname');
      expect(root.code, root.stderr).toBe(0);
      expect(root.stdout.trim()).toBe(h);
      const lab = await ssh('lab', h, 'sudo -n id -u');
      expect(lab.code, lab.stderr).toBe(0);
      expect(lab.stdout.trim()).toBe('0');
    }
  });

  it('allow only net.* sysctls (per host), so `sysctl --system` succeeds', async () => {
    await ok('lb2', ['sysctl', '--system']);
    expect((await labExec('lb2', ['sysctl', '-w', 'kernel.pid_max=65536'])).code).not.toBe(0);
  });
});

describe('reset and reboot', () => {
  it('reset --plain gives lb3 a pristine plain host that installs from the local repo only', async () => {
    await ok('lb3', ['touch', '/etc/dirty']);
    const t0 = Date.now();
    await resetLab({ variant: 'plain', hosts: ['lb3'] });
    console.log(`reset lb3 --plain: ${Date.now() - t0} ms`);
    expect(labHost('lb3').variant).toBe('plain');
    expect((await labExec('lb3', ['test', '-e', '/etc/dirty'])).code).not.toBe(0);
    expect((await labExec('lb3', ['dpkg', '-s', 'haproxy'])).code).not.toBe(0);
    expect((await ok('lb3', ['sysctl', '-n', 'net.ipv4.ip_nonlocal_bind'])).stdout.trim()).toBe(
      '0',
    );
    const sources = (
      await ok('lb3', [
        'sh',
        '-c',
        'cat /etc/apt/sources.list; for f in /etc/apt/sources.list.d/*; do [ -e "$f" ] && cat "$f"; done; true',
      ])
    ).stdout;
    expect(sources.trim()).toBe(`deb [trusted=yes] ${labInfo().aptRepo} ./`);
    const install = await ssh(
      'root',
      'lb3',
      'apt-get -q update && DEBIAN_FRONTEND=noninteractive apt-get install -y -q socat && socat -V',
    );
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toMatch(/socat version/);
  });

  it('a guest that reboots comes back (fresh /run), reachable by SSH with the same host key', async () => {
    await ok('be2', ['touch', '/run/boot-marker']);
    await labExec('be2', ['systemctl', 'reboot']);
    const back = await waitFor(
      async () => {
        const r = await ssh(
          'root',
          'be2',
          'test ! -e /run/boot-marker && systemctl is-system-running --wait',
        );
        return r.code === 0 || r.stdout.trim() === 'degraded' ? r : null;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'be2 back after reboot' },
    );
    expect(['running', 'degraded']).toContain(back.stdout.trim());
    await waitFor(
      async () => (await httpGet(labHost('be2').address, 80)).body.startsWith('be2:80'),
      { timeoutMs: 15_000, what: 'be2 serving' },
    );
  });
});

describe('lab outputs', () => {
  it('write a haka inventory for this lab with file: secrets of mode 0600', () => {
    const info = labInfo();
    const text = readFileSync(info.inventory, 'utf8');
    expect(text).toContain('cluster: haka-lab');
    expect(text).toContain(`identityFile: ${info.sshKey}`);
    expect(text).toContain('authPass: file:secrets/vrrp-auth');
    expect(text).not.toMatch(/10\.17\./);
    for (const secret of ['vrrp-auth', 'stats-password']) {
      const file = join(dirname(info.inventory), 'secrets', secret);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').length).toBeGreaterThan(0);
    }
    expect(readFileSync(join(dirname(info.inventory), 'secrets', 'vrrp-auth'), 'utf8')).toMatch(
      /^[A-Za-z0-9]{8}$/,
    );
  });
});
