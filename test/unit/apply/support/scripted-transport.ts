// A scripted Transport for the apply core's unit tests: it records every command and upload, and
// answers each command from a script (the first rule whose pattern matches), else exit 0 with no
// output. The real ssh2 transport is proven by the e2e suites; this one makes the sequencing
// logic (orchestrate, roll, gate, rollback) cheap to drive through its failure paths.
import type { Shell } from '../../../../src/transport/sh.js';
import type { ExecOptions, ExecResult, Transport } from '../../../../src/transport/types.js';

export interface Answer {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  /** Reject like a dropped connection instead of answering. */
  lost?: boolean;
}

export interface Rule {
  match: RegExp;
  /** A function answers from what every host was told so far (the shared journal). */
  answer: Answer | ((journal: readonly string[]) => Answer);
}

/** Answers every host needs: a temp folder and validators that accept. */
export const BASE_RULES: Rule[] = [
  { match: /^mktemp -d/, answer: { stdout: '/tmp/haka.TEST01\n' } },
  { match: /haproxy -c -f/, answer: { stdout: 'Configuration file is valid\n' } },
];

export class ScriptedTransport implements Transport {
  readonly user = 'root';
  readonly commands: string[] = [];
  readonly uploads: string[] = [];
  constructor(
    readonly host: string,
    private readonly rules: Rule[] = [],
    /** Every host's commands in the order they ran, as "HOST: COMMAND" (shared between hosts). */
    readonly journal: string[] = [],
  ) {}

  async exec(command: Shell, _options?: ExecOptions): Promise<ExecResult> {
    const text = command.text;
    this.commands.push(text);
    this.journal.push(`${this.host}: ${text}`);
    const rule = [...this.rules, ...BASE_RULES].find((r) => r.match.test(text));
    const answer =
      typeof rule?.answer === 'function' ? rule.answer(this.journal) : (rule?.answer ?? {});
    if (answer.lost) throw new Error(`${this.host}: connection lost`);
    return {
      host: this.host,
      command: text,
      exitCode: answer.exitCode ?? 0,
      signal: null,
      stdout: answer.stdout ?? '',
      stderr: answer.stderr ?? '',
      durationMs: 0,
    };
  }

  async upload(remotePath: string): Promise<void> {
    this.uploads.push(remotePath);
  }

  async close(): Promise<void> {}

  /** Commands that put a staged file in place: what "committed" means on a host. */
  get commits(): string[] {
    return this.commands.filter((c) => /^mv -f \S+\.haka-new /.test(c));
  }
}
