// haproxy.cfg for the whole cluster (identical on every LB): one frontend/backend per VIP port.
import type { Inventory, Secrets, Vip, VipName } from '../../src/inventory/types.js';
import { VIP_NAMES } from '../../src/inventory/types.js';
import { InternalError } from '../../src/errors.js';
import { CHECK_SCRIPT, HEALTH_ENDPOINT } from '../paths.js';
import type { Templates } from '../templates.js';
import { haproxyWord } from './quoting.js';

/** Ports whose backends speak TLS: an HTTP health check must use TLS there too. */
const TLS_PORTS: ReadonlySet<number> = new Set([443, 6443]);

export function frontendName(vip: Vip, port: number): string {
  return `fe_${vip.name}_${port}`;
}

/** Backend names, as HAProxy's runtime API (`show stat`) reports them to verification. */
export function backendName(vip: Vip, port: number): string {
  return `be_${vip.name}_${port}`;
}

/** The port the backends serve a VIP port on: the same one unless backendPorts maps it. */
export function backendPort(vip: Vip, port: number): number {
  return vip.backendPorts[port] ?? port;
}

/** The local health path for one VIP, asked by keepalived's check script with the VIP's name. */
export function vipHealthPath(uri: string, vip: VipName): string {
  return `${uri}/${vip}`;
}

/**
 * Health checks: `tls` proves a TLS handshake; `http` proves an HTTP 200 on the check path (a
 * K3s API answers 401 to anonymous clients, so `http` fits backends that answer without
 * credentials). With the PROXY protocol the checks send its header too, as traffic does.
 */
function checks(vip: Vip, port: number): { lines: string[]; serverArgs: string } {
  const proxy =
    vip.proxyProtocol === undefined
      ? ''
      : ` ${vip.proxyProtocol === 'v2' ? 'send-proxy-v2' : 'send-proxy'} check-send-proxy`;
  switch (vip.check) {
    case 'tcp':
      return { lines: [], serverArgs: `check${proxy}` };
    case 'tls':
      return { lines: [], serverArgs: `check check-ssl verify none${proxy}` };
    case 'http':
      return {
        lines: [
          `option httpchk GET ${haproxyWord(vip.healthCheck.path)}`,
          'http-check expect status 200',
        ],
        serverArgs: `${TLS_PORTS.has(port) ? 'check check-ssl verify none' : 'check'}${proxy}`,
      };
  }
}

function proxies(inventory: Inventory) {
  return VIP_NAMES.flatMap((name) => {
    const vip = inventory.vips[name];
    return vip.ports.map((port) => {
      const check = checks(vip, port);
      return {
        vip: name,
        address: vip.address,
        port,
        frontend: frontendName(vip, port),
        backend: backendName(vip, port),
        backendCount: vip.backends.length,
        checkKind: vip.check,
        checkLines: check.lines,
        balance: vip.balance,
        maxconn: vip.maxconn ?? inventory.haproxy.maxconn,
        timing: {
          interval: haproxyWord(vip.healthCheck.interval),
          fall: vip.healthCheck.fall,
          rise: vip.healthCheck.rise,
        },
        servers: vip.backends.map((b) => ({
          name: b.name,
          address: b.address,
          port: backendPort(vip, port),
          checkArgs: check.serverArgs,
        })),
      };
    });
  });
}

/** Per VIP: the health path and the backends whose usable servers decide it. */
function vipHealth(inventory: Inventory, uri: string) {
  return VIP_NAMES.map((name) => {
    const vip = inventory.vips[name];
    return {
      vip: name,
      path: vipHealthPath(uri, name),
      minUp: vip.minBackendsUp,
      backends: vip.ports.map((port) => backendName(vip, port)),
    };
  });
}

function stats(inventory: Inventory, secrets: Secrets): { bind: string; auth: string } | null {
  const settings = inventory.haproxy.stats;
  if (!settings) return null;
  if (secrets.statsPassword === undefined)
    throw new InternalError('haproxy.stats is set but its password secret was not resolved');
  return {
    bind: haproxyWord(settings.bind),
    auth: haproxyWord(`${settings.user}:${secrets.statsPassword}`),
  };
}

export function renderHaproxyCfg(
  templates: Templates,
  inventory: Inventory,
  secrets: Secrets,
  endpoint: { address: string; port: number; uri: string } = HEALTH_ENDPOINT,
): string {
  const t = inventory.haproxy.timeouts;
  return templates.render('haproxy.cfg.hbs', {
    cluster: inventory.cluster,
    statsSocket: haproxyWord(inventory.haproxy.statsSocket),
    timeouts: {
      connect: haproxyWord(t.connect),
      client: haproxyWord(t.client),
      server: haproxyWord(t.server),
      tunnel: haproxyWord(t.tunnel),
    },
    checkScript: CHECK_SCRIPT,
    health: { bind: `${endpoint.address}:${endpoint.port}`, uri: endpoint.uri },
    vipHealth: vipHealth(inventory, endpoint.uri),
    proxies: proxies(inventory),
    stats: stats(inventory, secrets),
    maxconn: inventory.haproxy.maxconn,
    hardStopAfter: haproxyWord(inventory.haproxy.hardStopAfter),
    retries: inventory.haproxy.retries,
    tcpKeepalive: inventory.haproxy.tcpKeepalive,
    metrics: inventory.haproxy.metrics
      ? { bind: haproxyWord(inventory.haproxy.metrics.bind) }
      : null,
  });
}
