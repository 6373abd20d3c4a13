// One step of the roll, reloaded: each host's handlers (the hosts of a step at once), a holder's
// VIPs handed to another host around its reloads when the plan says so (plan/handover.ts).
import type { Handover } from '../plan/handover.js';
import { noProgress } from '../progress.js';
import { waitHealthy } from '../verify/host-health.js';
import type { RollContext } from './context.js';
import { handBack, handOver } from './handover-run.js';
import type { HostRun } from './host-run.js';

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

async function reloadHost(run: HostRun, ctx: RollContext): Promise<Error | null> {
  const handedOver = await handOverFirst(run, ctx);
  (ctx.progress ?? noProgress)(run.host, 'reloading');
  const error = await reload(run);
  if (handedOver) await handBackAfter(run, handedOver, error, ctx);
  return error;
}

/**
 * Reloads every host of the step at once. A step of several hosts holds only fresh ones, which
 * hold no VIP: a handover happens only in a step of one serving holder. Each host's failed
 * reload, or null.
 */
export async function reloadStep(
  step: readonly HostRun[],
  ctx: RollContext,
): Promise<Map<string, Error | null>> {
  return new Map(
    await Promise.all(step.map(async (r) => [r.host, await reloadHost(r, ctx)] as const)),
  );
}
