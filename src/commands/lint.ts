// `haka lint`: schema + preflight only; never connects, so it is safe against any inventory.
import { formatIssue } from '../errors.js';
import { lintInventory } from '../inventory/index.js';
import { EXIT_ERROR, EXIT_OK, type CommandContext } from './context.js';

export function runLint(ctx: CommandContext): number {
  const { issues } = lintInventory(ctx.options.inventory);
  const errors = issues.filter((i) => i.severity === 'error').length;
  if (ctx.options.json) ctx.print(JSON.stringify({ issues }, null, 2));
  else {
    for (const issue of issues) ctx.print(formatIssue(issue));
    ctx.print(`${ctx.options.inventory}: ${errors} error(s), ${issues.length - errors} warning(s)`);
  }
  return errors > 0 ? EXIT_ERROR : EXIT_OK;
}
