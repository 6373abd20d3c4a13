import { task } from '../../../../tasks/script-user.js';
import type { TaskCase } from '../support/task-case.js';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'missing from /etc/passwd: create it',
    facts: 'debian12-fresh',
    reason: "create system user keepalived_script (runs keepalived's scripts)",
    changes: [{ kind: 'user', name: 'keepalived_script', action: 'create' }],
  },
  {
    name: 'the inventory names another user',
    facts: 'rhel9-fresh',
    tweak: (_f, inventory) => void (inventory.keepalived.scriptUser = 'vrrp_check'),
    reason: "create system user vrrp_check (runs keepalived's scripts)",
    changes: [{ kind: 'user', name: 'vrrp_check', action: 'create' }],
  },
  { name: 'present: no-op', facts: 'debian12-converged', reason: 'user keepalived_script exists' },
  {
    name: 'a name that only prefixes an existing user is not that user',
    facts: 'debian12-fresh',
    tweak: (_f, inventory) => void (inventory.keepalived.scriptUser = 'sys'),
    reason: 'user sys exists',
  },
];
