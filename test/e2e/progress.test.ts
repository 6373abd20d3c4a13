// Live progress on real hosts: an install without a terminal writes one timestamped line per step
// per host on stderr (stdout keeps the plan and the recap); --json writes none; on a terminal (a
// pseudo-terminal from script(1)) the host lines are redrawn in place and the recap is coloured.
/* eslint-disable no-control-regex -- the terminal's escape sequences are what these cases check */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { labExec } from './harness/lab.js';
import { haka } from './support/haka.js';
import { convergedCluster } from './support/converged.js';

const STEP_LINE = /^\d\d:\d\d:\d\d\.\d{3}Z (lb\d): (.+)$/;
const ANY_STEP_LINE = /\d\d:\d\d:\d\d\.\d{3}Z lb\d: /;
const CFG = '/etc/haproxy/haproxy.cfg';

/** A hand edit on lb2's haproxy.cfg: the next install puts the file back and reloads haproxy there. */
async function driftLb2(): Promise<void> {
  const r = await labExec('lb2', ['sh', '-c', `printf '# edited by hand\\n' >> ${CFG}`]);
  expect(r.code, r.stderr).toBe(0);
}

/** Each host's steps, in order, from the timestamped lines of `stderr`. */
function stepsByHost(stderr: string): Map<string, string[]> {
  const steps = new Map<string, string[]>();
  for (const line of stderr.split('\n')) {
    const m = STEP_LINE.exec(line);
    if (m) steps.set(m[1] as string, [...(steps.get(m[1] as string) ?? []), m[2] as string]);
  }
  return steps;
}

/** haka under a pseudo-terminal: stdout and stderr are both the terminal, as for an operator. */
function hakaOnTerminal(
  args: string[],
  inventory: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string }> {
  // The production addresses must never be contacted: lab inventories (10.88.x.x) only.
  const text = readFileSync(inventory, 'utf8');
  if (/\b10\.17\./.test(text) || !/\b10\.88\./.test(text))
    throw new Error(`${inventory} is not a lab inventory; refusing to run haka against it`);
  const typescript = join(mkdtempSync(join(tmpdir(), 'haka-tty-')), 'typescript');
  const cli = [process.execPath, resolve('dist/src/cli.js'), ...args, '-i', inventory];
  const command = cli.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((done) => {
    execFile(
      'script',
      ['-q', '-e', '-c', command, typescript],
      { env: { ...process.env, TERM: 'xterm', ...env }, timeout: 10 * 60_000 },
      (error) =>
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          out: readFileSync(typescript, 'utf8'),
        }),
    );
  });
}

describe('live progress of an install', () => {
  let inventory: string;

  beforeAll(async () => {
    inventory = await convergedCluster();
  });

  it('without a terminal: one timestamped line per step per host on stderr, none on stdout', async () => {
    await driftLb2();
    const run = await haka(['install', '--yes'], { inventory });
    process.stdout.write(`[progress] install, no terminal (${run.ms} ms):\n${run.stderr}\n`);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const steps = stepsByHost(run.stderr);
    expect(steps.get('lb2')).toEqual([
      'connect',
      'facts',
      'staging',
      'validating',
      'waiting for its turn',
      'reloading',
      'health gate',
      'reloaded',
      'verifying',
      expect.stringMatching(/^changed after (\d+\.\ds|\d+m\d\ds)$/),
    ]);
    for (const host of ['lb1', 'lb3'])
      expect(steps.get(host)).toEqual([
        'connect',
        'facts',
        'in sync',
        'verifying',
        expect.stringMatching(/^ok after (\d+\.\ds|\d+m\d\ds)$/),
      ]);
    expect(run.stdout.split('\n').filter((l) => STEP_LINE.test(l))).toEqual([]);
    expect(run.stdout).toMatch(/^lb2 +: ok=\d+ +changed=[1-9]/m);
  });

  it('--json: the JSON document on stdout and no progress line anywhere', async () => {
    await driftLb2();
    const run = await haka(['install', '--yes', '--json'], { inventory });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as { hosts: { host: string; status: string }[] };
    expect(json.hosts.find((h) => h.host === 'lb2')?.status).toBe('changed');
    expect(stepsByHost(run.stderr).size).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('on a terminal: host lines redrawn in place, the plan and recap coloured; NO_COLOR: no colour', async () => {
    await driftLb2();
    const run = await hakaOnTerminal(['install', '--yes'], inventory);
    process.stdout.write(`[progress] install on a terminal: exit ${run.code}\n`);
    expect(run.code, run.out).toBe(0);
    // Redrawn in place: cursor up over the previous frame, each line cleared and written again.
    expect(run.out).toMatch(/\u001b\[3A\r\u001b\[2Klb1 +\S/);
    expect(run.out).toMatch(/\u001b\[2Klb2 +reloading +\d+\.\ds +\((\d+\.\ds|\d+m\d\ds) so far\)/);
    expect(run.out).toMatch(/\u001b\[2K\u001b\[33mlb2 +changed +in (\d+\.\ds|\d+m\d\ds)\u001b\[0m/);
    expect(run.out).toMatch(
      /\u001b\[33mlb2 +: ok=\d+ +changed=[1-9]\d* +failed=0 +changed\u001b\[0m/,
    );
    expect(run.out).toMatch(/\u001b\[32mlb1 +: ok=\d+ +changed=0 +failed=0 +ok\u001b\[0m/);
    expect(run.out).not.toMatch(ANY_STEP_LINE);

    await driftLb2();
    const plain = await hakaOnTerminal(['install', '--yes'], inventory, { NO_COLOR: '1' });
    expect(plain.code, plain.out).toBe(0);
    expect(plain.out).toMatch(/\u001b\[2Klb2 +changed +in (\d+\.\ds|\d+m\d\ds)\r?\n/);
    expect(plain.out).not.toMatch(/\u001b\[[0-9;]+m/);
  });
});
