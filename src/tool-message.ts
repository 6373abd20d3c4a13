// What a failed remote command said, in its own words first: apt's "E: Unable to locate package
// socat" rather than the shell text haka sent (that stays in the -v log: "exec start").
import type { ExecResult } from './transport/types.js';

// Lines tools use to say what went wrong (apt's "E:", "error:", "fatal:", systemctl's "Failed to").
const ERROR_LINE = /^(E|W: Failed|[Ee]rror|ERROR|[Ff]atal|FATAL|Failed to|Job for)\b/;

/**
 * The program a simple command ran: its first word after variable assignments, sudo and env.
 * Null for a compound command (`a && b`, `$(...)`, `;`, a pipe): no single program to name.
 */
export function programOf(command: string): string | null {
  if (/&&|\|\||;|\$\(|\|/.test(command)) return null;
  const words = command.trim().split(/\s+/);
  const skip = (w: string) =>
    /^[A-Za-z_][A-Za-z0-9_]*=/.test(w) || /^(sudo|-n|env|exec|--)$/.test(w);
  const word = words.find((w) => !skip(w));
  return word === undefined ? null : word.replace(/^['"]|['"]$/g, '').replace(/^.*\//, '');
}

/** The line that says why: the first error-looking line of stderr, else its last line, else stdout's. */
export function leadLine(result: Pick<ExecResult, 'stdout' | 'stderr'>): string | null {
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
  const err = lines(result.stderr);
  return err.find((l) => ERROR_LINE.test(l)) ?? err.at(-1) ?? lines(result.stdout).at(-1) ?? null;
}

/** "E: Unable to locate package socat (apt-get, exit 100)", then the rest of stderr. */
export function toolMessage(result: ExecResult): string {
  const status = result.exitCode !== null ? `exit ${result.exitCode}` : `signal ${result.signal}`;
  const lead = leadLine(result);
  const program = programOf(result.command);
  const head = `${lead ?? 'no output'} (${program === null ? '' : `${program}, `}${status})`;
  const rest = result.stderr.trim();
  return rest.length > 0 && rest !== lead ? `${head}\n${rest}` : head;
}
