import { task } from '../../../../tasks/scripts.js';
import type { TaskCase } from '../support/task-case.js';
import { fileContent, setFile } from '../support/tweaks.js';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'fresh: both scripts, executable, no handler',
    facts: 'debian12-fresh',
    reason: 'create /etc/keepalived/haka-notify.sh; create /etc/keepalived/haka-check-haproxy.sh',
    changes: [
      { kind: 'file', path: '/etc/keepalived/haka-notify.sh', mode: '0755', notify: [] },
      { kind: 'file', path: '/etc/keepalived/haka-check-haproxy.sh', mode: '0755', notify: [] },
    ],
  },
  {
    name: 'a script lost its execute bit: mode only',
    facts: 'debian12-converged',
    tweak: (f) => {
      const path = '/etc/keepalived/haka-check-haproxy.sh';
      setFile(f, path, fileContent(f, path), '0644');
    },
    reason: 'mode of /etc/keepalived/haka-check-haproxy.sh 0644 → 0755',
    changes: [
      {
        kind: 'file',
        path: '/etc/keepalived/haka-check-haproxy.sh',
        modeBefore: '0644',
        mode: '0755',
      },
    ],
  },
  {
    name: 'a changed track interval changes the check timeout',
    facts: 'debian12-converged',
    tweak: (_f, inventory) => void (inventory.keepalived.track.interval = 3),
    reason: 'update /etc/keepalived/haka-check-haproxy.sh (+1 -1 lines)',
    changes: [{ kind: 'file', path: '/etc/keepalived/haka-check-haproxy.sh' }],
  },
  {
    name: 'up to date: no-op',
    facts: 'debian12-converged',
    reason: '/etc/keepalived/haka-notify.sh and /etc/keepalived/haka-check-haproxy.sh up to date',
  },
];
