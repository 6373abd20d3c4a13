// Reboot windows that overlap NOW, read from each Flatcar host's update.conf: two load balancers
// that may reboot in the same minute can drop both VIPs. Reported by check and install as a plan
// note; the planned windows never overlap (see windowsFit), so an install cures it. PURE.
import type { HostFacts } from '../../src/facts/types.js';
import type { Inventory } from '../../src/inventory/types.js';
import { fileContent } from '../host-facts.js';
import { UPDATE_CONF } from './paths.js';
import { goDuration, windowsOverlap, type RebootWindow } from './reboot-window.js';
import { currentRebootPolicy, type RebootPolicy } from './update-conf.js';

const describe = (p: RebootPolicy): string =>
  p === 'any time' || p === 'never' ? p : `${p.start} for ${goDuration(p.lengthMinutes)}`;

function overlap(a: RebootPolicy, b: RebootPolicy): boolean {
  if (a === 'never' || b === 'never') return false;
  if (a === 'any time' || b === 'any time') return true;
  return windowsOverlap(a, b);
}

/** One line per pair of Flatcar hosts (inventory order) whose reboot windows share a minute now. */
export function rebootOverlaps(inventory: Inventory, facts: Record<string, HostFacts>): string[] {
  const now = inventory.hosts.flatMap((h) => {
    const f = facts[h.name];
    if (f?.os.family !== 'flatcar') return [];
    return [{ host: h.name, policy: currentRebootPolicy(fileContent(f, UPDATE_CONF)) }];
  });
  const lines: string[] = [];
  for (const [i, a] of now.entries())
    for (const b of now.slice(i + 1))
      if (overlap(a.policy, b.policy))
        lines.push(
          `reboot windows overlap: ${a.host} (${describe(a.policy)}) and ${b.host} (${describe(b.policy)}) may reboot for an update at the same time (${UPDATE_CONF})`,
        );
  return lines;
}

/** Why the inventory's windows cannot be staggered without overlapping; null when they can. */
export function windowsFit(inventory: Inventory): string | null {
  const w = inventory.flatcar?.rebootWindow;
  if (!w) return null;
  const span = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) /.test(w.start) ? 7 * 24 * 60 : 24 * 60;
  const need = inventory.hosts.length * w.lengthMinutes;
  if (need <= span) return null;
  return `flatcar.rebootWindow: ${inventory.hosts.length} hosts × ${w.lengthMinutes} minutes do not fit in a ${span === 1440 ? 'day' : 'week'} without two windows overlapping; shorten lengthMinutes${span === 1440 ? ' or start with a weekday' : ''}`;
}

export type { RebootWindow };
