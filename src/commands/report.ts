// Turning per-host results into the recap and the exit code; shared by every command.
import type { HostOutcome } from '../apply/outcome.js';
import { countChanges } from '../plan/index.js';
import type { HostPlan } from '../plan/types.js';
import type { RecapRow } from '../render/index.js';

export function outcomeOfPlan(hp: HostPlan): HostOutcome {
  const changed =
    countChanges({ command: 'install', hosts: [hp] }) +
    (hp.pendingFromEarlierRun ? hp.handlers.length : 0);
  const ok = hp.tasks.filter((t) => t.changes.length === 0).length;
  if (hp.refused) return { host: hp.host, status: 'refused', changed: 0, ok, message: hp.refused };
  return { host: hp.host, status: changed > 0 ? 'changed' : 'ok', changed, ok };
}

export function unreachableOutcomes(failures: Map<string, Error>): HostOutcome[] {
  return [...failures].map(([host, error]) => ({
    host,
    status: 'unreachable',
    changed: 0,
    ok: 0,
    message: error.message,
    error,
  }));
}

export function recapRows(outcomes: HostOutcome[]): RecapRow[] {
  return outcomes.map((o) => ({
    host: o.host,
    ok: o.ok,
    changed: o.changed,
    failed:
      o.status === 'failed' || o.status === 'unreachable' || o.status === 'rolled-back' ? 1 : 0,
    status: o.status,
    message: o.message,
  }));
}

export function anyFailed(outcomes: HostOutcome[]): boolean {
  return outcomes.some(
    (o) =>
      o.status === 'failed' ||
      o.status === 'unreachable' ||
      o.status === 'rolled-back' ||
      o.status === 'refused',
  );
}

export function outcomesToJson(outcomes: HostOutcome[]): unknown {
  return outcomes.map(({ error: _error, ...rest }) => rest);
}
