// Preflight checks of the production-behaviour keys: port mapping, backend-aware tracking,
// health checks, preemption, limits, metrics and off-subnet hosts.
import type { ConfigIssue } from '../errors.js';
import { sameSubnet } from './net.js';
import { listing, type PreflightCheck } from './preflight-context.js';
import { VIP_NAMES } from './types.js';

/** The loopback port of the health endpoint keepalived's check script asks (tasks/paths.ts). */
const HEALTH_PORT = 8405;

export const backendPortsKnown: PreflightCheck = ({ inventory, error }) =>
  VIP_NAMES.flatMap((name) => {
    const vip = inventory.vips[name];
    return Object.keys(vip.backendPorts)
      .map(Number)
      .filter((port) => !vip.ports.includes(port))
      .map((port) =>
        error(
          `vips.${name}.backendPorts.${port}`,
          `backendPorts maps port ${port}, which is not one of the ${name} VIP's ports (${vip.ports.join(', ')}): HAProxy does not listen on it, so the mapping would do nothing`,
          `add ${port} to vips.${name}.ports, or map one of ${vip.ports.join(', ')} instead`,
        ),
      );
  });

/** A threshold no host can ever meet makes every host give the VIP up. */
export const minBackendsUpReachable: PreflightCheck = ({ inventory, error }) =>
  VIP_NAMES.filter((name) => {
    const vip = inventory.vips[name];
    return vip.backends.length > 0 && vip.minBackendsUp > vip.backends.length;
  }).map((name) => {
    const vip = inventory.vips[name];
    return error(
      `vips.${name}.minBackendsUp`,
      `minBackendsUp ${vip.minBackendsUp} is more than the ${vip.backends.length} backend(s) of the ${name} VIP: every load balancer would count as unable to serve it, all the time`,
      `set vips.${name}.minBackendsUp to at most ${vip.backends.length} (1 means: give the VIP up only when no backend is reachable)`,
    );
  });

/** `http` expects 200: an API server that answers 401 to anonymous clients is never UP. */
export const httpCheckProvesReadiness: PreflightCheck = ({ inventory, warning }) => {
  const issues: ConfigIssue[] = [];
  for (const name of VIP_NAMES) {
    const vip = inventory.vips[name];
    if (vip.check !== 'http' && vip.healthCheck.path !== '/readyz')
      issues.push(
        warning(
          `vips.${name}.healthCheck.path`,
          `healthCheck.path ${vip.healthCheck.path} is set but the ${name} VIP's check is ${vip.check}: only an http check asks a path`,
          `set vips.${name}.check: http to use the path, or remove healthCheck.path`,
        ),
      );
    if (name === 'api' && vip.check === 'http')
      issues.push(
        warning(
          'vips.api.check',
          `check: http expects HTTP 200 from ${vip.healthCheck.path}; a K3s API server answers 401 to anonymous clients, so every master would be marked DOWN and the API VIP would refuse connections`,
          'use check: tls (a TLS handshake, the default for the API) unless the API servers answer the path without credentials',
        ),
      );
  }
  return issues;
};

export const preemptDelayUsed: PreflightCheck = ({ inventory, warning }) => {
  const k = inventory.keepalived;
  if (k.preempt || k.preemptDelay === 0) return [];
  return [
    warning(
      'keepalived.preemptDelay',
      `preemptDelay ${k.preemptDelay} has no effect with preempt: false (a recovered host never takes a VIP back)`,
      'remove preemptDelay, or set preempt: true to take VIPs back after the delay',
    ),
  ];
};

export const vipMaxconnWithinGlobal: PreflightCheck = ({ inventory, warning }) =>
  VIP_NAMES.filter((name) => (inventory.vips[name].maxconn ?? 0) > inventory.haproxy.maxconn).map(
    (name) =>
      warning(
        `vips.${name}.maxconn`,
        `the ${name} VIP's maxconn ${inventory.vips[name].maxconn} is above haproxy.maxconn ${inventory.haproxy.maxconn}: HAProxy stops accepting at the global limit first`,
        `raise haproxy.maxconn to at least ${inventory.vips[name].maxconn}, or lower vips.${name}.maxconn`,
      ),
  );

const portOf = (bind: string): number => Number(bind.slice(bind.lastIndexOf(':') + 1));

export const metricsBindFree: PreflightCheck = ({ inventory, error }) => {
  const metrics = inventory.haproxy.metrics;
  if (!metrics) return [];
  const port = portOf(metrics.bind);
  const taken: string[] = [];
  if (port === HEALTH_PORT) taken.push(`haka's health endpoint (127.0.0.1:${HEALTH_PORT})`);
  const stats = inventory.haproxy.stats;
  if (stats && portOf(stats.bind) === port) taken.push(`the stats page (${stats.bind})`);
  if (taken.length === 0) return [];
  return [
    error(
      'haproxy.metrics.bind',
      `metrics bind ${metrics.bind} uses the port of ${listing(taken)}: HAProxy cannot bind it twice`,
      'choose another port, for example 127.0.0.1:8406',
    ),
  ];
};

/**
 * A host off a VIP's subnet (unicast) gets the VIP as /32 and cannot find "the interface holding
 * the VIP subnet": it needs `interface` in the inventory.
 */
export const offSubnetInterfaceNamed: PreflightCheck = ({ inventory, error }) => {
  if (!inventory.keepalived.unicast) return [];
  return inventory.hosts
    .filter((host) => host.interface === undefined)
    .filter((host) =>
      VIP_NAMES.some((name) => {
        const vip = inventory.vips[name];
        return !sameSubnet(host.address, vip.address, vip.prefix);
      }),
    )
    .map((host) =>
      error(
        `hosts.${host.name}`,
        `${host.name} (${host.address}) is off a VIP's subnet: haka renders the VIP there as /32 (no on-link route for the whole subnet) and cannot pick its interface by subnet`,
        `set hosts.${host.name}.interface to the interface that should carry the VIPs, for example eth0`,
      ),
    );
};
