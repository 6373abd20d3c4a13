import { task } from '../../../../tasks/packages.js';
import type { TaskCase } from '../support/task-case.js';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'fresh Debian: one apt install of all three',
    facts: 'debian12-fresh',
    reason: 'install haproxy, keepalived, socat (apt)',
    changes: [
      {
        kind: 'package',
        manager: 'apt',
        action: 'install',
        names: ['haproxy', 'keepalived', 'socat'],
      },
    ],
  },
  {
    name: 'Debian with haproxy and keepalived: only the missing socat',
    facts: 'debian12-preinstalled',
    reason:
      'install socat (apt); haproxy, keepalived already installed (2.6.12-1+deb12u4, 1:2.2.7-1+b2)',
    changes: [{ kind: 'package', manager: 'apt', action: 'install', names: ['socat'] }],
  },
  {
    name: 'fresh RHEL 9: dnf',
    facts: 'rhel9-fresh',
    reason: 'install haproxy, keepalived, socat (dnf)',
    changes: [
      {
        kind: 'package',
        manager: 'dnf',
        action: 'install',
        names: ['haproxy', 'keepalived', 'socat'],
      },
    ],
  },
  {
    name: 'RHEL with only yum: yum',
    facts: 'rhel9-fresh',
    tweak: (f) => void (f.packageManager = 'yum'),
    reason: 'install haproxy, keepalived, socat (yum)',
    changes: [{ kind: 'package', manager: 'yum', names: ['haproxy', 'keepalived', 'socat'] }],
  },
  {
    name: 'all installed: no-op naming the versions',
    facts: 'debian12-converged',
    reason:
      'packages haproxy, keepalived, socat already installed (2.6.12-1+deb12u4, 1:2.2.7-1+b2, 1.7.4.4-2)',
  },
];
