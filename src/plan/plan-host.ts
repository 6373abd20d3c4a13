// One host's plan: refuse it with a reason, or run every task and reconcile the handlers. PURE.
import { tasksFor } from '../../tasks/flatcar/index.js';
import { manifestOf } from '../../tasks/manifest-model.js';
import type { TaskContext } from '../../tasks/task.js';
import { NO_MANIFEST } from '../../tasks/uninstall/with-manifest.js';
import { planHandlers } from './handlers.js';
import { refusalOf } from './refusals.js';
import type { HostPlan, PlanCommand, TaskOutcome } from './types.js';
import { warningsFor } from './warnings.js';

export interface PlanHostContext extends TaskContext {
  command: PlanCommand;
}

export function planHost(ctx: PlanHostContext): HostPlan {
  const base: HostPlan = {
    host: ctx.host.name,
    os: ctx.facts.os.prettyName,
    tasks: [],
    handlers: [],
  };
  const refused = refusalOf(ctx, ctx.command);
  if (refused) return { ...base, refused };
  let tasks: TaskOutcome[];
  if (ctx.command === 'uninstall' && manifestOf(ctx.facts) === null)
    tasks = [{ task: 'uninstall', changes: [], reason: NO_MANIFEST }];
  else tasks = tasksFor(ctx.command, ctx.facts).map((t) => t.plan(ctx));
  const handlers = planHandlers(tasks.flatMap((t) => t.changes));
  const warnings = warningsFor(ctx, ctx.command);
  return { ...base, tasks, handlers, ...(warnings.length > 0 ? { warnings } : {}) };
}
