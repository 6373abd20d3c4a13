// Secrets never reach the terminal, a log or JSON: every occurrence of each secret value is
// replaced, and password-bearing config lines are masked even when the value is not one of
// haka's secrets (an original file may hold an old password).
import type { Plan } from '../plan/types.js';

export const MASK = '********';

/** Replace every occurrence of every secret; longest first so a secret inside another goes too. */
export function redact(text: string, secrets: readonly string[]): string {
  const values = [...new Set(secrets.filter((s) => s.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  let out = text;
  for (const value of values) out = out.split(value).join(MASK);
  return out;
}

const PASSWORD_LINES: readonly RegExp[] = [
  /^(\s*auth_pass\s+).+$/, // keepalived
  /^(\s*stats\s+auth\s+).+$/, // HAProxy stats page
  /^(\s*user\s+\S+\s+(?:insecure-)?password\s+).+$/, // HAProxy userlist
];

/** The password values a config file carries (old ones included), quotes removed. */
export function passwordsIn(text: string): string[] {
  const values = new Set<string>();
  for (const line of text.split('\n'))
    for (const pattern of PASSWORD_LINES) {
      const m = pattern.exec(line);
      const value = m?.[0]
        .slice(m[1]?.length ?? 0)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (value) values.add(value);
    }
  return [...values];
}

/**
 * A line of a sensitive file that contains one of its passwords anywhere (a comment, another
 * directive) is hidden whole: the value may be split, quoted or commented in ways a pattern
 * would miss.
 */
export function maskSecretLine(line: string, passwords: readonly string[]): string {
  const masked = maskPasswordLine(line);
  if (masked !== line) return masked;
  return passwords.some((p) => line.includes(p))
    ? `${MASK} (line hidden: it holds a password)`
    : line;
}

/** Mask the value on one config line that carries a password. */
export function maskPasswordLine(line: string): string {
  for (const pattern of PASSWORD_LINES) {
    const m = pattern.exec(line);
    if (m) return `${m[1]}${MASK}`;
  }
  return line;
}

/** Redact strings anywhere in a JSON-like value. */
export function redactDeep(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]));
  return value;
}

/** Shorter old passwords are left to the line masks: scrubbing them everywhere would mask words. */
const MIN_SCRUBBED_OLD_PASSWORD = 4;

/**
 * The passwords the hosts' current sensitive files hold (an old auth_pass that is not one of
 * haka's secrets any more): added to the Redactor, they are scrubbed from every later output and
 * log line too, not only from the diff of their file.
 */
export function oldPasswordsIn(plan: Plan): string[] {
  return plan.hosts
    .flatMap((h) => h.tasks.flatMap((t) => t.changes))
    .flatMap((c) => (c.kind === 'file' && c.sensitive ? passwordsIn(c.before ?? '') : []))
    .filter((p) => p.length >= MIN_SCRUBBED_OLD_PASSWORD);
}
