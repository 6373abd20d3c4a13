// Values from the inventory and secrets go into config files as single words. These quote them
// for each file's own syntax, or refuse when the syntax cannot carry the value.
import { InternalError } from '../../src/errors.js';

const PLAIN_WORD = /^[A-Za-z0-9_.:@%+=,/-]+$/;

/**
 * HAProxy (2.x): single quotes take everything literally except a single quote; double quotes
 * need \ " and $ escaped (they expand environment variables).
 */
export function haproxyWord(value: string): string {
  if (PLAIN_WORD.test(value)) return value;
  if (!value.includes("'")) return `'${value}'`;
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** keepalived reads "quoted strings" whole; it has no escape for a double quote or a line break. */
export function keepalivedWord(value: string): string | null {
  if (value === '' || /["\r\n\0]/.test(value)) return null;
  return PLAIN_WORD.test(value) ? value : `"${value}"`;
}

/**
 * systemd unit lines read quotes, `\`, `$` (variables), `%` (specifiers), whitespace (word
 * splitting) and line breaks (a new directive) specially. The inventory schema only lets plain
 * words through; this refuses anything else instead of escaping it, so a unit line can never
 * carry a second word, directive or command.
 */
export function systemdWord(value: string): string {
  if (/^[A-Za-z0-9_./-]+$/.test(value)) return value;
  throw new InternalError(
    `refusing to write ${JSON.stringify(value)} into a systemd unit line: only letters, digits, ., _, - and / are allowed there`,
  );
}
