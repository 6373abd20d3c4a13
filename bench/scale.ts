// The scale benchmark: `haka check --diff` against 3, 24 and 96 SSH hosts, next to the probe floor.
// The hosts are real sshd processes (OpenSSH from the lab's Debian 12 root filesystem), one per
// loopback address 127.0.(10+k).(1..3), each with its own host key, all inside one private
// overlay of that root filesystem (chroot, own mount namespace; the shared image is not touched).
// A check only reads, so each sshd answers every command with a probe output captured from a real
// converged lab host (sshd ForceCommand): SSH handshake, authentication, channels and transfer
// are real, the remote work is a `cat`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { HAKA } from './lab-bench.js';
import { measure, type Sample } from './measure.js';

const ROOTFS = '/var/lib/hklab/rootfs/debian';
const PORT = 2222;

export interface ScaleResults {
  sizes: Record<string, { floor: Sample[]; haka: Sample[]; baseline: Sample[] }>;
  concurrency: number;
}

function address(i: number): string {
  return `127.0.${10 + Math.floor(i / 3)}.${1 + (i % 3)}`;
}

/** One inventory of `count` hosts (VIPs in 127.0.0.0/16, so every host is in their subnet). */
function inventory(dir: string, hosts: number[], vipBase: string, prefix: number): object {
  return {
    cluster: 'haka-lab',
    ssh: {
      user: 'root',
      port: PORT,
      identityFile: join(dir, 'id_ed25519'),
      knownHostsFile: join(dir, 'known_hosts'),
    },
    hosts: Object.fromEntries(
      hosts.map((h, n) => [
        `lb${h + 1}`,
        {
          address: address(h),
          interface: 'eth0',
          priority: { api: 250 - 2 * n, ingress: 250 - 2 * n },
        },
      ]),
    ),
    vips: {
      api: {
        address: `${vipBase}.200/${prefix}`,
        virtualRouterId: 51,
        intendedHolder: `lb${(hosts[0] ?? 0) + 1}`,
        ports: [6443],
        check: 'tcp',
        backends: { be1: '127.0.250.31', be2: '127.0.250.32' },
      },
      ingress: {
        address: `${vipBase}.201/${prefix}`,
        virtualRouterId: 52,
        intendedHolder: `lb${(hosts[0] ?? 0) + 1}`,
        ports: [80, 443],
        check: 'tcp',
        backends: { be1: '127.0.250.31', be2: '127.0.250.32' },
      },
    },
    keepalived: {
      authPass: 'file:vrrp-auth',
      advertInt: 1,
      track: { interval: 1, fall: 2, rise: 2, weight: -60 },
    },
    haproxy: { stats: { bind: '127.0.0.1:8404', user: 'admin', password: 'file:stats-password' } },
  };
}

export class SshdFarm {
  private readonly upper: string;
  private readonly work: string;
  private pids: number[] = [];

  constructor(
    private readonly dir: string,
    private readonly count: number,
  ) {
    this.upper = join(dir, 'upper');
    this.work = join(dir, 'work');
  }

