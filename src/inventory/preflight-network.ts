// Preflight checks about addresses: VIP subnets, collisions, ports.
import type { ConfigIssue } from '../errors.js';
import { cidrOf, sameSubnet } from './net.js';
import { atLine, listing, type PreflightCheck } from './preflight-context.js';
import { VIP_NAMES } from './types.js';

/** A host can only take a VIP over if it lives on the VIP's subnet (or the VIP is routed to it). */
export const vipInHostSubnets: PreflightCheck = ({ inventory, error, warning }) => {
  const issues: ConfigIssue[] = [];
  for (const name of VIP_NAMES) {
    const vip = inventory.vips[name];
    const outside = inventory.hosts.filter((h) => !sameSubnet(h.address, vip.address, vip.prefix));
    if (outside.length === 0) continue;
    const subnet = cidrOf(vip.address, vip.prefix) ?? `${vip.address}/${vip.prefix}`;
    const strangers = listing(outside.map((h) => `${h.name} (${h.address})`));
    const field = `vips.${name}.address`;
    if (inventory.keepalived.unicast) {
      issues.push(
        warning(
          field,
          `the ${name} VIP ${vip.address} is outside the subnet of ${strangers}; unicast VRRP lets the peers talk, but clients reach the VIP on those hosts only if the network routes ${vip.address} to whichever host holds it`,
          `make sure ${vip.address} is routed to the segments of ${listing(outside.map((h) => h.name))}, or move those hosts into ${subnet}`,
        ),
      );
      continue;
    }
    issues.push(
      error(
        field,
        `the ${name} VIP ${vip.address}/${vip.prefix} is outside the subnet of ${strangers}: multicast VRRP only reaches peers on one L2 segment, and a host cannot announce a VIP that is not on its own subnet, so those hosts can never take the VIP over`,
        `move ${listing(outside.map((h) => h.name))} onto ${subnet} so every load balancer shares the VIP's segment, or set keepalived.unicast: true, set hosts.NAME.interface on the hosts off the subnet (they get the VIP as /32) and have the network route ${vip.address} to every load balancer's segment`,
      ),
    );
  }
  return issues;
};

/** keepalived removes the VIP on BACKUP: if it is a real address, that host loses it. */
export const vipNotHostOrBackend: PreflightCheck = ({ inventory, error, line }) => {
  const issues: ConfigIssue[] = [];
  for (const name of VIP_NAMES) {
    const vip = inventory.vips[name];
    const field = `vips.${name}.address`;
    for (const host of inventory.hosts.filter((h) => h.address === vip.address)) {
      issues.push(
        error(
          field,
          `the ${name} VIP ${vip.address} is the address of host ${host.name}${atLine(line(`hosts.${host.name}.address`))}: keepalived would add and remove that host's own address on failover`,
          `choose an unused address in ${cidrOf(vip.address, vip.prefix) ?? 'the subnet'} for the ${name} VIP`,
        ),
      );
    }
    const clashes = VIP_NAMES.flatMap((vipName) =>
      inventory.vips[vipName].backends
        .filter((backend) => backend.address === vip.address)
        .map(
          (backend) =>
            `${backend.name} of ${vipName}${atLine(line(`vips.${vipName}.backends.${backend.name}`))}`,
        ),
    );
    if (clashes.length > 0) {
      issues.push(
        error(
          field,
          `the ${name} VIP ${vip.address} is the address of backend ${listing(clashes)}: traffic would loop or reach the wrong machine`,
          `choose an unused address for the ${name} VIP, or correct the backend's address`,
        ),
      );
    }
  }
  return issues;
};

export const vipsDistinct: PreflightCheck = ({ inventory, error, line }) => {
  const { api, ingress } = inventory.vips;
  if (api.address !== ingress.address) return [];
  return [
    error(
      'vips.ingress.address',
      `api${atLine(line('vips.api.address'))} and ingress use the same VIP ${api.address}: two VRRP instances would each add and remove it, and when they elect different holders the address is on two hosts at once`,
      'give the ingress VIP its own unused address',
    ),
  ];
};

export const portsDistinctOnSharedAddress: PreflightCheck = ({ inventory, error }) => {
  const { api, ingress } = inventory.vips;
  if (api.address !== ingress.address) return [];
  const shared = ingress.ports.filter((port) => api.ports.includes(port));
  if (shared.length === 0) return [];
  return [
    error(
      'vips.ingress.ports',
      `port(s) ${shared.join(', ')} are used by both api and ingress on the same address ${api.address}: HAProxy cannot bind the same address and port twice`,
      'use different ports, or (better) a different address for each VIP',
    ),
  ];
};
