import { task } from '../../../../tasks/systemd-dropins.js';
import type { TaskCase } from '../support/task-case.js';

const KEEPALIVED = '/etc/systemd/system/keepalived.service.d/override.conf';
const HAPROXY = '/etc/systemd/system/haproxy.service.d/haka.conf';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'fresh: both drop-ins, daemon-reload and a keepalived reload (never a restart: it would move the VIPs)',
    facts: 'debian12-fresh',
    reason: `create ${KEEPALIVED}; create ${HAPROXY}`,
    changes: [
      {
        kind: 'file',
        path: KEEPALIVED,
        notify: [{ kind: 'daemon-reload' }, { kind: 'reload', unit: 'keepalived' }],
      },
      { kind: 'file', path: HAPROXY, notify: [{ kind: 'daemon-reload' }] },
    ],
  },
  {
    name: 'another script user: the runtime folder owner changes',
    facts: 'debian12-converged',
    tweak: (_f, inventory) => void (inventory.keepalived.scriptUser = 'vrrp_check'),
    reason: `update ${KEEPALIVED} (+3 -3 lines)`,
    changes: [{ kind: 'file', path: KEEPALIVED }],
  },
  {
    name: 'up to date: no-op',
    facts: 'debian12-converged',
    reason: `${KEEPALIVED} and ${HAPROXY} up to date`,
  },
];
