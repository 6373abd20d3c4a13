// The Transport returned by connect(): exec (real /bin/sh on the server side), sudo wrapping,
// timeouts, dropped connections, SFTP upload and per-command log ids.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandError, ConnectError } from '../../../src/errors.js';
import { connect } from '../../../src/transport/ssh.js';
import { sh } from '../../../src/transport/sh.js';
import type { ConnectTarget, Transport } from '../../../src/transport/types.js';
import { makeLab, target, type Lab } from './helpers/setup.js';
import { startServer, type ExecHandler, type TestServer } from './helpers/ssh-server.js';

let lab: Lab;
let server: TestServer;
let transport: Transport | undefined;

async function open(
  onExec?: ExecHandler,
  overrides: Partial<ConnectTarget> = {},
  log?: pino.Logger,
): Promise<Transport> {
  server = await startServer({ hostKey: lab.hostKey, clientKey: lab.clientKey, onExec });
  const [type, b64] = lab.hostKey.public.trim().split(/\s+/);
  writeFileSync(lab.knownHostsFile, `[127.0.0.1]:${server.port} ${type} ${b64}\n`);
  transport = await connect(target(lab, server.port, overrides), log);
  return transport;
}

beforeEach(() => {
  lab = makeLab();
  transport = undefined;
});

afterEach(async () => {
  await transport?.close().catch(() => undefined);
  await server?.close();
  lab.cleanup();
});

describe('exec', () => {
  it('returns stdout, stderr, exit code and duration; a non-zero exit is not an error', async () => {
    const t = await open();
    const r = await t.exec(sh`printf 'out\\n'; printf 'err\\n' >&2; exit 3`);
    expect(r).toMatchObject({
      host: 'lb-test',
      exitCode: 3,
      signal: null,
      stdout: 'out\n',
      stderr: 'err\n',
    });
    expect(r.command).toBe("printf 'out\\n'; printf 'err\\n' >&2; exit 3");
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('sends the command unchanged for root', async () => {
    const t = await open();
    await t.exec(sh`echo ${'a b'}`);
    expect(server.execs.map((e) => e.command)).toEqual(["echo 'a b'"]);
  });

  it('feeds stdin, and gives EOF at once when there is none', async () => {
    const t = await open();
    expect((await t.exec(sh`cat`, { stdin: 'line 1\nline 2\n' })).stdout).toBe('line 1\nline 2\n');
    expect((await t.exec(sh`cat; echo done`)).stdout).toBe('done\n');
  });

  it('decodes UTF-8 split across chunks', async () => {
    const t = await open();
    const text = 'größe ✓ 日本語 '.repeat(5000);
    const r = await t.exec(sh`cat`, { stdin: text });
    expect(r.stdout).toBe(text);
  });

  it('runs many commands in parallel on one connection', async () => {
    const t = await open();
    const results = await Promise.all(
      Array.from({ length: 14 }, (_, i) => t.exec(sh`sleep 0.05; echo ${i}`)),
    );
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 14 }, (_, i) => `${i}\n`));
  });

  it('kills the channel on timeout and reports signal TIMEOUT; the connection stays usable', async () => {
    const t = await open();
    const started = Date.now();
    const r = await t.exec(sh`echo started; sleep 10`, { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.exitCode).toBeNull();
    expect(r.signal).toBe('TIMEOUT');
    expect(r.stdout).toBe('started\n');
    expect(r.stderr).toContain('timed out after 300 ms');
    expect((await t.exec(sh`echo still-here`)).stdout).toBe('still-here\n');
  });

  it('throws ConnectError when the connection drops mid-command', async () => {
    const t = await open((command, channel) => {
      if (command.includes('drop')) {
        server.connections[0]?.end();
        return;
      }
      channel.exit(0);
      channel.end();
    });
    const err = await t.exec(sh`drop`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toContain('lb-test (127.0.0.1)');
    expect((err as ConnectError).message).toContain('drop');
    await expect(t.exec(sh`true`)).rejects.toBeInstanceOf(ConnectError);
  });
});

describe('close', () => {
  it('is idempotent, and exec afterwards is a ConnectError', async () => {
    const t = await open();
    await Promise.all([t.close(), t.close()]);
    await t.close();
    const err = await t.exec(sh`true`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).message).toContain('closed by haka');
    expect(server.execs).toEqual([]);
  });
});

