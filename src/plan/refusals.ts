// Hosts the planner will not touch, each with a message that says why and what to do.
import { keepalivedAuthPass } from '../../tasks/content/keepalived-conf.js';
import { fileFact } from '../../tasks/host-facts.js';
import { readManifest } from '../../tasks/manifest-model.js';
import {
  HEALTH_ENDPOINT,
  MANAGED_FILES,
  MANIFEST,
  PASSWD,
  originalPath,
} from '../../tasks/paths.js';
import type { TaskContext } from '../../tasks/task.js';
import { resolveVipInterfaces } from '../../tasks/vip-interfaces.js';
import { flatcarRefusal } from '../../tasks/flatcar/refusal.js';
import type { PlanCommand } from './types.js';

const NOTHING = 'nothing was changed';

function osRefusal({ facts }: TaskContext): string | null {
  const os = facts.os;
  if (os.family === 'unsupported')
    return `unsupported OS ${os.prettyName || os.id} (ID=${os.id}): haka supports the Debian family (apt), the RHEL family (dnf) and Flatcar (system extensions); ${NOTHING}`;
  return null;
}

/** A managed path that exists but could not be read would be planned as "create": never overwrite blind. */
function unreadableRefusal({ facts }: TaskContext): string | null {
  const paths = [PASSWD, MANIFEST, ...MANAGED_FILES, ...MANAGED_FILES.map(originalPath)];
  const unreadable = paths.filter((p) => fileFact(facts, p)?.content === null);
  if (unreadable.length === 0) return null;
  return `${unreadable.join(', ')} exist(s) but could not be read as a regular text file; haka will not overwrite what it cannot see. Check them by hand; ${NOTHING}`;
}

function manifestRefusal(ctx: TaskContext): string | null {
  const read = readManifest(ctx.facts);
  if (read.state === 'invalid')
    return `${MANIFEST} is unusable (${read.error}): haka cannot tell what it installed here. Repair or move it by hand; ${NOTHING}`;
  if (read.state === 'present' && read.manifest.cluster !== ctx.inventory.cluster)
    return `haka installed this host for cluster ${read.manifest.cluster} (${MANIFEST}), not ${ctx.inventory.cluster}: is this the right inventory? ${NOTHING}`;
  return null;
}

function installRefusal(ctx: TaskContext): string | null {
  if (fileFact(ctx.facts, PASSWD) === undefined)
    return `${PASSWD} was not gathered: cannot tell whether user ${ctx.inventory.keepalived.scriptUser} exists; ${NOTHING}`;
  const interfaces = resolveVipInterfaces(ctx.host, ctx.inventory, ctx.facts);
  if (!interfaces.ok) return `${interfaces.message}; ${NOTHING}`;
  if (keepalivedAuthPass(ctx.secrets) === null)
    return `the VRRP password (keepalived.authPass) is empty or holds a double quote or a line break, which keepalived.conf cannot carry; choose another; ${NOTHING}`;
  const stats = ctx.inventory.haproxy.stats;
  if (stats && ctx.secrets.statsPassword === undefined)
    return `haproxy.stats is configured but its password (haproxy.stats.password) was not resolved; ${NOTHING}`;
  // HAProxy would fail to start with two listeners on one port; haproxy -c does not see it.
  const health = `${HEALTH_ENDPOINT.address}:${HEALTH_ENDPOINT.port}`;
  if (
    stats &&
    [
      health,
      `*:${HEALTH_ENDPOINT.port}`,
      `0.0.0.0:${HEALTH_ENDPOINT.port}`,
      `:${HEALTH_ENDPOINT.port}`,
    ].includes(stats.bind)
  )
    return `haproxy.stats.bind ${stats.bind} collides with haka's health endpoint ${health} (asked by keepalived's check script); choose another port; ${NOTHING}`;
  return null;
}

/** The first reason to refuse this host, or null when it can be planned. */
export function refusalOf(ctx: TaskContext, command: PlanCommand): string | null {
  return (
    osRefusal(ctx) ??
    unreadableRefusal(ctx) ??
    manifestRefusal(ctx) ??
    (command === 'install' ? installRefusal(ctx) : null) ??
    (command === 'install' && ctx.facts.os.family === 'flatcar'
      ? flatcarRefusal(ctx, NOTHING)
      : null)
  );
}
