// The shared front half of check/install/uninstall: session, plan (with pending handlers), render.
import { hostname, userInfo } from 'node:os';
import { withPendingHandlers } from '../apply/pending.js';
import { formatIssue } from '../errors.js';
import { plan as buildPlan } from '../plan/index.js';
import { withRunRecord, type RunRecord } from '../plan/run-record.js';
import { renderPlan } from '../render/index.js';
import type { Plan, PlanCommand } from '../plan/types.js';
import { openSession, type Session, type SessionOptions } from '../session.js';
import { packageVersion } from '../package-root.js';
import type { CommandContext } from './context.js';

export interface PlannedSession {
  session: Session;
  plan: Plan;
}

export async function planSession(
  ctx: CommandContext,
  command: PlanCommand,
  purge = false,
  lock?: SessionOptions['lock'],
): Promise<PlannedSession> {
  const session = await openSession({
    inventoryPath: ctx.options.inventory,
    limit: ctx.options.limit,
    acceptNewHostKeys: ctx.options.acceptNewHostKeys,
    concurrency: ctx.options.concurrency,
    command,
    log: ctx.log,
    redactor: ctx.redactor,
    lock,
  });
  const raw = buildPlan({
    command,
    inventory: session.inventory,
    secrets: session.secrets,
    facts: session.facts,
    purge,
  });
  const plan = withRunRecord(
    withPendingHandlers(raw, session.facts),
    session.facts,
    runRecord(command),
  );
  return { session, plan };
}

/** This run, as the hosts it changes record it. */
function runRecord(command: PlanCommand): RunRecord {
  return {
    command,
    at: new Date().toISOString(),
    from: `${userInfo().username}@${hostname()}`,
    version: packageVersion(),
  };
}

export function printPlan(
  ctx: CommandContext,
  { session, plan }: PlannedSession,
  diff: boolean,
): void {
  if (ctx.options.json) return;
  for (const w of session.warnings) ctx.print(`warning: ${formatIssue(w)}`);
  ctx.print(renderPlan(plan, { diff, secrets: ctx.redactor.secrets }));
}
