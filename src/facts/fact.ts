// A fact is a command plus a pure parser of its output (pyinfra's idea). The command runs inside
// the batched probe (gather.ts); the parser sees only its own section of the output.
import { FactError } from '../errors.js';
import type { Shell } from '../transport/sh.js';

export interface Fact<T> {
  /** Section name in the probe output: a plain token such as 'os-release' or 'file:3'. */
  name: string;
  /** POSIX sh; may fail, the probe records its exit code and goes on. */
  command: Shell;
  /** Pure: same output and exit code, same result. Throws FactError when the output makes no sense. */
  parse(output: string, exitCode: number): T;
}

/** A FactError raised inside a pure parser; gather.ts fills in the host. */
export function factError(fact: string, message: string): FactError {
  return new FactError('', fact, message);
}

/** Lines of a section, without a trailing empty line. */
export function lines(output: string): string[] {
  const all = output.split('\n');
  if (all.length > 0 && all[all.length - 1] === '') all.pop();
  return all;
}
