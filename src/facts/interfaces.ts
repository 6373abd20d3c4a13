// Network interfaces and their addresses, from iproute2's JSON output (ip -j, iproute2 >= 4.14).
import { sh } from '../transport/sh.js';
import type { InterfaceFact } from './types.js';
import { factError, type Fact } from './fact.js';

interface IpAddrJson {
  ifname?: unknown;
  flags?: unknown;
  addr_info?: unknown;
}

interface IpAddrInfoJson {
  local?: unknown;
  prefixlen?: unknown;
}

export const interfacesFact: Fact<InterfaceFact[]> = {
  name: 'interfaces',
  command: sh`ip -j addr show`,
  parse(output, exitCode) {
    if (exitCode !== 0)
      throw factError(
        'interfaces',
        `'ip -j addr show' failed (exit ${exitCode}); is iproute2 installed?`,
      );
    return parseIpAddrJson(output);
  },
};

export function parseIpAddrJson(output: string): InterfaceFact[] {
  let data: unknown;
  try {
    data = JSON.parse(output);
  } catch (err) {
    throw factError(
      'interfaces',
      `'ip -j addr show' did not print JSON: ${(err as Error).message}`,
    );
  }
  if (!Array.isArray(data))
    throw factError('interfaces', `'ip -j addr show' printed ${typeof data}, not an array`);
  // Some iproute2 versions emit an empty {} for interfaces that vanish mid-dump: skip those.
  return (data as IpAddrJson[])
    .filter((i) => typeof i.ifname === 'string')
    .map((i) => ({
      name: i.ifname as string,
      up: Array.isArray(i.flags) && i.flags.includes('UP'),
      addresses: (Array.isArray(i.addr_info) ? (i.addr_info as IpAddrInfoJson[]) : [])
        .filter((a) => typeof a.local === 'string' && typeof a.prefixlen === 'number')
        .map((a) => ({ address: a.local as string, prefix: a.prefixlen as number })),
    }));
}
