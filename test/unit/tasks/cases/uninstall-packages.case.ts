import { task } from '../../../../tasks/uninstall/packages.js';
import type { TaskCase } from '../support/task-case.js';
import { editManifest, setFile } from '../support/tweaks.js';

const RECORD = '/var/lib/haka/installed-packages.list';

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
  {
    name: 'with --purge: the dependencies the install recorded too (read as facts), never an option-like name',
    facts: 'debian12-converged',
    purge: true,
    tweak: (f) =>
      setFile(
        f,
        RECORD,
        'haproxy\nliblua5.3-0\nlibopentracing-c-wrapper0:amd64\n--force-all\n$(touch /x)\n\n',
      ),
    reason:
      'purge haproxy, keepalived, socat and 2 dependencies it brought in (apt; installed by haka)',
    changes: [
      {
        kind: 'package',
        names: ['haproxy', 'keepalived', 'socat', 'liblua5.3-0', 'libopentracing-c-wrapper0:amd64'],
      },
    ],
  },
];
