// Health of one LB host in one round trip: both units active, HAProxy's runtime API answering,
// and per-server check states (to compare before/after a change).
import { sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import {
  backendsWithoutUpServer,
  checksSettled,
  parseShowStat,
  serversLost,
  type ServerHealth,
} from './haproxy-stat.js';

export interface HostHealth {
  host: string;
  haproxyActive: boolean;
  keepalivedActive: boolean;
  /** null when the runtime API did not answer. */
  servers: ServerHealth[] | null;
  problems: string[];
}

const MARK = '@@HAKA-STAT';

export async function probeHostHealth(transport: Transport, statsSocket: string): Promise<HostHealth> {
  const result = await transport.exec(
    sh`systemctl is-active haproxy.service; systemctl is-active keepalived.service; echo ${MARK}; echo 'show stat' | socat -t 2 stdio ${`UNIX-CONNECT:${statsSocket}`} 2>&1`,
  );
  const [head = '', stat = ''] = result.stdout.split(`${MARK}\n`);
  const [haproxy, keepalived] = head.trim().split('\n');
  let servers: ServerHealth[] | null = null;
  try {
    servers = parseShowStat(stat);
  } catch {
    servers = null;
  }
  const health: HostHealth = {
    host: transport.host,
    haproxyActive: haproxy === 'active',
    keepalivedActive: keepalived === 'active',
    servers,
    problems: [],
  };
  if (!health.haproxyActive) health.problems.push(`haproxy.service is ${haproxy ?? 'unknown'}`);
  if (!health.keepalivedActive) health.problems.push(`keepalived.service is ${keepalived ?? 'unknown'}`);
  if (servers === null) health.problems.push(`HAProxy runtime API at ${statsSocket} did not answer: ${stat.trim().slice(0, 200)}`);
  return health;
}

/** Problems that make the host worse than before (or unusable on a first install). */
export function judgeHealth(now: HostHealth, before: HostHealth | null): string[] {
  const problems = [...now.problems];
  if (now.servers) {
    for (const b of backendsWithoutUpServer(now.servers)) problems.push(`backend ${b} has no server UP`);
    if (before?.servers) {
      for (const s of serversLost(before.servers, now.servers))
        problems.push(`server ${s.backend}/${s.server} was UP before the change and is now ${s.status} (${s.checkStatus})`);
    }
  }
  return problems;
}

export interface WaitOptions {
  statsSocket: string;
  before: HostHealth | null;
  timeoutMs: number;
  intervalMs?: number;
}

/** Poll until HAProxy's first checks settle and the host is healthy, or the time is up. */
export async function waitHealthy(
  transport: Transport,
  options: WaitOptions,
): Promise<{ health: HostHealth; problems: string[] }> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const health = await probeHostHealth(transport, options.statsSocket);
    const problems = judgeHealth(health, options.before);
    const settled = health.servers !== null && checksSettled(health.servers);
    if ((problems.length === 0 && settled) || Date.now() >= deadline) return { health, problems };
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
  }
}
