import type { Logger } from 'pino';
import type { Redactor } from '../log.js';
import type { ProgressHook } from '../progress.js';
import type { RecapRow } from '../render/recap.js';
import type { Timings } from '../timings.js';

export interface GlobalOptions {
  inventory: string;
  limit: string[];
  json: boolean;
  acceptNewHostKeys: boolean;
  /** -F FILE: the SSH client configuration (default ~/.ssh/config when present). */
  sshConfig?: string;
  concurrency: number;
  /** --timings: a per-host, per-phase summary after the recap. */
  timings?: boolean;
}

/** Live progress of a run on stderr; does nothing with --json. */
export interface RunProgress {
  step: ProgressHook;
  /** Take the live lines off the terminal (before the plan or a question). */
  clear(): void;
  /** The run is over: each host's outcome. */
  finish(outcomes: readonly { host: string; status: RecapRow['status'] }[]): void;
}

/** What the CLI hands a command: options, where to print, how to ask. Commands return an exit code. */
export interface CommandContext {
  options: GlobalOptions;
  log: Logger;
  redactor: Redactor;
  /** Plan, diffs and recap go to stdout. */
  print: (text: string) => void;
  /** Ask the operator; resolves false when they decline. Absent without a terminal. */
  confirm?: (question: string) => Promise<boolean>;
  signal: AbortSignal;
  /** stdout is a terminal (redraw in place). */
  terminal: boolean;
  /** Colour on stdout: a terminal, NO_COLOR unset and no --no-color. */
  color: boolean;
  progress: RunProgress;
  /** Clear the terminal (stdout) for a new screen; `print` escapes such sequences. */
  clearScreen(): void;
  /** Where this run's time went, per host and phase (in --json, and the --timings summary). */
  timings?: Timings;
}

/**
 * Ask the operator before changing hosts. Without a terminal to ask on, print why nothing is
 * done (`refusing to VERB without confirmation …` + `hint`) and answer false; a decline answers false too.
 */
export async function confirmed(
  ctx: CommandContext,
  verb: string,
  question: string,
  hint = 'Re-run with --yes.',
): Promise<boolean> {
  if (!ctx.confirm) {
    ctx.print(`refusing to ${verb} without confirmation: no terminal to ask on. ${hint}`);
    return false;
  }
  return ctx.confirm(question);
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_DRIFT = 2;
/** `haka import`: the inventory was written, and lint found errors to fix before it is used. */
export const EXIT_IMPORTED_WITH_ERRORS = 2;
/** `haka status`, `haka drill`: the cluster is not healthy. */
export const EXIT_DEGRADED = 2;
