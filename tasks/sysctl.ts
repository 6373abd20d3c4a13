// net.ipv4.ip_nonlocal_bind = 1, persistent (sysctl.d) and live, so HAProxy can bind VIPs
// this host does not hold.
import type { SysctlChange } from '../src/change/types.js';
import { renderSysctlConf } from './content/system-files.js';
import { fileTaskOutcome } from './file-outcome.js';
import { manifestOf } from './manifest-model.js';
import { planFile } from './managed-file.js';
import { SYSCTL_CONF } from './paths.js';
import type { Task } from './task.js';

export const NONLOCAL_BIND = 'net.ipv4.ip_nonlocal_bind';

export const task: Task = {
  name: 'sysctl',
  plan({ inventory, facts, templates }) {
    const file = planFile(facts, manifestOf(facts), {
      path: SYSCTL_CONF,
      content: renderSysctlConf(templates, inventory),
      mode: '0644',
      notify: [],
      sensitive: false,
    });
    const live = facts.sysctl[NONLOCAL_BIND] ?? null;
    const liveChange: SysctlChange[] =
      live === '1' ? [] : [{ kind: 'sysctl', key: NONLOCAL_BIND, before: live, after: '1' }];
    return fileTaskOutcome('sysctl', [file], `${NONLOCAL_BIND} = 1 (live and in ${SYSCTL_CONF})`, {
      changes: liveChange,
      summary: liveChange.length > 0 ? `set ${NONLOCAL_BIND} ${live ?? '(absent)'} → 1 now` : null,
    });
  },
};
