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

/** How HAProxy health-checks a backend: plain TCP connect, TLS handshake, or HTTP GET expecting 200. */
export type BackendCheck = 'tcp' | 'tls' | 'http';

export type Balance = 'roundrobin' | 'leastconn' | 'source' | 'first';

/** HAProxy's health-check timing for a VIP's servers, and the path an `http` check asks. */
export interface HealthCheck {
  interval: string;
  fall: number;
  rise: number;
  path: string;
}

export interface Vip {
  name: VipName;
  address: string;
  prefix: number;
  virtualRouterId: number;
  /** Host meant to hold this VIP; it must have the highest priority (preflight). */
  intendedHolder?: string;
  /** TCP ports HAProxy listens on at the VIP; each forwards to the same port on the backends unless backendPorts maps it. */
  ports: number[];
  /** VIP port → backend port, for the ports that differ (Traefik as a NodePort: 80 → 30080). */
  backendPorts: Record<number, number>;
  check: BackendCheck;
  healthCheck: HealthCheck;
  backends: Backend[];
  balance: Balance;
  /** Send the PROXY protocol header to the backends (they must expect it). */
  proxyProtocol?: 'v1' | 'v2';
  /** Frontend connection limit; HAProxy's global maxconn when absent. */
  maxconn?: number;
  /** A host with fewer usable servers than this, on any of the VIP's ports, gives the VIP up. */
  minBackendsUp: number;
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
  /** false: nopreempt, a VIP stays where it is when a higher-priority host comes back. */
  preempt: boolean;
  /** Seconds a recovered higher-priority host waits before taking the VIP back (0: at once). */
  preemptDelay: number;
}

export interface HaproxySettings {
  timeouts: { connect: string; client: string; server: string; tunnel: string };
  /** Runtime API socket, used by haka's health verification. */
  statsSocket: string;
  /** Optional stats page; its password is a secret reference. */
  stats?: { bind: string; user: string; password: SecretRef };
  /** Global connection limit (also each frontend's, unless the VIP sets its own). */
  maxconn: number;
  /** How long processes left by a reload may keep old connections (tunnels) before they close. */
  hardStopAfter: string;
  /** TCP keepalives on client and server sides, so dead peers of idle tunnels are noticed. */
  tcpKeepalive: boolean;
  /** Connection attempts to a server before redispatching to another one. */
  retries: number;
  /** HAProxy's built-in Prometheus exporter; off when absent. */
  metrics?: { bind: string };
}

export type SysextComponent = 'haproxy' | 'keepalived' | 'socat';

/** One system extension image for Flatcar hosts (inventory `flatcar.images`). */
export interface SysextImageSource {
  name: SysextComponent;
  /** Absolute path on the jump host, or an http(s) URL haka downloads there. */
  source: string;
  sha256: string;
  version: string;
  arch: string;
  /** raw: a squashfs/erofs image; tar: a directory image, unpacked on the host. */
  format: 'raw' | 'tar';
}

export interface FlatcarSettings {
  images: SysextImageSource[];
  /** The first host's update reboot window; host k (inventory order) starts k windows later. */
  rebootWindow: { start: string; lengthMinutes: number };
}

/** What haka does with another tool's files it finds (its sysctl file, its notify scripts). */
export type LeftoverHandling = 'leave' | 'adopt';

export interface Inventory {
  /** Absolute path of the file this came from. */
  file: string;
  cluster: string;
  hosts: LbHost[];
  vips: Record<VipName, Vip>;
  keepalived: KeepalivedSettings;
  haproxy: HaproxySettings;
  /** Flatcar hosts only: images and reboot windows. */
  flatcar?: FlatcarSettings;
  /**
   * leave: another tool's files are listed in the plan and left alone; adopt: haka removes them
   * (their originals kept) and uninstall puts them back.
   */
  takeover: { leftovers: LeftoverHandling };
}

/** Secret values resolved from their references at run time; never logged or printed. */
export interface Secrets {
  vrrpAuthPass: string;
  statsPassword?: string;
}
