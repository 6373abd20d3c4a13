// Everything a command needs before it can plan: a validated inventory, resolved secrets,
// connections to the selected hosts (in parallel) and their facts (one probe per host).
import { homedir } from 'node:os';
import type { Logger } from 'pino';
import pLimit from 'p-limit';
import { ConfigError, ConnectError, type ConfigIssue } from './errors.js';
import { localUser } from './local-user.js';
import { gatherFacts } from './facts/index.js';
import type { FactRequest, HostFacts } from './facts/types.js';
import {
  limitIssues,
  loadInventoryWithSource,
  preflight,
  resolveSecretsWithWarnings,
  secretValues,
} from './inventory/index.js';
import type { Inventory, LbHost, Secrets } from './inventory/types.js';
import { HostLock, lockOwner } from './run-lock.js';
import { PENDING_FILE } from '../tasks/paths.js';
import type { Redactor } from './log.js';
import { factRequest } from './plan/index.js';
import { LAST_RUN_FILE } from './plan/run-record.js';
import type { PlanCommand } from './plan/types.js';
import { noProgress, type ProgressHook } from './progress.js';
import { connectAll } from './transport/index.js';
import { connect } from './transport/ssh.js';
import { Timings } from './timings.js';
import { resolveTarget, type ResolvedTarget } from './transport/resolve-target.js';
import {
  readSshConfig,
  unsupportedDirectives,
  type SshConfigFile,
} from './transport/ssh-config.js';
import type { Transport } from './transport/types.js';

export interface ConnectOptions {
  inventoryPath: string;
  limit: string[];
  acceptNewHostKeys: boolean;
  /** -F FILE; without it ~/.ssh/config when present. */
  sshConfigFile?: string;
  concurrency: number;
  command: PlanCommand;
  log: Logger;
  redactor: Redactor;
  /** Take the run lock on every host before reading facts (install, uninstall, rollback). */
  lock?: { command: string; breakLock: boolean; staleAfterMs: number };
  /** More files to read with the facts (e.g. `haka status`: the VRRP state files). */
  extraFiles?: string[];
  /** Told when each host starts connecting and reading facts (live progress). */
  progress?: ProgressHook;
  /** Where the time goes (connect, facts), per host. */
  timings?: Timings;
}

export interface ConnectedHosts {
  inventory: Inventory;
  secrets: Secrets;
  warnings: ConfigIssue[];
  /** Selected hosts that answered, by name. */
  transports: Map<string, Transport>;
  facts: Record<string, HostFacts>;
  /** Selected hosts that could not be reached or probed, with the reason. */
  failures: Map<string, Error>;
  close(): Promise<void>;
}

/** Load, validate and preflight the inventory; errors refuse the run before any connection. */
export function loadChecked(
  path: string,
  redactor: Redactor,
): { inventory: Inventory; secrets: Secrets; warnings: ConfigIssue[] } {
  const { inventory, lines, warnings: yamlWarnings } = loadInventoryWithSource(path);
  const findings = [...yamlWarnings, ...preflight(inventory, lines)];
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new ConfigError(findings);
  const resolved = resolveSecretsWithWarnings(inventory, { env: process.env, lines });
  redactor.add(...secretValues(resolved.secrets));
  const warnings = [...findings.filter((f) => f.severity === 'warning'), ...resolved.warnings];
  return { inventory, secrets: resolved.secrets, warnings };
}

export function selectHosts(inventory: Inventory, limit: string[]): LbHost[] {
  if (limit.length === 0) return inventory.hosts;
  const unknown = limitIssues(inventory, limit);
  if (unknown.length > 0) throw new ConfigError(unknown);
  return inventory.hosts.filter((h) => limit.includes(h.name));
}

/** Where and how to reach `host`: the inventory, completed by ssh_config (the inventory wins). */
export function connectTarget(
  host: LbHost,
  acceptNewHostKeys: boolean,
  sshConfig: SshConfigFile | null = null,
): ResolvedTarget {
  return resolveTarget(
    host,
    sshConfig,
    { home: homedir(), localUser: localUser() },
    acceptNewHostKeys,
  );
}

export function requestFor(
  inventory: Inventory,
  command: PlanCommand,
  extraFiles: string[] = [],
): FactRequest {
  const request = factRequest(inventory, command);
  const files = [...request.files, PENDING_FILE, LAST_RUN_FILE, ...extraFiles];
  return { ...request, files: [...new Set(files)] };
}

/** All or nothing: a host locked by another run refuses the whole run, and our locks are released. */
async function lockAll(
  transports: Transport[],
  lock: NonNullable<ConnectOptions['lock']>,
): Promise<HostLock[]> {
  const owner = lockOwner(lock.command, new Date());
  const held: HostLock[] = [];
  try {
    for (const t of transports) {
      const l = new HostLock(t, owner);
      await l.acquire({ breakLock: lock.breakLock, staleAfterMs: lock.staleAfterMs });
      held.push(l);
    }
    return held;
  } catch (error) {
    await Promise.all(held.map((l) => l.release().catch(() => {})));
    await Promise.all(transports.map((t) => t.close()));
    throw error;
  }
}

export async function connectHosts(options: ConnectOptions): Promise<ConnectedHosts> {
  const { inventory, secrets, warnings } = loadChecked(options.inventoryPath, options.redactor);
  const hosts = selectHosts(inventory, options.limit);
  const sshConfig = readSshConfig(options.sshConfigFile, homedir());
  if (sshConfig)
    for (const directive of unsupportedDirectives(sshConfig))
      options.log.warn(
        `${sshConfig.shown}: ${directive} inside a Host or Match block (or with a wildcard folder) is not followed by haka`,
      );
  const targets = hosts.map((h) => {
    const { target, origins } = connectTarget(h, options.acceptNewHostKeys, sshConfig);
    options.log.debug(`${h.name}: ${origins.join('; ')}`);
    return target;
  });
  const progress = options.progress ?? noProgress;
  for (const h of hosts) progress(h.name, 'connect');
  const timings = options.timings ?? new Timings();
  const connected = await connectAll(targets, {
    concurrency: options.concurrency,
    log: options.log,
    connectOne: (target, log) => timings.time(target.name, 'connect', () => connect(target, log)),
  });
  const transports = new Map<string, Transport>();
  const failures = new Map<string, Error>();
  for (const [name, t] of connected) {
    if (t instanceof ConnectError) failures.set(name, t);
    else transports.set(name, t);
  }
  // Lock before reading facts: a plan built from facts another run is about to change is stale.
  const locks = options.lock ? await lockAll([...transports.values()], options.lock) : [];
  const request = requestFor(inventory, options.command, options.extraFiles);
  // No prototype: a host named "constructor" or "toString" has no facts until it is probed.
  const facts = Object.create(null) as Record<string, HostFacts>;
  const limit = pLimit(options.concurrency);
  await Promise.all(
    [...transports].map(([name, t]) =>
      limit(async () => {
        try {
          progress(name, 'facts');
          facts[name] = await timings.time(name, 'facts', () => gatherFacts(t, request));
        } catch (error) {
          failures.set(name, error as Error);
          transports.delete(name);
          await locks
            .find((l) => l.host === name)
            ?.release()
            .catch(() => {});
          await t.close();
        }
      }),
    ),
  );
  return {
    inventory,
    secrets,
    warnings,
    transports,
    facts,
    failures,
    close: async () => {
      await Promise.all(locks.map((l) => l.release().catch(() => {})));
      await Promise.all([...transports.values()].map((t) => t.close()));
    },
  };
}
