// `haka install` / `haka uninstall` / `haka rollback`: lock (while connecting, before facts), plan,
// show, confirm, apply (rolling), verify, recap.
import { announceVips } from '../apply/announce.js';
import { applyPlan } from '../apply/orchestrate.js';
import type { HostOutcome } from '../apply/outcome.js';
import type { PlanCommand } from '../plan/types.js';
import { verifyCluster, type ClusterReport } from '../verify/cluster.js';
import { controllerVipProblems } from '../verify/from-controller.js';
import { runCheck } from './check.js';
import { confirmed, EXIT_ERROR, EXIT_OK, type CommandContext } from './context.js';
import { preparePlan, printPlan } from './prepare-plan.js';
import { anyFailed, printOutcome, unreachableOutcomes } from './report.js';

export interface ApplyCommandOptions {
  command: PlanCommand;
  diff: boolean;
  check: boolean;
  yes: boolean;
  purge: boolean;
  breakLock: boolean;
  healthTimeoutMs: number;
  staleLockMs: number;
}

function renderCluster(report: ClusterReport, afterFailure: boolean, announced: string[]): string {
  const lines = ['', afterFailure ? 'STATE AFTER THE FAILED RUN' : 'VERIFY'];
  for (const line of announced) lines.push(`  ${line}`);
  if (report.holders)
    for (const [vip, hosts] of Object.entries(report.holders))
      lines.push(`  VIP ${vip}: held by ${hosts.join(', ') || 'nobody'}`);
  for (const h of report.health)
    lines.push(
      `  ${h.host}: haproxy ${h.haproxyActive ? 'active' : 'NOT active'}, keepalived ${h.keepalivedActive ? 'active' : 'NOT active'}, servers UP ${h.servers?.filter((s) => s.status.startsWith('UP')).length ?? '?'}/${h.servers?.length ?? '?'}`,
    );
  for (const p of report.problems) lines.push(`  problem: ${p}`);
  return lines.join('\n');
}

export async function runApplyCommand(
  ctx: CommandContext,
  options: ApplyCommandOptions,
): Promise<number> {
  if (options.check)
    return runCheck(ctx, { diff: options.diff, command: options.command, purge: options.purge });
  const planned = await preparePlan(
    ctx,
    options.command,
    options.purge,
    { command: options.command, breakLock: options.breakLock, staleAfterMs: options.staleLockMs },
    ctx.progress.step,
  );
  const { connected, plan } = planned;
  try {
    ctx.progress.clear();
    printPlan(ctx, planned, options.diff);
    const work = plan.hosts.some(
      (h) => !h.refused && (h.handlers.length > 0 || h.tasks.some((t) => t.changes.length > 0)),
    );
    if (work && !options.yes) {
      const question = `Apply this plan to ${connected.transports.size} host(s)?`;
      const hint = 'Re-run with --yes to apply the plan above.';
      if (!(await confirmed(ctx, options.command, question, hint))) {
        // Declined at the prompt (a refusal without a terminal has said why already).
        if (ctx.confirm) ctx.print('Nothing was changed.');
        return EXIT_ERROR;
      }
    }
    const outcomes: HostOutcome[] = work
      ? await applyPlan(plan, {
          inventory: connected.inventory,
          transports: connected.transports,
          facts: connected.facts,
          log: ctx.log,
          healthTimeoutMs: options.healthTimeoutMs,
          // Uninstall stops the services on purpose: nothing to gate on.
          healthGate: options.command !== 'uninstall',
          signal: ctx.signal,
          progress: ctx.progress.step,
          ...(ctx.timings ? { timings: ctx.timings } : {}),
        })
      : plan.hosts.map(
          (h) =>
            ({
              host: h.host,
              status: h.refused ? 'refused' : 'ok',
              changed: 0,
              ok: h.tasks.length,
              message: h.refused,
            }) as HostOutcome,
        );
    for (const h of plan.hosts)
      if (!outcomes.some((o) => o.host === h.host))
        outcomes.push({ host: h.host, status: 'ok', changed: 0, ok: h.tasks.length });
    outcomes.push(...unreachableOutcomes(connected.failures));
    let report: ClusterReport | null = null;
    const verifyStart = performance.now();
    if (options.command !== 'uninstall') {
      for (const host of connected.transports.keys()) ctx.progress.step(host, 'verifying');
      // After a failure, one look (no waiting) so the operator sees where the VIPs and services are now.
      const failed = anyFailed(outcomes);
      report = await verifyCluster(
        connected.inventory,
        connected.transports,
        failed ? 0 : options.healthTimeoutMs,
      );
      // The final holders re-announce the VIPs (a VIP may have moved during the run), then this
      // machine checks that each one answers, as a client would.
      const announced = work
        ? await announceVips(connected.inventory, connected.transports, ctx.log)
        : [];
      // A rollback puts back older files, not the inventory's: the inventory's VIP ports are not
      // what the hosts are meant to serve then.
      if (options.command === 'install')
        report.problems.push(...(await controllerVipProblems(connected.inventory)));
      for (const host of connected.transports.keys())
        ctx.timings?.add(host, 'verification', performance.now() - verifyStart);
      ctx.progress.finish(outcomes);
      if (!ctx.options.json) ctx.print(renderCluster(report, failed, announced));
    } else ctx.progress.finish(outcomes);
    printOutcome(
      ctx,
      plan,
      outcomes,
      connected.inventory.hosts.map((h) => h.name),
      { verify: report && { holders: report.holders, problems: report.problems } },
    );
    return anyFailed(outcomes) || (report?.problems.length ?? 0) > 0 ? EXIT_ERROR : EXIT_OK;
  } finally {
    await connected.close();
  }
}
