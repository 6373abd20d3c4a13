import { task } from '../../../../tasks/services.js';
import type { TaskCase } from '../support/task-case.js';
import { setUnit } from '../support/tweaks.js';

export { task };
export const cases: TaskCase[] = [
  {
    name: 'fresh (units not installed yet): enable and start both',
    facts: 'debian12-fresh',
    reason: 'enable haproxy, start haproxy, enable keepalived, start keepalived',
    changes: [
      { kind: 'service', unit: 'haproxy', action: 'enable' },
      { kind: 'service', unit: 'haproxy', action: 'start' },
      { kind: 'service', unit: 'keepalived', action: 'enable' },
      { kind: 'service', unit: 'keepalived', action: 'start' },
    ],
  },
  {
    name: 'Debian preinstalled: haproxy runs, keepalived enabled but waiting for a config',
    facts: 'debian12-preinstalled',
    reason: 'start keepalived',
    changes: [{ kind: 'service', unit: 'keepalived', action: 'start' }],
  },
  {
    name: 'a masked unit is left alone',
    facts: 'debian12-converged',
    tweak: (f) => setUnit(f, 'keepalived.service', { masked: true }),
    reason: 'keepalived.service is masked: left alone',
  },
  {
    name: 'running and enabled: no-op',
    facts: 'debian12-converged',
    reason: 'haproxy.service and keepalived.service enabled and running',
  },
];
