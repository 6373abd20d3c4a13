// Pure parser of HAProxy's runtime API `show stat` CSV: which servers of which backend are UP.

export interface ServerHealth {
  backend: string;
  server: string;
  /** UP, DOWN, "UP 1/3", "DOWN 1/2", MAINT, "no check" ... as HAProxy prints it. */
  status: string;
  checkStatus: string;
}

/** One server's checks are done: no transitional state ("UP 1/3", "DOWN 1/2") and no INI. */
const settledOne = (s: ServerHealth): boolean =>
  !/\d+\/\d+/.test(s.status) && !s.checkStatus.startsWith('INI');

export function parseShowStat(csv: string): ServerHealth[] {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  const header = lines.shift();
  if (!header?.startsWith('# ')) throw new Error(`not a "show stat" CSV: ${csv.slice(0, 120)}`);
  const columns = header.slice(2).split(',');
  const col = (name: string): number => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`"show stat" CSV has no column ${name}`);
    return i;
  };
  const [px, sv, st, cs] = [col('pxname'), col('svname'), col('status'), col('check_status')];
  return lines
    .map((l) => l.split(','))
    .filter((f) => f[sv] !== 'FRONTEND' && f[sv] !== 'BACKEND')
    .map((f) => ({
      backend: f[px] ?? '',
      server: f[sv] ?? '',
      status: f[st] ?? '',
      checkStatus: f[cs] ?? '',
    }));
}

/** Backends with no server UP: they would refuse every connection. */
export function backendsWithoutUpServer(servers: ServerHealth[]): string[] {
  const up = new Map<string, boolean>();
  for (const s of servers)
    up.set(s.backend, (up.get(s.backend) ?? false) || s.status.startsWith('UP'));
  return [...up].filter(([, ok]) => !ok).map(([name]) => name);
}

/**
 * Servers that were UP before a change and are not UP after it: the change made things worse.
 * A server the new configuration no longer has was removed on purpose, not lost.
 */
export function serversLost(before: ServerHealth[], after: ServerHealth[]): ServerHealth[] {
  const key = (s: ServerHealth): string => `${s.backend}/${s.server}`;
  const present = new Set(after.map(key));
  const nowUp = new Set(after.filter((s) => s.status.startsWith('UP')).map(key));
  return before.filter(
    (s) => s.status.startsWith('UP') && present.has(key(s)) && !nowUp.has(key(s)),
  );
}

/** True while HAProxy has not finished its first checks (transitional states such as "DOWN 1/2"). */
export function checksSettled(servers: ServerHealth[]): boolean {
  return servers.every(settledOne);
}

/**
 * Enough of HAProxy's checks are done to judge the host: each backend has a server UP with a
 * finished check (or every one of its servers finished its checks), and every server in `watch`
 * (`backend/server` keys that were UP before the change) finished its checks. The states are read
 * as they come: no need to wait for a server nobody relies on.
 */
export function readyToJudge(servers: ServerHealth[], watch: ReadonlySet<string>): boolean {
  const byBackend = new Map<string, ServerHealth[]>();
  for (const s of servers) byBackend.set(s.backend, [...(byBackend.get(s.backend) ?? []), s]);
  const backendsReady = [...byBackend.values()].every(
    (list) => list.some((s) => settledOne(s) && s.status === 'UP') || list.every(settledOne),
  );
  const watchedReady = servers.every(
    (s) => !watch.has(`${s.backend}/${s.server}`) || settledOne(s),
  );
  return backendsReady && watchedReady;
}
