import { task } from '../../../../tasks/haproxy.js';
import type { TaskCase } from '../support/task-case.js';
import { editManifest, fileContent, setFile } from '../support/tweaks.js';

const CFG = '/etc/haproxy/haproxy.cfg';
const ORIGINAL = '/var/lib/haka/originals/etc/haproxy/haproxy.cfg';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'fresh: create, validated by haproxy -c, reload haproxy',
    facts: 'debian12-fresh',
    reason: `create ${CFG}`,
    changes: [
      {
        kind: 'file',
        path: CFG,
        before: null,
        mode: '0640',
        validate: 'haproxy',
        notify: [{ kind: 'reload', unit: 'haproxy' }],
        sensitive: true,
      },
    ],
  },
  {
    name: 'without a stats page: world-readable, not sensitive',
    inventory: 'production',
    facts: 'debian12-fresh',
    reason: `create ${CFG}`,
    changes: [{ kind: 'file', path: CFG, mode: '0644', sensitive: false }],
  },
  {
    name: "Debian's default config: saved to originals first, then replaced",
    facts: 'debian12-preinstalled',
    reason:
      /^replace \/etc\/haproxy\/haproxy.cfg \(\+\d+ -30 lines\), original saved to \/var\/lib\/haka\/originals\/etc\/haproxy\/haproxy.cfg$/,
    changes: [
      { kind: 'file', path: ORIGINAL, before: null, mode: '0644', notify: [] },
      {
        kind: 'file',
        path: CFG,
        validate: 'haproxy',
        notify: [{ kind: 'reload', unit: 'haproxy' }],
      },
    ],
  },
  {
    name: 'original already saved by an interrupted first run: not saved again',
    facts: 'debian12-preinstalled',
    tweak: (f) => setFile(f, ORIGINAL, fileContent(f, CFG)),
    reason: /^update \/etc\/haproxy\/haproxy.cfg/,
    changes: [{ kind: 'file', path: CFG }],
  },
  {
    name: 'a drifted file haka manages (in the manifest): updated, original not touched',
    facts: 'debian12-converged',
    tweak: (f) =>
      setFile(
        f,
        CFG,
        fileContent(f, CFG).replace('timeout client 1h', 'timeout client 30s'),
        '0640',
      ),
    reason: `update ${CFG} (+1 -1 lines)`,
    changes: [{ kind: 'file', path: CFG }],
  },
  {
    name: 'haka-written file without a manifest (first run cut short): not taken for an original',
    facts: 'debian12-converged',
    tweak: (f) => {
      setFile(
        f,
        CFG,
        fileContent(f, CFG).replace('timeout client 1h', 'timeout client 30s'),
        '0640',
      );
      editManifest(f, (m) => void (m.files = {}));
    },
    reason: `update ${CFG} (+1 -1 lines)`,
    changes: [{ kind: 'file', path: CFG }],
  },
  {
    name: 'a changed backend list: update',
    facts: 'debian12-converged',
    tweak: (_f, inventory) =>
      void inventory.vips.ingress.backends.push({ name: 'be3', address: '10.88.0.33' }),
    reason: `update ${CFG} (+4 -2 lines)`,
    changes: [{ kind: 'file', path: CFG }],
  },
  { name: 'up to date: no-op', facts: 'debian12-converged', reason: `${CFG} up to date` },
];
