// Putting hosts back after a failed health gate: each host gets its last known good files and,
// where handlers ran, a reload; then it is checked against its health before the run.
import { waitHealthy } from '../verify/host-health.js';
import { waitVipsSettled } from '../verify/settle.js';
import type { RollContext } from './context.js';
import type { HostRun } from './host-run.js';
import type { HostOutcome } from './outcome.js';

/** Health after the rollback, compared with before the run: problems the rollback did not cure. */
async function healthAfter(run: HostRun, ctx: RollContext): Promise<string[]> {
  const before = ctx.before.get(run.host) ?? null;
  const statsSocket = ctx.inventory.haproxy.statsSocket;
  // A host that ran no HAProxy before (a first install): the rollback stopped it again.
  if (!before) return [];
  const { inventory, healthTimeoutMs: timeoutMs } = ctx;
  return (await waitHealthy(run.transport, { statsSocket, inventory, before, timeoutMs })).problems;
}

/** Roll back `runs` one at a time, in the order given (culprit first, holders as they come). */
export async function rollBackRuns(
  runs: HostRun[],
  why: string,
  ctx: RollContext,
): Promise<HostOutcome[]> {
  ctx.log.error({ why }, 'rolling back');
  const outcomes: HostOutcome[] = [];
  for (const run of runs) {
    try {
      ctx.progress?.(run.host, 'rolling back');
      await run.rollback();
      const left = await healthAfter(run, ctx);
      const vips = await waitVipsSettled(
        ctx.inventory,
        [...ctx.transports.values()],
        ctx.healthTimeoutMs,
      );
      const stillBad = [...left, ...vips];
      outcomes.push({
        host: run.host,
        status: 'rolled-back',
        changed: 0,
        ok: 0,
        message: `rolled back to the previous files: ${why}${stillBad.length > 0 ? ` (after the rollback: ${stillBad.join('; ')})` : ''}`,
      });
    } catch (error) {
      outcomes.push({
        host: run.host,
        status: 'failed',
        changed: run.applied,
        ok: 0,
        error: error as Error,
        message: `rollback failed: ${(error as Error).message}; ${why}`,
      });
    }
  }
  return outcomes;
}
