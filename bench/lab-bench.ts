// The lab benchmark: haka against a raw-SSH floor, in ONE run on fresh lab hosts, interleaved over
// several rounds (the order of floor and haka alternates from round to round). Every figure of a
// table comes from this one run, so the ratios hold even on a busy machine.
//   fresh hosts, packages from the repo / prebaked → converged and both VIPs answering
//   no-change install, check --diff (no change, and with drift) against the probe floor
//   one-value change on all hosts against the floor's upload + reload
//   SSH round trips per host, through a local TCP proxy that adds a fixed delay
// Needs root and the lab (LAB_ID); see bench/README.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import { MANAGED_FILES } from '../tasks/paths.js';
import { buildProbe } from '../src/facts/gather.js';
import { loadInventoryWithSource } from '../src/inventory/index.js';
import { requestFor } from '../src/connect-hosts.js';
import { DelayProxy } from './delay-proxy.js';
import { measure, type Sample } from './measure.js';

interface LabJson {
  labId: number;
  bridge: string;
  subnet: string;
  sshKey: string;
  knownHosts: string;
  inventory: string;
  hosts: { name: string; role: string; address: string }[];
  vips: Record<'api' | 'ingress', { address: string }>;
}

export interface Row {
  samples: Sample[];
  /** Seconds until both VIPs answered (installs and changes). */
  vipS: number[];
}

export interface LabResults {
  rounds: number;
  rows: Record<string, Row>;
  roundTrips: Record<string, { zeroS: number[]; delayedS: number[]; perHost: number }>;
  rttDelayMs: number;
  versions: Record<string, string>;
}

const ROOT = process.cwd();
/** The haka under test: this checkout's build, or another one's (HAKA_CLI) to measure a baseline. */
export const HAKA = ['node', resolve(process.env.HAKA_CLI ?? join(ROOT, 'dist/src/cli.js'))];

