// Health of one LB host in one round trip: both units active, HAProxy's runtime API answering,
// and per-server check states (to compare before/after a change).
import { sh } from '../transport/sh.js';
import { unixConnectAddress } from './socat-address.js';
import type { Transport } from '../transport/types.js';
import type { Inventory } from '../inventory/types.js';
import { probeWithoutApi, type WithoutApiView } from './without-api.js';
import {
  backendsWithoutUpServer,
  readyToJudge,
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
  /**
   * Taken when the runtime API did not answer before a change (another tool's haproxy.cfg):
   * VIPs held, VIP ports and servers reachable from the host (without-api.ts).
   */
  withoutApi?: WithoutApiView;
}

const MARK = '@@HAKA-STAT';

/**
 * socat's error without its timestamp and PID ("2026/11/28 22:14:03 socat[213] E connect(...)"),
 * so the same failure reads the same before and after a change.
 */
export function socatReason(output: string): string {
  return output
    .trim()
    .replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d socat\[\d+\] [A-Z] /gm, '')
    .slice(0, 200);
}

export async function probeHostHealth(
  transport: Transport,
  statsSocket: string,
): Promise<HostHealth> {
  const command = sh`systemctl is-active haproxy.service; systemctl is-active keepalived.service; echo ${MARK}; echo 'show stat' | socat -t 2 stdio ${unixConnectAddress(statsSocket)} 2>&1`;
  let stdout: string;
  try {
    stdout = (await transport.exec(command)).stdout;
  } catch (error) {
    // A lost connection is a finding about this host, not a reason to abandon the others.
    const problem = `cannot ask ${transport.host}: ${(error as Error).message}`;
    return {
      host: transport.host,
      haproxyActive: false,
      keepalivedActive: false,
      servers: null,
      problems: [problem],
    };
  }
  const [head = '', stat = ''] = stdout.split(`${MARK}\n`);
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
  if (!health.keepalivedActive)
    health.problems.push(`keepalived.service is ${keepalived ?? 'unknown'}`);
  if (servers === null)
    health.problems.push(
      `HAProxy runtime API at ${statsSocket} did not answer: ${socatReason(stat)}`,
    );
  return health;
}

/** Everything wrong with the host right now. */
function currentProblems(now: HostHealth): string[] {
  const problems = [...now.problems];
  for (const b of backendsWithoutUpServer(now.servers ?? []))
    problems.push(`backend ${b} has no server UP`);
  return problems;
}

/**
 * Problems that make the host worse than before: new problems, and servers that were UP and are
 * not any more. Without a "before" (a first install), every problem counts. A problem the host
 * already had (e.g. a backend down before the run) is not blamed on the change.
 */
export function judgeHealth(now: HostHealth, before: HostHealth | null): string[] {
  const problems = currentProblems(now);
  if (!before) return problems;
  const known = new Set(currentProblems(before));
  if (before.withoutApi) {
    // No runtime API before: a backend that was served with no server reachable is not new
    // (a backend of a port nothing answered on before is: the change adds it).
    for (const [name, [reached]] of Object.entries(before.withoutApi.backends))
      if (reached === 0 && before.withoutApi.served.includes(name))
        known.add(`backend ${name} has no server UP`);
    problems.push(...worseThanView(now, before.withoutApi));
  }
  const after = now.servers ?? [];
  // Without an answer from the runtime API there is nothing to compare server by server.
  const lost = before.servers && now.servers ? serversLost(before.servers, after) : [];
  const nowOf = (b: ServerHealth): string => {
    const s = after.find((a) => a.backend === b.backend && a.server === b.server);
    return s ? `${s.status} (${s.checkStatus})` : 'gone';
  };
  return [
    ...problems.filter((p) => !known.has(p)),
    ...lost.map(
      (s) => `server ${s.backend}/${s.server} was UP before the change and is now ${nowOf(s)}`,
    ),
  ];
}

/** Compared with the view taken without a runtime API: fewer servers UP than were reachable, VIP ports that stopped answering. */
function worseThanView(now: HostHealth, before: WithoutApiView): string[] {
  const out: string[] = [];
  if (now.servers)
    for (const [name, [reached]] of Object.entries(before.backends)) {
      const up = now.servers.filter((s) => s.backend === name && s.status.startsWith('UP')).length;
      if (reached > 0 && up < reached && now.servers.some((s) => s.backend === name))
        out.push(
          `backend ${name}: ${reached} server(s) reachable from ${now.host} before the change, ${up} UP now`,
        );
    }
  if (now.withoutApi)
    for (const [port, answered] of Object.entries(before.vipPorts))
      if (answered && now.withoutApi.vipPorts[port] === false)
        out.push(`VIP port ${port} answered from ${now.host} before the change and does not now`);
  return out;
}

/**
 * Health, plus the view without a runtime API when the health before the change needed one
 * (so the two compare).
 */
export async function probeComparable(
  transport: Transport,
  inventory: Inventory,
  before: HostHealth | null,
): Promise<HostHealth> {
  const health = await probeHostHealth(transport, inventory.haproxy.statsSocket);
  if (before?.withoutApi) {
    const view = await probeWithoutApi(transport, inventory);
    if (view) health.withoutApi = view;
  }
  return health;
}

/**
 * True once HAProxy's checks after a (re)load say enough to judge the host: each backend has a
 * server UP with a finished check (or all its checks finished), and each server that was UP
 * before finished its checks (haproxy-stat readyToJudge). Without a runtime API there is
 * nothing to wait for if there was none before either.
 */
export function healthSettled(now: HostHealth, before: HostHealth | null): boolean {
  const wasUp = new Set(
    (before?.servers ?? [])
      .filter((s) => s.status.startsWith('UP'))
      .map((s) => `${s.backend}/${s.server}`),
  );
  return now.servers !== null
    ? readyToJudge(now.servers, wasUp)
    : before !== null && before.servers === null;
}

/** Between two looks at a host: short, so a wait ends soon after the first good answer. */
export const POLL_MS = 200;

export interface WaitOptions {
  statsSocket: string;
  before: HostHealth | null;
  timeoutMs: number;
  intervalMs?: number;
  /** Given: a "before" taken without a runtime API is compared with the same view now. */
  inventory?: Inventory;
  /**
   * A settled verdict with problems that holds this long is final. HAProxy checks every 3 s
   * (`inter 3s`) and needs 2 good checks to mark a server UP (`rise 2`): 6 s of settled failure
   * means no server is on its way up.
   */
  confirmFailureMs?: number;
}

/** Poll until HAProxy's first checks settle and the host is healthy, or the failure is final, or the time is up. */
export async function waitHealthy(
  transport: Transport,
  options: WaitOptions,
): Promise<{ health: HostHealth; problems: string[] }> {
  const deadline = Date.now() + options.timeoutMs;
  const confirmMs = options.confirmFailureMs ?? 6000;
  let failingSince: number | null = null;
  for (;;) {
    const health = options.inventory
      ? await probeComparable(transport, options.inventory, options.before)
      : await probeHostHealth(transport, options.statsSocket);
    const problems = judgeHealth(health, options.before);
    const settled = healthSettled(health, options.before);
    if (problems.length === 0 && settled) return { health, problems };
    failingSince = settled ? (failingSince ?? Date.now()) : null;
    if (Date.now() >= deadline || (failingSince !== null && Date.now() - failingSince >= confirmMs))
      return { health, problems };
    await new Promise((r) => setTimeout(r, options.intervalMs ?? POLL_MS));
  }
}
