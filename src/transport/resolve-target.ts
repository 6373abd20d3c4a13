// Where and how to connect to one inventory host: the inventory's ssh settings, completed by
// ssh_config (the inventory wins over ssh_config, ssh_config over haka's defaults), with the
// origin of every setting for `haka check -v`. Pure: the parsed ssh_config is an input.
import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { LbHost } from '../inventory/types.js';
import { computeFor, type SshConfigFile, type SshConfigValues } from './ssh-config.js';
import type { ConnectTarget, JumpHop } from './types.js';

export interface ResolveEnv {
  home: string;
  localUser: string;
}

const MAX_JUMPS = 8;

type Field = 'address' | 'user' | 'port' | 'identityFile' | 'knownHostsFile' | 'proxyJump';

// OpenSSH's % tokens that matter for the directives haka reads, and ~.
function expand(value: string, t: { host: string; user: string; port: number }, env: ResolveEnv) {
  const out = value.replace(/%([%hrupd])/g, (_m, c: string) => {
    if (c === '%') return '%';
    if (c === 'h') return t.host;
    if (c === 'r') return t.user;
    if (c === 'u') return env.localUser;
    if (c === 'p') return String(t.port);
    return env.home;
  });
  return out === '~' ? env.home : out.startsWith('~/') ? resolve(env.home, out.slice(2)) : out;
}

function absolute(path: string, env: ResolveEnv): string {
  return isAbsolute(path) ? path : resolve(env.home, '.ssh', path);
}

function configError(cfg: SshConfigFile, host: string, message: string, fix: string) {
  return new ConfigError(
    [{ file: cfg.file, line: null, field: `Host ${host}`, message, fix, severity: 'error' }],
    'SSH client configuration',
  );
}

/** `[user@]host[:port]` (or `ssh://[user@]host[:port]`), comma-separated. */
export function parseProxyJump(value: string): { user?: string; host: string; port?: number }[] {
  return value.split(',').map((spec) => {
    const m = /^(?:ssh:\/\/)?(?:([^@\s]+)@)?(\[[^\]]+\]|[^:\s]+)(?::([0-9]{1,5}))?$/.exec(
      spec.trim(),
    );
    if (!m) throw new Error(`cannot read the ProxyJump hop "${spec.trim()}"`);
    const hop: { user?: string; host: string; port?: number } = {
      host: (m[2] as string).replace(/^\[|\]$/g, ''),
    };
    if (m[1] !== undefined) hop.user = m[1];
    if (m[3] !== undefined) hop.port = Number(m[3]);
    return hop;
  });
}

interface Resolution {
  hop: JumpHop;
  origins: Record<Field, string>;
  proxyJump?: string;
}

// One endpoint from ssh_config alone (jump hosts named in a ProxyJump chain).
function resolveHop(
  cfg: SshConfigFile,
  spec: { user?: string; host: string; port?: number },
  fallback: { user: string; knownHostsFile: string },
  env: ResolveEnv,
): Resolution {
  const values = computeFor(cfg, spec.host, spec.user);
  return resolveWith(cfg, spec.host, values, {
    user: spec.user,
    port: spec.port,
    defaults: { user: fallback.user, port: 22, knownHostsFile: fallback.knownHostsFile },
    env,
  });
}

function resolveWith(
  cfg: SshConfigFile | null,
  lookup: string,
  values: SshConfigValues,
  o: {
    user?: string;
    port?: number;
    identityFile?: string;
    knownHostsFile?: string;
    defaults: { user: string; port: number; knownHostsFile: string };
    env: ResolveEnv;
    inventoryOrigin?: string;
  },
): Resolution {
  const fromConfig = cfg ? `${cfg.shown}` : '';
  const inv = o.inventoryOrigin ?? 'ProxyJump';
  const origins = {} as Record<Field, string>;
  const pick = <T>(field: Field, own: T | undefined, cfgValue: T | undefined, dflt: T): T => {
    if (own !== undefined) return ((origins[field] = inv), own);
    if (cfgValue !== undefined) return ((origins[field] = fromConfig), cfgValue);
    origins[field] = 'default';
    return dflt;
  };
  const port = pick(
    'port',
    o.port,
    values.port === undefined ? undefined : Number(values.port),
    o.defaults.port,
  );
  const user = pick('user', o.user, values.user, o.defaults.user);
  const tokens = { host: lookup, user, port };
  const address = pick(
    'address',
    undefined,
    values.hostname === undefined ? undefined : expand(values.hostname, tokens, o.env),
    lookup,
  );
  const hostTokens = { ...tokens, host: address };
  /** A file named in ssh_config: tokens expanded, then made absolute. */
  const localFile = (value: string | undefined): string | undefined =>
    value === undefined ? undefined : absolute(expand(value, hostTokens, o.env), o.env);
  const identityFile = pick(
    'identityFile',
    o.identityFile,
    localFile(values.identityfile?.[0]),
    undefined,
  );
  const knownHostsFile = pick(
    'knownHostsFile',
    o.knownHostsFile,
    localFile(values.userknownhostsfile?.[0]),
    o.defaults.knownHostsFile,
  );
  const hop: JumpHop = { address, port, user, knownHostsFile };
  if (identityFile !== undefined) hop.identityFile = identityFile;
  if (values.identitiesonly === 'yes') hop.identitiesOnly = true;
  const r: Resolution = { hop, origins };
  if (values.proxyjump !== undefined && values.proxyjump.toLowerCase() !== 'none')
    r.proxyJump = values.proxyjump;
  return r;
}

