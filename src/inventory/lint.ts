// `haka lint`: everything that can be known without a connection, as a list of findings.
import { ConfigError, type ConfigIssue } from '../errors.js';
import { loadInventoryWithSource, type LoadEnv } from './load.js';
import { preflight } from './preflight.js';
import { resolveSecretsWithWarnings, type SecretDeps } from './secrets.js';
import type { Inventory } from './types.js';

export interface LintOptions {
  env?: LoadEnv;
  /** When given, secret references are resolved too (missing env vars, auth_pass length). */
  secrets?: Omit<SecretDeps, 'lines'>;
}

export interface LintResult {
  /** Absent when the file could not be read, parsed or validated. */
  inventory?: Inventory;
  issues: ConfigIssue[];
}

/** Never throws for configuration problems: they all come back as issues. */
export function lintInventory(path: string, text?: string, options: LintOptions = {}): LintResult {
  let loaded;
  try {
    loaded = loadInventoryWithSource(path, text, options.env);
  } catch (error) {
    if (error instanceof ConfigError) return { issues: error.issues };
    throw error;
  }
  const issues = [...loaded.warnings, ...preflight(loaded.inventory, loaded.lines)];
  if (options.secrets) {
    try {
      const resolved = resolveSecretsWithWarnings(loaded.inventory, {
        ...options.secrets,
        lines: loaded.lines,
      });
      issues.push(...resolved.warnings);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues.push(...error.issues);
    }
  }
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { inventory: loaded.inventory, issues };
}
