import { task } from '../../../../tasks/uninstall/packages.js';
import type { TaskCase } from '../support/task-case.js';
import { editManifest } from '../support/tweaks.js';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'without --purge: kept, and the reason says how to remove them',
    facts: 'debian12-converged',
    reason: 'packages haproxy, keepalived, socat kept (installed by haka; --purge removes them)',
  },
  {
    name: 'with --purge: purge what haka installed',
    facts: 'debian12-converged',
    purge: true,
    reason: 'purge haproxy, keepalived, socat (apt; installed by haka)',
    changes: [
      {
        kind: 'package',
        manager: 'apt',
        action: 'purge',
        names: ['haproxy', 'keepalived', 'socat'],
      },
    ],
  },
  {
    name: 'with --purge, packages that were there before haka stay',
    facts: 'debian12-converged',
    purge: true,
    tweak: (f) =>
      editManifest(f, (m) => void (m.packages = { manager: 'apt', installed: ['socat'] })),
    reason: 'purge socat (apt; installed by haka)',
    changes: [{ kind: 'package', names: ['socat'] }],
  },
];
