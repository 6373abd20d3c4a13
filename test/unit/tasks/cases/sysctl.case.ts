import { task } from '../../../../tasks/sysctl.js';
import type { TaskCase } from '../support/task-case.js';
import { removeFile } from '../support/tweaks.js';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'fresh: the sysctl.d file and the live value',
    facts: 'debian12-fresh',
    reason: 'create /etc/sysctl.d/90-haka.conf; set net.ipv4.ip_nonlocal_bind 0 → 1 now',
    changes: [
      { kind: 'file', path: '/etc/sysctl.d/90-haka.conf', before: null, mode: '0644', notify: [] },
      { kind: 'sysctl', key: 'net.ipv4.ip_nonlocal_bind', before: '0', after: '1' },
    ],
  },
  {
    name: 'live value already 1 (set by hand): only the file',
    facts: 'debian12-fresh',
    tweak: (f) => void (f.sysctl['net.ipv4.ip_nonlocal_bind'] = '1'),
    reason: 'create /etc/sysctl.d/90-haka.conf',
    changes: [{ kind: 'file', path: '/etc/sysctl.d/90-haka.conf' }],
  },
  {
    name: 'file in place but the live value was reset: only the live value',
    facts: 'debian12-converged',
    tweak: (f) => void (f.sysctl['net.ipv4.ip_nonlocal_bind'] = '0'),
    reason: 'set net.ipv4.ip_nonlocal_bind 0 → 1 now',
    changes: [{ kind: 'sysctl', key: 'net.ipv4.ip_nonlocal_bind', before: '0', after: '1' }],
  },
  {
    name: 'file deleted by someone: recreated',
    facts: 'debian12-converged',
    tweak: (f) => removeFile(f, '/etc/sysctl.d/90-haka.conf'),
    reason: 'create /etc/sysctl.d/90-haka.conf',
    changes: [{ kind: 'file', path: '/etc/sysctl.d/90-haka.conf', before: null }],
  },
  {
    name: 'in place and live: no-op',
    facts: 'debian12-converged',
    reason: 'net.ipv4.ip_nonlocal_bind = 1 (live and in /etc/sysctl.d/90-haka.conf)',
  },
];
