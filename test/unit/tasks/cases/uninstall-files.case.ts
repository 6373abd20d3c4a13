import { task } from '../../../../tasks/uninstall/files.js';
import type { TaskCase } from '../support/task-case.js';
import { editManifest, removeFile, setFile } from '../support/tweaks.js';

const CFG = '/etc/haproxy/haproxy.cfg';
const ORIGINAL = '/var/lib/haka/originals/etc/haproxy/haproxy.cfg';
const CREATED = [
  CFG,
  '/etc/keepalived/haka-check-haproxy.sh',
  '/etc/keepalived/haka-notify.sh',
  '/etc/keepalived/keepalived.conf',
];

function haproxyCfgExistedBefore(m: Record<string, unknown>): void {
  (m.files as Record<string, unknown>)[CFG] = {
    existedBefore: true,
    original: ORIGINAL,
    modeBefore: '0644',
  };
}

export { task };
export const cases: TaskCase[] = [
  {
    name: 'created by haka: deleted (with the folders haka created, when empty)',
    facts: 'debian12-converged',
    reason: CREATED.map((p) => `delete ${p} (haka created it)`).join('; '),
    changes: [
      { kind: 'file', path: CFG, after: null, notify: [], removeEmptyDirs: ['/etc/haproxy'] },
      { kind: 'file', path: CREATED[1], after: null, removeEmptyDirs: ['/etc/keepalived'] },
      { kind: 'file', path: CREATED[2], after: null },
      { kind: 'file', path: CREATED[3], after: null, sensitive: true },
    ],
  },
  {
    name: 'replaced by haka: the original comes back, and HAProxy reloads it',
    facts: 'debian12-converged',
    tweak: (f) => {
      editManifest(f, haproxyCfgExistedBefore);
      setFile(f, ORIGINAL, 'global\n    daemon\n');
      CREATED.slice(1).forEach((p) => removeFile(f, p));
    },
    reason: `restore ${CFG} from ${ORIGINAL}`,
    changes: [
      {
        kind: 'file',
        path: CFG,
        after: 'global\n    daemon\n',
        mode: '0644',
        notify: [{ kind: 'reload', unit: 'haproxy' }],
      },
    ],
  },
  {
    name: 'original gone: the file is left as is, and the reason says so',
    facts: 'debian12-converged',
    tweak: (f) => {
      editManifest(f, haproxyCfgExistedBefore);
      CREATED.slice(1).forEach((p) => removeFile(f, p));
    },
    reason: `original of ${CFG} is missing (${ORIGINAL}): left as is`,
  },
  {
    name: 'nothing left: no-op',
    facts: 'debian12-converged',
    tweak: (f) => CREATED.forEach((p) => removeFile(f, p)),
    reason: `${[...CREATED].sort().join(', ')} are as haka found them`,
  },
];
