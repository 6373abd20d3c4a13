// --break-lock's compare-and-remove, run by the real shell: HostLock's commands go to a local
// /bin/sh (with the real flock and noclobber) and the lock path moved into a temp folder. A live
// lock is never removed, a lock replaced after it was judged stale stays, and of two breakers
// racing for one stale lock exactly one wins.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostLock, LockError, lockOwner, type LockOwner } from '../../src/run-lock.js';
import type { Shell } from '../../src/transport/sh.js';
import type { ExecResult, Transport } from '../../src/transport/types.js';
import { LOCK_FILE } from '../../tasks/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'haka-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Transport whose commands run in a local shell, with the host's lock path moved to `lock`. */
class LocalShell implements Transport {
  readonly host = 'local';
  readonly user = 'root';
  constructor(
    private readonly lock: string,
    /** Called before each command (to change the lock between two steps, as another run would). */
    private readonly before: (text: string) => void = () => undefined,
  ) {}

  exec(command: Shell): Promise<ExecResult> {
    const text = command.text.replaceAll(LOCK_FILE, this.lock);
    this.before(text);
    return new Promise((done) => {
      execFile('/bin/sh', ['-c', text], (error, stdout, stderr) =>
        done({
          host: this.host,
          command: text,
          exitCode: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          signal: null,
          stdout,
          stderr,
          durationMs: 0,
        }),
      );
    });
  }

  async upload(): Promise<void> {}
  async close(): Promise<void> {}
}

let serial = 0;
const lockPath = () => join(dir, `haka-${++serial}.lock`);
const text = (owner: LockOwner) => `${JSON.stringify(owner)}\n`;
const old: LockOwner = {
  owner: `someone@not-${hostname()}`,
  pid: 4242,
  command: 'install',
  startedAt: '2020-01-01T00:00:00Z',
};
const young = (): LockOwner => ({ ...old, startedAt: new Date().toISOString() });
const options = { breakLock: true, staleAfterMs: 60 * 60_000 };

describe('--break-lock (compare-and-remove in one shell step)', () => {
  it('takes a free lock, and releases only its own', async () => {
    const lock = lockPath();
    const me = new HostLock(new LocalShell(lock), lockOwner('install', new Date()));
    await me.acquire({ breakLock: false, staleAfterMs: 1000 });
    expect(JSON.parse(readFileSync(lock, 'utf8')).command).toBe('install');
    await me.release();
    expect(existsSync(lock)).toBe(false);
    const other = text(young());
    writeFileSync(lock, other);
    await me.release();
    expect(readFileSync(lock, 'utf8')).toBe(other);
  });

  it('removes a stale lock and takes it', async () => {
    const lock = lockPath();
    writeFileSync(lock, text(old));
    await new HostLock(new LocalShell(lock), lockOwner('install', new Date())).acquire(options);
    expect(JSON.parse(readFileSync(lock, 'utf8')).owner).not.toBe(old.owner);
  });

  it('never removes a live lock, even with --break-lock', async () => {
    const lock = lockPath();
    const live = text(young());
    writeFileSync(lock, live);
    const attempt = new HostLock(new LocalShell(lock), lockOwner('install', new Date()));
    const error = await attempt.acquire(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockError);
    expect((error as LockError).stale).toBe(false);
    expect(readFileSync(lock, 'utf8')).toBe(live);
  });

  it('keeps a lock that another run took after this one was judged stale', async () => {
    const lock = lockPath();
    writeFileSync(lock, text(old));
    const newcomer = text(young());
    // Between reading the stale lock and removing it, another breaker replaced it with its own.
    const transport = new LocalShell(lock, (command) => {
      if (command.includes('flock')) writeFileSync(lock, newcomer);
    });
    const error = await new HostLock(transport, lockOwner('install', new Date()))
      .acquire(options)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockError);
    expect((error as LockError).holder?.startedAt).toBe(JSON.parse(newcomer).startedAt);
    expect(readFileSync(lock, 'utf8')).toBe(newcomer);
  });

  it('of two breakers racing for the same stale lock, exactly one holds it (20 tries)', async () => {
    for (let t = 0; t < 20; t++) {
      const lock = lockPath();
      writeFileSync(lock, text(old));
      const a = new HostLock(new LocalShell(lock), lockOwner('install', new Date()));
      const b = new HostLock(new LocalShell(lock), lockOwner('uninstall', new Date()));
      const results = await Promise.allSettled([a.acquire(options), b.acquire(options)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won, `try ${t}`).toHaveLength(1);
      const holder = JSON.parse(readFileSync(lock, 'utf8')) as LockOwner;
      expect(holder.command).toBe(results[0]?.status === 'fulfilled' ? 'install' : 'uninstall');
    }
    // 40 shell processes: seconds on a busy machine, so not vitest's 5 s default.
  }, 60_000);
});
