// Turning per-host results into the recap and the exit code; shared by every command.
import type { HostOutcome } from '../apply/outcome.js';
import { ConnectError } from '../errors.js';
import { countChanges } from '../plan/index.js';
import type { HostPlan, Plan } from '../plan/types.js';
import { planToJson, renderHostDetails, renderRecap } from '../render/index.js';
import type { CommandContext } from './context.js';
import type { RecapRow } from '../render/index.js';
import { renderTimings } from '../timings.js';

export function outcomeOfPlan(hp: HostPlan): HostOutcome {
  const changed =
    countChanges({ command: 'install', hosts: [hp] }) +
    (hp.pendingFromEarlierRun ? hp.handlers.length : 0);
  const ok = hp.tasks.filter((t) => t.changes.length === 0).length;
  if (hp.refused) return { host: hp.host, status: 'refused', changed: 0, ok, message: hp.refused };
  return { host: hp.host, status: changed > 0 ? 'changed' : 'ok', changed, ok };
}

/** A host whose key haka would not trust was refused, not unreachable: the network was fine. */
function connectStatus(error: Error): HostOutcome['status'] {
  return error instanceof ConnectError && error.reason.startsWith('host-key')
    ? 'refused'
    : 'unreachable';
}

export function unreachableOutcomes(failures: Map<string, Error>): HostOutcome[] {
  return [...failures].map(([host, error]) => ({
    host,
    status: connectStatus(error),
    changed: 0,
    ok: 0,
    message: error.message,
    error,
  }));
}

/** Recap rows, in inventory order when `order` is given (apply finishes hosts in rolling order). */
export function recapRows(outcomes: HostOutcome[], order: string[] = []): RecapRow[] {
  const rank = (host: string): number =>
    order.includes(host) ? order.indexOf(host) : order.length;
  const sorted = [...outcomes].sort((a, b) => rank(a.host) - rank(b.host));
  return sorted.map((o) => ({
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

/** The end of every command's output: JSON (plan, hosts, extra) or the recap, in inventory order. */
export function printOutcome(
  ctx: CommandContext,
  plan: Plan,
  outcomes: HostOutcome[],
  hostOrder: string[],
  extra: Record<string, unknown> = {},
): void {
  if (ctx.options.json) {
    const json = planToJson(plan, ctx.redactor.secrets) as { inSync: boolean };
    // The plan covers only the hosts that answered: a host not reached is never "in sync".
    if (anyFailed(outcomes)) json.inSync = false;
    const timings = ctx.timings?.toJson(hostOrder) ?? {};
    ctx.print(
      JSON.stringify({ plan: json, hosts: outcomesToJson(outcomes), ...extra, timings }, null, 2),
    );
  } else {
    const rows = recapRows(outcomes, hostOrder);
    // A refusal of the plan is already in the host's plan section: said once.
    const refusedInPlan = new Set(plan.hosts.filter((h) => h.refused).map((h) => h.host));
    const details = renderHostDetails(rows.filter((r) => !refusedInPlan.has(r.host)));
    if (details) ctx.print(`${details}\n`);
    ctx.print(renderRecap(rows, { color: ctx.color }));
    if (ctx.options.timings && ctx.timings)
      ctx.print(`\n${renderTimings(ctx.timings.toJson(hostOrder))}`);
  }
}
