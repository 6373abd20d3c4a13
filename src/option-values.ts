// Parsers for option values, run by commander while it reads argv: a bad value stops the
// command with "error: option '--x <v>' argument 'abc' is invalid. <reason>" and exit 1,
// before the inventory is read or any host is touched.
import { InvalidArgumentError } from 'commander';
import { PATTERNS } from './inventory/schema.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
/** Longest duration accepted: a health gate or timeout longer than a day is a typo. */
const MAX_DURATION_MS = 24 * 3_600_000;

/** `90s`, `2m`, `1h`, `500ms`; a bare number is seconds. Returns milliseconds (> 0). */
export function parseDuration(value: string): number {
  const m = /^([0-9]{1,9})(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('Use a whole number with a unit: 90s, 2m, 1h or 500ms.');
  const ms = Number(m[1]) * UNIT_MS[(m[2] ?? 's') as keyof typeof UNIT_MS];
  if (ms <= 0) throw new InvalidArgumentError('It must be longer than zero.');
  if (ms > MAX_DURATION_MS) throw new InvalidArgumentError('It must be at most 24h.');
  return ms;
}

/** A whole number from 1 to `max`. */
export function positiveInteger(max: number): (value: string) => number {
  return (value) => {
    if (!/^[0-9]{1,9}$/.test(value.trim()))
      throw new InvalidArgumentError(`Use a whole number from 1 to ${max}.`);
    const n = Number(value.trim());
    if (n < 1 || n > max) throw new InvalidArgumentError(`Use a whole number from 1 to ${max}.`);
    return n;
  };
}

const HOST_NAME = new RegExp(PATTERNS.name, 'u');

/** `--limit a,b --limit c`: host names as the inventory allows them; whether they exist is the command's check. */
export function collectHostNames(value: string, previous: string[]): string[] {
  const names = value.split(',').map((n) => n.trim());
  const bad = names.filter((n) => !HOST_NAME.test(n));
  if (bad.length > 0)
    throw new InvalidArgumentError(
      `${bad.map((n) => JSON.stringify(n)).join(', ')} cannot be a host name (letters, digits, - and _).`,
    );
  return [...previous, ...names];
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
