// ~/.ssh/config (or -F FILE) through the `ssh-config` package: its parser and its `compute`
// give OpenSSH's rules (Host and Match patterns, negation, the first value obtained wins,
// IdentityFile accumulates). `Match exec` is never evaluated: no command from a config file runs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import { ConfigError } from '../errors.js';
import { readBoundedText } from '../inventory/bounded-read.js';
import { expandIncludes } from './ssh-config-include.js';

/** Far above any real ssh_config. */
const MAX_SSH_CONFIG_BYTES = 1024 * 1024;

export interface SshConfigFile {
  /** Absolute path, for messages and provenance. */
  file: string;
  /** Where the file is shown to the operator (`~/.ssh/config`). */
  shown: string;
  config: SSHConfig;
}

/** The options haka takes from ssh_config, lowercase as computed; lists for repeatable ones. */
export interface SshConfigValues {
  hostname?: string;
  user?: string;
  port?: string;
  identityfile?: string[];
  userknownhostsfile?: string[];
  identitiesonly?: string;
  proxyjump?: string;
  proxycommand?: string;
}

export function parseSshConfig(file: string, text: string, shown = file): SshConfigFile {
  return { file, shown, config: SSHConfig.parse(text) };
}

/**
 * `-F FILE` must exist; without it ~/.ssh/config is read when present (as ssh does).
 * Top-level Include directives are followed (ssh-config-include.ts); the others are reported
 * by the caller, so nothing is ignored silently.
 */
export function readSshConfig(explicit: string | undefined, home: string): SshConfigFile | null {
  const file = explicit ?? join(home, '.ssh', 'config');
  if (explicit === undefined && !existsSync(file)) return null;
  let text: string;
  try {
    // Bounded like the inventory: a FIFO or /dev/zero given with -F never hangs haka.
    text = expandIncludes(readBoundedText(file, MAX_SSH_CONFIG_BYTES).text, home).text;
  } catch (cause) {
    throw new ConfigError(
      [
        {
          file,
          line: null,
          field: '(ssh config)',
          message: `cannot read the SSH client configuration: ${(cause as Error).message}`,
          fix: 'check the path given with -F/--ssh-config, or its permissions',
          severity: 'error',
        },
      ],
      'SSH client configuration',
    );
  }
  const shown = file.startsWith(`${home}/`) ? `~/${file.slice(home.length + 1)}` : file;
  return parseSshConfig(file, text, shown);
}

/** What ssh_config says for `host` (as typed after `ssh`), for the login `user` when known. */
export function computeFor(cfg: SshConfigFile, host: string, user?: string): SshConfigValues {
  const query = user === undefined ? { Host: host } : { Host: host, User: user };
  const raw = cfg.config.compute(query, { ignoreCase: true, matchExec: false });
  const one = (v: string | string[] | undefined): string | undefined =>
    Array.isArray(v) ? v.join(' ') : v;
  const many = (v: string | string[] | undefined): string[] | undefined =>
    v === undefined ? undefined : Array.isArray(v) ? v : [v];
  return {
    hostname: one(raw.hostname),
    user: one(raw.user),
    port: one(raw.port),
    identityfile: many(raw.identityfile),
    userknownhostsfile: many(raw.userknownhostsfile)?.flatMap((f) => f.split(/\s+/)),
    identitiesonly: one(raw.identitiesonly)?.toLowerCase(),
    proxyjump: one(raw.proxyjump),
    proxycommand: one(raw.proxycommand),
  };
}

/** Directives haka does not follow (an Include inside a Host/Match block), once per file. */
export function unsupportedDirectives(cfg: SshConfigFile): string[] {
  const found = new Set<string>();
  const walk = (lines: SSHConfig): void => {
    for (const line of lines) {
      if (line.type !== SSHConfig.DIRECTIVE) continue;
      if (/^include$/i.test(line.param)) found.add('Include');
      if ('config' in line) walk(line.config);
    }
  };
  walk(cfg.config);
  return [...found];
}
