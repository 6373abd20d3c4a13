// The shape of one concern of haka's domain: a pure function from inventory + facts to changes.
import type { HostFacts } from '../src/facts/types.js';
import type { Inventory, LbHost, Secrets } from '../src/inventory/types.js';
import type { TaskOutcome } from '../src/change/types.js';
import type { Templates } from './templates.js';
import type { LocalImage } from '../src/sysext/local-images.js';

export interface TaskContext {
  inventory: Inventory;
  secrets: Secrets;
  host: LbHost;
  facts: HostFacts;
  /** Loaded before planning: rendering a file is pure. */
  templates: Templates;
  /** Uninstall only: also remove the packages haka installed. */
  purge: boolean;
  /** Flatcar: the inventory's system extension images, verified on the jump host. */
  images?: readonly LocalImage[];
}

export interface Task {
  name: string;
  /** Pure: the changes this host needs, or none and the reason nothing is needed. */
  plan(ctx: TaskContext): TaskOutcome;
}

export function noop(task: string, reason: string): TaskOutcome {
  return { task, changes: [], reason };
}
