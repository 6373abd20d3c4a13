// Sequencing across hosts. Files are prepared and validated on every host in parallel; nothing is
// replaced anywhere unless every host's files validated; reloads then roll one host at a time,
// holders last, each host proven healthy before the next; a host made worse is rolled back.
import type { Logger } from 'pino';
import { ValidationError } from '../errors.js';
import type { HostFacts } from '../facts/types.js';
import type { Inventory } from '../inventory/types.js';
import type { Plan } from '../plan/types.js';
import type { Transport } from '../transport/types.js';
import { probeHostHealth, waitHealthy, type HostHealth } from '../verify/host-health.js';
import { waitVipsSettled } from '../verify/settle.js';
import { HostRun } from './host-run.js';
import type { HostOutcome } from './outcome.js';
import { rollingOrder } from './roll-order.js';

export interface ApplyContext {
  inventory: Inventory;
  facts: Record<string, HostFacts>;
  log: Logger;
  healthTimeoutMs: number;
  /** Gate each host on health (install) or not (uninstall: the services are meant to stop). */
  healthGate: boolean;
  /** Set on Ctrl-C: finish the current step, then stop between steps. */
  signal?: AbortSignal;
}

type Failure = { run: HostRun; error: Error };

async function eachHost(runs: HostRun[], step: (r: HostRun) => Promise<void>): Promise<Failure[]> {
  const results = await Promise.allSettled(runs.map(step));
  return results.flatMap((r, i) =>
    r.status === 'rejected' ? [{ run: runs[i] as HostRun, error: r.reason as Error }] : [],
  );
}

function inactiveUnits(facts: HostFacts | undefined): string[] {
  return ['haproxy', 'keepalived'].filter((u) => facts?.units[`${u}.service`]?.activeState !== 'active');
}

export async function applyPlan(
  plan: Plan,
  transports: Map<string, Transport>,
  ctx: ApplyContext,
): Promise<HostOutcome[]> {
  const outcomes = new Map<string, HostOutcome>();
  const runs: HostRun[] = [];
  for (const hp of plan.hosts) {
    const ok = hp.tasks.filter((t) => t.changes.length === 0).length;
    const transport = transports.get(hp.host);
    if (hp.refused) outcomes.set(hp.host, { host: hp.host, status: 'refused', changed: 0, ok, message: hp.refused });
    else if (!transport) continue;
    else if (hp.tasks.every((t) => t.changes.length === 0) && hp.handlers.length === 0)
      outcomes.set(hp.host, { host: hp.host, status: 'ok', changed: 0, ok });
    else
      runs.push(
        new HostRun(transport, hp, ctx.log.child({ host: hp.host }), inactiveUnits(ctx.facts[hp.host]), plan.command),
      );
  }
  const fail = (run: HostRun, error: Error, message?: string): void => {
    outcomes.set(run.host, { host: run.host, status: 'failed', changed: run.applied, ok: 0, error, message: message ?? error.message });
  };
  const live = (): HostRun[] => runs.filter((r) => !outcomes.has(r.host));

  try {
    // 1. Prerequisites and staged, validated files on every host.
    const staging = await eachHost(runs, async (r) => {
      await r.prepare();
      await r.stage();
    });
    staging.forEach((f) => fail(f.run, f.error));
    const invalid = staging.filter((f) => f.error instanceof ValidationError);
    if (invalid.length > 0) {
      const who = invalid.map((f) => f.run.host).join(', ');
      for (const r of live()) fail(r, new Error('not applied'), `not applied: the new configuration failed validation on ${who}; no file was replaced on any host`);
      return [...outcomes.values()];
    }
    if (ctx.signal?.aborted) {
      for (const r of live()) fail(r, new Error('interrupted'), 'interrupted before any file was replaced');
      return [...outcomes.values()];
    }

    // 2. Health before the change, to tell "worse than before" from "was already broken".
    const before = new Map<string, HostHealth | null>();
    await Promise.all(
      live().map(async (r) => {
        const wasActive = ctx.facts[r.host]?.units['haproxy.service']?.activeState === 'active';
        before.set(r.host, wasActive ? await probeHostHealth(r.transport, ctx.inventory.haproxy.statsSocket) : null);
      }),
    );

    // 3. Commit on every host (pending handlers are recorded first).
    const committing = live();
    for (const f of await eachHost(committing, (r) => r.commit())) {
      fail(f.run, f.error);
      await f.run.rollback().catch((e: Error) => ctx.log.error({ host: f.run.host, err: e.message }, 'rollback after a failed commit failed'));
    }

    // 4. Rolling handlers and health, one host at a time.
    const order = rollingOrder(ctx.inventory, live().map((r) => r.host), ctx.facts);
    const done: HostRun[] = [];
    for (const host of order) {
      const run = runs.find((r) => r.host === host) as HostRun;
      if (ctx.signal?.aborted) {
        fail(run, new Error('interrupted'), 'interrupted: files are in place, reloads are recorded as pending and the next run finishes them');
        continue;
      }
      let problems: string[] = [];
      try {
        await run.runHandlers();
        if (ctx.healthGate)
          ({ problems } = await waitHealthy(run.transport, {
          statsSocket: ctx.inventory.haproxy.statsSocket,
          before: before.get(host) ?? null,
          timeoutMs: ctx.healthTimeoutMs,
        }));
      } catch (error) {
        problems = [(error as Error).message];
      }
      if (ctx.healthGate && problems.length === 0) problems = await waitVipsSettled(ctx.inventory, [...transports.values()], ctx.healthTimeoutMs);
      if (problems.length > 0) {
        await rollBack([run, ...done.reverse(), ...live().filter((r) => r !== run)], problems, host, outcomes, ctx);
        break;
      }
      await run.finish();
      done.push(run);
      outcomes.set(host, { host, status: 'changed', changed: run.applied + run.plan.handlers.length, ok: run.plan.tasks.filter((t) => t.changes.length === 0).length });
    }
  } finally {
    await Promise.all(runs.map((r) => r.cleanup()));
  }
  return [...outcomes.values()];
}

async function rollBack(
  runs: HostRun[],
  problems: string[],
  culprit: string,
  outcomes: Map<string, HostOutcome>,
  ctx: ApplyContext,
): Promise<void> {
  const why = `health check failed on ${culprit} after the change: ${problems.join('; ')}`;
  ctx.log.error({ host: culprit, problems }, 'health check failed; rolling back');
  for (const run of runs) {
    try {
      await run.rollback();
      const { problems: after } = await waitHealthy(run.transport, {
        statsSocket: ctx.inventory.haproxy.statsSocket,
        before: null,
        timeoutMs: ctx.healthTimeoutMs,
      });
      const stillBad = run.plan.tasks.length > 0 && after.length > 0 ? ` (after rollback: ${after.join('; ')})` : '';
      outcomes.set(run.host, { host: run.host, status: 'rolled-back', changed: 0, ok: 0, message: `rolled back: ${why}${stillBad}` });
    } catch (error) {
      outcomes.set(run.host, { host: run.host, status: 'failed', changed: run.applied, ok: 0, error: error as Error, message: `rollback failed: ${(error as Error).message}; ${why}` });
    }
  }
}