function lab(...args: string[]): string {
  return execFileSync(join(ROOT, 'lab/lab.sh'), args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function labDir(): string {
  const id = process.env.LAB_ID ?? '0';
  return id === '0' ? join(ROOT, '.lab') : join(ROOT, `.lab/lab${id}`);
}

function readLab(): LabJson {
  return JSON.parse(readFileSync(join(labDir(), 'lab.json'), 'utf8')) as LabJson;
}

function ensureLab(lbCount: number): LabJson {
  const path = join(labDir(), 'lab.json');
  let up = false;
  try {
    up = existsSync(path) && readLab().hosts.filter((h) => h.role === 'lb').length === lbCount;
    if (up) lab('status');
  } catch {
    up = false;
  }
  if (!up) lab('up', String(lbCount), '--flatcar', '0');
  return readLab();
}

function ssh(l: LabJson, address: string, command: string, input?: Buffer): Buffer {
  return execFileSync(
    'ssh',
    [
      '-q',
      '-i',
      l.sshKey,
      '-o',
      `UserKnownHostsFile=${l.knownHosts}`,
      '-o',
      'BatchMode=yes',
      `root@${address}`,
      command,
    ],
    { input, maxBuffer: 64 << 20 },
  );
}

/** One HTTP(S) request to a VIP; true when a backend answered (any status). */
function answers(url: string): Promise<boolean> {
  return new Promise((done) => {
    const get = url.startsWith('https') ? httpsGet : httpGet;
    const req = get(url, { timeout: 500, rejectUnauthorized: false }, (res) => {
      res.resume();
      done(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(false));
  });
}

/**
 * Poll both VIPs every 50 ms until both answer through HAProxy to a backend; seconds since t0.
 * Gives up `timeoutS` after the command ended (installs take minutes on a busy machine).
 */
async function waitVips(l: LabJson, t0: number, timeoutS = 300): Promise<number> {
  const urls = [`https://${l.vips.api.address}:6443/readyz`, `http://${l.vips.ingress.address}/`];
  const started = performance.now();
  for (;;) {
    const ok = await Promise.all(urls.map(answers));
    if (ok.every(Boolean)) return (performance.now() - t0) / 1000;
    if (performance.now() - started > timeoutS * 1000)
      throw new Error(`the VIPs did not answer within ${timeoutS} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function lbs(l: LabJson): { name: string; address: string }[] {
  return l.hosts.filter((h) => h.role === 'lb');
}

/** The files haka installed on each LB, as one tar per host address: the floor unpacks them. */
function capturePayload(l: LabJson, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const paths = MANAGED_FILES.map((p) => p.slice(1)).join(' ');
  for (const h of lbs(l))
    writeFileSync(
      join(dir, `${h.address}.tar`),
      ssh(l, h.address, `cd / && ls -d ${paths} 2>/dev/null | tar -cf - -T -`),
    );
}

/** An inventory beside the lab's (so its relative secret paths still resolve), edited. */
function variant(
  l: LabJson,
  name: string,
  edit: (doc: ReturnType<typeof parseDocument>) => void,
): string {
  const doc = parseDocument(readFileSync(l.inventory, 'utf8'));
  edit(doc);
  const path = join(labDir(), name);
  writeFileSync(path, doc.toString());
  return path;
}

export async function runLabBench(options: {
  rounds: number;
  lbCount: number;
  rttMs: number;
}): Promise<LabResults> {
  const l = ensureLab(options.lbCount);
  const hosts = lbs(l);
  const out = join(labDir(), 'bench');
  mkdirSync(out, { recursive: true });
  const invA = l.inventory;
  const invB = variant(l, 'bench-b.yaml', (d) => d.setIn(['haproxy', 'timeouts', 'client'], '59m'));
  const rows: Record<string, Row> = {};
  const add = (name: string, s: Sample, vipS?: number): void => {
    const row = (rows[name] ??= { samples: [], vipS: [] });
    row.samples.push(s);
    if (vipS !== undefined) row.vipS.push(vipS);
    // Kept as it goes: a run cut short (a busy machine, Ctrl-C) still leaves its figures.
    writeFileSync(
      join(out, 'partial.json'),
      JSON.stringify(rows, (k, v: unknown) => (k === 'stdout' || k === 'stderr' ? undefined : v)),
    );
    console.log(
      `  ${name}: ${s.wallS.toFixed(2)} s${vipS !== undefined ? ` (VIPs ${vipS.toFixed(2)} s)` : ''}, cpu ${s.cpuS.toFixed(2)} s, rss ${s.rssMB.toFixed(0)} MB`,
    );
  };
  const haka = (args: string[], inv: string, expect = [0]): Promise<Sample> =>
    measure([...HAKA, ...args, '-i', inv], { expect });
  const floorInstall = (mode: 'install' | 'change', payload: string): Promise<Sample> =>
    measure([
      join(ROOT, 'bench/floor-install.sh'),
      mode,
      l.sshKey,
      l.knownHosts,
      'root',
      payload,
      ...hosts.map((h) => h.address),
    ]);

  // The probe floor runs haka's own probe script, so both sides do the same remote work.
  const { inventory } = loadInventoryWithSource(invA);
  const probeConfig = (targets: { address: string; port: number }[], file: string): string => {
    const path = join(out, file);
    writeFileSync(
      path,
      JSON.stringify({
        hosts: targets,
        user: 'root',
        identityFile: l.sshKey,
        script: buildProbe(requestFor(inventory, 'install')).text,
        concurrency: 10,
      }),
    );
    return path;
  };
  const floorProbeCfg = probeConfig(
    hosts.map((h) => ({ address: h.address, port: 22 })),
    'floor-probe.json',
  );
  const floorProbe = (cfg = floorProbeCfg): Promise<Sample> =>
    measure(['node', join(ROOT, 'bench/floor-probe.mjs'), cfg]);

  console.log('warm-up: fresh hosts, haka install (A), capture payloads A and B');
  lab('reset', '--plain');
  await haka(['install', '--yes'], invA);
  capturePayload(l, join(out, 'payload-a'));
  await haka(['install', '--yes'], invB);
  capturePayload(l, join(out, 'payload-b'));
  await haka(['install', '--yes'], invA);

  const timedInstall = async (name: string, run: () => Promise<Sample>): Promise<void> => {
    const t0 = performance.now();
    const s = await run();
    add(name, s, await waitVips(l, t0));
  };
  for (let round = 1; round <= options.rounds; round++) {
    console.log(
      `round ${round}/${options.rounds} (load ${(await import('node:os'))
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')})`,
    );
    const floorFirst = round % 2 === 1;
    for (const [kind, reset] of [
      ['fresh-repo', '--plain'],
      ['prebaked', '--prebaked'],
    ] as const) {
      const steps = [
        async () => {
          lab('reset', reset);
          await timedInstall(`${kind}/floor`, () =>
            floorInstall('install', join(out, 'payload-a')),
          );
        },
        async () => {
          lab('reset', reset);
          await timedInstall(`${kind}/haka`, () => haka(['install', '--yes'], invA));
        },
      ];
      for (const step of floorFirst ? steps : steps.reverse()) await step();
    }
    // Converged by haka for what follows (the floor leaves no manifest).
    if (!floorFirst) {
      lab('reset', '--prebaked');
      await haka(['install', '--yes'], invA);
    } else await haka(['install', '--yes'], invA);

    const noChange = [
      async () => add('no-change/probe-floor', await floorProbe()),
      async () => add('no-change/install', await haka(['install', '--yes'], invA)),
      async () => add('no-change/check-diff', await haka(['check', '--diff'], invA)),
    ];
    for (const step of floorFirst ? noChange : noChange.reverse()) await step();

    for (const h of hosts) ssh(l, h.address, "echo '# drift' >> /etc/haproxy/haproxy.cfg");
    add('drift/check-diff', await haka(['check', '--diff'], invA, [2]));
    await haka(['install', '--yes'], invA);

    await timedInstall('change/haka', () => haka(['install', '--yes'], invB));
    await timedInstall('change/floor', () => floorInstall('change', join(out, 'payload-a')));
  }

  console.log(`round trips: through a local proxy, ${options.rttMs} ms per round trip vs none`);
  const roundTrips = await measureRoundTrips(l, out, options.rttMs, probeConfig);
  const versions = {
    haproxy: ssh(l, hosts[0]!.address, "dpkg-query -W -f='${Version}' haproxy").toString(),
    keepalived: ssh(l, hosts[0]!.address, "dpkg-query -W -f='${Version}' keepalived").toString(),
  };
  return { rounds: options.rounds, rows, roundTrips, rttDelayMs: options.rttMs, versions };
}

/**
 * The same commands through a TCP proxy on this machine (one listening address per host, added
 * to the lab's bridge, so the inventory stays in the VIPs' subnet), without and with a fixed
 * delay; the extra time over the delay is the number of sequential round trips per host.
 */
async function measureRoundTrips(
  l: LabJson,
  out: string,
  rttMs: number,
  probeConfig: (t: { address: string; port: number }[], f: string) => string,
): Promise<LabResults['roundTrips']> {
  const hosts = lbs(l);
  const base = l.subnet.replace(/\.0\/24$/, '');
  const proxied = hosts.map((h, i) => ({ ...h, proxy: `${base}.${210 + i}` }));
  const added: string[] = [];
  for (const p of proxied) {
    const has = execFileSync('ip', ['-o', 'addr', 'show', 'dev', l.bridge], {
      encoding: 'utf8',
    }).includes(` ${p.proxy}/`);
    if (!has) {
      execFileSync('ip', ['addr', 'add', `${p.proxy}/32`, 'dev', l.bridge]);
      added.push(p.proxy);
    }
  }
  const proxy = new DelayProxy();
  try {
    await proxy.start(
      proxied.map((p) => ({
        listen: { host: p.proxy, port: 22 },
        target: { host: p.address, port: 22 },
      })),
    );
    const known = readFileSync(l.knownHosts, 'utf8')
      .split('\n')
      .flatMap((line) =>
        proxied
          .filter((p) => line.startsWith(`${p.address} `))
          .map((p) => line.replace(p.address, p.proxy)),
      );
    const knownPath = resolve(out, 'proxy-known_hosts');
    writeFileSync(knownPath, `${known.join('\n')}\n`);
    const inv = variant(l, 'bench-proxied.yaml', (d) => {
      d.setIn(['ssh', 'knownHostsFile'], knownPath);
      for (const p of proxied) d.setIn(['hosts', p.name, 'address'], p.proxy);
    });
    const cfg = probeConfig(
      proxied.map((p) => ({ address: p.proxy, port: 22 })),
      'floor-probe-proxied.json',
    );
    const commands: Record<string, string[]> = {
      'probe floor': ['node', join(ROOT, 'bench/floor-probe.mjs'), cfg],
      'haka check --diff': [...HAKA, 'check', '--diff', '-i', inv],
      'haka install (no change)': [...HAKA, 'install', '--yes', '-i', inv],
    };
    const result: LabResults['roundTrips'] = {};
    for (const name of Object.keys(commands))
      result[name] = { zeroS: [], delayedS: [], perHost: NaN };
    for (let rep = 0; rep < 3; rep++)
      for (const delayed of [false, true])
        for (const [name, argv] of Object.entries(commands)) {
          proxy.oneWayMs = delayed ? rttMs / 2 : 0;
          const s = await measure(argv);
          result[name]![delayed ? 'delayedS' : 'zeroS'].push(s.wallS);
        }
    for (const r of Object.values(result)) {
      const med = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
      r.perHost = (med(r.delayedS) - med(r.zeroS)) / (rttMs / 1000);
      console.log(
        `  ${Object.keys(result).find((k) => result[k] === r)}: ${r.perHost.toFixed(1)} round trips per host`,
      );
    }
    return result;
  } finally {
    await proxy.stop();
    for (const a of added) execFileSync('ip', ['addr', 'del', `${a}/32`, 'dev', l.bridge]);
  }
}
