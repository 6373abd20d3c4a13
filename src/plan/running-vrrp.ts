// The VRRP cluster as it runs now, read from each host's current keepalived.conf (haka's or
// another tool's), and the inventory values that would match it. PURE.
import type { HostFacts } from '../facts/types.js';
import {
  instanceFor,
  parseKeepalivedConf,
  type RunningInstance,
  type VrrpTransport,
} from '../facts/keepalived-conf.js';
import type { Inventory, VipName } from '../inventory/types.js';
import { VIP_NAMES } from '../inventory/types.js';
import { fileContent, unitState } from '../../tasks/host-facts.js';
import { KEEPALIVED_CONF } from '../../tasks/paths.js';

/** One host's running VRRP instance for each VIP (undefined: no instance carries that VIP). */
export interface RunningHost {
  host: string;
  instances: Record<VipName, RunningInstance | undefined>;
  includes: string[];
  /** Notify scripts the running instances call. */
  notifyScripts: string[];
}

/**
 * Hosts whose keepalived is active with a readable keepalived.conf: the ones a reconfigured host
 * must keep hearing. A stopped keepalived's file is not what runs (RHEL ships a sample one).
 */
export function runningVrrp(inventory: Inventory, facts: Record<string, HostFacts>): RunningHost[] {
  return inventory.hosts.flatMap((h) => {
    const f = facts[h.name];
    const text = f ? fileContent(f, KEEPALIVED_CONF) : null;
    if (!f || text === null || !unitState(f, 'keepalived').active) return [];
    const conf = parseKeepalivedConf(text);
    const instances = Object.fromEntries(
      VIP_NAMES.map((v) => [v, instanceFor(conf, inventory.vips[v].address)]),
    ) as Record<VipName, RunningInstance | undefined>;
    const notifyScripts = [...new Set(conf.instances.flatMap((i) => i.notifyScripts))];
    return [{ host: h.name, instances, includes: conf.includes, notifyScripts }];
  });
}

/** The VRRP settings every host must share to hear each other, per VIP. */
export interface VrrpParams {
  transport: VrrpTransport;
  virtualRouterId: number | null;
  advertInt: number;
  authType: string | null;
  authPassDigest: string | null;
}

export function paramsOf(i: RunningInstance): VrrpParams {
  return {
    transport: i.transport,
    virtualRouterId: i.virtualRouterId,
    advertInt: i.advertInt,
    authType: i.authType,
    authPassDigest: i.authPassDigest,
  };
}

/** What haka's keepalived.conf would run for a VIP (see tasks/content/keepalived-conf.ts). */
export function plannedParams(inventory: Inventory, vip: VipName, passDigest: string): VrrpParams {
  return {
    transport: inventory.keepalived.unicast ? 'unicast' : 'multicast',
    virtualRouterId: inventory.vips[vip].virtualRouterId,
    advertInt: inventory.keepalived.advertInt,
    authType: 'PASS',
    authPassDigest: passDigest,
  };
}

export interface VrrpMismatch {
  vip: VipName;
  /** In plain words, e.g. "transport". */
  what: 'transport' | 'virtual router id' | 'advert interval' | 'authentication';
  running: string;
  planned: string;
  /** The inventory setting that would match the running cluster; null when none can. */
  fix: string | null;
  hosts: string[];
}

function describe(p: VrrpParams, field: keyof VrrpParams): string {
  switch (field) {
    case 'transport':
      return p.transport === 'unicast' ? 'unicast to its peers' : 'multicast (224.0.0.18)';
    case 'virtualRouterId':
      return String(p.virtualRouterId ?? 'none');
    case 'advertInt':
      return `${p.advertInt} s`;
    default:
      return p.authType === null ? 'no authentication' : `auth_type ${p.authType}`;
  }
}

function fixFor(vip: VipName, field: keyof VrrpParams, run: VrrpParams): string | null {
  switch (field) {
    case 'transport':
      return `keepalived.unicast: ${run.transport === 'unicast'}`;
    case 'virtualRouterId':
      return run.virtualRouterId === null
        ? null
        : `vips.${vip}.virtualRouterId: ${run.virtualRouterId}`;
    case 'advertInt':
      return Number.isInteger(run.advertInt) ? `keepalived.advertInt: ${run.advertInt}` : null;
    default:
      // haka always writes auth_type PASS: only the password can be made to match.
      return run.authType === 'PASS'
        ? 'keepalived.authPass: a reference to the auth_pass the running cluster uses (not shown)'
        : null;
  }
}

const FIELDS: [keyof VrrpParams, VrrpMismatch['what']][] = [
  ['transport', 'transport'],
  ['virtualRouterId', 'virtual router id'],
  ['advertInt', 'advert interval'],
  ['authType', 'authentication'],
  ['authPassDigest', 'authentication'],
];

/**
 * Differences between what runs and what the plan would run that make hosts deaf to each other:
 * during a roll a reconfigured host would sit beside hosts it cannot hear, and both would hold
 * the VIPs. One entry per VIP and setting, naming the hosts that run the other value. A host with
 * no instance for a VIP holds nothing to split: the first host given one simply takes it.
 */
export function vrrpMismatches(
  inventory: Inventory,
  running: RunningHost[],
  passDigest: string,
): VrrpMismatch[] {
  const out: VrrpMismatch[] = [];
  for (const vip of VIP_NAMES) {
    const planned = plannedParams(inventory, vip, passDigest);
    for (const [field, what] of FIELDS) {
      const differing = new Map<string, { params: VrrpParams; hosts: string[] }>();
      for (const r of running) {
        const inst = r.instances[vip];
        if (!inst) continue;
        const params = paramsOf(inst);
        if (params[field] === planned[field]) continue;
        const key = String(params[field]);
        const entry = differing.get(key) ?? { params, hosts: [] };
        entry.hosts.push(r.host);
        differing.set(key, entry);
      }
      for (const { params, hosts } of differing.values()) {
        // Both auth fields differ together when the type differs: say it once.
        if (field === 'authPassDigest' && params.authType !== planned.authType) continue;
        out.push({
          vip,
          what,
          running: field === 'authPassDigest' ? 'another auth_pass' : describe(params, field),
          planned:
            field === 'authPassDigest' ? 'the inventory auth_pass' : describe(planned, field),
          fix: fixFor(vip, field, params),
          hosts,
        });
      }
    }
  }
  return out;
}
