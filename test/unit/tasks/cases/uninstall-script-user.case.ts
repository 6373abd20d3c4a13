import { task } from '../../../../tasks/uninstall/script-user.js';
import type { TaskCase } from '../support/task-case.js';
import { editManifest } from '../support/tweaks.js';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'haka created it: removed',
    facts: 'debian12-converged',
    reason: 'remove user keepalived_script (haka created it)',
    changes: [{ kind: 'user', name: 'keepalived_script', action: 'remove' }],
  },
  {
    name: 'it existed before haka: kept',
    facts: 'debian12-converged',
    tweak: (f) => editManifest(f, (m) => void (m.createdUsers = [])),
    reason: 'haka created no user here (keepalived_script existed before)',
  },
];
