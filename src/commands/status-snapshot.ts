// One look at the cluster for `haka status` (and `haka drill`'s before/after): facts (one probe
// per host, no lock), HAProxy's runtime API, keepalived's check, VIP holders, VIP ports from here.
import { VRRP_INSTANCE } from '../../tasks/content/keepalived-conf.js';
import { CHECK_SCRIPT, drillTrackPath, vrrpStatePath } from '../../tasks/paths.js';
import { gatherFacts } from '../facts/index.js';
import type { HostFacts } from '../facts/types.js';
import { VIP_NAMES, type Inventory, type VipName } from '../inventory/types.js';
import { countChanges, plan as buildPlan } from '../plan/index.js';
import { parsePending } from '../plan/pending.js';
import { LAST_RUN_FILE, parseRunRecord } from '../plan/run-record.js';
import { handlerText } from '../render/change-lines.js';
import type { Templates } from '../../tasks/templates.js';
import { requestFor, type ConnectedHosts } from '../connect-hosts.js';
import { join, sh } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import { probeHostHealth } from '../verify/host-health.js';
import { tcpAnswers } from '../verify/reach.js';
import {
  hostStatus,
  judgeStatus,
  unreachableHost,
  type ClusterStatus,
  type HostStatus,
  type VipStatus,
  type VipChecks,
  type VrrpStatus,
} from '../verify/status.js';
import { addressesOf, holdersFrom } from '../verify/vips.js';

/** Files `haka status` reads besides the planner's: VRRP states and drill offsets. */
export function statusFiles(): string[] {
  return VIP_NAMES.flatMap((vip) => [vrrpStatePath(VRRP_INSTANCE[vip]), drillTrackPath(vip)]);
}

/** Pure: a drill offset from the track file; anything but an integer counts as 0. */
export function drillOffset(content: string | null | undefined): number {
  const text = (content ?? '').trim();
  return /^-?\d{1,4}$/.test(text) ? Number(text) : 0;
}

function vrrpOf(
  inventory: Inventory,
  host: string,
  facts: HostFacts,
  checks: VipChecks,
): Partial<Record<VipName, VrrpStatus>> {
  const lb = inventory.hosts.find((h) => h.name === host);
  const out: Partial<Record<VipName, VrrpStatus>> = {};
  for (const vip of VIP_NAMES) {
    const weight = checks[vip] === false ? inventory.keepalived.track.weight : 0;
    const priority = lb?.priority[vip] ?? 0;
    const state = facts.files[vrrpStatePath(VRRP_INSTANCE[vip])]?.content?.trim() || null;
    const offset = drillOffset(facts.files[drillTrackPath(vip)]?.content);
    out[vip] = { state, priority, effective: priority + weight + offset };
  }
  return out;
}

/** Pure: the per-VIP verdicts from the lines `VIP pass|fail` (a VIP without a line: unknown). */
export function parseVipChecks(stdout: string): VipChecks {
  const checks: VipChecks = {};
  for (const line of stdout.split('\n')) {
    const [vip, verdict] = line.trim().split(' ');
    if (
      (VIP_NAMES as readonly string[]).includes(vip ?? '') &&
      (verdict === 'pass' || verdict === 'fail')
    )
      checks[vip as VipName] = verdict === 'pass';
  }
  return checks;
}

/** keepalived's own check of each VIP, run as keepalived would (it only asks HAProxy over loopback). */
async function vipChecks(t: Transport): Promise<VipChecks> {
  const each = VIP_NAMES.map(
    (vip) =>
      sh`if ${CHECK_SCRIPT} ${vip}; then echo ${`${vip} pass`}; else echo ${`${vip} fail`}; fi`,
  );
  const r = await t
    .exec(sh`if [ -x ${CHECK_SCRIPT} ]; then ${join(each, '; ')}; fi`, { sudo: false })
    .catch(() => null);
  return parseVipChecks(r?.stdout ?? '');
}

async function lookAtHost(
  session: ConnectedHosts,
  t: Transport,
  facts: HostFacts,
  drift: number | null,
): Promise<HostStatus> {
  const [health, checks] = await Promise.all([
    probeHostHealth(t, session.inventory.haproxy.statsSocket),
    vipChecks(t),
  ]);
  return hostStatus(health, {
    checks,
    vrrp: vrrpOf(session.inventory, t.host, facts, checks),
    pending: (parsePending(facts)?.handlers ?? []).map(handlerText),
    drift,
    lastRun: parseRunRecord(facts.files[LAST_RUN_FILE]?.content),
  });
}

/** Facts again (for --watch and drill); a host that does not answer is reported, not dropped. */
export async function refreshFacts(
  session: ConnectedHosts,
  extraFiles: string[],
): Promise<Map<string, string>> {
  const request = requestFor(session.inventory, 'install', extraFiles);
  const errors = new Map<string, string>();
  await Promise.all(
    [...session.transports].map(async ([name, t]) => {
      try {
        session.facts[name] = await gatherFacts(t, request);
      } catch (error) {
        delete session.facts[name];
        errors.set(name, (error as Error).message);
      }
    }),
  );
  return errors;
}

export async function statusSnapshot(
  session: ConnectedHosts,
  templates: Templates,
  factErrors: Map<string, string> = new Map(),
): Promise<ClusterStatus> {
  const { inventory } = session;
  const plan = buildPlan({
    command: 'install',
    inventory,
    secrets: session.secrets,
    templates,
    facts: session.facts,
  });
  const hosts: HostStatus[] = [];
  const addresses = new Map<string, Set<string>>();
  await Promise.all(
    inventory.hosts.map(async (lb, i) => {
      const t = session.transports.get(lb.name);
      const facts = session.facts[lb.name];
      const failure = factErrors.get(lb.name) ?? session.failures.get(lb.name)?.message;
      if (!t || !facts) {
        if (failure || session.transports.has(lb.name))
          hosts[i] = unreachableHost(lb.name, failure ?? 'no facts');
        return;
      }
      addresses.set(lb.name, addressesOf(facts.interfaces));
      const hp = plan.hosts.find((h) => h.host === lb.name);
      const drift = hp ? countChanges({ command: 'install', hosts: [hp] }) : null;
      hosts[i] = await lookAtHost(session, t, facts, drift);
    }),
  );
  const reach = {} as Record<VipName, VipStatus['ports']>;
  await Promise.all(
    VIP_NAMES.map(async (vip) => {
      const { address, ports } = inventory.vips[vip];
      reach[vip] = await Promise.all(
        ports.map(async (port) => ({ port, ...(await tcpAnswers(address, port)) })),
      );
    }),
  );
  return judgeStatus(
    inventory,
    hosts.filter(Boolean),
    holdersFrom(inventory, addresses),
    reach,
    new Date(),
  );
}
