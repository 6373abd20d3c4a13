// Preflight checks about the set of load-balancer hosts and their priorities.
import type { ConfigIssue } from '../errors.js';
import { atLine, priorityField, type PreflightCheck } from './preflight-context.js';
import { VIP_NAMES } from './types.js';

export const MIN_HOSTS = 2;
export const MAX_HOSTS = 8;

export const hostCount: PreflightCheck = ({ inventory, error }) => {
  const count = inventory.hosts.length;
  if (count < MIN_HOSTS) {
    return [
      error(
        'hosts',
        `only ${count} host(s) under hosts: a VIP needs at least ${MIN_HOSTS} keepalived hosts to fail over`,
        `add another load balancer under hosts; haka supports ${MIN_HOSTS} to ${MAX_HOSTS}`,
      ),
    ];
  }
  if (count > MAX_HOSTS) {
    return [
      error(
        'hosts',
        `${count} hosts under hosts: haka supports ${MIN_HOSTS} to ${MAX_HOSTS} load balancers per cluster (every host is a VRRP peer and restarts roll one host at a time)`,
        `keep at most ${MAX_HOSTS} hosts, or split them into several inventories with their own VIPs`,
      ),
    ];
  }
  return [];
};

export const hostAddressesDistinct: PreflightCheck = ({ inventory, error, line }) => {
  const firstByAddress = new Map<string, string>();
  const issues: ConfigIssue[] = [];
  for (const host of inventory.hosts) {
    const first = firstByAddress.get(host.address);
    if (first === undefined) {
      firstByAddress.set(host.address, host.name);
      continue;
    }
    issues.push(
      error(
        `hosts.${host.name}.address`,
        `${host.name} has the same address ${host.address} as ${first}${atLine(line(`hosts.${first}.address`))}: they would be one machine, not two VRRP peers`,
        `give ${host.name} its own address, or remove one of the two entries`,
      ),
    );
  }
  return issues;
};

/** 255 is reserved by VRRP for the owner of the address; 0 means "release". */
export const prioritiesInRange: PreflightCheck = ({ inventory, error }) =>
  inventory.hosts.flatMap((host) =>
    VIP_NAMES.filter((vip) => {
      const priority = host.priority[vip];
      return !Number.isInteger(priority) || priority < 1 || priority > 254;
    }).map((vip) =>
      error(
        priorityField(host, vip),
        `priority must be between 1 and 254, got ${host.priority[vip]}`,
        'use a whole number from 1 to 254 (255 is reserved for the address owner)',
      ),
    ),
  );

export const prioritiesDistinct: PreflightCheck = ({ inventory, error, line }) => {
  const issues: ConfigIssue[] = [];
  for (const vip of VIP_NAMES) {
    const firstByPriority = new Map<number, string>();
    for (const host of inventory.hosts) {
      const priority = host.priority[vip];
      const first = firstByPriority.get(priority);
      if (first === undefined) {
        firstByPriority.set(priority, host.name);
        continue;
      }
      const firstHost = inventory.hosts.find((h) => h.name === first);
      const firstLine = firstHost ? atLine(line(priorityField(firstHost, vip))) : '';
      issues.push(
        error(
          priorityField(host, vip),
          `${host.name} and ${first}${firstLine} both have ${vip} priority ${priority}: keepalived breaks the tie by the highest IP address, so which host holds the ${vip} VIP is not what the priorities say`,
          `give every host a different ${vip} priority (for example 120, 110, 100)`,
        ),
      );
    }
  }
  return issues;
};
