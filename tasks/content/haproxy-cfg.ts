// haproxy.cfg for the whole cluster (identical on every LB): one frontend/backend per VIP port.
import type { Inventory, Secrets, Vip } from '../../src/inventory/types.js';
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

/** Health checks per DESIGN: K3s answers 401 to anonymous /readyz, so 401 counts as healthy. */
function checks(vip: Vip, port: number): { lines: string[]; serverArgs: string } {
  switch (vip.check) {
    case 'tcp':
      return { lines: [], serverArgs: 'check' };
    case 'tls':
      return { lines: [], serverArgs: 'check check-ssl verify none' };
    case 'http':
      return {
        lines: ['option httpchk GET /readyz', 'http-check expect rstatus ^(200|401)$'],
        serverArgs: TLS_PORTS.has(port) ? 'check check-ssl verify none' : 'check',
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
        servers: vip.backends.map((b) => ({
          name: b.name,
          address: b.address,
          port,
          checkArgs: check.serverArgs,
        })),
      };
    });
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
    proxies: proxies(inventory),
    stats: stats(inventory, secrets),
  });
}
