// A task that manages files: its outcome from the per-file plans.
import type { Change, TaskOutcome } from '../src/change/types.js';
import type { FilePlan } from './managed-file.js';

export function fileTaskOutcome(
  task: string,
  plans: FilePlan[],
  upToDate: string,
  extra: { changes: Change[]; summary: string | null } = { changes: [], summary: null },
): TaskOutcome {
  const changes = [...plans.flatMap((p) => p.changes), ...extra.changes];
  const summaries = [...plans.map((p) => p.summary), extra.summary].filter(
    (s): s is string => s !== null,
  );
  return { task, changes, reason: changes.length === 0 ? upToDate : summaries.join('; ') };
}
