// The operator-side lock file (known_hosts writes): a dead owner's lock is taken over at once, a
// live owner's never before it is stale, and runs that race to take over the same stale lock
// never both hold it (checked across processes, with the built module as the known_hosts test does).
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFile } from '../../../src/transport/local-lock-file.js';

const dir = mkdtempSync(join(tmpdir(), 'haka-lock-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The PID of a process that has exited (reused only after the kernel wraps around). */
function deadPid(): number {
  return Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"'], { encoding: 'utf8' }).trim());
}

const quick = { staleMs: 60_000, waitMs: 400 };

describe('lockFile', () => {
  it('takes over a lock whose owner process is gone, at once', async () => {
    const path = join(dir, 'dead.lock');
    writeFileSync(path, `${hostname()} ${deadPid()} abc\n`);
    const started = Date.now();
    const release = await lockFile(path, quick);
    expect(Date.now() - started).toBeLessThan(quick.waitMs);
    expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`^${hostname()} ${process.pid} `));
    await release();
    expect(existsSync(path)).toBe(false);
  });

  it('never takes a live owner’s fresh lock: it waits, then names the owner', async () => {
    const path = join(dir, 'live.lock');
    writeFileSync(path, `${hostname()} ${process.pid} someone-else\n`);
    await expect(lockFile(path, quick)).rejects.toThrow(
      `${path} has been held by process ${process.pid} on ${hostname()} for more than 0.4 s`,
    );
    expect(readFileSync(path, 'utf8')).toBe(`${hostname()} ${process.pid} someone-else\n`);
  });

  it('takes over a lock of another machine only once it is stale', async () => {
    const path = join(dir, 'other-host.lock');
    writeFileSync(path, `elsewhere 1 xyz\n`);
    await expect(lockFile(path, quick)).rejects.toThrow(/by process 1 on elsewhere/);
    const old = (Date.now() - 120_000) / 1000;
    utimesSync(path, old, old);
    const release = await lockFile(path, quick);
    await release();
    expect(existsSync(path)).toBe(false);
  });

  it('lets exactly one holder in when several processes race for locks left by dead owners', async () => {
    const path = join(dir, 'race.lock');
    const inside = join(dir, 'race.inside');
    const log = join(dir, 'race.log');
    const dead = deadPid();
    writeFileSync(path, `${hostname()} ${dead} first\n`);
    const module = resolve('dist/src/transport/local-lock-file.js');
    const PROCESSES = 6;
    const EACH = 10;
    // Each holder proves it is alone (O_EXCL marker), then "dies": it leaves the lock behind with
    // a dead owner's PID, so every next acquisition is a takeover race among the others.
    const script = `const { lockFile } = await import(${JSON.stringify(module)});
      const fs = await import('node:fs');
      const [path, inside, log, host, dead] = process.argv.slice(1);
      for (let i = 0; i < ${EACH}; i++) {
        await lockFile(path, { staleMs: 60000, waitMs: 60000 });
        fs.closeSync(fs.openSync(inside, 'wx'));
        fs.appendFileSync(log, process.pid + ' ' + i + '\\n');
        await new Promise((r) => setTimeout(r, 2));
        fs.unlinkSync(inside);
        fs.writeFileSync(path, host + ' ' + dead + ' crashed\\n');
      }`;
    const worker = () =>
      new Promise<void>((done, fail) =>
        execFile(
          process.execPath,
          ['--input-type=module', '-e', script, path, inside, log, hostname(), String(dead)],
          (error, _out, stderr) => (error ? fail(new Error(stderr)) : done()),
        ),
      );
    await Promise.all(Array.from({ length: PROCESSES }, worker));
    expect(readFileSync(log, 'utf8').trimEnd().split('\n')).toHaveLength(PROCESSES * EACH);
    expect(existsSync(inside)).toBe(false);
    expect(existsSync(`${path}.break`)).toBe(false);
  }, 120_000);
});
