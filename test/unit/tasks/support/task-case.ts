// The data format of the task tests: one small case file per task, run by one generic runner.
import type { HostFacts } from '../../../../src/facts/types.js';
import type { Inventory } from '../../../../src/inventory/types.js';
import type { Change } from '../../../../src/plan/types.js';
import type { Task } from '../../../../tasks/task.js';
import type { FactsName, InventoryName } from './fixtures.js';

export interface TaskCase {
  name: string;
  /** Default: the lab-like inventory. */
  inventory?: InventoryName;
  facts: FactsName;
  /** Default: the inventory's first host. */
  host?: string;
  purge?: boolean;
  /** Adjust the facts (or the inventory) for this case. */
  tweak?: (facts: HostFacts, inventory: Inventory) => void;
  /** The outcome's reason: the exact text, or a pattern. */
  reason: string | RegExp;
  /** The changes, each matched partially and in order; [] (the default) means a no-op. */
  changes?: (Partial<Change> & { kind: Change['kind'] })[];
}

export interface CaseFile {
  task: Task;
  cases: TaskCase[];
}
