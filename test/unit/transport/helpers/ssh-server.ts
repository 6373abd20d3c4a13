// An in-process SSH server on 127.0.0.1 for transport tests (the way ssh2's own tests work).
// exec runs the command in a real local `/bin/sh -c`, so exit codes, stderr and stdin are real;
// SFTP writes real files. Everything the client did is recorded for assertions.
import { spawn } from 'node:child_process';
import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';

const { Server, utils } = ssh2;
const { OPEN_MODE, STATUS_CODE } = utils.sftp;

export interface KeyPair {
  private: string;
  public: string;
}

// ssh2 1.17 strips leading zero bytes of an ed25519 public key (mscdex/ssh2#1390, #1513), so about
// 1 key in 256 is malformed; draw again until both halves parse.
export function generateKeyPair(): KeyPair {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (
      !(utils.parseKey(pair.public) instanceof Error) &&
      !(utils.parseKey(pair.private) instanceof Error)
    ) {
      return pair;
    }
  }
}

/** The raw public key blob of an OpenSSH public key line (what ssh2's hostVerifier receives). */
export function publicBlob(publicKeyLine: string): Buffer {
  return Buffer.from(publicKeyLine.trim().split(/\s+/)[1] as string, 'base64');
}

export type ExecHandler = (command: string, channel: ServerChannel, user: string) => void;

export interface TestServerOptions {
  hostKey: KeyPair;
  /** More host keys of other types, offered too (the server picks what the client prefers). */
  extraHostKeys?: KeyPair[];
  /** Public key (OpenSSH line) allowed to log in, for any user name. */
  clientKey: KeyPair;
  /** Replace the default `/bin/sh -c` runner. */
  onExec?: ExecHandler;
  /** Allow direct-tcpip forwarding (so this server can act as a jump host). */
  allowForwarding?: boolean;
}

export interface SftpOp {
  op: 'open' | 'write' | 'fsetstat' | 'close';
  path?: string;
  mode?: number;
}

export interface TestServer {
  port: number;
  /** Every authentication attempt, in order (method + user). */
  auths: { method: string; user: string }[];
  /** Every exec command text, exactly as received. */
  execs: { command: string; user: string }[];
  sftpOps: SftpOp[];
  /** How many SFTP subsystems were opened. */
  sftpSessions: number;
  forwards: { host: string; port: number }[];
  connections: Connection[];
  close(): Promise<void>;
}

export async function startServer(options: TestServerOptions): Promise<TestServer> {
  const allowed = utils.parseKey(options.clientKey.public);
  if (allowed instanceof Error) throw allowed;
  const state: Omit<TestServer, 'port' | 'close'> = {
    auths: [],
    execs: [],
    sftpOps: [],
    sftpSessions: 0,
    forwards: [],
    connections: [],
  };
  const server = new Server(
    { hostKeys: [options.hostKey, ...(options.extraHostKeys ?? [])].map((k) => k.private) },
    (conn) => {
      state.connections.push(conn);
      let user = '';
      conn.on('error', () => undefined);
      conn.on('authentication', (ctx) => {
        state.auths.push({ method: ctx.method, user: ctx.username });
        if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
        const sameKey =
          ctx.key.algo === allowed.type && ctx.key.data.equals(allowed.getPublicSSH());
        if (!sameKey) return ctx.reject(['publickey']);
        if (
          ctx.signature &&
          ctx.blob &&
          allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true
        ) {
          return ctx.reject(['publickey']);
        }
        user = ctx.username;
        ctx.accept();
      });
      conn.on('ready', () => {
        conn.on('session', (accept) => {
          const session = accept();
          session.on('exec', (acceptExec, _reject, info) => {
            const channel = acceptExec();
            state.execs.push({ command: info.command, user });
            if (options.onExec) options.onExec(info.command, channel, user);
            else runInLocalShell(info.command, channel);
          });
          session.on('sftp', (acceptSftp) => {
            state.sftpSessions++;
            serveSftp(acceptSftp(), state.sftpOps);
          });
        });
        conn.on('tcpip', (accept, reject, info) => {
          if (!options.allowForwarding) return reject();
          state.forwards.push({ host: info.destIP, port: info.destPort });
          const upstream: Socket = netConnect(info.destPort, info.destIP);
          upstream.once('error', () => reject());
          upstream.once('connect', () => {
            const channel = accept();
            channel.pipe(upstream).pipe(channel);
            channel.on('close', () => upstream.destroy());
          });
        });
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // Return the state object itself (not a copy) so counters stay live for assertions.
  return Object.assign(state, {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of state.connections) c.end();
        server.close(() => resolve());
      }),
  });
}

/** Default exec: a real local `/bin/sh -c`, killed when the channel goes away. */
export function runInLocalShell(
  command: string,
  channel: ServerChannel,
  env?: NodeJS.ProcessEnv,
): void {
  const child = spawn('/bin/sh', ['-c', command], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: env ?? process.env,
  });
  channel.pipe(child.stdin);
  child.stdin.on('error', () => undefined);
  child.stdout.pipe(channel, { end: false });
  child.stderr.pipe(channel.stderr);
  let exited = false;
  child.on('close', (code, signal) => {
    exited = true;
    if (code !== null) channel.exit(code);
    else channel.exit(signal?.replace(/^SIG/, '') ?? 'KILL', false, '');
    channel.end();
  });
  channel.on('close', () => {
    if (!exited) child.kill('SIGKILL');
  });
}

function serveSftp(sftp: ssh2.SFTPWrapper, ops: SftpOp[]): void {
  const fds = new Map<string, { fd: number; path: string }>();
  let next = 0;
  const fail = (id: number, err: unknown): void => {
    const code = (err as NodeJS.ErrnoException).code;
    sftp.status(
      id,
      code === 'EACCES'
        ? STATUS_CODE.PERMISSION_DENIED
        : code === 'ENOENT'
          ? STATUS_CODE.NO_SUCH_FILE
          : STATUS_CODE.FAILURE,
      String(err),
    );
  };
  sftp.on('OPEN', (id, path, flags, attrs) => {
    ops.push({ op: 'open', path, mode: attrs.mode });
    try {
      const write = flags & OPEN_MODE.WRITE;
      const fsFlags = write ? 'w' : 'r';
      const fd = openSync(path, fsFlags, attrs.mode ?? 0o644);
      const handle = Buffer.from(String(next++));
      fds.set(handle.toString(), { fd, path });
      sftp.handle(id, handle);
    } catch (err) {
      fail(id, err);
    }
  });
  sftp.on('WRITE', (id, handle, offset, data) => {
    ops.push({ op: 'write' });
    const f = fds.get(handle.toString());
    if (!f) return sftp.status(id, STATUS_CODE.FAILURE);
    writeSync(f.fd, data, 0, data.length, offset);
    sftp.status(id, STATUS_CODE.OK);
  });
  sftp.on('FSETSTAT', (id, handle, attrs) => {
    const f = fds.get(handle.toString());
    ops.push({ op: 'fsetstat', path: f?.path, mode: attrs.mode });
    if (!f) return sftp.status(id, STATUS_CODE.FAILURE);
    if (attrs.mode !== undefined) fchmodSync(f.fd, attrs.mode & 0o7777);
    sftp.status(id, STATUS_CODE.OK);
  });
  sftp.on('CLOSE', (id, handle) => {
    const f = fds.get(handle.toString());
    ops.push({ op: 'close', path: f?.path });
    if (!f) return sftp.status(id, STATUS_CODE.FAILURE);
    closeSync(f.fd);
    fds.delete(handle.toString());
    sftp.status(id, STATUS_CODE.OK);
  });
}
