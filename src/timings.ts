// Where a run's time goes, per host and phase (`--json` timings, `--timings` summary). A phase
// that runs for several hosts at once (a gate over the fresh hosts, the final verification) is
// counted in full for each of them: the figures say how long each host waited on it.

/** packages: every prerequisite before the files (packages, accounts, live sysctl). */
export const PHASES = [
  'connect',
  'facts',
  'packages',
  'staging',
  'validation',
  'commit',
  'reloads',
  'gates',
  'verification',
] as const;

export type Phase = (typeof PHASES)[number];

export type HostTimings = Partial<Record<Phase, number>>;

/** Runs `fn` as part of `phase` on one host. */
export type PhaseTimer = <T>(phase: Phase, fn: () => Promise<T>) => Promise<T>;

export class Timings {
  private readonly byHost = new Map<string, HostTimings>();

  add(host: string, phase: Phase, ms: number): void {
    const t = this.byHost.get(host) ?? {};
    t[phase] = (t[phase] ?? 0) + ms;
    this.byHost.set(host, t);
  }

  async time<T>(hosts: string | readonly string[], phase: Phase, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      const ms = performance.now() - start;
      for (const h of typeof hosts === 'string' ? [hosts] : hosts) this.add(h, phase, ms);
    }
  }

  /** The timer for one host's phases. */
  for(host: string): PhaseTimer {
    return (phase, fn) => this.time(host, phase, fn);
  }

  /** Milliseconds, rounded, per host in the order given (hosts never timed are left out). */
  toJson(order: readonly string[]): Record<string, HostTimings> {
    const out: Record<string, HostTimings> = {};
    for (const host of order) {
      const t = this.byHost.get(host);
      if (!t) continue;
      out[host] = Object.fromEntries(
        PHASES.filter((p) => t[p] !== undefined).map((p) => [p, Math.round(t[p] as number)]),
      );
    }
    return out;
  }
}

/** Pure: the `--timings` table, one row per host, seconds with one decimal; '-' for a phase not run. */
export function renderTimings(timings: Record<string, HostTimings>): string {
  const hosts = Object.keys(timings);
  if (hosts.length === 0) return 'TIMINGS: nothing timed';
  const width = Math.max(4, ...hosts.map((h) => h.length));
  const cell = (ms: number | undefined): string =>
    ms === undefined ? '-' : (ms / 1000).toFixed(1);
  const head = ['host'.padEnd(width), ...PHASES.map((p) => p.padStart(Math.max(5, p.length)))];
  const rows = hosts.map((h) => [
    h.padEnd(width),
    ...PHASES.map((p) => cell(timings[h]?.[p]).padStart(Math.max(5, p.length))),
  ]);
  return ['TIMINGS (seconds)', ...[head, ...rows].map((r) => `  ${r.join('  ')}`)].join('\n');
}