describe('sudo', () => {
  const answer: ExecHandler = (_command, channel) => {
    channel.exit(0);
    channel.end();
  };

  it('wraps commands for a non-root user in sudo -n -- sh -c, so pipes run privileged', async () => {
    const t = await open(answer, { user: 'core' });
    await t.exec(sh`cat ${'/etc/my file'} | grep -c x > /root/out`);
    expect(server.execs[0]).toEqual({
      user: 'core',
      command: String.raw`sudo -n -- sh -c 'cat '\''/etc/my file'\'' | grep -c x > /root/out'`,
    });
  });

  it('does not wrap with sudo: false', async () => {
    const t = await open(answer, { user: 'core' });
    await t.exec(sh`id -u`, { sudo: false });
    expect(server.execs[0]?.command).toBe('id -u');
  });

  it('explains a sudo that wants a password instead of hanging', async () => {
    const t = await open(
      (_command, channel) => {
        channel.stderr.write('sudo: a password is required\n');
        channel.exit(1);
        channel.end();
      },
      { user: 'core' },
    );
    const r = await t.exec(sh`true`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("asks user 'core' for a password");
    expect(r.stderr).toContain('NOPASSWD');
    expect(r.stderr).toContain('sudo: a password is required');
  });
});

describe('upload', () => {
  it('writes the file over SFTP with the exact mode, reusing one SFTP session', async () => {
    const t = await open();
    const a = join(lab.dir, 'a.cfg');
    const b = join(lab.dir, 'b.sh');
    await t.upload(a, 'global\n  maxconn 100\n', 0o640);
    await t.upload(b, Buffer.from('#!/bin/sh\nexit 0\n'), 0o755);
    expect(readFileSync(a, 'utf8')).toBe('global\n  maxconn 100\n');
    expect(statSync(a).mode & 0o7777).toBe(0o640);
    expect(statSync(b).mode & 0o7777).toBe(0o755);
    expect(server.sftpSessions).toBe(1);
    expect(server.sftpOps.filter((o) => o.path === a).map((o) => o.op)).toEqual([
      'open',
      'fsetstat',
      'close',
    ]);
    expect(server.sftpOps.map((o) => o.op)).toContain('write');
  });

  it('uploads large content intact', async () => {
    const t = await open();
    const big = Buffer.alloc(300_000, 'abcdefghij');
    const p = join(lab.dir, 'big.bin');
    await t.upload(p, big, 0o600);
    expect(readFileSync(p).equals(big)).toBe(true);
  });

  it('reports a failed upload as CommandError naming the path', async () => {
    const t = await open();
    const p = join(lab.dir, 'no-such-dir', 'x.cfg');
    const err = await t.upload(p, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect((err as CommandError).result.command).toContain(p);
  });
});

describe('logging', () => {
  it('logs each exec at debug with the host and a per-command id', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const t = await open(undefined, {}, pino({ level: 'debug' }, sink));
    await Promise.all([t.exec(sh`echo one`), t.exec(sh`echo two`)]);
    const starts = lines.filter((l) => l.msg === 'exec start');
    expect(starts.map((l) => [l.host, l.cmd, l.command]).sort()).toEqual([
      ['lb-test', 1, 'echo one'],
      ['lb-test', 2, 'echo two'],
    ]);
    expect(
      lines
        .filter((l) => l.msg === 'exec done')
        .map((l) => l.cmd)
        .sort(),
    ).toEqual([1, 2]);
  });
});
