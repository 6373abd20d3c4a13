// Rolling handlers: one host at a time, hosts without VIPs first and the holder last; each host's
// reloads are gated on health before the next host is touched. A holder whose reloads would
// interrupt its VIPs hands them to another host first when the plan says so (plan/handover.ts).
// The roll stops at the first failure: a host the change made worse rolls everything back; a
// host that got worse without being reloaded stops the roll and leaves the remaining reloads
// pending for the next run. A `haka rollback` that makes a host worse stops there: the files it
// put back are the oldest kept.
import type { RollContext } from './context.js';
import type { Handover } from '../plan/handover.js';
import { waitHealthy } from '../verify/host-health.js';
import { gateHost, type GateVerdict } from './gate.js';
import { handBack, handOver } from './handover-run.js';
import type { HostRun } from './host-run.js';
import type { HostOutcome } from './outcome.js';
import { rollBackRuns } from './rollback-runs.js';
import { rollingOrder } from './roll-order.js';
import { noProgress } from '../progress.js';

function pendingNextRun(run: HostRun): string {
  const undo =
    run.mode === 'install' ? ' (`haka rollback` puts the previous files back instead)' : '';
  return `its new files are in place and its reloads are recorded as pending: the next \`haka ${run.mode}\` finishes them${undo}`;
}

function changed(run: HostRun): HostOutcome {
  const ok = run.plan.tasks.filter((t) => t.changes.length === 0).length;
  return { host: run.host, status: 'changed', changed: run.applied + run.plan.handlers.length, ok };
}

function notReloaded(run: HostRun, why: string): HostOutcome {
  return {
    host: run.host,
    status: 'failed',
    changed: run.applied,
    ok: 0,
    error: new Error(why),
    message: `not reloaded: ${why}; ${pendingNextRun(run)}`,
  };
}

async function reload(run: HostRun): Promise<Error | null> {
  try {
    await run.runHandlers();
    return null;
  } catch (error) {
    return error as Error;
  }
}

/** A planned handover before the holder's reloads; null when none or when it did not happen. */
async function handOverFirst(run: HostRun, ctx: RollContext): Promise<Handover | null> {
  const h = run.plan.handover;
  if (!h) return null;
  const problem = await handOver(h, run.host, ctx.inventory, ctx.transports, ctx.log);
  if (problem === null) return h;
  ctx.log.warn({ host: run.host, problem }, 'VIPs not handed over: reloading in place');
  return null;
}

/** The holder proves healthy again before its VIPs come back (not after a failed reload). */
async function handBackAfter(
  run: HostRun,
  h: Handover,
  handlerError: Error | null,
  ctx: RollContext,
): Promise<void> {
  if (!handlerError && ctx.healthGate)
    await waitHealthy(run.transport, {
      statsSocket: ctx.inventory.haproxy.statsSocket,
      inventory: ctx.inventory,
      before: ctx.before.get(run.host) ?? null,
      timeoutMs: ctx.healthTimeoutMs,
    });
  const problem = await handBack(h, run.host, ctx.inventory, ctx.transports, ctx.log);
  if (problem) ctx.log.warn({ host: run.host, problem }, 'after the handover');
}

/** Each host's outcome, in the order the roll reached it (hosts it never reached included). */
export async function rollHandlers(runs: HostRun[], ctx: RollContext): Promise<HostOutcome[]> {
  const outcomes = new Map<string, HostOutcome>();
  const order = rollingOrder(
    ctx.inventory,
    runs.map((r) => r.host),
    ctx.facts,
  );
  const byHost = new Map(runs.map((r) => [r.host, r]));
  const done: HostRun[] = [];
  const reloaded = new Set<string>();
  const progress = ctx.progress ?? noProgress;
  for (const host of order) progress(host, 'waiting for its turn');
  for (const [i, host] of order.entries()) {
    const run = byHost.get(host) as HostRun;
    const rest = order.slice(i + 1).map((h) => byHost.get(h) as HostRun);
    if (ctx.signal?.aborted) {
      for (const r of [run, ...rest])
        outcomes.set(r.host, notReloaded(r, 'interrupted (Ctrl-C) before its reloads'));
      return [...outcomes.values()];
    }
    const handedOver = await handOverFirst(run, ctx);
    progress(host, 'reloading');
    const handlerError = await reload(run);
    reloaded.add(host);
    if (handedOver) await handBackAfter(run, handedOver, handlerError, ctx);
    let verdict: GateVerdict;
    if (ctx.healthGate) {
      progress(host, 'health gate');
      verdict = await gateHost(host, handlerError, ctx, reloaded);
    } else
      verdict = handlerError
        ? { kind: 'worse', host, problems: [handlerError.message] }
        : { kind: 'healthy' };

    if (verdict.kind === 'healthy' || verdict.kind === 'disturbed') {
      await run.finish();
      progress(host, 'reloaded');
      done.push(run);
      outcomes.set(host, changed(run));
    }
    if (verdict.kind === 'disturbed') {
      const why = `the roll stopped after ${host}: ${verdict.problems.join('; ')}`;
      ctx.log.error({ problems: verdict.problems }, 'stopping the roll');
      for (const r of rest) outcomes.set(r.host, notReloaded(r, why));
      return [...outcomes.values()];
    }
    if (verdict.kind === 'worse') {
      const failed =
        handlerError && verdict.host === host ? 'a reload failed' : 'health check failed';
      const why = `${failed} on ${verdict.host} after the change: ${verdict.problems.join('; ')}`;
      // Without a gate (uninstall) nothing is rolled back; a rollback has nothing older to go
      // back to: both stop the roll and report.
      if (!ctx.healthGate || run.mode === 'rollback') {
        outcomes.set(host, {
          host,
          status: 'failed',
          changed: run.applied,
          ok: 0,
          error: handlerError ?? undefined,
          message: why,
        });
        for (const r of rest) outcomes.set(r.host, notReloaded(r, `the roll stopped at ${host}`));
        return [...outcomes.values()];
      }
      const culprit = byHost.get(verdict.host);
      const others = [run, ...[...done].reverse(), ...rest].filter((r) => r !== culprit);
      for (const o of await rollBackRuns(culprit ? [culprit, ...others] : others, why, ctx))
        outcomes.set(o.host, o);
      return [...outcomes.values()];
    }
  }
  return [...outcomes.values()];
}
