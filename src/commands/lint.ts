// `haka lint`: schema, preflight, --limit names and (unless --no-secrets) the secrets; never
// connects, so it is safe against any inventory.
import { formatIssue } from '../errors.js';
import { escapeControl } from '../render/terminal-text.js';
import { limitIssues, lintInventory } from '../inventory/index.js';
import { EXIT_ERROR, EXIT_OK, type CommandContext } from './context.js';

const SECRETS_SKIPPED = 'secrets not checked (--no-secrets)';

export function runLint(ctx: CommandContext, options: { secrets: boolean }): number {
  const result = lintInventory(ctx.options.inventory, undefined, {
    secrets: options.secrets ? { env: process.env } : undefined,
  });
  const issues = result.inventory
    ? [...limitIssues(result.inventory, ctx.options.limit), ...result.issues]
    : result.issues;
  const errors = issues.filter((i) => i.severity === 'error').length;
  if (ctx.options.json)
    ctx.print(JSON.stringify({ issues, secretsChecked: options.secrets }, null, 2));
  else {
    for (const issue of issues) ctx.print(formatIssue(issue));
    const skipped = options.secrets ? '' : `; ${SECRETS_SKIPPED}`;
    ctx.print(
      `${escapeControl(ctx.options.inventory)}: ${errors} error(s), ${issues.length - errors} warning(s)${skipped}`,
    );
  }
  return errors > 0 ? EXIT_ERROR : EXIT_OK;
}
