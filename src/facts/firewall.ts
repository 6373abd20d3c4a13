// Host firewalls that could drop VRRP (IP protocol 112) between the load balancers.
import { sh } from '../transport/sh.js';
import type { HostFacts } from './types.js';
import { lines, type Fact } from './fact.js';

export type FirewallState = HostFacts['firewall'];

export const firewallFact: Fact<FirewallState> = {
  name: 'firewall',
  // is-active prints 'inactive'/'unknown' for absent units; without systemctl the line is empty.
  command: sh`for u in firewalld nftables; do printf '%s %s\n' "$u" "$(systemctl is-active "$u" 2>/dev/null)"; done`,
  parse(output) {
    const state = new Map(lines(output).map((l) => [l.split(' ')[0], l.split(' ')[1] ?? '']));
    return {
      firewalldActive: state.get('firewalld') === 'active',
      nftablesActive: state.get('nftables') === 'active',
    };
  },
};
