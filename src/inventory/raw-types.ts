import type { RawFlatcar } from './flatcar-build.js';
import type { LeftoverHandling } from './types.js';

// The inventory document exactly as written in YAML (after schema validation, before defaults).
import type { Balance } from './types.js';

export interface RawJump {
  address: string;
  port?: number;
  user?: string;
  identityFile?: string;
}

export interface RawSsh {
  user?: string;
  port?: number;
  identityFile?: string;
  knownHostsFile?: string;
  connectTimeout?: number;
  jump?: RawJump;
  host?: string;
}

export interface RawHost {
  address: string;
  interface?: string;
  priority: { api: number; ingress: number };
  ssh?: RawSsh;
}

export interface RawVip {
  address: string;
  virtualRouterId: number;
  intendedHolder?: string;
  ports: number[];
  check?: 'tcp' | 'tls' | 'http';
  backends: Record<string, string>;
  backendPorts?: Record<string, number>;
  balance?: Balance;
  proxyProtocol?: 'v1' | 'v2';
  maxconn?: number;
  minBackendsUp?: number;
  healthCheck?: { interval?: string; fall?: number; rise?: number; path?: string };
}

export interface RawKeepalived {
  authPass: string;
  advertInt?: number;
  unicast?: boolean;
  scriptUser?: string;
  track?: { interval?: number; fall?: number; rise?: number; weight?: number };
  preempt?: boolean;
  preemptDelay?: number;
}

export interface RawHaproxy {
  timeouts?: { connect?: string; client?: string; server?: string; tunnel?: string };
  statsSocket?: string;
  stats?: { bind?: string; user?: string; password: string };
  maxconn?: number;
  hardStopAfter?: string;
  tcpKeepalive?: boolean;
  retries?: number;
  metrics?: { bind: string };
}

export interface RawInventory {
  cluster: string;
  ssh?: RawSsh;
  hosts: Record<string, RawHost>;
  vips: { api: RawVip; ingress: RawVip };
  keepalived: RawKeepalived;
  haproxy?: RawHaproxy;
  flatcar?: RawFlatcar;
  takeover?: { leftovers?: LeftoverHandling };
}
