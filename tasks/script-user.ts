// The unprivileged account keepalived runs its scripts as (enable_script_security).
import { userExists } from './host-facts.js';
import { PASSWD } from './paths.js';
import { noop, type Task } from './task.js';

export const task: Task = {
  name: 'script-user',
  plan({ inventory, facts }) {
    const user = inventory.keepalived.scriptUser;
    const found = userExists(facts, PASSWD, user);
    if (found === true) return noop('script-user', `user ${user} exists`);
    // null (unreadable /etc/passwd) is refused by the planner before any task runs.
    return {
      task: 'script-user',
      changes: [{ kind: 'user', name: user, action: 'create' }],
      reason: `create system user ${user} (runs keepalived's scripts)`,
    };
  },
};
