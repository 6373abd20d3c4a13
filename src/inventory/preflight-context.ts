// Shared shape of preflight checks: each is a pure function of the inventory.
import type { ConfigIssue } from '../errors.js';
import type { LineLookup } from './load.js';
import type { Inventory, LbHost, VipName } from './types.js';

export interface PreflightContext {
  inventory: Inventory;
  line: LineLookup;
  error(field: string, message: string, fix: string): ConfigIssue;
  warning(field: string, message: string, fix: string): ConfigIssue;
}

export type PreflightCheck = (context: PreflightContext) => ConfigIssue[];

export function createContext(inventory: Inventory, line: LineLookup): PreflightContext {
  const issue =
    (severity: ConfigIssue['severity']) =>
    (field: string, message: string, fix: string): ConfigIssue => ({
      file: inventory.file,
      line: line(field),
      field,
      message,
      fix,
      severity,
    });
  return { inventory, line, error: issue('error'), warning: issue('warning') };
}

export const priorityField = (host: LbHost, vip: VipName): string =>
  `hosts.${host.name}.priority.${vip}`;

/** Hosts ordered by their priority for one VIP, highest first. */
export function byPriority(hosts: readonly LbHost[], vip: VipName): LbHost[] {
  return [...hosts].sort((a, b) => b.priority[vip] - a.priority[vip]);
}

/** "a, b and c" */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** " (line 12)" when known: lets a message point at a second place in the file. */
export function atLine(line: number | null): string {
  return line === null ? '' : ` (line ${line})`;
}
