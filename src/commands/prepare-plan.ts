// The shared front half of check/install/uninstall/rollback: connected hosts with facts, the plan (with
// pending handlers), its rendering.
import { hostname } from 'node:os';
import { localUser } from '../local-user.js';
import { formatIssue } from '../errors.js';
import { plan as buildPlan } from '../plan/index.js';
import { planRollback } from '../plan/rollback.js';
import { withRunRecord, type RunRecord } from '../plan/run-record.js';
import { renderPlan } from '../render/index.js';
import { oldPasswordsIn } from '../render/redact.js';
import type { Plan, PlanCommand } from '../plan/types.js';
import { loadTemplates } from '../../tasks/templates.js';
import { packageVersion } from '../package-root.js';
import { imagesForPlan } from '../sysext/plan-images.js';
import { connectHosts, type ConnectedHosts, type ConnectOptions } from '../connect-hosts.js';
import type { CommandContext } from './context.js';

export interface PreparedPlan {
  connected: ConnectedHosts;
  plan: Plan;
}

export async function preparePlan(
  ctx: CommandContext,
  command: PlanCommand,
  purge = false,
  lock?: ConnectOptions['lock'],
  progress?: ConnectOptions['progress'],
): Promise<PreparedPlan> {
  // Before any connection: a broken template stops the run before it touches a host.
  const templates = loadTemplates();
  const connected = await connectHosts({
    inventoryPath: ctx.options.inventory,
    limit: ctx.options.limit,
    acceptNewHostKeys: ctx.options.acceptNewHostKeys,
    sshConfigFile: ctx.options.sshConfig,
    concurrency: ctx.options.concurrency,
    command,
    log: ctx.log,
    redactor: ctx.redactor,
    lock,
    progress,
    timings: ctx.timings,
  });
  // A wrong image stops the run before any change; the hosts' locks are released first.
  const images =
    command === 'install'
      ? await imagesForPlan(connected.inventory, connected.facts).catch(async (error: unknown) => {
          await connected.close();
          throw error;
        })
      : undefined;
  const raw =
    command === 'rollback'
      ? planRollback(connected.inventory, connected.facts)
      : buildPlan({
          command,
          inventory: connected.inventory,
          secrets: connected.secrets,
          templates,
          facts: connected.facts,
          purge,
          ...(images ? { images } : {}),
        });
  const plan = withRunRecord(raw, connected.facts, runRecord(command));
  ctx.redactor.add(...oldPasswordsIn(plan));
  return { connected, plan };
}

/** This run, as the hosts it changes record it. */
function runRecord(command: PlanCommand): RunRecord {
  return {
    command,
    at: new Date().toISOString(),
    from: `${localUser()}@${hostname()}`,
    version: packageVersion(),
  };
}

/** `verb`: how the footer names the run (`check` when nothing will be applied). */
export function printPlan(
  ctx: CommandContext,
  { connected, plan }: PreparedPlan,
  diff: boolean,
  verb: string = plan.command,
): void {
  if (ctx.options.json) return;
  for (const w of connected.warnings) ctx.print(`warning: ${formatIssue(w)}`);
  ctx.print(
    renderPlan(plan, {
      diff,
      secrets: ctx.redactor.secrets,
      verb,
      unreached: connected.failures.size,
      color: ctx.color,
    }),
  );
}
