// Running the built haka CLI for fault injection: like test/e2e/support/haka.ts, but the process
// is handed back while it runs, so a test can signal it (SIGINT, SIGKILL) mid-apply.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HakaRun } from '../../support/haka.js';

const CLI = resolve('dist/src/cli.js');

export interface RunningHaka {
  child: ChildProcess;
  /** Settles when the process exits; `code` is 128 + signal number when a signal ended it. */
  done: Promise<HakaRun & { signal: NodeJS.Signals | null }>;
  /**
   * Resolves with the first line haka printed on stderr that matches (without a terminal each
   * progress step is one line: `12:59:58.783Z lb3: health gate`), as soon as it is printed.
   */
  stderrLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** The production addresses must never be contacted: lab inventories (10.88.x.x) only. */
function assertLabInventory(path: string): void {
  const text = readFileSync(path, 'utf8');
  if (/\b10\.17\./.test(text) || !/\b10\.88\./.test(text))
    throw new Error(`${path} is not a lab inventory; refusing to run haka against it`);
}

export function startHaka(args: string[], inventory: string): RunningHaka {
  assertLabInventory(inventory);
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args, '-i', inventory], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr?.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const stderrLine = (pattern: RegExp, timeoutMs = 120_000): Promise<string> =>
    new Promise((found, fail) => {
      const look = (): boolean => {
        const line = stderr.split('\n').find((l) => pattern.test(l));
        if (line === undefined) return false;
        clearTimeout(timer);
        child.stderr?.off('data', look);
        found(line);
        return true;
      };
      const timer = setTimeout(() => {
        child.stderr?.off('data', look);
        fail(new Error(`no stderr line matching ${pattern} within ${timeoutMs} ms:\n${stderr}`));
      }, timeoutMs);
      if (!look()) child.stderr?.on('data', look);
    });
  const done = new Promise<HakaRun & { signal: NodeJS.Signals | null }>((resolveRun) => {
    child.on('close', (code, signal) => {
      resolveRun({ code: code ?? 128, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  return { child, done, stderrLine };
}
