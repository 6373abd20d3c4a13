// `haka status` on real hosts: healthy (exit 0), haproxy stopped on one host and a VIP forced onto
// a second host (both degraded, exit 2), each case shown as the operator sees it; --watch looks
// again until Ctrl-C and sees a change made meanwhile.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labExec, labInfo, waitFor } from './harness/lab.js';
import { haka } from './support/haka.js';
import { convergedCluster } from './support/converged.js';
import { startHaka } from './safety/support/run.js';

describe('haka status', () => {
  let inventory: string;
  const undo: string[][] = [];

  beforeAll(async () => {
    inventory = await convergedCluster();
  });

  afterEach(async () => {
    for (const cmd of undo.splice(0)) await labExec(cmd[0] as string, cmd.slice(1));
  });

  it('healthy cluster: holders, VRRP states, servers, ports, last run; exit 0', async () => {
    const run = await haka(['status'], { inventory });
    process.stdout.write(`[status healthy] exit ${run.code}\n${run.stdout}\n`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^cluster HEALTHY/);
    expect(run.stdout).toMatch(/api +\S+ +held by lb1; :6443 answers/);
    expect(run.stdout).toContain('vrrp     api MASTER priority 150, ingress MASTER priority 150');
    expect(run.stdout).toMatch(/last run install at \S+ from \S+ \(haka \d+\.\d+\.\d+\)/);
    const json = await haka(['status', '--json'], { inventory });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ healthy: true, problems: [] });
  });

  it('haproxy stopped on lb2: degraded, exit 2', async () => {
    await labExec('lb2', ['systemctl', 'stop', 'haproxy']);
    undo.push(['lb2', 'systemctl', 'start', 'haproxy']);
    const run = await haka(['status'], { inventory });
    process.stdout.write(`[status haproxy stopped] exit ${run.code}\n${run.stdout}\n`);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('lb2: haproxy NOT ACTIVE');
    expect(run.stdout).toContain('  - lb2: haproxy.service is inactive');
  });

  it('the ingress VIP forced onto lb3 as well: split brain, exit 2', async () => {
    const { address, prefix } = labInfo().vips.ingress;
    await labExec('lb3', ['ip', 'addr', 'add', `${address}/${prefix}`, 'dev', 'eth0']);
    undo.push(['lb3', 'ip', 'addr', 'del', `${address}/${prefix}`, 'dev', 'eth0']);
    const run = await haka(['status'], { inventory });
    process.stdout.write(`[status split brain] exit ${run.code}\n${run.stdout}\n`);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('SPLIT BRAIN: held by lb1 and lb3');
    expect(run.stdout).toContain('VIP ingress is held by lb1, lb3 at once (split brain)');
  });

  it('--watch looks again every 2 s, sees haproxy stop on lb2, and ends on Ctrl-C with the last verdict', async () => {
    const watching = startHaka(['status', '--watch'], inventory);
    let out = '';
    watching.child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    const looks = (what: RegExp) => out.split('\n').filter((l) => what.test(l)).length;
    try {
      // Generous: one look takes seconds on an idle machine, tens of seconds on a loaded one.
      await waitFor(async () => looks(/^cluster HEALTHY/) >= 1, {
        timeoutMs: 180_000,
        intervalMs: 100,
        what: 'a healthy look',
      });
      await labExec('lb2', ['systemctl', 'stop', 'haproxy']);
      undo.push(['lb2', 'systemctl', 'start', 'haproxy']);
      await waitFor(async () => looks(/^cluster DEGRADED/) >= 1, {
        timeoutMs: 180_000,
        intervalMs: 100,
        what: 'a later look that sees haproxy stopped on lb2',
      });
    } finally {
      watching.child.kill('SIGINT');
    }
    const run = await watching.done;
    process.stdout.write(
      `[status --watch] ${looks(/^cluster /)} looks in ${run.ms} ms, exit ${run.code}\n`,
    );
    expect(run.stdout).toContain('lb2: haproxy NOT ACTIVE');
    // No screen clearing without a terminal: each look follows the last.
    expect(run.stdout).not.toContain('\u001b');
    expect(run.code).toBe(2);
  });
});
