// Preflight checks about VRRP instances: router ids, intended holders, backends.
import type { ConfigIssue } from '../errors.js';
import { closestName } from './did-you-mean.js';
import {
  atLine,
  byPriority,
  listing,
  priorityField,
  type PreflightCheck,
} from './preflight-context.js';
import { VIP_NAMES } from './types.js';

export const routerIdsValid: PreflightCheck = ({ inventory, error }) =>
  VIP_NAMES.filter((name) => {
    const id = inventory.vips[name].virtualRouterId;
    return !Number.isInteger(id) || id < 1 || id > 255;
  }).map((name) =>
    error(
      `vips.${name}.virtualRouterId`,
      `virtualRouterId must be between 1 and 255, got ${inventory.vips[name].virtualRouterId}`,
      'use a whole number from 1 to 255 that no other VRRP router on this network segment uses',
    ),
  );

export const routerIdsDistinct: PreflightCheck = ({ inventory, error, line }) => {
  const { api, ingress } = inventory.vips;
  if (api.virtualRouterId !== ingress.virtualRouterId) return [];
  const other = api.virtualRouterId === 255 ? 254 : api.virtualRouterId + 1;
  return [
    error(
      'vips.ingress.virtualRouterId',
      `api${atLine(line('vips.api.virtualRouterId'))} and ingress both use virtualRouterId ${api.virtualRouterId}: the two VRRP instances would form one group and fight over each other's VIP`,
      `give ingress another id, for example ${other}; ids are 1 to 255 and must be unique on the network segment`,
    ),
  ];
};

export const intendedHolderHighest: PreflightCheck = ({ inventory, error, line }) => {
  const issues: ConfigIssue[] = [];
  for (const name of VIP_NAMES) {
    const vip = inventory.vips[name];
    if (vip.intendedHolder === undefined) continue;
    const field = `vips.${name}.intendedHolder`;
    const holder = inventory.hosts.find((host) => host.name === vip.intendedHolder);
    if (!holder) {
      const names = inventory.hosts.map((host) => host.name);
      const suggestion = closestName(vip.intendedHolder, names);
      issues.push(
        error(
          field,
          `intendedHolder "${vip.intendedHolder}" is not a host under hosts (hosts: ${listing(names)})`,
          suggestion
            ? `did you mean "${suggestion}"?`
            : 'name one of the hosts, or remove intendedHolder',
        ),
      );
      continue;
    }
    const ranked = byPriority(inventory.hosts, name);
    const others = ranked.filter((host) => host !== holder);
    const top = others[0];
    if (!top || holder.priority[name] > top.priority[name]) continue;
    const lowest = others.every((host) => host.priority[name] > holder.priority[name]);
    const standing = lowest
      ? 'the lowest'
      : top.priority[name] === holder.priority[name]
        ? `tied with ${top.name}`
        : 'not the highest';
    const rivals = others.map((host) => `${host.name} has ${host.priority[name]}`);
    issues.push(
      error(
        field,
        `${holder.name} is the intended holder of the ${name} VIP but its ${name} priority ${holder.priority[name]}${atLine(line(priorityField(holder, name)))} is ${standing} (${listing(rivals)}), so keepalived elects ${top.name}`,
        `raise ${priorityField(holder, name)} above ${top.priority[name]}, for example to ${Math.min(254, top.priority[name] + 10)}, or set intendedHolder: ${top.name} if that host is meant to hold it`,
      ),
    );
  }
  return issues;
};

export const backendsNonEmpty: PreflightCheck = ({ inventory, error }) =>
  VIP_NAMES.filter((name) => inventory.vips[name].backends.length === 0).map((name) =>
    error(
      `vips.${name}.backends`,
      `the ${name} VIP has no backends: HAProxy would accept connections on it and drop them`,
      `list at least one backend under vips.${name}.backends, for example: ${name === 'api' ? 'master1: 10.17.4.21' : 'worker1: 10.17.4.24'}`,
    ),
  );
