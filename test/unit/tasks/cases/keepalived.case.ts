import { task } from '../../../../tasks/keepalived.js';
import type { TaskCase } from '../support/task-case.js';

const CONF = '/etc/keepalived/keepalived.conf';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'fresh: create, sensitive (auth_pass), validated by keepalived -t, reload keepalived',
    facts: 'debian12-fresh',
    reason: `create ${CONF}`,
    changes: [
      {
        kind: 'file',
        path: CONF,
        before: null,
        mode: '0640',
        validate: 'keepalived',
        notify: [{ kind: 'reload', unit: 'keepalived' }],
        sensitive: true,
      },
    ],
  },
  {
    name: 'a new priority for this host: both instances change',
    facts: 'debian12-converged',
    tweak: (_f, inventory) => {
      const lb1 = inventory.hosts[0];
      if (lb1) lb1.priority = { api: 160, ingress: 160 };
    },
    reason: `update ${CONF} (+2 -2 lines)`,
    changes: [{ kind: 'file', path: CONF }],
  },
  {
    name: "another host's priority: this host's file does not change",
    facts: 'debian12-converged',
    tweak: (_f, inventory) => {
      const lb3 = inventory.hosts[2];
      if (lb3) lb3.priority.api = 60;
    },
    reason: `${CONF} up to date`,
  },
  {
    name: 'RHEL: the VIP interface found by subnet (ens192)',
    facts: 'rhel9-fresh',
    reason: `create ${CONF}`,
    changes: [{ kind: 'file', path: CONF, after: expectInterface('ens192') }],
  },
  { name: 'up to date: no-op', facts: 'debian12-converged', reason: `${CONF} up to date` },
];

function expectInterface(name: string): string {
  // toMatchObject compares strings exactly; match the interface lines through a getter instead.
  return {
    asymmetricMatch: (s: string) =>
      s.includes(`interface ${name}\n`) && s.includes(`dev ${name}\n`),
  } as unknown as string;
}
