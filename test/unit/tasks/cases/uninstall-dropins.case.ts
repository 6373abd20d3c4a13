import { task } from '../../../../tasks/uninstall/dropins.js';
import { NO_MANIFEST } from '../../../../tasks/uninstall/with-manifest.js';
import type { TaskCase } from '../support/task-case.js';
import { removeFile } from '../support/tweaks.js';

const KEEPALIVED = '/etc/systemd/system/keepalived.service.d/override.conf';
const HAPROXY = '/etc/systemd/system/haproxy.service.d/haka.conf';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'delete both, their folders (haka created them) and daemon-reload',
    facts: 'debian12-converged',
    reason: `delete ${KEEPALIVED} (haka created it); delete ${HAPROXY} (haka created it)`,
    changes: [
      {
        kind: 'file',
        path: KEEPALIVED,
        after: null,
        notify: [{ kind: 'daemon-reload' }],
        removeEmptyDirs: ['/etc/systemd/system/keepalived.service.d'],
      },
      {
        kind: 'file',
        path: HAPROXY,
        after: null,
        notify: [{ kind: 'daemon-reload' }],
        removeEmptyDirs: ['/etc/systemd/system/haproxy.service.d'],
      },
    ],
  },
  {
    name: 'already gone: no-op',
    facts: 'debian12-converged',
    tweak: (f) => {
      removeFile(f, KEEPALIVED);
      removeFile(f, HAPROXY);
    },
    reason: 'no haka drop-ins left',
  },
  { name: 'no manifest: nothing to do', facts: 'debian12-fresh', reason: NO_MANIFEST },
];
