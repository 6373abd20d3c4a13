// `haka status` as an operator reads it: one screen, VIPs first (holder, split brain, ports
// answering from here), then one block per host, then the problems. Colour only on a terminal.
import { VIP_NAMES } from '../inventory/types.js';
import type { ServerHealth } from '../verify/haproxy-stat.js';
import type { ClusterStatus, HostStatus, VipStatus } from '../verify/status.js';
import { paint, type StyledLine } from './styles.js';

function vipLine(name: string, v: VipStatus): StyledLine {
  const holder =
    v.holders.length === 0
      ? 'held by NOBODY'
      : v.holders.length > 1
        ? `SPLIT BRAIN: held by ${v.holders.join(' and ')}`
        : `held by ${v.holders[0]}${v.expected && v.expected !== v.holders[0] ? ` (expected ${v.expected})` : ''}`;
  const ports = v.ports
    .map((p) => (p.ok ? `:${p.port} answers (${p.ms} ms)` : `:${p.port} NO ANSWER`))
    .join(', ');
  const good =
    v.holders.length === 1 &&
    v.ports.every((p) => p.ok) &&
    (!v.expected || v.expected === v.holders[0]);
  return {
    style: good ? 'ok' : 'bad',
    text: `  ${name.padEnd(8)} ${v.address.padEnd(15)} ${holder}; ${ports}`,
  };
}

/** Servers per backend: "k3s_api 2/2 UP", and the ones not UP by name. */
function serverSummary(servers: ServerHealth[]): string {
  const byBackend = new Map<string, ServerHealth[]>();
  for (const s of servers) byBackend.set(s.backend, [...(byBackend.get(s.backend) ?? []), s]);
  return [...byBackend]
    .map(([backend, list]) => {
      const up = list.filter((s) => s.status.startsWith('UP'));
      const down = list
        .filter((s) => !s.status.startsWith('UP'))
        .map((s) => `${s.server} ${s.status}`);
      return `${backend} ${up.length}/${list.length} UP${down.length ? ` (${down.join(', ')})` : ''}`;
    })
    .join('; ');
}

/** "passes", "FAILS for api", "unknown" (one verdict per VIP from keepalived's check script). */
function checkText(h: HostStatus): string {
  const known = VIP_NAMES.filter((vip) => h.checks[vip] !== undefined);
  if (known.length === 0) return 'unknown';
  const failing = known.filter((vip) => h.checks[vip] === false);
  return failing.length === 0 ? 'passes' : `FAILS for ${failing.join(', ')}`;
}

function hostLines(h: HostStatus): StyledLine[] {
  if (h.error) return [{ style: 'bad', text: `  ${h.host}: UNREACHABLE: ${h.error}` }];
  const unit = (name: string, active: boolean): string =>
    `${name} ${active ? 'active' : 'NOT ACTIVE'}`;
  const check = checkText(h);
  const vrrp = VIP_NAMES.map((vip) => {
    const v = h.vrrp[vip];
    if (!v) return `${vip} ?`;
    const eff = v.effective === v.priority ? '' : ` (effective ${v.effective})`;
    return `${vip} ${v.state ?? 'no state'} priority ${v.priority}${eff}`;
  }).join(', ');
  const run = h.lastRun
    ? `${h.lastRun.command} at ${h.lastRun.at} from ${h.lastRun.from} (haka ${h.lastRun.version})`
    : 'none recorded';
  const style = h.problems.length === 0 && h.pending.length === 0 && !h.drift ? 'ok' : 'bad';
  return [
    {
      style,
      text: `  ${h.host}: ${unit('haproxy', h.haproxyActive)}, ${unit('keepalived', h.keepalivedActive)}, check ${check}`,
    },
    { style: 'plain', text: `    vrrp     ${vrrp}` },
    {
      style: 'plain',
      text: `    servers  ${h.servers ? serverSummary(h.servers) || 'none' : 'runtime API did not answer'}`,
    },
    {
      style: 'plain',
      text: `    pending  ${h.pending.length ? h.pending.join(', ') : 'none'}; drift ${h.drift === null ? '?' : `${h.drift} change(s)`}`,
    },
    { style: 'dim', text: `    last run ${run}` },
  ];
}

export function renderStatus(status: ClusterStatus, options: { color?: boolean } = {}): string {
  const verdict = status.healthy ? 'HEALTHY' : `DEGRADED (${status.problems.length} problem(s))`;
  const lines: StyledLine[] = [
    { style: status.healthy ? 'ok' : 'bad', text: `cluster ${verdict} at ${status.at}` },
    { style: 'header', text: 'VIPs' },
    ...VIP_NAMES.map((vip) => vipLine(vip, status.vips[vip])),
    { style: 'header', text: 'hosts' },
    ...status.hosts.flatMap(hostLines),
  ];
  if (status.problems.length > 0) {
    lines.push({ style: 'header', text: 'problems' });
    for (const p of status.problems) lines.push({ style: 'bad', text: `  - ${p}` });
  }
  return lines.map((l) => paint(l, options.color ?? false)).join('\n');
}
