// Running one measured command: wall time, controller CPU (user + sys) and peak RSS of the whole
// process, read from GNU time (the only portable way to get a child's peak RSS).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface Sample {
  wallS: number;
  cpuS: number;
  rssMB: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function measure(
  argv: string[],
  options: { env?: NodeJS.ProcessEnv; expect?: number[] } = {},
): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'haka-bench-'));
  const timeFile = join(dir, 'time');
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, ...argv], {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exitCode = await new Promise<number>((resolve) =>
    child.on('close', (c) => resolve(c ?? -1)),
  );
  const wallS = (performance.now() - t0) / 1000;
  const [user, sys, rssKB] = readFileSync(timeFile, 'utf8')
    .trim()
    .split('\n')
    .pop()!
    .split(' ')
    .map(Number);
  rmSync(dir, { recursive: true, force: true });
  const expect = options.expect ?? [0];
  if (!expect.includes(exitCode))
    throw new Error(
      `${argv.join(' ')} exited ${exitCode} (expected ${expect.join('/')}):\n${stdout}\n${stderr}`,
    );
  return {
    wallS,
    cpuS: (user ?? 0) + (sys ?? 0),
    rssMB: (rssKB ?? 0) / 1024,
    exitCode,
    stdout,
    stderr,
  };
}

export interface Stats {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length / 2;
  const median = s.length % 2 ? s[Math.floor(mid)]! : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
  return { median, min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN, n: s.length };
}
