// `npm run bench` / `make bench`: speed and memory, measured here and nowhere else (no timed tests).
//  1. pure pipeline targets (no host contacted);
//  2. the lab benchmark (root, LAB_ID): haka against a raw-SSH floor in one interleaved run;
//  3. the scale benchmark: check --diff at 3, 24, 96 loopback sshd hosts against the probe floor.
// Writes bench/results/<date>-<label>.{md,json} with machine, date and versions; exits 1 when a
// target is missed. Environment: BENCH_ROUNDS (3), BENCH_SIZES (3,24,96; "none" skips),
// BENCH_LAB (1; 0 skips the lab and scale parts), BENCH_LABEL (the git revision), LAB_ID.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildProbe } from '../src/facts/gather.js';
import { loadInventoryWithSource } from '../src/inventory/index.js';
import { requestFor } from '../src/connect-hosts.js';
import { runLabBench, type LabResults } from './lab-bench.js';
import { benchPure } from './pure.js';
import { labTable, scaleTable, type Check } from './report.js';
import { runScaleBench, type ScaleResults } from './scale.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const sizes =
  (process.env.BENCH_SIZES ?? '3,24,96') === 'none'
    ? []
    : (process.env.BENCH_SIZES ?? '3,24,96').split(',').map(Number);
const withLab = process.env.BENCH_LAB !== '0';
const git = (...args: string[]): string => execFileSync('git', args, { encoding: 'utf8' }).trim();
const revision = `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? '+dirty' : ''}`;
const label = process.env.BENCH_LABEL ?? revision;
const startedAt = new Date();
const loadBefore = loadavg();

const checks: Check[] = [];
const sections: string[] = [];

const pure = benchPure();
sections.push(
  '## Pure pipeline (median times)',
  '',
  ...pure.map(
    (r) => `- ${r.name}: ${r.value.toFixed(1)} ${r.unit} (target ≤ ${r.limit} ${r.unit})`,
  ),
);
for (const r of pure) checks.push({ name: r.name, value: r.value, limit: r.limit });

let lab: LabResults | null = null;
let scale: ScaleResults | null = null;
if (withLab) {
  if (process.getuid?.() !== 0)
    throw new Error('the lab benchmark needs root (or set BENCH_LAB=0)');
  if (!process.env.HAKA_CLI) {
    console.log('building dist/ (haka runs as operators run it: node dist/src/cli.js)');
    execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
  }
  if (process.env.BENCH_LAB !== 'scale') {
    lab = await runLabBench({ rounds, lbCount: 3, rttMs: 200 });
    const t = labTable(lab);
    sections.push('', '## Lab: 3 Debian 12 LB hosts (systemd-nspawn), 2 backends', '', t.markdown);
    checks.push(...t.checks);
  }
  if (sizes.length > 0) {
    // The scale hosts answer with a probe output captured now from a converged lab host.
    const labJson = JSON.parse(
      readFileSync(
        join(
          process.env.LAB_ID && process.env.LAB_ID !== '0'
            ? `.lab/lab${process.env.LAB_ID}`
            : '.lab',
          'lab.json',
        ),
        'utf8',
      ),
    ) as {
      inventory: string;
      sshKey: string;
      knownHosts: string;
      hosts: { role: string; address: string }[];
    };
    const { inventory } = loadInventoryWithSource(labJson.inventory);
    const script = buildProbe(requestFor(inventory, 'install')).text;
    const lb1 = labJson.hosts.find((h) => h.role === 'lb')!.address;
    const probeOutput = execFileSync(
      'ssh',
      [
        '-q',
        '-i',
        labJson.sshKey,
        '-o',
        `UserKnownHostsFile=${labJson.knownHosts}`,
        `root@${lb1}`,
        script,
      ],
      { encoding: 'utf8' },
    );
    console.log(`scale: check --diff at ${sizes.join(', ')} hosts`);
    scale = await runScaleBench({
      sizes,
      rounds,
      concurrency: 10,
      probeOutput,
      probeScript: script,
      dir: join(labJson.inventory, '..', 'bench'),
      baselineCli: process.env.HAKA_BASELINE_CLI,
    });
    const s = scaleTable(scale);
    sections.push('', '## Scale', '', s.markdown);
    checks.push(...s.checks);
  }
}

const version = (pkg: string): string =>
  (JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')) as { version: string })
    .version;
const machine = {
  cpu: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  memoryGB: Math.round(totalmem() / 2 ** 30),
  loadBefore: loadBefore.map((x) => x.toFixed(1)).join(' '),
  loadAfter: loadavg()
    .map((x) => x.toFixed(1))
    .join(' '),
};
const versions = {
  haka: revision,
  node: process.version,
  ssh2: version('ssh2'),
  openssh: execFileSync('sh', ['-c', 'ssh -V 2>&1'], { encoding: 'utf8' }).trim(),
  ...(lab?.versions ?? {}),
};
const header = [
  `# haka benchmark ${label}`,
  '',
  `${startedAt.toISOString()} → ${new Date().toISOString()}; machine: ${machine.cpu}, ${machine.memoryGB} GB; load average before ${machine.loadBefore}, after ${machine.loadAfter} (shared machine).`,
  `Versions: ${Object.entries(versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}.`,
  'Ratios are medians of one interleaved run; the raw floor is bench/floor-install.sh (one plain ssh per host, no checks) and the probe floor bench/floor-probe.mjs (Node + ssh2, one batched probe per host).',
  '',
];
const verdicts = [
  '',
  '## Targets',
  '',
  ...checks.map(
    (c) =>
      `- ${c.value <= c.limit ? 'ok  ' : 'MISS'} ${c.name}: ${Number.isFinite(c.value) ? c.value.toFixed(2) : '–'} (target ≤ ${c.limit})`,
  ),
];
const markdown = [...header, ...sections, ...verdicts, ''].join('\n');
mkdirSync('bench/results', { recursive: true });
const stamp = startedAt.toISOString().slice(0, 16).replace(/[:T]/g, '-');
writeFileSync(`bench/results/${stamp}-${label}.md`, markdown);
writeFileSync(
  `bench/results/${stamp}-${label}.json`,
  `${JSON.stringify({ label, startedAt, machine, versions, pure, lab, scale, checks }, (k, v: unknown) => (k === 'stdout' || k === 'stderr' ? undefined : v), 2)}\n`,
);
console.log(`\n${markdown}\nwritten: bench/results/${stamp}-${label}.{md,json}`);
process.exit(checks.some((c) => !(c.value <= c.limit)) ? 1 : 0);
