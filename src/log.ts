// Structured logs (pino) to stderr or a file. Secrets are scrubbed from every line at the sink,
// because they can hide in places no redact path names (command text, stderr, diffs).
import {
  closeSync,
  constants,
  createWriteStream,
  fstatSync,
  openSync,
  type WriteStream,
} from 'node:fs';
import pino, { type Logger } from 'pino';
import { humanLogLine } from './log-lines.js';
import { redact } from './render/redact.js';

export type { Logger } from 'pino';

/** Replaces every known secret value in a string; secrets are registered once resolved. */
export class Redactor {
  private readonly values = new Set<string>();

  add(...secrets: (string | undefined)[]): void {
    for (const s of secrets) if (s) this.values.add(s);
  }

  get secrets(): string[] {
    return [...this.values];
  }

  scrub(text: string): string {
    return redact(text, this.secrets);
  }
}

export interface LogOptions {
  level: string;
  /** Log file path (JSON lines); when absent, logs go to stderr. */
  file?: string;
  /** On stderr: plain lines for a person (default), or the JSON records. */
  format?: 'human' | 'json';
  redactor: Redactor;
  /** How a line reaches stderr (default: written to it; the live progress puts it above its lines). */
  writeStderr?: (text: string) => void;
}

/**
 * Opens the log file now, so a missing folder, a folder given as file or a FIFO without a reader
 * is refused (a thrown Error) before any host is touched. O_NONBLOCK: a FIFO never blocks here.
 */
function openLogFile(file: string): WriteStream {
  const fd = openSync(
    file,
    constants.O_WRONLY |
      constants.O_APPEND |
      constants.O_CREAT |
      constants.O_NONBLOCK |
      constants.O_NOCTTY,
    0o600,
  );
  const stats = fstatSync(fd);
  if (!stats.isFile() && !stats.isCharacterDevice()) {
    closeSync(fd);
    throw new Error(`${file} is neither a regular file nor a character device`);
  }
  return createWriteStream(file, { fd });
}

export function createLogger(options: LogOptions): { log: Logger; close: () => Promise<void> } {
  const stream = options.file ? openLogFile(options.file) : null;
  let broken = false;
  // A later write error (disk full, file removed from a network share) stops logging, never the run.
  stream?.on('error', (error) => {
    if (broken) return;
    broken = true;
    process.stderr.write(
      `haka: warning: cannot write the log file ${options.file}: ${error.message}; logging stopped, the run goes on\n`,
    );
  });
  const toStderr = options.writeStderr ?? ((text: string) => process.stderr.write(text));
  const sink = stream ?? { write: toStderr };
  // Never a raw JSON record between the plan and the recap on a terminal, unless asked for.
  const human = !stream && options.format !== 'json';
  const scrubbing = {
    write: (line: string) => {
      if (broken) return;
      const text = options.redactor.scrub(line);
      sink.write(human ? `${humanLogLine(text)}\n` : text);
    },
  };
  const log = pino({ level: options.level, base: undefined }, scrubbing);
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      if (!stream || broken || stream.destroyed) return resolve();
      stream.once('error', () => resolve());
      stream.end(() => resolve());
    });
  return { log, close };
}
