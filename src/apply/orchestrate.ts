// Sequencing across hosts. Files are prepared and validated on every host in parallel; nothing is
// replaced anywhere unless every host's files validated; reloads then roll: the fresh hosts
// together, then the serving ones one at a time, holders last, each step proven healthy before the
// next; a host made worse is rolled back.
import { ValidationError } from '../errors.js';
import type { HostFacts } from '../facts/types.js';
import type { Plan } from '../plan/types.js';
import { probeHostHealth } from '../verify/host-health.js';
import { describeView, probeWithoutApi } from '../verify/without-api.js';
import type { ApplyContext, HealthBefore } from './context.js';
import { HostRun } from './host-run.js';
import type { HostOutcome } from './outcome.js';
import { parsePending } from '../plan/pending.js';
import { rollHandlers } from './roll.js';
import { noProgress } from '../progress.js';

type Failure = { run: HostRun; error: Error };

async function eachHost(runs: HostRun[], step: (r: HostRun) => Promise<void>): Promise<Failure[]> {
  const results = await Promise.allSettled(runs.map(step));
  return results.flatMap((r, i) =>
    r.status === 'rejected' ? [{ run: runs[i] as HostRun, error: r.reason as Error }] : [],
  );
}

function inactiveUnits(facts: HostFacts | undefined): string[] {
  return ['haproxy', 'keepalived'].filter(
    (u) => facts?.units[`${u}.service`]?.activeState !== 'active',
  );
}

/** Health of every connected host before the change, to tell "made worse" from "was already broken". */
async function healthBefore(ctx: ApplyContext): Promise<HealthBefore> {
  const before: HealthBefore = new Map();
  await Promise.all(
    [...ctx.transports].map(async ([host, t]) => {
      const wasActive = ctx.facts[host]?.units['haproxy.service']?.activeState === 'active';
      const health = wasActive ? await probeHostHealth(t, ctx.inventory.haproxy.statsSocket) : null;
      // Another tool's haproxy.cfg without a runtime API: judge by what the host shows instead.
      if (health && health.servers === null) {
        const view = await probeWithoutApi(t, ctx.inventory);
        if (view) {
          health.withoutApi = view;
          ctx.log.info(
            { host, before: describeView(view) },
            'health before the change (no runtime API)',
          );
        }
      }
      before.set(host, health);
    }),
  );
  return before;
}

export async function applyPlan(plan: Plan, ctx: ApplyContext): Promise<HostOutcome[]> {
  const progress = ctx.progress ?? noProgress;
  const outcomes = new Map<string, HostOutcome>();
  const runs: HostRun[] = [];
  for (const hp of plan.hosts) {
    const ok = hp.tasks.filter((t) => t.changes.length === 0).length;
    const transport = ctx.transports.get(hp.host);
    const facts = ctx.facts[hp.host];
    if (hp.refused)
      outcomes.set(hp.host, {
        host: hp.host,
        status: 'refused',
        changed: 0,
        ok,
        message: hp.refused,
      });
    else if (!transport) continue;
    else if (hp.tasks.every((t) => t.changes.length === 0) && hp.handlers.length === 0) {
      outcomes.set(hp.host, { host: hp.host, status: 'ok', changed: 0, ok });
      progress(hp.host, 'in sync');
    } else {
      const earlier = facts ? parsePending(facts) : null;
      const log = ctx.log.child({ host: hp.host });
      runs.push(
        new HostRun({
          transport,
          plan: hp,
          log,
          inactiveBefore: inactiveUnits(facts),
          mode: plan.command,
          earlier,
          progress: (step) => progress(hp.host, step),
          ...(ctx.timings ? { timer: ctx.timings.for(hp.host) } : {}),
        }),
      );
    }
  }
  const fail = (run: HostRun, error: Error, message?: string): void => {
    outcomes.set(run.host, {
      host: run.host,
      status: 'failed',
      changed: run.applied,
      ok: 0,
      error,
      message: message ?? error.message,
    });
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
      for (const r of live())
        fail(
          r,
          new Error('not applied'),
          `not applied: the new configuration failed validation on ${who}; no file was replaced on any host`,
        );
      return [...outcomes.values()];
    }
    if (ctx.signal?.aborted) {
      for (const r of live())
        fail(r, new Error('interrupted'), 'interrupted before any file was replaced');
      return [...outcomes.values()];
    }

    // 2. Health before the change, on every connected host.
    const before = await healthBefore(ctx);

    // 3. Commit on every host (the last known good set and the pending handlers are recorded first).
    for (const f of await eachHost(live(), (r) => r.commit())) {
      fail(f.run, f.error);
      await f.run
        .rollback()
        .catch((e: Error) =>
          ctx.log.error(
            { host: f.run.host, err: e.message },
            'rollback after a failed commit failed',
          ),
        );
    }

    // 4. Rolling handlers and health: the fresh hosts together, then one serving host at a time.
    for (const o of await rollHandlers(live(), { ...ctx, before })) outcomes.set(o.host, o);
  } finally {
    await Promise.all(runs.map((r) => r.cleanup()));
  }
  return [...outcomes.values()];
}
