// Runs the built haka CLI (dist/) as an operator would, against lab inventories only.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

export interface HakaRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

const CLI = resolve('dist/src/cli.js');

/** Refuse anything but a lab inventory: the production addresses must never be contacted. */
function assertLabInventory(path: string): void {
  const text = readFileSync(path, 'utf8');
  if (/\b10\.17\./.test(text) || !/\b10\.88\./.test(text))
    throw new Error(
      `${path} is not a lab inventory (10.88.x.x only); refusing to run haka against it`,
    );
}

/** `netns`: run inside that lab network namespace (e.g. the operator's, which sees only the bastion). */
export function haka(
  args: string[],
  options: { inventory: string; env?: NodeJS.ProcessEnv; netns?: string },
): Promise<HakaRun> {
  assertLabInventory(options.inventory);
  const started = Date.now();
  const argv = [CLI, ...args, '-i', options.inventory];
  return new Promise((done) => {
    execFile(
      options.netns ? 'ip' : process.execPath,
      options.netns ? ['netns', 'exec', options.netns, process.execPath, ...argv] : argv,
      {
        env: { ...process.env, ...options.env },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 15 * 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

/** Write a variant of an inventory beside it (so relative secret paths still resolve). */
export function inventoryVariant(
  base: string,
  name: string,
  edit: (doc: Record<string, unknown>) => void,
): string {
  const doc = parse(readFileSync(base, 'utf8')) as Record<string, unknown>;
  edit(doc);
  const path = join(dirname(base), `${name}.yaml`);
  writeFileSync(path, stringify(doc));
  return path;
}
