// Counting a plan, for the recap and the exit code.
import type { Plan } from './types.js';

/** Changes across all hosts (handlers are consequences, not counted). */
export function countChanges(plan: Plan): number {
  return plan.hosts.reduce(
    (sum, host) => sum + host.tasks.reduce((n, t) => n + t.changes.length, 0),
    0,
  );
}

/** Nothing to change and no host refused: what `haka check` reports as exit 0. */
export function isInSync(plan: Plan): boolean {
  return countChanges(plan) === 0 && plan.hosts.every((h) => !h.refused && h.handlers.length === 0);
}
