// The Transport over one logged-in SSH session: exec (with sudo), SFTP upload, close.
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { CommandError, ConnectError } from '../errors.js';
import type { Shell } from './sh.js';
import type { SftpSession, SshConnection } from './ssh-shapes.js';
import type { ExecOptions, ExecResult, Transport } from './types.js';
import { runOnChannel } from './run-channel.js';
import { sftpWriteFile } from './sftp-upload.js';
import { explainSudoFailure, withSudo } from './sudo.js';

// OpenSSH allows 10 sessions per connection (MaxSessions); stay below it, SFTP takes one.
const MAX_PARALLEL_CHANNELS = 8;
const CLOSE_GRACE_MS = 2000;

export interface SshTransportOptions {
  host: string;
  address: string;
  user: string;
  session: SshConnection;
  log: Logger;
  /** Called by close(): ends a jump-host connection, if any. */
  onClose?: () => void;
}

export class SshTransport implements Transport {
  readonly host: string;
  readonly user: string;
  private readonly session: SshConnection;
  private readonly log: Logger;
  private readonly limit = pLimit(MAX_PARALLEL_CHANNELS);
  private sftpSession: Promise<SftpSession> | undefined;
  private commandCount = 0;
  private lost: string | null = null;
  private closing = false;
  private closed: Promise<void>;

  constructor(private readonly options: SshTransportOptions) {
    this.host = options.host;
    this.user = options.user;
    this.session = options.session;
    this.log = options.log;
    this.closed = new Promise((resolve) => {
      this.session.on('close', () => {
        this.lost ??= 'the connection closed';
        resolve();
      });
    });
    this.session.on('error', (err: Error) => {
      this.lost = err.message;
      this.log.warn({ err: err.message }, 'ssh connection error');
    });
  }

  exec(command: Shell, options: ExecOptions = {}): Promise<ExecResult> {
    const id = ++this.commandCount;
    return this.limit(() => this.execNow(id, command, options));
  }

  private async execNow(id: number, command: Shell, options: ExecOptions): Promise<ExecResult> {
    const log = this.log.child({ cmd: id });
    const sent = withSudo(command, this.user, options.sudo ?? true).text;
    this.assertConnected(command.text);
    log.debug({ command: sent, stdinBytes: options.stdin?.length ?? 0 }, 'exec start');
    const started = performance.now();
    const outcome = await runOnChannel(this.session, sent, options).catch((err: Error) => {
      throw this.lost !== null
        ? this.connectionLost(command.text, this.lost, err)
        : new ConnectError(
            this.host,
            'other',
            `cannot open a channel on ${this.host} (${this.options.address}) for: ${command.text}: ${err.message}`,
            { cause: err },
          );
    });
    const durationMs = Math.round(performance.now() - started);
    if (outcome.noStatus && this.lost !== null) throw this.connectionLost(command.text, this.lost);
    const result: ExecResult = {
      host: this.host,
      command: command.text,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      stdout: outcome.stdout,
      stderr: explainSudoFailure(outcome.stderr, this.host, this.user),
      durationMs,
    };
    log.debug(
      {
        exitCode: result.exitCode,
        signal: result.signal,
        durationMs,
        stderr: result.stderr.slice(0, 2000),
      },
      'exec done',
    );
    return result;
  }

  async upload(remotePath: string, content: string | Buffer, mode = 0o644): Promise<void> {
    const id = ++this.commandCount;
    const log = this.log.child({ cmd: id });
    const body = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    log.debug({ remotePath, bytes: body.length, mode: mode.toString(8) }, 'upload start');
    const started = performance.now();
    this.assertConnected(`sftp upload ${remotePath}`);
    const sftp = await this.sftp();
    try {
      await this.limit(() => sftpWriteFile(sftp, remotePath, body, mode));
    } catch (err) {
      if (this.lost !== null)
        throw this.connectionLost(`sftp upload ${remotePath}`, this.lost, err);
      const e = err as Error & { code?: number | string };
      throw new CommandError(
        this.host,
        {
          host: this.host,
          command: `sftp upload ${remotePath} (mode ${mode.toString(8)}, as ${this.user})`,
          exitCode: typeof e.code === 'number' ? e.code : 1,
          signal: null,
          stdout: '',
          stderr: e.message,
          durationMs: Math.round(performance.now() - started),
        },
        `${e.message} (sftp upload of ${remotePath} as ${this.user})`,
      );
    }
    log.debug({ durationMs: Math.round(performance.now() - started) }, 'upload done');
  }

  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.lost ??= 'the connection was closed by haka';
      const sftp = await this.sftpSession?.catch(() => undefined);
      sftp?.end();
      this.session.end();
    }
    // Never hang a run on a peer that does not answer the disconnect.
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS);
      timer.unref();
    });
    await Promise.race([this.closed, grace]);
    clearTimeout(timer);
    this.options.onClose?.();
  }

  // One SFTP subsystem per connection, opened on first use and reused.
  private sftp(): Promise<SftpSession> {
    if (!this.sftpSession) {
      this.sftpSession = new Promise<SftpSession>((resolve, reject) => {
        this.session.sftp((err, sftp) => (err ? reject(err) : resolve(sftp)));
      }).catch((err: Error) => {
        this.sftpSession = undefined;
        throw new ConnectError(
          this.host,
          'other',
          `cannot open an SFTP session on ${this.host} (${this.options.address}) as ${this.user}: ${err.message}`,
          { cause: err },
        );
      });
    }
    return this.sftpSession;
  }

  private assertConnected(what: string): void {
    if (this.lost !== null) throw this.connectionLost(what, this.lost);
  }

  private connectionLost(what: string, why: string, cause?: unknown): ConnectError {
    return new ConnectError(
      this.host,
      'other',
      `connection to ${this.host} (${this.options.address}) lost (${why}) while running: ${what}`,
      { cause },
    );
  }
}