// The hops before `proxyJump`'s target, each resolved through ssh_config (a hop may have its own).
function jumpChain(
  cfg: SshConfigFile,
  proxyJump: string,
  fallback: { user: string; knownHostsFile: string },
  env: ResolveEnv,
  owner: string,
  depth = 0,
): JumpHop[] {
  let specs;
  try {
    specs = parseProxyJump(proxyJump);
  } catch (err) {
    throw configError(
      cfg,
      owner,
      (err as Error).message,
      'write ProxyJump [user@]host[:port][,...]',
    );
  }
  return specs.flatMap((spec) => {
    if (depth >= MAX_JUMPS)
      throw configError(
        cfg,
        owner,
        `ProxyJump chain longer than ${MAX_JUMPS} hops (a loop?)`,
        'check that no jump host names itself, e.g. through Host *',
      );
    const r = resolveHop(cfg, spec, fallback, env);
    const before = r.proxyJump
      ? jumpChain(cfg, r.proxyJump, fallback, env, spec.host, depth + 1)
      : [];
    return [...before, r.hop];
  });
}

export interface ResolvedTarget {
  target: ConnectTarget;
  /** One line per setting: "user core (from ~/.ssh/config)". */
  origins: string[];
}

/**
 * The connect target for `host`. The name looked up in ssh_config is `ssh.host` when the
 * inventory gives one (an alias or DNS name), else the host's address.
 */
export function resolveTarget(
  host: LbHost,
  cfg: SshConfigFile | null,
  env: ResolveEnv,
  acceptNewHostKeys: boolean,
): ResolvedTarget {
  const ssh = host.ssh;
  const explicit = new Set(ssh.explicit ?? []);
  const lookup = ssh.host ?? host.address;
  const values = cfg ? computeFor(cfg, lookup, explicit.has('user') ? ssh.user : undefined) : {};
  if (cfg && values.proxycommand !== undefined && values.proxyjump === undefined && !ssh.jump)
    throw configError(
      cfg,
      lookup,
      `ProxyCommand is set for ${lookup} and haka cannot run it`,
      'use ProxyJump (or the inventory ssh.jump) instead',
    );
  const own = <K extends 'user' | 'port' | 'identityFile' | 'knownHostsFile'>(k: K) =>
    explicit.has(k) ? ssh[k] : undefined;
  const r = resolveWith(cfg, lookup, values, {
    user: own('user'),
    port: own('port'),
    identityFile: own('identityFile'),
    knownHostsFile: own('knownHostsFile'),
    defaults: { user: ssh.user, port: ssh.port, knownHostsFile: ssh.knownHostsFile },
    env,
    inventoryOrigin: 'inventory',
  });
  if (ssh.host !== undefined && r.origins.address === 'default') r.origins.address = 'inventory';
  // Jump hosts not configured in ssh_config log in as the target's user and use the
  // inventory's known_hosts (or the default), as they did before ssh_config was read.
  const fallback = { user: r.hop.user, knownHostsFile: ssh.knownHostsFile };
  let jumps: JumpHop[] = [];
  if (ssh.jump) {
    const hop: JumpHop = { ...ssh.jump, knownHostsFile: r.hop.knownHostsFile };
    jumps = [hop];
    r.origins.proxyJump = 'inventory';
  } else if (cfg && r.proxyJump) {
    jumps = jumpChain(cfg, r.proxyJump, fallback, env, lookup);
    r.origins.proxyJump = cfg.shown;
  }
  const target: ConnectTarget = {
    name: host.name,
    address: r.hop.address,
    port: r.hop.port,
    user: r.hop.user,
    knownHostsFile: r.hop.knownHostsFile,
    connectTimeoutMs: ssh.connectTimeoutMs,
    acceptNewHostKeys,
  };
  if (r.hop.identityFile !== undefined) target.identityFile = r.hop.identityFile;
  if (r.hop.identitiesOnly) target.identitiesOnly = true;
  if (jumps.length > 0) target.jumps = jumps;
  const via = jumps.map((j) => `${j.user}@${j.address}:${j.port}`).join(' → ');
  const origins = [
    `connect to ${r.hop.address} (from ${r.origins.address}${lookup !== r.hop.address ? `, for ${lookup}` : ''}); VRRP uses ${host.address}`,
    `port ${r.hop.port} (from ${r.origins.port})`,
    `user ${r.hop.user} (from ${r.origins.user})`,
    `identity ${r.hop.identityFile ?? 'ssh-agent'} (from ${r.hop.identityFile ? r.origins.identityFile : 'default'})${r.hop.identitiesOnly ? ', IdentitiesOnly' : ''}`,
    `known_hosts ${r.hop.knownHostsFile} (from ${r.origins.knownHostsFile})`,
    ...(jumps.length > 0 ? [`via ${via} (from ${r.origins.proxyJump})`] : []),
  ];
  return { target, origins };
}
