// /etc/haproxy/haproxy.cfg: validated with haproxy -c before it replaces anything, then reloaded.
import { renderHaproxyCfg } from './content/haproxy-cfg.js';
import { fileTaskOutcome } from './file-outcome.js';
import { manifestOf } from './manifest-model.js';
import { planFile } from './managed-file.js';
import { handlingOf } from './file-handling.js';
import { HAPROXY_CFG } from './paths.js';
import type { Task } from './task.js';

export const task: Task = {
  name: 'haproxy.cfg',
  plan({ inventory, secrets, facts, templates }) {
    const withStats = inventory.haproxy.stats !== undefined;
    const file = planFile(facts, manifestOf(facts), {
      path: HAPROXY_CFG,
      content: renderHaproxyCfg(templates, inventory, secrets),
      // The stats password is in it: not world-readable then.
      mode: withStats ? '0640' : '0644',
      ...handlingOf(HAPROXY_CFG),
      sensitive: withStats,
    });
    return fileTaskOutcome('haproxy.cfg', [file], `${HAPROXY_CFG} up to date`);
  },
};
