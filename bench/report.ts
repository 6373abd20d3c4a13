// The benchmark's tables (markdown) and its targets, from the results of one run.
import type { LabResults, Row } from './lab-bench.js';
import { stats } from './measure.js';
import type { ScaleResults } from './scale.js';
import type { Sample } from './measure.js';

export interface Check {
  name: string;
  value: number;
  limit: number;
}

const fmt = (v: number, d = 2): string => (Number.isFinite(v) ? v.toFixed(d) : '–');

function spread(values: number[]): string {
  const s = stats(values);
  return `${fmt(s.median)} s (${fmt(s.min)}–${fmt(s.max)})`;
}

function median(values: number[]): number {
  return stats(values).median;
}

const wall = (r: Row | undefined): number[] => r?.samples.map((s) => s.wallS) ?? [];
const cpu = (r: Row | undefined): number[] => r?.samples.map((s) => s.cpuS) ?? [];
const rss = (r: Row | undefined): number[] => r?.samples.map((s) => s.rssMB) ?? [];

/** [label, haka row, floor row, use VIP times] */
const LAB_ROWS: [string, string, string, boolean][] = [
  [
    'fresh hosts, packages from the repo → both VIPs answer',
    'fresh-repo/haka',
    'fresh-repo/floor',
    true,
  ],
  ['fresh hosts, packages prebaked → both VIPs answer', 'prebaked/haka', 'prebaked/floor', true],
  ['no-change install', 'no-change/install', 'no-change/probe-floor', false],
  ['`check --diff`, no change', 'no-change/check-diff', 'no-change/probe-floor', false],
  ['`check --diff`, drift on every host', 'drift/check-diff', 'no-change/probe-floor', false],
  ['one value changed on all hosts → both VIPs answer', 'change/haka', 'change/floor', true],
];

export function labTable(lab: LabResults): { markdown: string; checks: Check[] } {
  const lines = [
    `| run (${lab.rounds} rounds, interleaved) | raw floor | haka | ratio | haka CPU | haka peak RSS |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  const ratios: Record<string, number> = {};
  for (const [label, hakaName, floorName, vip] of LAB_ROWS) {
    const h = lab.rows[hakaName];
    const f = lab.rows[floorName];
    const hv = vip ? (h?.vipS ?? []) : wall(h);
    const fv = vip ? (f?.vipS ?? []) : wall(f);
    const ratio = median(hv) / median(fv);
    ratios[hakaName] = ratio;
    const exit = vip ? ` (exit ${fmt(median(wall(h)))} s)` : '';
    lines.push(
      `| ${label} | ${spread(fv)} | ${spread(hv)}${exit} | ${fmt(ratio)}× | ${fmt(median(cpu(h)))} s (floor ${fmt(median(cpu(f)))} s) | ${fmt(median(rss(h)), 0)} MB |`,
    );
  }
  lines.push(
    '',
    `SSH round trips per host (critical path; ${lab.rttDelayMs} ms added per round trip by a local TCP proxy, medians of 3):`,
    '',
  );
  lines.push('| command | round trips per host |', '|---|---:|');
  for (const [name, r] of Object.entries(lab.roundTrips))
    lines.push(`| ${name} | ${fmt(r.perHost, 1)} |`);
  const rt = lab.roundTrips;
  const ratioTargets: [string, string, number][] = [
    ['prebaked fresh install → VIPs, ratio to floor', 'prebaked/haka', 1.5],
    ['fresh install from the repo → VIPs, ratio to floor', 'fresh-repo/haka', 1.15],
    ['no-change install, ratio to the probe floor', 'no-change/install', 1.5],
    ['check --diff (no change), ratio to the probe floor', 'no-change/check-diff', 1.3],
  ];
  const checks: Check[] = [
    ...ratioTargets.map(([name, row, limit]) => ({ name, value: ratios[row] ?? NaN, limit })),
    {
      name: 'round trips per host, no-change check',
      value: rt['haka check --diff']?.perHost ?? NaN,
      limit: 12,
    },
    {
      name: 'round trips a no-change install adds to a check',
      value:
        (rt['haka install (no change)']?.perHost ?? NaN) -
        (rt['haka check --diff']?.perHost ?? NaN),
      limit: 2,
    },
  ];
  return { markdown: lines.join('\n'), checks };
}

export function scaleTable(scale: ScaleResults): { markdown: string; checks: Check[] } {
  const lines = [
    `\`check --diff\` (drift on every host) against loopback sshd hosts, \`--concurrency ${scale.concurrency}\` for all:`,
    '',
    '| hosts | probe floor | haka | ratio | haka CPU | haka peak RSS | baseline haka | baseline ratio | baseline CPU | baseline peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const checks: Check[] = [];
  const w = (s: Sample[]): number[] => s.map((x) => x.wallS);
  const figures = (s: Sample[], floor: Sample[]): string =>
    s.length === 0
      ? 'n/a | | |'
      : `${spread(w(s))} | ${fmt(median(w(s)) / median(w(floor)))}× | ${fmt(median(s.map((x) => x.cpuS)))} s | ${fmt(Math.max(...s.map((x) => x.rssMB)), 0)} MB`;
  for (const [size, r] of Object.entries(scale.sizes)) {
    lines.push(
      `| ${size} | ${spread(w(r.floor))} | ${figures(r.haka, r.floor)} | ${figures(r.baseline, r.floor)} |`,
    );
    if (size === '96') {
      checks.push({
        name: '96 hosts check --diff, ratio to floor',
        value: median(w(r.haka)) / median(w(r.floor)),
        limit: 1.5,
      });
      checks.push({
        name: '96 hosts check --diff, controller peak RSS (MB)',
        value: Math.max(...r.haka.map((s) => s.rssMB)),
        limit: 150,
      });
    }
  }
  return { markdown: lines.join('\n'), checks };
}
