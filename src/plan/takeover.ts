// Taking over a cluster that runs already (configured by haka or by another tool): a roll that
// would put hosts deaf to each other side by side is refused with the values that would match,
// and the plan says what runs in terms of inventory values. PURE.
import type { HostFacts } from '../facts/types.js';
import { authPassDigest } from '../facts/keepalived-conf.js';
import type { Inventory, LeftoverHandling, Secrets } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import { readManifest } from '../../tasks/manifest-model.js';
import { foreignFileAt } from '../../tasks/managed-file.js';
import {
  KEEPALIVED_DROPIN,
  KNOWN_LEFTOVERS,
  NOTIFY_SCRIPT,
  SYSCTL_CONF,
} from '../../tasks/paths.js';
import { NONLOCAL_BIND } from '../../tasks/sysctl.js';
import {
  runningVrrp,
  vrrpMismatches,
  type RunningHost,
  type VrrpMismatch,
} from './running-vrrp.js';

export interface TakeoverView {
  running: RunningHost[];
  mismatches: VrrpMismatch[];
  /** Hosts whose running keepalived.conf haka did not write (no manifest). */
  foreign: string[];
  /** Another tool's files found on the hosts (not haka's, by their marker), with what haka does to each. */
  leftovers: { path: string; hosts: string[]; handling: string }[];
}

/** What haka does with each kind of file another tool left. */
function leftoverHandling(path: string, handling: LeftoverHandling): string {
  if (path === KEEPALIVED_DROPIN)
    return "replaced by haka's, its original kept; uninstall puts it back";
  if (handling === 'adopt')
    return 'removed (takeover.leftovers: adopt), its original kept; uninstall puts it back';
  const why = path.startsWith('/etc/sysctl.d/')
    ? `haka sets ${NONLOCAL_BIND} in its own ${SYSCTL_CONF}`
    : "haka's keepalived.conf no longer calls it";
  return `left alone: ${why}; uninstall leaves this file as it is (takeover.leftovers: adopt removes it)`;
}

function leftoversOf(
  inventory: Inventory,
  facts: Record<string, HostFacts>,
): TakeoverView['leftovers'] {
  return [...KNOWN_LEFTOVERS, KEEPALIVED_DROPIN].flatMap((path) => {
    const hosts = inventory.hosts
      .filter((h) => facts[h.name] !== undefined && foreignFileAt(facts[h.name] as HostFacts, path))
      .map((h) => h.name);
    return hosts.length > 0
      ? [{ path, hosts, handling: leftoverHandling(path, inventory.takeover.leftovers) }]
      : [];
  });
}

export function takeoverView(
  inventory: Inventory,
  secrets: Secrets,
  facts: Record<string, HostFacts>,
): TakeoverView {
  // Only hosts that run an instance for one of the VIPs can end up holding it twice.
  const running = runningVrrp(inventory, facts).filter((r) =>
    VIP_NAMES.some((v) => r.instances[v] !== undefined),
  );
  const foreign = running
    .filter((r) => readManifest(facts[r.host] as HostFacts).state === 'absent')
    .map((r) => r.host);
  return {
    running,
    mismatches: vrrpMismatches(inventory, running, authPassDigest(secrets.vrrpAuthPass)),
    foreign,
    leftovers: leftoversOf(inventory, facts),
  };
}

/** One sentence per difference; the same difference on both VIPs is said once. */
function mismatchTexts(mismatches: VrrpMismatch[]): string[] {
  const byText = new Map<string, string[]>();
  for (const m of mismatches) {
    const text = `${m.what}: ${m.hosts.join(', ')} run${m.hosts.length === 1 ? 's' : ''} ${m.running}, the inventory ${m.planned}`;
    byText.set(text, [...(byText.get(text) ?? []), m.vip]);
  }
  return [...byText].map(([text, vips]) => `VIP ${vips.join(' and ')} ${text}`);
}

/** Why no host may be reconfigured, or null when every running host would hear the new ones. */
export function splitRefusal(view: TakeoverView): string | null {
  if (view.mismatches.length === 0) return null;
  const fixes = [...new Set(view.mismatches.flatMap((m) => (m.fix ? [m.fix] : [])))];
  const unfixable = view.mismatches.filter((m) => m.fix === null);
  const advice =
    unfixable.length > 0
      ? `haka cannot write what runs (${unfixable.map((m) => `${m.vip} ${m.what}`).join(', ')}): change it in a maintenance window, with traffic drained`
      : `to take over the running cluster, set ${fixes.join('; ')}`;
  return (
    `a rolling change would split the cluster: ${mismatchTexts(view.mismatches).join('; ')}. ` +
    `A host reconfigured this way cannot hear the hosts still running the old settings, and both would hold the VIPs (split brain), so haka does not start this roll; ` +
    `${advice}. Nothing was changed`
  );
}

