// /etc/keepalived/keepalived.conf: per host (priority, interface, peers); holds the VRRP password.
import { InternalError } from '../src/errors.js';
import { renderKeepalivedConf } from './content/keepalived-conf.js';
import { fileTaskOutcome } from './file-outcome.js';
import { manifestOf } from './manifest-model.js';
import { planFile } from './managed-file.js';
import { KEEPALIVED_CONF } from './paths.js';
import type { Task } from './task.js';
import { resolveVipInterfaces } from './vip-interfaces.js';
import { handlingOf } from './file-handling.js';

export const task: Task = {
  name: 'keepalived.conf',
  plan({ inventory, secrets, host, facts, templates }) {
    const resolved = resolveVipInterfaces(host, inventory, facts);
    // The planner refuses such a host before any task runs; reaching this is a bug.
    if (!resolved.ok) throw new InternalError(resolved.message, host.name);
    const file = planFile(facts, manifestOf(facts), {
      path: KEEPALIVED_CONF,
      content: renderKeepalivedConf(templates, inventory, secrets, host, resolved.interfaces),
      mode: '0640',
      ...handlingOf(KEEPALIVED_CONF),
      sensitive: true,
    });
    return fileTaskOutcome('keepalived.conf', [file], `${KEEPALIVED_CONF} up to date`);
  },
};
