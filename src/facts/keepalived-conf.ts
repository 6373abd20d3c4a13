// What a running keepalived.conf says about VRRP, whoever wrote it: per instance its transport
// (multicast or unicast peers), router id, priority, interval, authentication and VIPs. Pure.
// The auth_pass is kept only as a digest: it can be compared with the inventory's, never printed.
import { createHash } from 'node:crypto';
import { child, childrenNamed, parseConfTree, type ConfNode } from './config-tokens.js';

export type VrrpTransport = 'multicast' | 'unicast';

export interface RunningVip {
  address: string;
  prefix: number | null;
  dev: string | null;
}

export interface RunningInstance {
  name: string;
  state: string | null;
  interface: string | null;
  virtualRouterId: number | null;
  priority: number | null;
  /** Seconds; keepalived's default is 1. */
  advertInt: number;
  /** auth_type (PASS, AH) or null without an authentication block. */
  authType: string | null;
  /** SHA-256 of the auth_pass as keepalived uses it (its first 8 characters); null without one. */
  authPassDigest: string | null;
  transport: VrrpTransport;
  unicastSrcIp: string | null;
  unicastPeers: string[];
  vips: RunningVip[];
  nopreempt: boolean;
  preemptDelay: number | null;
  /** Scripts run on state changes (notify, notify_master, notify_backup, notify_fault, notify_stop). */
  notifyScripts: string[];
  trackScripts: string[];
}

export interface RunningKeepalived {
  routerId: string | null;
  instances: RunningInstance[];
  /** `include` directives: what they pull in is not read, so the picture may be incomplete. */
  includes: string[];
  /** Global settings that send gratuitous ARPs (vrrp_garp_master_refresh ...), as written. */
  garp: Record<string, string>;
}

/** The password as keepalived's PASS authentication carries it: 8 characters at most. */
export function authPassDigest(pass: string): string {
  return createHash('sha256').update(pass.slice(0, 8)).digest('hex');
}

const NOTIFY = ['notify', 'notify_master', 'notify_backup', 'notify_fault', 'notify_stop'];

function num(node: ConfNode | undefined): number | null {
  const value = node?.args[0];
  return value !== undefined && /^\d+(\.\d+)?$/.test(value) ? Number(value) : null;
}

function vipOf(node: ConfNode): RunningVip {
  const [address = '', prefix] = node.keyword.split('/');
  const dev = node.args.indexOf('dev');
  return {
    address,
    prefix: prefix !== undefined && /^\d+$/.test(prefix) ? Number(prefix) : null,
    dev: dev >= 0 ? (node.args[dev + 1] ?? null) : null,
  };
}

function instanceOf(node: ConfNode): RunningInstance {
  const body = node.children;
  const auth = child(body, 'authentication')?.children ?? null;
  const pass = child(auth, 'auth_pass')?.args[0];
  const peers = child(body, 'unicast_peer')?.children ?? [];
  return {
    name: node.args[0] ?? '',
    state: child(body, 'state')?.args[0] ?? null,
    interface: child(body, 'interface')?.args[0] ?? null,
    virtualRouterId: num(child(body, 'virtual_router_id')),
    priority: num(child(body, 'priority')),
    advertInt: num(child(body, 'advert_int')) ?? 1,
    authType: auth ? (child(auth, 'auth_type')?.args[0]?.toUpperCase() ?? null) : null,
    authPassDigest: pass !== undefined ? authPassDigest(pass) : null,
    // keepalived sends unicast as soon as one peer is listed; an empty block means multicast.
    transport: peers.length > 0 ? 'unicast' : 'multicast',
    unicastSrcIp: child(body, 'unicast_src_ip')?.args[0] ?? null,
    unicastPeers: peers.map((p) => p.keyword),
    vips: (child(body, 'virtual_ipaddress')?.children ?? []).map(vipOf),
    nopreempt: child(body, 'nopreempt') !== undefined,
    preemptDelay: num(child(body, 'preempt_delay')),
    notifyScripts: NOTIFY.flatMap((k) => childrenNamed(body, k).map((n) => n.args[0] ?? '')),
    trackScripts: (child(body, 'track_script')?.children ?? []).map((n) => n.keyword),
  };
}

export function parseKeepalivedConf(text: string): RunningKeepalived {
  const tree = parseConfTree(text);
  const global = child(tree, 'global_defs')?.children ?? null;
  const garp = Object.fromEntries(
    (global ?? [])
      .filter((n) => n.keyword.startsWith('vrrp_garp_'))
      .map((n) => [n.keyword, n.args.join(' ')]),
  );
  return {
    routerId: child(global, 'router_id')?.args[0] ?? null,
    instances: childrenNamed(tree, 'vrrp_instance').map(instanceOf),
    includes: childrenNamed(tree, 'include').map((n) => n.args.join(' ')),
    garp,
  };
}

/** The instance that carries `address` among its VIPs. */
export function instanceFor(
  running: RunningKeepalived,
  address: string,
): RunningInstance | undefined {
  return running.instances.find((i) => i.vips.some((v) => v.address === address));
}
