// Resolves secret references (env:NAME, file:PATH) to values. Pure given its deps.
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { readBoundedText, sizeText, type BoundedText } from './bounded-read.js';
import type { LineLookup } from './load.js';
import type { Inventory, SecretRef, Secrets } from './types.js';

export interface SecretDeps {
  env: Record<string, string | undefined>;
  /** Default: readSecretFile (a regular file of at most 4 KiB, with its mode). */
  readFile?: (path: string) => string | BoundedText;
  /** Lines of fields (from loadInventoryWithSource), so errors can name them. */
  lines?: LineLookup;
}

/** A secret is one short line: 4 KiB is far above any real one. */
export const MAX_SECRET_FILE_BYTES = 4096;

export function readSecretFile(path: string): BoundedText {
  return readBoundedText(path, MAX_SECRET_FILE_BYTES);
}

/** keepalived keeps only 8 characters of auth_pass, and its config test then fails. */
export const MAX_AUTH_PASS_LENGTH = 8;
/** Printable ASCII, minus what keepalived.conf would read as a comment or quote. */
const AUTH_PASS_CHARS = /^[\x21-\x7e]+$/;
const AUTH_PASS_FORBIDDEN = /["'#!\\]/;
/** Whitespace or control characters would break the line the secret is written on. */
const UNSAFE_IN_CONFIG = /[\s\p{Cc}]/u;

type Problem = { message: string; fix: string };
type Result = { value: string; warning?: Problem } | { problem: Problem };

/** A secret file that its group or other users may open is a finding, not a refusal. */
function modeWarning(path: string, mode: number): Problem | undefined {
  const who = [mode & 0o070 ? 'its group' : '', mode & 0o007 ? 'other users' : ''].filter(Boolean);
  if (who.length === 0) return undefined;
  return {
    message: `secret file ${path} is open to ${who.join(' and ')} (mode ${mode.toString(8).padStart(4, '0')})`,
    fix: `chmod 600 ${path}`,
  };
}

function lookup(ref: SecretRef, inventory: Inventory, deps: SecretDeps): Result {
  if (ref.ref.startsWith('env:')) {
    const name = ref.ref.slice('env:'.length);
    const value = deps.env[name];
    if (value === undefined) {
      return {
        problem: {
          message: `environment variable ${name} (from ${ref.ref}) is not set`,
          fix: `export ${name}=... before running haka, or point ${ref.field} at file:PATH`,
        },
      };
    }
    return { value };
  }
  if (ref.ref.startsWith('file:')) {
    const given = ref.ref.slice('file:'.length);
    const path = isAbsolute(given) ? given : resolve(dirname(inventory.file), given);
    try {
      const read = (deps.readFile ?? readSecretFile)(path);
      const file = typeof read === 'string' ? { text: read, mode: 0o600 } : read;
      // One trailing newline is what `echo secret > file` leaves; it is not part of the secret.
      return { value: file.text.replace(/\r?\n$/, ''), warning: modeWarning(path, file.mode) };
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return {
        problem: {
          message: `cannot read secret file ${path}: ${reason}`,
          fix: `point ${ref.field} at a regular file of at most ${sizeText(MAX_SECRET_FILE_BYTES)} holding only the secret (chmod 600)`,
        },
      };
    }
  }
  return {
    problem: {
      message: `"${ref.ref}" is not a secret reference`,
      fix: `write env:VARIABLE_NAME or file:PATH in ${ref.field}`,
    },
  };
}

/** Problems with a resolved value; never quotes the value itself. */
function valueProblems(
  ref: SecretRef,
  value: string,
  isAuthPass: boolean,
): { message: string; fix: string }[] {
  if (value === '') {
    return [{ message: `${ref.ref} is empty`, fix: `put the secret into ${ref.ref}` }];
  }
  if (isAuthPass && value.length > MAX_AUTH_PASS_LENGTH) {
    return [
      {
        message: `the VRRP auth_pass from ${ref.ref} is ${value.length} characters; keepalived uses at most ${MAX_AUTH_PASS_LENGTH} (it truncates longer ones and its config test fails)`,
        fix: `use a secret of 1 to ${MAX_AUTH_PASS_LENGTH} characters, for example: openssl rand -hex 4`,
      },
    ];
  }
  if (isAuthPass && (!AUTH_PASS_CHARS.test(value) || AUTH_PASS_FORBIDDEN.test(value))) {
    return [
      {
        message: `the VRRP auth_pass from ${ref.ref} contains whitespace (a second line?), a quote, #, !, a backslash or a non-ASCII character, which keepalived.conf cannot carry safely`,
        fix: 'use letters, digits and simple punctuation only, for example: openssl rand -hex 4',
      },
    ];
  }
  if (UNSAFE_IN_CONFIG.test(value)) {
    return [
      {
        message: `the secret from ${ref.ref} contains whitespace or control characters (several lines?), which would break the config line it is written on`,
        fix: `keep the secret on one line without spaces in ${ref.ref}`,
      },
    ];
  }
  return [];
}

export interface ResolvedSecrets {
  secrets: Secrets;
  /** Findings that do not refuse the run (a secret file others can read). */
  warnings: ConfigIssue[];
}

/** Resolves every secret the inventory references; throws one ConfigError listing all problems. */
export function resolveSecretsWithWarnings(
  inventory: Inventory,
  deps: SecretDeps,
): ResolvedSecrets {
  const issues: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const resolveOne = (ref: SecretRef, isAuthPass: boolean): string => {
    const result = lookup(ref, inventory, deps);
    const problems =
      'problem' in result ? [result.problem] : valueProblems(ref, result.value, isAuthPass);
    const at = { file: inventory.file, line: deps.lines?.(ref.field) ?? null, field: ref.field };
    for (const problem of problems) issues.push({ ...at, severity: 'error', ...problem });
    if ('warning' in result && result.warning)
      warnings.push({ ...at, severity: 'warning', ...result.warning });
    return 'value' in result ? result.value : '';
  };
  const secrets: Secrets = { vrrpAuthPass: resolveOne(inventory.keepalived.authPass, true) };
  const stats = inventory.haproxy.stats;
  if (stats) secrets.statsPassword = resolveOne(stats.password, false);
  if (issues.length > 0) throw new ConfigError([...issues, ...warnings]);
  return { secrets, warnings };
}

/** resolveSecretsWithWarnings without the warnings. */
export function resolveSecrets(inventory: Inventory, deps: SecretDeps): Secrets {
  return resolveSecretsWithWarnings(inventory, deps).secrets;
}

/** Every secret value, for redaction in diffs, logs and JSON (longest first). */
export function secretValues(secrets: Secrets): string[] {
  return [secrets.vrrpAuthPass, secrets.statsPassword]
    .filter((value): value is string => typeof value === 'string' && value !== '')
    .sort((a, b) => b.length - a.length);
}
