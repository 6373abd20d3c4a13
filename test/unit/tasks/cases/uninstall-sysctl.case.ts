import { task } from '../../../../tasks/uninstall/sysctl.js';
import type { TaskCase } from '../support/task-case.js';
import { editManifest, removeFile } from '../support/tweaks.js';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'delete the file and put the live value back',
    facts: 'debian12-converged',
    reason:
      'delete /etc/sysctl.d/90-haka.conf (haka created it); set net.ipv4.ip_nonlocal_bind 1 → 0 now',
    changes: [
      { kind: 'file', path: '/etc/sysctl.d/90-haka.conf', after: null },
      { kind: 'sysctl', key: 'net.ipv4.ip_nonlocal_bind', before: '1', after: '0' },
    ],
  },
  {
    name: 'it was already 1 before haka: only the file goes',
    facts: 'debian12-converged',
    tweak: (f) => editManifest(f, (m) => void (m.sysctl = { 'net.ipv4.ip_nonlocal_bind': '1' })),
    reason: 'delete /etc/sysctl.d/90-haka.conf (haka created it)',
    changes: [{ kind: 'file', path: '/etc/sysctl.d/90-haka.conf', after: null }],
  },
  {
    name: 'done already: no-op',
    facts: 'debian12-converged',
    tweak: (f) => {
      removeFile(f, '/etc/sysctl.d/90-haka.conf');
      f.sysctl['net.ipv4.ip_nonlocal_bind'] = '0';
    },
    reason: '/etc/sysctl.d/90-haka.conf and net.ipv4.ip_nonlocal_bind = 0 are as haka found them',
  },
];
