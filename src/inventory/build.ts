// Schema-valid YAML data → typed Inventory: defaults, ~ expansion, paths made absolute.
import { dirname, isAbsolute, resolve } from 'node:path';
import type {
  HaproxySettings,
  Inventory,
  JumpHost,
  KeepalivedSettings,
  LbHost,
  SecretRef,
  SshSettings,
  Vip,
  VipName,
} from './types.js';
import { buildFlatcar } from './flatcar-build.js';
import type { RawHaproxy, RawInventory, RawKeepalived, RawSsh, RawVip } from './raw-types.js';

export const DEFAULTS = {
  sshUser: 'root',
  sshPort: 22,
  knownHostsFile: '~/.ssh/known_hosts',
  connectTimeoutSeconds: 10,
  /** The API check proves a TLS handshake (K3s answers 401 to anonymous HTTP); ingress, a connect. */
  check: { api: 'tls', ingress: 'tcp' },
  healthCheck: { interval: '3s', fall: 3, rise: 2, path: '/readyz' },
  balance: 'roundrobin',
  minBackendsUp: 1,
  preempt: true,
  preemptDelay: 0,
  leftovers: 'leave',
  maxconn: 4000,
  hardStopAfter: '5m',
  tcpKeepalive: true,
  retries: 3,
  advertInt: 1,
  unicast: false,
  scriptUser: 'keepalived_script',
  track: { interval: 2, fall: 2, rise: 2, weight: -30 },
  timeouts: { connect: '5s', client: '1h', server: '1h', tunnel: '1h' },
  statsSocket: '/run/haproxy/haka.sock',
  statsBind: '127.0.0.1:8404',
  statsUser: 'admin',
} as const;

export interface PathContext {
  /** Folder of the inventory file: relative paths resolve against it. */
  folder: string;
  home: string;
}

/** `~` and `~/x` expand to home; relative paths resolve against the inventory's folder. */
export function resolvePath(path: string, context: PathContext): string {
  if (path === '~') return context.home;
  if (path.startsWith('~/')) return resolve(context.home, path.slice(2));
  return isAbsolute(path) ? resolve(path) : resolve(context.folder, path);
}

/** `file:` references become absolute so the secret resolver needs no context. */
export function normalizeSecretRef(ref: string, field: string, context: PathContext): SecretRef {
  if (!ref.startsWith('file:')) return { ref, field };
  return { ref: `file:${resolvePath(ref.slice('file:'.length), context)}`, field };
}

function buildSsh(defaults: RawSsh, override: RawSsh, context: PathContext): SshSettings {
  const merged: RawSsh = { ...defaults, ...override };
  const user = merged.user ?? DEFAULTS.sshUser;
  const identityFile =
    merged.identityFile === undefined ? undefined : resolvePath(merged.identityFile, context);
  const ssh: SshSettings = {
    user,
    port: merged.port ?? DEFAULTS.sshPort,
    knownHostsFile: resolvePath(merged.knownHostsFile ?? DEFAULTS.knownHostsFile, context),
    connectTimeoutMs: Math.round((merged.connectTimeout ?? DEFAULTS.connectTimeoutSeconds) * 1000),
  };
  if (identityFile !== undefined) ssh.identityFile = identityFile;
  if (merged.host !== undefined) ssh.host = merged.host;
  const explicit = (['user', 'port', 'identityFile', 'knownHostsFile'] as const).filter(
    (k) => merged[k] !== undefined,
  );
  if (explicit.length > 0) ssh.explicit = [...explicit];
  if (merged.jump) {
    // The bastion is reached with the host's user and key unless it names its own.
    const jump: JumpHost = {
      address: merged.jump.address,
      port: merged.jump.port ?? DEFAULTS.sshPort,
      user: merged.jump.user ?? user,
    };
    const jumpKey = merged.jump.identityFile ?? merged.identityFile;
    if (jumpKey !== undefined) jump.identityFile = resolvePath(jumpKey, context);
    ssh.jump = jump;
  }
  return ssh;
}

