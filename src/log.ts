// Structured logs (pino) to stderr or a file. Secrets are scrubbed from every line at the sink,
// because they can hide in places no redact path names (command text, stderr, diffs).
import { createWriteStream, type WriteStream } from 'node:fs';
import pino, { type Logger } from 'pino';
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
  /** Log file path; when absent, logs go to stderr. */
  file?: string;
  redactor: Redactor;
}

export function createLogger(options: LogOptions): { log: Logger; close: () => Promise<void> } {
  const sink: NodeJS.WritableStream | WriteStream = options.file
    ? createWriteStream(options.file, { flags: 'a', mode: 0o600 })
    : process.stderr;
  const scrubbing = { write: (line: string) => sink.write(options.redactor.scrub(line)) };
  const log = pino({ level: options.level, base: undefined }, scrubbing);
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      if (sink === process.stderr) return resolve();
      (sink as WriteStream).end(() => resolve());
    });
  return { log, close };
}
