// `haka check [--diff]`: what install would change; changes nothing. Exit 0 in sync, 2 drift, 1 error.
import { EXIT_DRIFT, EXIT_ERROR, EXIT_OK, type CommandContext } from './context.js';
import { preparePlan, printPlan } from './prepare-plan.js';
import { anyFailed, outcomeOfPlan, printOutcome, unreachableOutcomes } from './report.js';
import type { PlanCommand } from '../plan/types.js';

export async function runCheck(
  ctx: CommandContext,
  options: { diff: boolean; command?: PlanCommand; purge?: boolean },
): Promise<number> {
  const planned = await preparePlan(ctx, options.command ?? 'install', options.purge);
  try {
    const command = options.command ?? 'install';
    printPlan(ctx, planned, options.diff, command === 'install' ? 'check' : `check (${command})`);
    const outcomes = [
      ...planned.plan.hosts.map(outcomeOfPlan),
      ...unreachableOutcomes(planned.connected.failures),
    ];
    printOutcome(
      ctx,
      planned.plan,
      outcomes,
      planned.connected.inventory.hosts.map((h) => h.name),
    );
    if (anyFailed(outcomes)) return EXIT_ERROR;
    return outcomes.some((o) => o.changed > 0) ? EXIT_DRIFT : EXIT_OK;
  } finally {
    await planned.connected.close();
  }
}