function buildVip(name: VipName, raw: RawVip): Vip {
  const [address = '', prefix = '32'] = raw.address.split('/');
  const vip: Vip = {
    name,
    address,
    prefix: Number(prefix),
    virtualRouterId: raw.virtualRouterId,
    ports: [...raw.ports],
    backendPorts: Object.fromEntries(
      Object.entries(raw.backendPorts ?? {}).map(([port, to]) => [Number(port), to]),
    ),
    check: raw.check ?? DEFAULTS.check[name],
    healthCheck: { ...DEFAULTS.healthCheck, ...raw.healthCheck },
    backends: Object.entries(raw.backends).map(([backend, addr]) => ({
      name: backend,
      address: addr,
    })),
    balance: raw.balance ?? DEFAULTS.balance,
    minBackendsUp: raw.minBackendsUp ?? DEFAULTS.minBackendsUp,
  };
  if (raw.intendedHolder !== undefined) vip.intendedHolder = raw.intendedHolder;
  if (raw.proxyProtocol !== undefined) vip.proxyProtocol = raw.proxyProtocol;
  if (raw.maxconn !== undefined) vip.maxconn = raw.maxconn;
  return vip;
}

function buildKeepalived(raw: RawKeepalived, context: PathContext): KeepalivedSettings {
  return {
    authPass: normalizeSecretRef(raw.authPass, 'keepalived.authPass', context),
    advertInt: raw.advertInt ?? DEFAULTS.advertInt,
    unicast: raw.unicast ?? DEFAULTS.unicast,
    scriptUser: raw.scriptUser ?? DEFAULTS.scriptUser,
    track: { ...DEFAULTS.track, ...raw.track },
    preempt: raw.preempt ?? DEFAULTS.preempt,
    preemptDelay: raw.preemptDelay ?? DEFAULTS.preemptDelay,
  };
}

function buildHaproxy(raw: RawHaproxy, context: PathContext): HaproxySettings {
  const settings: HaproxySettings = {
    timeouts: { ...DEFAULTS.timeouts, ...raw.timeouts },
    statsSocket: raw.statsSocket ?? DEFAULTS.statsSocket,
    maxconn: raw.maxconn ?? DEFAULTS.maxconn,
    hardStopAfter: raw.hardStopAfter ?? DEFAULTS.hardStopAfter,
    tcpKeepalive: raw.tcpKeepalive ?? DEFAULTS.tcpKeepalive,
    retries: raw.retries ?? DEFAULTS.retries,
  };
  if (raw.metrics) settings.metrics = { bind: raw.metrics.bind };
  if (raw.stats) {
    settings.stats = {
      bind: raw.stats.bind ?? DEFAULTS.statsBind,
      user: raw.stats.user ?? DEFAULTS.statsUser,
      password: normalizeSecretRef(raw.stats.password, 'haproxy.stats.password', context),
    };
  }
  return settings;
}

/** `file` must be absolute; `home` is where `~` points. */
export function buildInventory(raw: RawInventory, file: string, home: string): Inventory {
  const context: PathContext = { folder: dirname(file), home };
  const hosts: LbHost[] = Object.entries(raw.hosts).map(([name, host]) => {
    const lbHost: LbHost = {
      name,
      address: host.address,
      ssh: buildSsh(raw.ssh ?? {}, host.ssh ?? {}, context),
      priority: { api: host.priority.api, ingress: host.priority.ingress },
    };
    if (host.interface !== undefined) lbHost.interface = host.interface;
    return lbHost;
  });
  return {
    file,
    cluster: raw.cluster,
    hosts,
    vips: { api: buildVip('api', raw.vips.api), ingress: buildVip('ingress', raw.vips.ingress) },
    keepalived: buildKeepalived(raw.keepalived, context),
    haproxy: buildHaproxy(raw.haproxy ?? {}, context),
    ...(raw.flatcar ? { flatcar: buildFlatcar(raw.flatcar, context) } : {}),
    takeover: { leftovers: raw.takeover?.leftovers ?? DEFAULTS.leftovers },
  };
}
