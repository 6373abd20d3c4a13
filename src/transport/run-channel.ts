// Run one command on an SSH exec channel and collect what it did. Never throws for a non-zero
// exit: the caller decides what an exit code means.
import type { ExecChannel, SshConnection } from './ssh-shapes.js';

export interface ChannelOutcome {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** Remote signal name, 'TIMEOUT' when haka gave up, null otherwise. */
  signal: string | null;
  /** The channel closed without an exit status (e.g. the connection dropped). */
  noStatus: boolean;
}

export interface RunOptions {
  stdin?: string | Buffer;
  timeoutMs?: number;
}

/** Open a channel, run `commandText`, feed stdin (or EOF at once), wait for close or timeout. */
export function runOnChannel(
  session: SshConnection,
  commandText: string,
  options: RunOptions,
): Promise<ChannelOutcome> {
  return new Promise((resolve, reject) => {
    try {
      session.exec(commandText, (err, channel) => {
        if (err) reject(err);
        else collect(channel, options, resolve);
      });
    } catch (err) {
      reject(err as Error); // ssh2 throws synchronously when the socket is already gone
    }
  });
}

function collect(
  channel: ExecChannel,
  options: RunOptions,
  resolve: (outcome: ChannelOutcome) => void,
): void {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let exitCode: number | null = null;
  let signal: string | null = null;
  let gotStatus = false;
  let settled = false;
  let timer: NodeJS.Timeout | undefined;

  const finish = (timedOut: boolean): void => {
    if (settled) return;
    settled = true;
    if (timer) clearTimeout(timer);
    let stderr = Buffer.concat(err).toString('utf8');
    if (timedOut)
      stderr += `${stderr && !stderr.endsWith('\n') ? '\n' : ''}haka: timed out after ${options.timeoutMs} ms; channel killed\n`;
    resolve({
      stdout: Buffer.concat(out).toString('utf8'),
      stderr,
      exitCode: timedOut ? null : exitCode,
      signal: timedOut ? 'TIMEOUT' : signal,
      noStatus: !timedOut && !gotStatus,
    });
  };

  channel.on('data', (chunk: Buffer) => out.push(chunk));
  channel.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  channel.on('exit', (code: number | null, sig?: string) => {
    gotStatus = true;
    exitCode = typeof code === 'number' ? code : null;
    signal = typeof sig === 'string' ? sig : null;
  });
  channel.on('error', () => undefined); // a channel error ends in 'close'; reported there
  channel.on('close', () => finish(false));

  if (options.timeoutMs !== undefined && options.timeoutMs > 0) {
    timer = setTimeout(() => {
      channel.signal('KILL');
      channel.close();
      finish(true);
    }, options.timeoutMs);
  }
  // End stdin so commands that read it see EOF instead of waiting forever.
  const input = options.stdin;
  channel.end(
    input === undefined ? undefined : Buffer.isBuffer(input) ? input : Buffer.from(input),
  );
}
