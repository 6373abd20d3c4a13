// What a fault-injection test compares on the hosts: the managed files byte for byte, the
// services' processes, and what haka keeps on the host (pending record, previous set, lock).
import { createHash } from 'node:crypto';
import { MANAGED_FILES } from '../../../../tasks/paths.js';
import { labExec } from '../../harness/lab.js';

export const LBS = ['lb1', 'lb2', 'lb3'] as const;
export type Lb = (typeof LBS)[number];

export const PENDING = '/var/lib/haka/pending.json';
export const LOCK = '/run/haka.lock';

async function run(host: string, script: string): Promise<string> {
  const r = await labExec(host, ['sh', '-c', script]);
  if (r.code !== 0) throw new Error(`${host}: ${script}: exit ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** Contents of every managed file (null when absent), read as root inside the guest. */
export async function managedFiles(host: string): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  await Promise.all(
    MANAGED_FILES.map(async (path) => {
      const r = await labExec(host, ['cat', path]);
      out[path] = r.code === 0 ? r.stdout : null;
    }),
  );
  return out;
}

export function digest(files: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(files).map(([p, c]) => [
      p,
      c === null ? 'absent' : createHash('sha256').update(c).digest('hex').slice(0, 16),
    ]),
  );
}

/** MainPID and start time of both services: equal before/after means nothing restarted or reloaded. */
export async function serviceProcesses(host: string): Promise<string> {
  const show = await run(
    host,
    'systemctl show -p MainPID -p ExecMainStartTimestampMonotonic haproxy.service keepalived.service; echo workers=$(pgrep -d, -x haproxy)',
  );
  return show.trim().split('\n').join(' ');
}

export async function activeStates(host: string): Promise<string> {
  const r = await labExec(host, [
    'systemctl',
    'is-active',
    'haproxy.service',
    'keepalived.service',
  ]);
  return r.stdout.trim().split('\n').join(' ');
}

export async function exists(host: string, path: string): Promise<boolean> {
  return (await labExec(host, ['test', '-e', path])).code === 0;
}

/** Staged temp files (".NAME.haka-new") a cut run could have left beside the targets. */
export async function stagedLeftovers(host: string): Promise<string[]> {
  const out = await run(
    host,
    "find /etc/haproxy /etc/keepalived /etc/sysctl.d /etc/systemd/system -name '.*.haka-new' 2>/dev/null; true",
  );
  return out.split('\n').filter(Boolean);
}

/** Does something answer TCP on this address inside the guest (e.g. HAProxy's stats bind)? */
export async function listens(host: string, address: string, port: number): Promise<boolean> {
  const r = await labExec(host, [
    'socat',
    '-T1',
    '/dev/null',
    `TCP:${address}:${port},connect-timeout=1`,
  ]);
  return r.code === 0;
}

/** The running keepalived's own view of its configuration (SIGUSR1 data dump), not the file's. */
export async function keepalivedRuntime(host: string): Promise<string> {
  return run(
    host,
    'rm -f /tmp/keepalived.data; kill -USR1 "$(cat /run/keepalived.pid)"; for i in 1 2 3 4 5 6 7 8 9 10; do [ -s /tmp/keepalived.data ] && break; sleep 0.1; done; sleep 0.1; cat /tmp/keepalived.data',
  );
}

/** Paths of the previous set kept on the host. */
export async function previousSet(host: string): Promise<string[]> {
  const out = await run(host, 'find /var/lib/haka/previous -type f 2>/dev/null | sort; true');
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace('/var/lib/haka/previous', ''));
}
