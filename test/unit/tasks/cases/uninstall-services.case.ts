import { task } from '../../../../tasks/uninstall/services.js';
import { NO_MANIFEST } from '../../../../tasks/uninstall/with-manifest.js';
import type { TaskCase } from '../support/task-case.js';
import { editManifest } from '../support/tweaks.js';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'haka enabled and started both: stop and disable, keepalived first',
    facts: 'debian12-converged',
    reason:
      'stop keepalived, disable keepalived, stop haproxy, disable haproxy (haka started/enabled them)',
    changes: [
      { kind: 'service', unit: 'keepalived', action: 'stop' },
      { kind: 'service', unit: 'keepalived', action: 'disable' },
      { kind: 'service', unit: 'haproxy', action: 'stop' },
      { kind: 'service', unit: 'haproxy', action: 'disable' },
    ],
  },
  {
    name: 'haproxy ran before haka: it keeps running',
    facts: 'debian12-converged',
    tweak: (f) =>
      editManifest(f, (m) => {
        (m.services as Record<string, unknown>).haproxy = {
          enabledBefore: true,
          activeBefore: true,
        };
      }),
    reason: 'stop keepalived, disable keepalived (haka started/enabled them)',
    changes: [
      { kind: 'service', unit: 'keepalived', action: 'stop' },
      { kind: 'service', unit: 'keepalived', action: 'disable' },
    ],
  },
  { name: 'no manifest: nothing to do', facts: 'debian12-fresh', reason: NO_MANIFEST },
];
