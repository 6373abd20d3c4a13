import type { Shell } from './sh.js';

/** One result shape for success and failure; the caller decides what a non-zero exit means. */
export interface ExecResult {
  host: string;
  command: string;
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface ExecOptions {
  /** Run through `sudo -n` when the login user is not root. Default true. */
  sudo?: boolean;
  stdin?: string | Buffer;
  timeoutMs?: number;
}

/** What the engine needs from a host connection. The ssh2 adapter is the only implementation that talks SSH. */
export interface Transport {
  readonly host: string;
  /** Login user; sudo is used for privileged commands when it is not root. */
  readonly user: string;
  exec(command: Shell, options?: ExecOptions): Promise<ExecResult>;
  /** Write a file as the login user (SFTP). Privileged placement is done afterwards with exec. */
  upload(remotePath: string, content: string | Buffer, mode?: number): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectTarget {
  name: string;
  address: string;
  port: number;
  user: string;
  identityFile?: string;
  knownHostsFile: string;
  connectTimeoutMs: number;
  /** Trust-on-first-use: accept and record a host key that known_hosts does not have yet. */
  acceptNewHostKeys: boolean;
  /** Offer only identityFile (ssh_config IdentitiesOnly): no other keys of the agent. */
  identitiesOnly?: boolean;
  /** Jump hosts, first to last (ProxyJump chain); the target is reached through the last. */
  jumps?: JumpHop[];
}

/** One jump host of a chain, each with its own login and known_hosts. */
export interface JumpHop {
  address: string;
  port: number;
  user: string;
  identityFile?: string;
  knownHostsFile: string;
  identitiesOnly?: boolean;
}
