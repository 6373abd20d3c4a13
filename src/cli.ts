// The command line: argv → command. The only top-level catch and the only process.exit.
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { buildProgram, type RawGlobal } from './cli-program.js';
import { EXIT_ERROR, type CommandContext, type GlobalOptions } from './commands/context.js';
import { ConfigError, HakaError } from './errors.js';
import { createLogger, Redactor } from './log.js';
import { escapeControl, escapeControlKeepColors } from './render/terminal-text.js';
import { LiveProgress } from './commands/live-progress.js';
import { Timings } from './timings.js';

async function confirmOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

let exitCode = 0;
const abort = new AbortController();
/** The running command's live progress (one command per process). */
let live: LiveProgress | null = null;

/** Build the context, run the command, turn any error into a message and an exit code. */
function action<A extends unknown[]>(
  run: (ctx: CommandContext, ...args: A) => Promise<number> | number,
) {
  return async (...args: A): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    // Global options may come before or after the command.
    const raw = cmd.optsWithGlobals<RawGlobal>();
    const redactor = new Redactor();
    const colorAllowed = raw.color !== false && !process.env.NO_COLOR;
    // Progress is for a person: never with --json, nor amid JSON log records on stderr.
    live = new LiveProgress({
      write: (text) => process.stderr.write(text),
      enabled: !raw.json && (raw.logFile !== undefined || raw.logFormat !== 'json'),
      terminal: process.stderr.isTTY === true,
      color: process.stderr.isTTY === true && colorAllowed,
      columns: () => process.stderr.columns ?? 80,
      now: () => Date.now(),
      tickMs: 250,
    });
    const above = live.above.bind(live);
    let logger: ReturnType<typeof createLogger>;
    try {
      // Opened before anything else happens: a bad --log-file refuses the run, no host touched.
      logger = createLogger({
        level: raw.verbose ? 'debug' : (raw.logLevel ?? 'warn'),
        file: raw.logFile,
        format: raw.logFormat,
        redactor,
        writeStderr: (text) => above(() => process.stderr.write(text)),
      });
    } catch (error) {
      process.stderr.write(
        `haka: cannot open the log file ${raw.logFile}: ${(error as Error).message}\n`,
      );
      exitCode = EXIT_ERROR;
      return;
    }
    const { log, close } = logger;
    const options: GlobalOptions = {
      inventory: raw.inventory ?? 'inventory.yaml',
      limit: raw.limit ?? [],
      json: raw.json ?? false,
      acceptNewHostKeys: raw.acceptNewHostKeys ?? false,
      sshConfig: raw.sshConfig,
      concurrency: raw.concurrency ?? 10,
      timings: raw.timings ?? false,
    };
    const ctx: CommandContext = {
      options,
      log,
      redactor,
      print: (text) =>
        above(() => process.stdout.write(`${escapeControlKeepColors(redactor.scrub(text))}\n`)),
      confirm: process.stdin.isTTY && process.stderr.isTTY ? confirmOnTerminal : undefined,
      signal: abort.signal,
      terminal: process.stdout.isTTY === true,
      color: process.stdout.isTTY === true && colorAllowed,
      progress: live,
      clearScreen: () => {
        if (process.stdout.isTTY) process.stdout.write('\u001b[H\u001b[2J');
      },
      timings: new Timings(),
    };
    try {
      exitCode = await run(ctx, ...args);
    } catch (error) {
      exitCode = EXIT_ERROR;
      // The error replaces the live lines of a run that did not get far (a lock, a bad host).
      live.clear();
      // Messages may quote a host's output: redacted, every control character escaped (no colors).
      const shown = (text: string) => escapeControl(redactor.scrub(text));
      if (error instanceof ConfigError)
        process.stderr.write(`haka: invalid ${error.subject}:\n${shown(error.message)}\n`);
      else if (error instanceof HakaError)
        process.stderr.write(
          `haka: ${error.host ? `${error.host}: ` : ''}${shown(error.message)}\n`,
        );
      else {
        process.stderr.write(
          `haka: internal error (a bug; please report it): ${escapeControl(redactor.scrub(String((error as Error).stack ?? error)))}\n`,
        );
      }
      // Already printed above: record it in a --log-file, but do not say it twice on stderr.
      if (raw.logFile) log.error({ err: (error as Error).message }, 'command failed');
    } finally {
      live.stop();
      await close();
    }
  };
}

const program = buildProgram(action);

// First Ctrl-C: finish the current step and stop cleanly (files are staged+renamed, never half-written). Second: leave now.
process.on('SIGINT', () => {
  if (abort.signal.aborted) process.exit(130);
  const say = () =>
    process.stderr.write(
      '\nhaka: interrupted; finishing the current step (Ctrl-C again to leave now)\n',
    );
  if (live) live.above(say);
  else say();
  abort.abort();
});

await program.parseAsync(process.argv);
process.exit(exitCode);
