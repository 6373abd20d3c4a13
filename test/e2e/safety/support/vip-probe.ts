// Traffic through the VIPs from this machine, every 100 ms, while something runs: an HTTP GET to
// the ingress VIP and a TLS handshake with the API VIP. Counts failed probes and the longest time
// without a successful answer per target, so a test can prove the VIPs stayed reachable.
import { request } from 'node:http';
import { connect } from 'node:tls';
import { assertLabAddress } from '../../harness/lab.js';

export interface ProbeTarget {
  name: string;
  address: string;
  port: number;
  kind: 'http' | 'tls';
}

export interface ProbeResult {
  target: string;
  startedAt: number;
  ms: number;
  ok: boolean;
  error?: string;
}

export interface ProbeSummary {
  attempts: number;
  failed: number;
  /** Longest time between two successful probes of one target (ms), over the whole run. */
  longestGapMs: number;
  slowestMs: number;
  failures: ProbeResult[];
  perTarget: Record<string, { attempts: number; failed: number; longestGapMs: number }>;
}

function httpProbe(t: ProbeTarget, timeoutMs: number): Promise<void> {
  return new Promise((done, fail) => {
    const req = request(
      { host: t.address, port: t.port, path: '/', timeout: timeoutMs, agent: false },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? done() : fail(new Error(`HTTP ${res.statusCode}`)),
        );
        res.on('error', fail);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', fail);
    req.end();
  });
}

function tlsProbe(t: ProbeTarget, timeoutMs: number): Promise<void> {
  return new Promise((done, fail) => {
    // Self-signed lab certificate: the handshake is what proves the path through the VIP works.
    const socket = connect({ host: t.address, port: t.port, rejectUnauthorized: false });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    socket.once('secureConnect', () => {
      socket.end();
      done();
    });
    socket.once('error', fail);
  });
}

export class VipProbe {
  private readonly results: ProbeResult[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;

  constructor(
    private readonly targets: ProbeTarget[],
    private readonly intervalMs = 100,
    private readonly timeoutMs = 2000,
  ) {
    for (const t of targets) assertLabAddress(t.address);
  }

  start(): void {
    this.startedAt = Date.now();
    const tick = (): void => {
      for (const t of this.targets) this.probeOnce(t);
    };
    tick();
    this.timer = setInterval(tick, this.intervalMs);
  }

  private probeOnce(t: ProbeTarget): void {
    const startedAt = Date.now();
    const attempt = (t.kind === 'http' ? httpProbe : tlsProbe)(t, this.timeoutMs).then(
      () => {
        this.results.push({ target: t.name, startedAt, ms: Date.now() - startedAt, ok: true });
      },
      (error: Error) => {
        const ms = Date.now() - startedAt;
        this.results.push({ target: t.name, startedAt, ms, ok: false, error: error.message });
      },
    );
    this.inFlight.add(attempt);
    void attempt.finally(() => this.inFlight.delete(attempt));
  }

  /** Stop probing, wait for probes in flight, and summarise. */
  async stop(): Promise<ProbeSummary> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
    const stoppedAt = Date.now();
    const perTarget: ProbeSummary['perTarget'] = {};
    for (const t of this.targets) {
      const mine = this.results
        .filter((r) => r.target === t.name)
        .sort((a, b) => a.startedAt - b.startedAt);
      // A gap runs from one success's answer to the next success's answer (bounded by start/stop).
      const okAt = mine.filter((r) => r.ok).map((r) => r.startedAt + r.ms);
      const edges = [this.startedAt, ...okAt, stoppedAt];
      let longest = 0;
      for (let i = 1; i < edges.length; i++)
        longest = Math.max(longest, (edges[i] ?? 0) - (edges[i - 1] ?? 0));
      perTarget[t.name] = {
        attempts: mine.length,
        failed: mine.filter((r) => !r.ok).length,
        longestGapMs: longest,
      };
    }
    const stats = Object.values(perTarget);
    return {
      attempts: this.results.length,
      failed: this.results.filter((r) => !r.ok).length,
      longestGapMs: Math.max(0, ...stats.map((s) => s.longestGapMs)),
      slowestMs: Math.max(0, ...this.results.map((r) => r.ms)),
      failures: this.results.filter((r) => !r.ok),
      perTarget,
    };
  }
}
