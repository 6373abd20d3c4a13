// `--limit` names must be hosts of the inventory: every command checks them, lint included.
import type { ConfigIssue } from '../errors.js';
import type { Inventory } from './types.js';

export function limitIssues(inventory: Inventory, limit: readonly string[]): ConfigIssue[] {
  const known = new Set(inventory.hosts.map((h) => h.name));
  return limit
    .filter((name) => !known.has(name))
    .map((name) => ({
      file: inventory.file,
      line: null,
      field: 'hosts',
      message: `--limit names ${name}, which is not a host of this inventory`,
      fix: `use one of: ${inventory.hosts.map((h) => h.name).join(', ')}`,
      severity: 'error' as const,
    }));
}
