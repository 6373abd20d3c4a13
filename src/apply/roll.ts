// Rolling handlers: the fresh hosts (nothing served there before the run) all at once, verified
// together; then the serving hosts one at a time, hosts without VIPs first and the holder last;
// each step's reloads are gated on health before the next step is touched. A holder whose reloads
// would interrupt its VIPs hands them to another host first when the plan says so
// (plan/handover.ts). The roll stops at the first failure: a host the change made worse rolls
// everything back; a host that got worse without being reloaded stops the roll and leaves the
// remaining reloads pending for the next run. A `haka rollback` that makes a host worse stops
// there: the files it put back are the oldest kept.
import type { RollContext } from './context.js';
import { gateHosts, type GateVerdict } from './gate.js';
import type { HostRun } from './host-run.js';
import type { HostOutcome } from './outcome.js';
import { rollBackRuns } from './rollback-runs.js';
import { rollingOrder } from './roll-order.js';
import { noProgress } from '../progress.js';
import { reloadStep } from './reload-step.js';

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

/**
 * The steps of the roll: every fresh host at once (nothing served there before the run, see
 * plan/rollout), then the serving hosts one at a time in rolling order.
 */
export function rollSteps(runs: HostRun[], ctx: RollContext): HostRun[][] {
  const together = runs.filter((r) => r.plan.rollout?.mode === 'together');
  const rolling = runs.filter((r) => r.plan.rollout?.mode !== 'together');
  const byHost = new Map(rolling.map((r) => [r.host, r]));
  const order = rollingOrder(
    ctx.inventory,
    rolling.map((r) => r.host),
    ctx.facts,
  );
  return [
    ...(together.length > 0 ? [together] : []),
    ...order.map((h) => [byHost.get(h) as HostRun]),
  ];
}

/** Each host's outcome, in the order the roll reached it (hosts it never reached included). */
export async function rollHandlers(runs: HostRun[], ctx: RollContext): Promise<HostOutcome[]> {
  const outcomes = new Map<string, HostOutcome>();
  const steps = rollSteps(runs, ctx);
  const byHost = new Map(runs.map((r) => [r.host, r]));
  const done: HostRun[] = [];
  const reloaded = new Set<string>();
  const progress = ctx.progress ?? noProgress;
  for (const r of runs) progress(r.host, 'waiting for its turn');
  for (const [i, step] of steps.entries()) {
    const rest = steps.slice(i + 1).flat();
    if (ctx.signal?.aborted) {
      for (const r of [...step, ...rest])
        outcomes.set(r.host, notReloaded(r, 'interrupted (Ctrl-C) before its reloads'));
      return [...outcomes.values()];
    }
    const errors = await reloadStep(step, ctx);
    for (const r of step) reloaded.add(r.host);
    let verdict: GateVerdict;
    if (ctx.healthGate) {
      for (const r of step) progress(r.host, 'health gate');
      const gate = (): Promise<GateVerdict> => gateHosts(errors, ctx, reloaded);
      verdict = await (ctx.timings ? ctx.timings.time([...errors.keys()], 'gates', gate) : gate());
    } else {
      const failed = [...errors].find(([, e]) => e !== null);
      verdict = failed
        ? { kind: 'worse', host: failed[0], problems: [(failed[1] as Error).message] }
        : { kind: 'healthy' };
    }
    const host = step.map((r) => r.host).join(', ');

    if (verdict.kind === 'healthy' || verdict.kind === 'disturbed')
      for (const run of step) {
        await run.finish();
        progress(run.host, 'reloaded');
        done.push(run);
        outcomes.set(run.host, changed(run));
      }
    if (verdict.kind === 'disturbed') {
      const why = `the roll stopped after ${host}: ${verdict.problems.join('; ')}`;
      ctx.log.error({ problems: verdict.problems }, 'stopping the roll');
      for (const r of rest) outcomes.set(r.host, notReloaded(r, why));
      return [...outcomes.values()];
    }
    if (verdict.kind === 'worse') {
      const failed = errors.get(verdict.host) ? 'a reload failed' : 'health check failed';
      const why = `${failed} on ${verdict.host} after the change: ${verdict.problems.join('; ')}`;
      // Without a gate (uninstall) nothing is rolled back; a rollback has nothing older to go
      // back to: both stop the roll and report.
      if (!ctx.healthGate || step.some((r) => r.mode === 'rollback')) {
        for (const run of step) {
          // Without a gate, a host of the step whose reloads went through is done.
          if (!ctx.healthGate && !errors.get(run.host) && run.host !== verdict.host) {
            await run.finish();
            progress(run.host, 'reloaded');
            outcomes.set(run.host, changed(run));
            continue;
          }
          outcomes.set(run.host, {
            host: run.host,
            status: 'failed',
            changed: run.applied,
            ok: 0,
            error: errors.get(run.host) ?? undefined,
            message: why,
          });
        }
        for (const r of rest) outcomes.set(r.host, notReloaded(r, `the roll stopped at ${host}`));
        return [...outcomes.values()];
      }
      const culprit = byHost.get(verdict.host);
      const others = [...step, ...[...done].reverse(), ...rest].filter((r) => r !== culprit);
      for (const o of await rollBackRuns(culprit ? [culprit, ...others] : others, why, ctx))
        outcomes.set(o.host, o);
      return [...outcomes.values()];
    }
  }
  return [...outcomes.values()];
}