  /** Keys, configs and canned probe outputs in the overlay's upper dir, then one sshd per host. */
  start(probeOutput: string): void {
    rmSync(this.dir, { recursive: true, force: true });
    const b = join(this.upper, 'bench');
    for (const d of ['keys', 'cfg', 'run', 'probe']) mkdirSync(join(b, d), { recursive: true });
    mkdirSync(join(this.upper, 'run/sshd'), { recursive: true, mode: 0o755 });
    // The image's root account is locked ('!'), which sshd refuses even for key logins without PAM.
    mkdirSync(join(this.upper, 'etc'), { recursive: true });
    const shadow = readFileSync(join(ROOTFS, 'etc/shadow'), 'utf8').replace(/^root:!:/m, 'root:*:');
    writeFileSync(join(this.upper, 'etc/shadow'), shadow, { mode: 0o640 });
    mkdirSync(this.work, { recursive: true });
    execFileSync('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-f',
      join(this.dir, 'id_ed25519'),
    ]);
    writeFileSync(join(b, 'authorized_keys'), readFileSync(join(this.dir, 'id_ed25519.pub')));
    writeFileSync(join(this.dir, 'vrrp-auth'), 'benchpw1');
    writeFileSync(join(this.dir, 'stats-password'), 'bench-stats-password');
    const known: string[] = [];
    for (let i = 0; i < this.count; i++) {
      const key = join(b, 'keys', String(i));
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
      const pub = readFileSync(`${key}.pub`, 'utf8').trim().split(' ');
      known.push(`[${address(i)}]:${PORT} ${pub[0]} ${pub[1]}`);
      writeFileSync(join(b, 'probe', `${i}.txt`), probeOutput);
      writeFileSync(
        join(b, 'cfg', String(i)),
        [
          `ListenAddress ${address(i)}:${PORT}`,
          `HostKey /bench/keys/${i}`,
          `PidFile /bench/run/${i}.pid`,
          'AuthorizedKeysFile /bench/authorized_keys',
          'PermitRootLogin prohibit-password',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'UsePAM no',
          'StrictModes no',
          'LogLevel ERROR',
          'MaxStartups 200',
          `ForceCommand cat /bench/probe/${i}.txt`,
          '',
        ].join('\n'),
      );
    }
    writeFileSync(join(this.dir, 'known_hosts'), `${known.join('\n')}\n`);
    const merged = join(this.dir, 'root');
    mkdirSync(merged, { recursive: true });
    // One private mount namespace holds the overlay; the daemons keep it alive, nothing leaks out.
    const script = `set -e
mount -t overlay overlay -o lowerdir=${ROOTFS},upperdir=${this.upper},workdir=${this.work} ${merged}
mount --rbind /dev ${merged}/dev
mount -t proc proc ${merged}/proc
for i in $(seq 0 ${this.count - 1}); do chroot ${merged} /usr/sbin/sshd -f /bench/cfg/$i; done`;
    execFileSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
      stdio: 'inherit',
    });
    // Each sshd writes its pid file after it has forked into the background: wait for all of them.
    const run = join(b, 'run');
    for (let waited = 0; readdirSync(run).length < this.count && waited < 30_000; waited += 100)
      execFileSync('sleep', ['0.1']);
    this.pids = readdirSync(run).map((f) => Number(readFileSync(join(run, f), 'utf8')));
    if (this.pids.length !== this.count) {
      this.stop();
      throw new Error(`only ${this.pids.length}/${this.count} sshd started`);
    }
  }

  stop(): void {
    for (const pid of this.pids)
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    this.pids = [];
  }

  inventories(multi: boolean): string[] {
    const all = Array.from({ length: this.count }, (_, i) => i);
    const groups = multi
      ? Array.from({ length: Math.ceil(this.count / 3) }, (_, k) => all.slice(3 * k, 3 * k + 3))
      : [all];
    return groups.map((hosts, k) => {
      const path = join(this.dir, multi ? `cluster-${k}.yaml` : `all.yaml`);
      const base = multi ? `127.0.${10 + k}` : '127.0.200';
      writeFileSync(path, stringify(inventory(this.dir, hosts, base, multi ? 24 : 16)));
      return path;
    });
  }

  floorConfig(concurrency: number, script: string): string {
    const path = join(this.dir, 'floor.json');
    const hosts = Array.from({ length: this.count }, (_, i) => ({
      address: address(i),
      port: PORT,
    }));
    writeFileSync(
      path,
      JSON.stringify({
        hosts,
        user: 'root',
        identityFile: join(this.dir, 'id_ed25519'),
        script,
        concurrency,
      }),
    );
    return path;
  }
}

export async function runScaleBench(options: {
  sizes: number[];
  rounds: number;
  concurrency: number;
  probeOutput: string;
  probeScript: string;
  dir: string;
  /** Another haka build to measure in the same interleaved rounds (a before/after pair). */
  baselineCli?: string;
}): Promise<ScaleResults> {
  if (!existsSync(`${ROOTFS}/usr/sbin/sshd`))
    throw new Error(`${ROOTFS} has no sshd: run lab/lab.sh build`);
  const sizes: ScaleResults['sizes'] = {};
  for (const size of options.sizes) {
    const farm = new SshdFarm(join(options.dir, `scale-${size}`), size);
    farm.start(options.probeOutput);
    try {
      const floorCfg = farm.floorConfig(options.concurrency, options.probeScript);
      const inventories = farm.inventories(false);
      const baseline = options.baselineCli;
      const row = (sizes[String(size)] = {
        floor: [] as Sample[],
        haka: [] as Sample[],
        baseline: [] as Sample[],
      });
      const haka = (cli: string[]) =>
        measure(
          [
            ...cli,
            'check',
            '--diff',
            '--concurrency',
            String(options.concurrency),
            ...inventories.flatMap((i) => ['-i', i]),
          ],
          { expect: [2] },
        );
      for (let r = 0; r < options.rounds; r++) {
        const steps: (() => Promise<void>)[] = [
          async () =>
            void row.floor.push(await measure(['node', 'bench/floor-probe.mjs', floorCfg])),
          async () => void row.haka.push(await haka(HAKA)),
        ];
        if (baseline)
          steps.push(async () => void row.baseline.push(await haka(['node', baseline])));
        for (const step of r % 2 ? steps.reverse() : steps) await step();
      }
      const last = (s: Sample[]) => s.map((x) => x.wallS.toFixed(2)).join(' ');
      console.log(
        `  ${size} hosts: floor ${last(row.floor)} s, haka ${last(row.haka)} s${baseline ? `, baseline ${last(row.baseline)} s` : ''}`,
      );
    } finally {
      farm.stop();
    }
  }
  return { sizes, concurrency: options.concurrency };
}
