import { task } from '../../../../tasks/uninstall/state.js';
import type { TaskCase } from '../support/task-case.js';
import { editManifest, setFile } from '../support/tweaks.js';

const ORIGINAL = '/var/lib/haka/originals/etc/haproxy/haproxy.cfg';
const KEPT = '/var/lib/haka/previous/etc/haproxy/haproxy.cfg';
const RECORD = '/var/lib/haka/installed-packages.list';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'the manifest goes last, with the state folder haka created',
    facts: 'debian12-converged',
    reason: 'delete /var/lib/haka/manifest.json',
    changes: [
      {
        kind: 'file',
        path: '/var/lib/haka/manifest.json',
        after: null,
        removeEmptyDirs: ['/var/lib/haka'],
      },
    ],
  },
  {
    name: 'saved originals first, never printed (sensitive)',
    facts: 'debian12-converged',
    tweak: (f) => {
      setFile(f, ORIGINAL, 'global\n');
      editManifest(f, (m) => {
        (m.files as Record<string, unknown>)['/etc/haproxy/haproxy.cfg'] = {
          existedBefore: true,
          original: ORIGINAL,
          modeBefore: '0644',
        };
      });
    },
    reason: 'delete 1 saved original(s) and /var/lib/haka/manifest.json',
    changes: [
      {
        kind: 'file',
        path: ORIGINAL,
        after: null,
        sensitive: true,
        removeEmptyDirs: [
          '/var/lib/haka/originals/etc/haproxy',
          '/var/lib/haka/originals/etc',
          '/var/lib/haka/originals',
        ],
      },
      { kind: 'file', path: '/var/lib/haka/manifest.json', after: null },
    ],
  },
  {
    name: 'no manifest file left: no-op',
    facts: 'debian12-fresh',
    reason: /no haka manifest/,
  },
  {
    name: 'the last known good set and the packages record, file by file, before the manifest',
    facts: 'debian12-converged',
    tweak: (f) => {
      setFile(f, KEPT, 'global\n');
      setFile(f, '/var/lib/haka/previous/etc/keepalived/keepalived.conf.absent', '');
      setFile(f, RECORD, 'liblua5.3-0\n');
    },
    reason: 'delete the last known good set (2 file(s)) and /var/lib/haka/manifest.json',
    changes: [
      {
        kind: 'file',
        path: KEPT,
        after: null,
        sensitive: true,
        copyOf: '/etc/haproxy/haproxy.cfg',
        removeEmptyDirs: [
          '/var/lib/haka/previous/etc/haproxy',
          '/var/lib/haka/previous/etc',
          '/var/lib/haka/previous',
        ],
      },
      {
        kind: 'file',
        path: '/var/lib/haka/previous/etc/keepalived/keepalived.conf.absent',
        after: null,
      },
      { kind: 'file', path: RECORD, after: null, removeEmptyDirs: [] },
      { kind: 'file', path: '/var/lib/haka/manifest.json', after: null },
    ],
  },
];
