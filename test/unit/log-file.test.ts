// --log-file: opened before anything else (a bad path is an error at once), and a write error
// later (here /dev/full: every write fails with ENOSPC) stops logging with one warning and never
// the run. Run in a child process on the built code, because the write error arrives
// asynchronously and an unhandled one would end the process.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, Redactor } from '../../src/log.js';

const dir = mkdtempSync(join(tmpdir(), 'haka-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function node(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], (error, stdout, stderr) =>
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('--log-file', () => {
  it('refuses a missing folder, a folder and a FIFO nobody reads at open time', () => {
    const open = (file: string) => () =>
      createLogger({ level: 'info', file, redactor: new Redactor() });
    expect(open(join(dir, 'missing', 'haka.log'))).toThrow(/ENOENT/);
    expect(open(dir)).toThrow(/EISDIR/);
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(open(join(dir, 'fifo'))).toThrow(/ENXIO/);
  });

  it('a write error stops logging with one warning; the run goes on and ends normally', async () => {
    const module = resolve('dist/src/log.js');
    const r = await node(`
      const { createLogger, Redactor } = await import(${JSON.stringify(module)});
      const { log, close } = createLogger({ level: 'trace', file: '/dev/full', redactor: new Redactor() });
      for (let i = 0; i < 200; i++) {
        log.info({ i }, 'step');
        await new Promise((r) => setImmediate(r));
      }
      await close();
      console.log('run finished');
      process.exitCode = 3;
    `);
    expect(r.stdout).toBe('run finished\n');
    expect(r.code).toBe(3);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('cannot write the log file'));
    expect(warnings).toEqual([
      'haka: warning: cannot write the log file /dev/full: ENOSPC: no space left on device, write; logging stopped, the run goes on',
    ]);
  });
});
