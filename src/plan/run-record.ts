// The last haka run on a host, recorded in haka's state folder together with the run's other
// changes (a planned file change, shown by --check/--diff/--json), so `haka status` can tell when,
// from where and with which version each host was last changed. Only a run that changes a host
// records itself; an uninstall removes the record with the rest of haka's state.
import { STATE_DIR } from '../../tasks/paths.js';
import type { HostFacts } from '../facts/types.js';
import type { FileChange, HostPlan, Plan } from './types.js';
import { RUN_RECORD_SCHEMA } from '../schema/state-schemas.js';
import { validatorFor } from '../schema/validators.js';

export const LAST_RUN_FILE = `${STATE_DIR}/last-run.json`;

export interface RunRecord {
  command: string;
  /** ISO 8601 start time of the run. */
  at: string;
  /** user@machine haka ran from. */
  from: string;
  version: string;
}

/** Pure: the record from the file's content; null when absent or unreadable. */
export function parseRunRecord(content: string | null | undefined): RunRecord | null {
  if (!content) return null;
  try {
    const v: unknown = JSON.parse(content);
    const validate = validatorFor<RunRecord>(RUN_RECORD_SCHEMA);
    return validate(v) ? v : null;
  } catch {
    return null;
  }
}

function hasWork(hp: HostPlan): boolean {
  return hp.handlers.length > 0 || hp.tasks.some((t) => t.changes.length > 0);
}

function recordChange(
  hp: HostPlan,
  facts: HostFacts | undefined,
  after: string | null,
): FileChange {
  const before = facts?.files[LAST_RUN_FILE] ?? null;
  return {
    kind: 'file',
    path: LAST_RUN_FILE,
    before: before?.content ?? null,
    after,
    modeBefore: before?.mode ?? null,
    mode: '0644',
    notify: [],
    sensitive: false,
  };
}

/** Pure: add the run record as the last change of every host the plan changes. */
export function withRunRecord(
  plan: Plan,
  facts: Record<string, HostFacts>,
  record: RunRecord,
): Plan {
  const content = `${JSON.stringify(record, null, 2)}\n`;
  return {
    ...plan,
    hosts: plan.hosts.map((hp): HostPlan => {
      const existing = facts[hp.host]?.files[LAST_RUN_FILE]?.exists ?? false;
      if (hp.refused) return hp;
      if (plan.command === 'uninstall' && !existing) return hp;
      if (plan.command !== 'uninstall' && !hasWork(hp)) return hp;
      const after = plan.command === 'uninstall' ? null : content;
      const reason = after ? `record this run in ${LAST_RUN_FILE}` : `remove ${LAST_RUN_FILE}`;
      const task = {
        task: 'run record',
        changes: [recordChange(hp, facts[hp.host], after)],
        reason,
      };
      return { ...hp, tasks: [...hp.tasks, task] };
    }),
  };
}
