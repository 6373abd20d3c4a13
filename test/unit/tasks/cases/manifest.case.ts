import { task } from '../../../../tasks/manifest.js';
import type { TaskCase } from '../support/task-case.js';
import { fileContent, setFile } from '../support/tweaks.js';

const MANIFEST = '/var/lib/haka/manifest.json';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'fresh: create the manifest',
    facts: 'debian12-fresh',
    reason: `create ${MANIFEST}`,
    changes: [
      { kind: 'file', path: MANIFEST, before: null, mode: '0644', notify: [], sensitive: false },
    ],
  },
  {
    name: 'unchanged host: no-op (no timestamps, stable order)',
    facts: 'debian12-converged',
    reason: `${MANIFEST} up to date`,
  },
  {
    name: 'an inventory edit does not touch the manifest',
    facts: 'debian12-converged',
    tweak: (_f, inventory) => void (inventory.vips.api.ports = [6443, 9345]),
    reason: `${MANIFEST} up to date`,
  },
  {
    name: 'a manifest reformatted by hand is rewritten in the stable form',
    facts: 'debian12-converged',
    tweak: (f) => setFile(f, MANIFEST, JSON.stringify(JSON.parse(fileContent(f, MANIFEST)))),
    reason: `update ${MANIFEST}`,
    changes: [{ kind: 'file', path: MANIFEST }],
  },
];
