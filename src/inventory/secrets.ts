// Resolves secret references (env:NAME, file:PATH) to values. Pure given its deps.
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from '../errors.js';
import type { LineLookup } from './load.js';
import type { Inventory, SecretRef, Secrets } from './types.js';

export interface SecretDeps {
  env: Record<string, string | undefined>;
  readFile: (path: string) => string;
  /** Lines of fields (from loadInventoryWithSource), so errors can name them. */
  lines?: LineLookup;
}

/** keepalived keeps only 8 characters of auth_pass, and its config test then fails. */
export const MAX_AUTH_PASS_LENGTH = 8;
/** Printable ASCII, minus what keepalived.conf would read as a comment or quote. */
const AUTH_PASS_CHARS = /^[\x21-\x7e]+$/;
const AUTH_PASS_FORBIDDEN = /["'#!\\]/;
/** Whitespace or control characters would break the line the secret is written on. */
const UNSAFE_IN_CONFIG = /[\s\p{Cc}]/u;

type Result = { value: string } | { problem: { message: string; fix: string } };

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
      // One trailing newline is what `echo secret > file` leaves; it is not part of the secret.
      return { value: deps.readFile(path).replace(/\r?\n$/, '') };
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return {
        problem: {
          message: `cannot read secret file ${path}: ${reason}`,
          fix: `create ${path} holding only the secret (chmod 600), or fix the path in ${ref.field}`,
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

/** Resolves every secret the inventory references; throws one ConfigError listing all problems. */
export function resolveSecrets(inventory: Inventory, deps: SecretDeps): Secrets {
  const issues: ConfigIssue[] = [];
  const resolveOne = (ref: SecretRef, isAuthPass: boolean): string => {
    const result = lookup(ref, inventory, deps);
    const problems =
      'problem' in result ? [result.problem] : valueProblems(ref, result.value, isAuthPass);
    for (const problem of problems) {
      issues.push({
        file: inventory.file,
        line: deps.lines?.(ref.field) ?? null,
        field: ref.field,
        severity: 'error',
        ...problem,
      });
    }
    return 'value' in result ? result.value : '';
  };
  const secrets: Secrets = { vrrpAuthPass: resolveOne(inventory.keepalived.authPass, true) };
  const stats = inventory.haproxy.stats;
  if (stats) secrets.statsPassword = resolveOne(stats.password, false);
  if (issues.length > 0) throw new ConfigError(issues);
  return secrets;
}

/** Every secret value, for redaction in diffs, logs and JSON (longest first). */
export function secretValues(secrets: Secrets): string[] {
  return [secrets.vrrpAuthPass, secrets.statsPassword]
    .filter((value): value is string => typeof value === 'string' && value !== '')
    .sort((a, b) => b.length - a.length);
}
