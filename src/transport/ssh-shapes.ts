// The few parts of an SSH connection that the transport uses, described structurally so that
// only ssh.ts imports ssh2 (its Client, channels and SFTP objects satisfy these shapes).

type Listener = (...args: never[]) => void;

/** An exec channel: stdout is the channel itself, stderr a sub-stream. */
export interface ExecChannel {
  on(event: string, listener: Listener): unknown;
  stderr: { on(event: string, listener: Listener): unknown };
  end(data?: Buffer): unknown;
  signal(name: string): unknown;
  close(): unknown;
}

type SftpCallback<T> = (
  err: (Error & { code?: number | string }) | null | undefined,
  value: T,
) => void;

export interface SftpSession {
  open(path: string, flags: 'w', attrs: { mode: number }, cb: SftpCallback<Buffer>): unknown;
  write(
    handle: Buffer,
    data: Buffer,
    offset: number,
    length: number,
    position: number,
    cb: (err: (Error & { code?: number | string }) | null | undefined) => void,
  ): unknown;
  fchmod(
    handle: Buffer,
    mode: number,
    cb: (err: (Error & { code?: number | string }) | null | undefined) => void,
  ): unknown;
  close(
    handle: Buffer,
    cb: (err: (Error & { code?: number | string }) | null | undefined) => void,
  ): unknown;
  end(): unknown;
}

/** A logged-in SSH connection. */
export interface SshConnection {
  exec(command: string, cb: (err: Error | undefined, channel: ExecChannel) => void): unknown;
  sftp(cb: (err: Error | undefined, sftp: SftpSession) => void): unknown;
  on(event: string, listener: Listener): unknown;
  end(): unknown;
}
