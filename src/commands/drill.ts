// `haka drill [--vip api|ingress] [--check] [--yes]`: a failover rehearsal. Refuses unless the
// cluster is healthy; probes each VIP every 100 ms from here; moves each VIP off its holder and
// back (plan/drill.ts: bounded by a timer on the host); then checks the cluster is as it was.
import { hostFingerprint, runDrillStep, type StepResult } from '../apply/drill-run.js';
import { MANAGED_FILES } from '../../tasks/paths.js';
import { VIP_NAMES, type VipName } from '../inventory/types.js';
import { planDrill } from '../plan/drill.js';
import { renderDrillPlan, renderDrillReport } from '../render/drill-text.js';
import { loadTemplates } from '../../tasks/templates.js';
import type { ConnectedHosts as Session } from '../connect-hosts.js';
import { openStatusSession } from './status.js';
import { ProbeLoop } from '../verify/probe-loop.js';
import type { ClusterStatus } from '../verify/status.js';
import { confirmed, EXIT_ERROR, EXIT_OK, type CommandContext } from './context.js';
import { refreshFacts, statusFiles, statusSnapshot } from './status-snapshot.js';

export interface DrillOptions {
  vips: VipName[];
  check: boolean;
  yes: boolean;
  breakLock: boolean;
}

async function fingerprints(session: Session): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(
    [...session.transports].map(async ([name, t]) =>
      out.set(name, await hostFingerprint(t, MANAGED_FILES).catch((e: Error) => e.message)),
    ),
  );
  return out;
}

function compare(
  before: ClusterStatus,
  after: ClusterStatus,
  fpBefore: Map<string, string>,
  fpAfter: Map<string, string>,
): string[] {
  const problems = after.problems.map((p) => `after the drill: ${p}`);
  for (const vip of VIP_NAMES)
    if (before.vips[vip].holders.join() !== after.vips[vip].holders.join())
      problems.push(
        `VIP ${vip} was held by ${before.vips[vip].holders.join()}, now by ${after.vips[vip].holders.join() || 'nobody'}`,
      );
  for (const [host, fp] of fpBefore)
    if (fpAfter.get(host) !== fp)
      problems.push(
        `${host}: service PIDs, managed files or haka's runtime files differ from before the drill`,
      );
  return problems;
}

export async function runDrill(ctx: CommandContext, options: DrillOptions): Promise<number> {
  const templates = loadTemplates();
  const session = await openStatusSession(
    ctx,
    options.check
      ? undefined
      : { command: 'drill', breakLock: options.breakLock, staleAfterMs: 3_600_000 },
  );
  try {
    const before = await statusSnapshot(session, templates);
    const plan = planDrill(session.inventory, before, options.vips);
    const json = ctx.options.json;
    if (!json || plan.refused)
      ctx.print(json ? JSON.stringify({ plan }, null, 2) : renderDrillPlan(plan));
    if (plan.refused) return EXIT_ERROR;
    if (options.check) {
      if (json) ctx.print(JSON.stringify({ plan }, null, 2));
      return EXIT_OK;
    }
    if (!options.yes && !(await confirmed(ctx, 'drill', 'Move these VIPs now?'))) return EXIT_ERROR;
    const fpBefore = await fingerprints(session);
    const probes = new ProbeLoop(session.inventory);
    probes.start();
    const results: StepResult[] = [];
    try {
      for (const step of plan.steps) {
        if (ctx.signal.aborted) break;
        results.push(
          await runDrillStep(
            step,
            session.inventory,
            session.transports,
            probes,
            (t) => !json && ctx.print(t),
          ),
        );
      }
    } finally {
      await probes.stop();
    }
    await refreshFacts(session, statusFiles());
    const after = await statusSnapshot(session, templates);
    const problems = [
      ...results.flatMap((r) => r.problems),
      ...compare(before, after, fpBefore, await fingerprints(session)),
    ];
    if (ctx.signal.aborted)
      problems.push('interrupted (Ctrl-C): the remaining VIPs were not drilled');
    if (json)
      ctx.print(JSON.stringify({ plan, results, problems, ok: problems.length === 0 }, null, 2));
    else ctx.print(renderDrillReport(results, problems));
    return problems.length === 0 ? EXIT_OK : EXIT_ERROR;
  } finally {
    await session.close();
  }
}
