// One small error hierarchy. Only src/cli.ts turns these into exit codes.
import { escapeControl } from './render/terminal-text.js';
import { toolMessage } from './tool-message.js';
import type { ExecResult } from './transport/types.js';

export abstract class HakaError extends Error {
  abstract readonly kind: 'config' | 'connect' | 'fact' | 'command' | 'verify' | 'internal';
  constructor(
    message: string,
    readonly host?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A finding in the inventory or its preflight; raised before any connection. */
export interface ConfigIssue {
  file: string;
  line: number | null;
  column?: number | null;
  field: string;
  message: string;
  fix: string;
  severity: 'error' | 'warning';
}

export class ConfigError extends HakaError {
  readonly kind = 'config';
  /** What the issues are about, for the CLI's heading ("invalid inventory:"). */
  constructor(
    readonly issues: ConfigIssue[],
    readonly subject:
      | 'inventory'
      | 'SSH client configuration'
      | 'Flatcar image'
      | 'Ansible repository' = 'inventory',
  ) {
    super(issues.map(formatIssue).join('\n'));
  }
}

export function formatIssue(i: ConfigIssue): string {
  const where = i.line === null ? i.file : `${i.file}:${i.line}${i.column ? `:${i.column}` : ''}`;
  // File names and values come from the operator's files: no escape sequence (not even a color) passes.
  return escapeControl(`${where}: ${i.severity}: ${i.field}: ${i.message} (fix: ${i.fix})`);
}

export class ConnectError extends HakaError {
  readonly kind = 'connect';
  constructor(
    host: string,
    readonly reason:
      'unreachable' | 'timeout' | 'auth' | 'host-key-mismatch' | 'host-key-unknown' | 'other',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, host, options);
  }
}

export class FactError extends HakaError {
  readonly kind = 'fact';
  constructor(
    host: string,
    readonly fact: string,
    message: string,
  ) {
    super(message, host);
  }
}

/** A command that exited non-zero where success was required; carries the whole result. */
export class CommandError extends HakaError {
  readonly kind = 'command';
  constructor(
    host: string,
    readonly result: ExecResult,
    message?: string,
  ) {
    // The tool's own words lead; the full command is in the -v log ("exec start").
    super(message ?? toolMessage(result), host);
  }
}

export class VerifyError extends HakaError {
  readonly kind = 'verify';
}

export class InternalError extends HakaError {
  readonly kind = 'internal';
}

/** A staged file that its validator (haproxy -c, keepalived -t) rejected; nothing was replaced. */
export class ValidationError extends HakaError {
  readonly kind = 'command';
  constructor(
    host: string,
    readonly path: string,
    readonly validator: string,
    readonly validatorMessage: string,
  ) {
    super(
      `${validator} rejected the new ${path}; the current file and service were left untouched:\n${validatorMessage}`,
      host,
    );
  }
}
