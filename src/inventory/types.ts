// The typed inventory, after YAML parsing, schema validation and defaults. See docs/inventory.md.

export type VipName = 'api' | 'ingress';
export const VIP_NAMES: readonly VipName[] = ['api', 'ingress'];

/** A secret by reference: `env:NAME` or `file:PATH`; never the value itself. */
export interface SecretRef {
  ref: string;
  /** Where the reference stands in the inventory, for error messages. */
  field: string;
}

export interface JumpHost {
  address: string;
  port: number;
  user: string;
  identityFile?: string;
}

export interface SshSettings {
  user: string;
  port: number;
  identityFile?: string;
  /** Absolute path (~ expanded, relative paths resolved against the inventory's folder). */
  knownHostsFile: string;
  connectTimeoutMs: number;
  jump?: JumpHost;
  /** The name to connect to (an ssh_config alias or DNS name); VRRP keeps using the address. */
  host?: string;
  /** Settings written in the inventory (the rest are defaults, which ssh_config may replace). */
  explicit?: ('user' | 'port' | 'identityFile' | 'knownHostsFile')[];
}

export interface LbHost {
  name: string;
  address: string;
  ssh: SshSettings;
  /** Interface that carries the VIPs; when absent, the one holding the VIP subnet (a fact). */
  interface?: string;
  priority: Record<VipName, number>;
}

export interface Backend {
  name: string;
  address: string;
}

/** How HAProxy health-checks a backend: plain TCP connect, TLS handshake, or HTTP GET accepting 200/401. */
export type BackendCheck = 'tcp' | 'tls' | 'http';

export interface Vip {
  name: VipName;
  address: string;
  prefix: number;
  virtualRouterId: number;
  /** Host meant to hold this VIP; it must have the highest priority (preflight). */
  intendedHolder?: string;
  /** TCP ports HAProxy listens on at the VIP; each forwards to the same port on the backends. */
  ports: number[];
  check: BackendCheck;
  backends: Backend[];
}

export interface TrackScript {
  interval: number;
  fall: number;
  rise: number;
  /** Negative: subtracted from priority on failure; must exceed every priority gap. 0: FAULT. */
  weight: number;
}

export interface KeepalivedSettings {
  authPass: SecretRef;
  advertInt: number;
  /** Use unicast_src_ip/unicast_peer instead of multicast (hosts not on one L2 segment). */
  unicast: boolean;
  scriptUser: string;
  track: TrackScript;
}

export interface HaproxySettings {
  timeouts: { connect: string; client: string; server: string; tunnel: string };
  /** Runtime API socket, used by haka's health verification. */
  statsSocket: string;
  /** Optional stats page; its password is a secret reference. */
  stats?: { bind: string; user: string; password: SecretRef };
}

export interface Inventory {
  /** Absolute path of the file this came from. */
  file: string;
  cluster: string;
  hosts: LbHost[];
  vips: Record<VipName, Vip>;
  keepalived: KeepalivedSettings;
  haproxy: HaproxySettings;
}

/** Secret values resolved from their references at run time; never logged or printed. */
export interface Secrets {
  vrrpAuthPass: string;
  statsPassword?: string;
}
