// The operator-facing edges of the CLI on real hosts: confirmation, --limit, --json, and
// trust-on-first-use of host keys.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { haka, inventoryVariant } from './support/haka.js';
import { inventoryPath, labExec, labHost, resetLab } from './harness/lab.js';

const exists = async (host: string, path: string): Promise<boolean> =>
  (await labExec(host, ['test', '-e', path])).code === 0;

/** Run haka under a pseudo-terminal (util-linux `script`), typing `answer` at its prompt. */
function hakaOnTerminal(args: string[], answer: string): Promise<{ code: number; output: string }> {
  const command = ['node', 'dist/src/cli.js', ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((done) => {
    const child = execFile('script', ['-qec', command, '/dev/null'], (error, stdout) =>
      done({ code: error ? Number(error.code) : 0, output: stdout }),
    );
    // Answer once the question is on screen.
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('[y/N]')) child.stdin?.end(`${answer}\n`);
    });
  });
}

describe('haka CLI against the lab', () => {
  let inventory: string;

  beforeAll(async () => {
    await resetLab({ variant: 'prebaked' });
    inventory = inventoryPath();
  });

  it('refuses to install without a terminal and without --yes, changing nothing', async () => {
    const run = await haka(['install'], { inventory });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/refusing to install without confirmation.*--yes/);
    expect(await exists('lb1', '/etc/keepalived/keepalived.conf')).toBe(false);
  });

  it('asks on a terminal and changes nothing when the answer is no', async () => {
    const run = await hakaOnTerminal(['install', '-i', inventory], 'n');
    expect(run.output).toContain('Apply this plan to 3 host(s)? [y/N]');
    expect(run.output).toContain('Nothing was changed.');
    expect(run.code).toBe(1);
    expect(await exists('lb1', '/etc/keepalived/keepalived.conf')).toBe(false);
  });

  it('--limit plans and applies one host only; --json is machine-readable', async () => {
    const check = await haka(['check', '--json', '--limit', 'lb2'], { inventory });
    expect(check.code).toBe(2);
    const json = JSON.parse(check.stdout) as { plan: { hosts: { host: string }[] } };
    expect(json.plan.hosts.map((h) => h.host)).toEqual(['lb2']);
    const run = await haka(['install', '--yes', '--limit', 'lb2'], { inventory });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await exists('lb2', '/etc/keepalived/keepalived.conf')).toBe(true);
    expect(await exists('lb1', '/etc/keepalived/keepalived.conf')).toBe(false);
  });

  it('refuses hosts whose key known_hosts lacks, unless --accept-new-host-keys', async () => {
    const empty = join(dirname(inventory), 'known_hosts-empty');
    writeFileSync(empty, '');
    const tofu = inventoryVariant(inventory, 'inventory-tofu', (doc) => {
      (doc.ssh as Record<string, unknown>).knownHostsFile = empty;
    });
    const refused = await haka(['check'], { inventory: tofu });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/lb1\s*:.*refused/);
    expect(refused.stdout + refused.stderr).toMatch(/--accept-new-host-keys/);
    expect(readFileSync(empty, 'utf8')).toBe('');

    const accepted = await haka(['check', '--accept-new-host-keys'], { inventory: tofu });
    expect(accepted.code).toBe(2); // connected and planned (lb1 and lb3 still to install)
    const recorded = readFileSync(empty, 'utf8');
    const hosts = recorded
      .trim()
      .split('\n')
      .map((line) => line.split(' ')[0]);
    expect(hosts.sort()).toEqual(['lb1', 'lb2', 'lb3'].map((h) => labHost(h).address).sort());
    // The recorded keys are the real ones: strict checking now passes without the flag.
    expect((await haka(['check'], { inventory: tofu })).code).toBe(2);
  });
});