function same<T>(values: T[]): T | undefined {
  return values.length > 0 && values.every((v) => v === values[0]) ? values[0] : undefined;
}

/**
 * The inventory values that match what runs, for a migration to start from. Printed when a host
 * runs a keepalived.conf haka did not write, or when the plan would split the cluster.
 */
export function runningValueLines(inventory: Inventory, view: TakeoverView): string[] {
  if (view.running.length === 0 || (view.foreign.length === 0 && view.mismatches.length === 0))
    return fileLeftoverLines(view);
  const lines = [
    `running VRRP, read from keepalived.conf on ${view.running.map((r) => r.host).join(', ')}; matching inventory values:`,
  ];
  const all = view.running.flatMap((r) => VIP_NAMES.flatMap((v) => r.instances[v] ?? []));
  const transport = same(all.map((i) => i.transport));
  lines.push(
    transport
      ? `  keepalived.unicast: ${transport === 'unicast'}`
      : '  keepalived.unicast: (hosts differ: mixed transports)',
  );
  const advert = same(all.map((i) => i.advertInt));
  lines.push(`  keepalived.advertInt: ${advert ?? '(hosts differ)'}`);
  const auth = same(all.map((i) => i.authType ?? 'none'));
  lines.push(
    auth === 'PASS'
      ? '  keepalived.authPass: the auth_pass the hosts run (not shown)' +
          (view.mismatches.some((m) => m.running === 'another auth_pass')
            ? ', which is not the inventory one'
            : '')
      : `  keepalived.authPass: (the hosts run ${auth ?? 'mixed authentication'}, haka writes auth_type PASS)`,
  );
  for (const vip of VIP_NAMES) {
    const ids = same(view.running.map((r) => r.instances[vip]?.virtualRouterId ?? null));
    lines.push(`  vips.${vip}.virtualRouterId: ${ids ?? '(hosts differ or no instance)'}`);
  }
  for (const r of view.running) {
    const prio = VIP_NAMES.map((v) => `${v}: ${r.instances[v]?.priority ?? '?'}`).join(', ');
    const extra = VIP_NAMES.flatMap((v) => {
      const i = r.instances[v];
      if (!i) return [];
      return [
        ...(i.nopreempt ? [`${v} nopreempt`] : []),
        ...(i.preemptDelay !== null ? [`${v} preempt_delay ${i.preemptDelay}`] : []),
      ];
    });
    lines.push(
      `  hosts.${r.host}.priority: { ${prio} }${extra.length > 0 ? `  # ${extra.join(', ')}` : ''}`,
    );
  }
  if (view.running.some((r) => r.includes.length > 0))
    lines.push('  (some keepalived.conf use `include`: included files were not read)');
  return [...lines, ...leftoverLines(view), ...fileLeftoverLines(view)];
}

/** Another tool's files found, each with what haka does to it. */
function fileLeftoverLines(view: TakeoverView): string[] {
  return view.leftovers.map(
    (l) => `found on ${l.hosts.join(', ')}: ${l.path}, another tool's; ${l.handling}`,
  );
}

/** Another tool's notify scripts: named as found, left alone (haka's keepalived.conf stops calling them). */
function leftoverLines(view: TakeoverView): string[] {
  const byScript = new Map<string, string[]>();
  for (const r of view.running.filter((x) => view.foreign.includes(x.host)))
    // A script found as a file is listed with what haka does to it (fileLeftoverLines).
    for (const script of r.notifyScripts.filter(
      (s) => s !== NOTIFY_SCRIPT && !view.leftovers.some((l) => l.path === s),
    ))
      byScript.set(script, [...(byScript.get(script) ?? []), r.host]);
  if (byScript.size === 0) return [];
  const hosts = [...new Set([...byScript.values()].flat())].join(', ');
  return [
    `found on ${hosts}: notify scripts of the running keepalived.conf that haka did not write: ${[...byScript.keys()].join(', ')}; left alone (haka's keepalived.conf no longer calls them; uninstall brings back the keepalived.conf that does)`,
  ];
}
