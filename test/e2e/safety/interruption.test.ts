// Runs cut short: Ctrl-C stops between steps and leaves the remaining reloads pending; a SIGKILL
// between "write" and "reload" (case 5) leaves no partial file, a check that reports the drift,
// a stale lock that needs --break-lock, and a next install that finishes the reloads.
import { beforeAll, describe, expect, it } from 'vitest';
import { labExec, waitFor } from '../harness/lab.js';
import { haka } from '../support/haka.js';
import { edits, figures, freshBaseline, lb1HoldsBothVips, variant } from './support/baseline.js';
import {
  activeStates,
  digest,
  exists,
  keepalivedRuntime,
  LBS,
  listens,
  LOCK,
  managedFiles,
  PENDING,
  stagedLeftovers,
} from './support/host-state.js';
import { recap, statuses } from './support/recap.js';
import { startHaka } from './support/run.js';

type Digests = Map<string, Record<string, string>>;

async function digests(): Promise<Digests> {
  return new Map(
    await Promise.all(LBS.map(async (h) => [h, digest(await managedFiles(h))] as const)),
  );
}

async function sha(host: string, path: string): Promise<string> {
  return (await labExec(host, ['sha256sum', path])).stdout.split(' ')[0] ?? '';
}

/** Every managed file is byte-identical to its old or its new version: nothing half-written. */
function expectWholeFiles(atCut: Digests, old: Digests, now: Digests): void {
  for (const h of LBS)
    for (const [path, d] of Object.entries(atCut.get(h) ?? {}))
      expect([old.get(h)?.[path], now.get(h)?.[path]], `${h} ${path}`).toContain(d);
}

async function expectConverged(): Promise<void> {
  for (const h of LBS) {
    expect(await exists(h, PENDING), `${h} pending`).toBe(false);
    expect(await exists(h, LOCK), `${h} lock`).toBe(false);
    expect(await stagedLeftovers(h), h).toEqual([]);
    expect(await activeStates(h), h).toBe('active active');
  }
  await lb1HoldsBothVips();
}

interface CheckJson {
  hosts: { host: string; changed: number; status: string }[];
}

describe('interrupted runs on 3 hosts', () => {
  let inventory: string;

  beforeAll(async () => {
    inventory = await freshBaseline();
  });

  it('Ctrl-C during the roll stops before the next host; the next install finishes the reloads', async () => {
    const edited = variant(inventory, 'ctrl-c', edits.timeoutAndRise('2h', 3));
    const running = startHaka(['install', '--yes'], edited);
    // lb3 reloads first; Ctrl-C while it is in its health gate (haka's own progress line: the
    // gate's 200 ms health polls end too soon to catch it by watching the hosts from outside).
    await running.stderrLine(/ lb3: health gate$/);
    running.child.kill('SIGINT');
    const run = await running.done;
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toContain('haka: interrupted; finishing the current step');
    expect(statuses(run.stdout)).toEqual({ lb3: 'changed', lb2: 'failed', lb1: 'failed' });
    for (const h of ['lb2', 'lb1']) {
      expect(recap(run.stdout).get(h)?.message).toMatch(
        /^not reloaded: interrupted \(Ctrl-C\) before its reloads; its new files are in place and its reloads are recorded as pending/,
      );
      expect(await exists(h, PENDING), h).toBe(true);
      expect(await keepalivedRuntime(h), `${h} still runs the old keepalived settings`).toMatch(
        /Rise = 2/,
      );
    }
    // A clean stop releases its locks: no --break-lock needed.
    for (const h of LBS) expect(await exists(h, LOCK), h).toBe(false);
    const check = await haka(['check'], { inventory: edited });
    expect(check.code).toBe(2);
    expect(check.stdout).toContain('(some owed by an interrupted earlier run)');
    const next = await haka(['install', '--yes'], { inventory: edited });
    expect(next.code, next.stdout + next.stderr).toBe(0);
    for (const h of LBS) expect(await keepalivedRuntime(h), h).toMatch(/Rise = 3/);
    await expectConverged();
    figures('Ctrl-C', { interruptedRunMs: run.ms, finishingRunMs: next.ms });
  });

  it('case 5: SIGKILL between write and reload: whole files, drift reported, stale lock, next install finishes', async () => {
    const edited = variant(
      inventory,
      'sigkill',
      edits.timeoutAndRise('3h', 2),
      edits.statsBind('127.0.0.1:8406'),
    );
    const old = await digests();
    const oldCfg = await sha('lb1', '/etc/haproxy/haproxy.cfg');
    const running = startHaka(['install', '--yes'], edited);
    // lb1 holds the VIPs, so it reloads last: once its new haproxy.cfg is in place, its reload is seconds away.
    // Up to 120 s: at load 30 connecting, facts and staging alone took more than 30 s.
    await waitFor(async () => (await sha('lb1', '/etc/haproxy/haproxy.cfg')) !== oldCfg, {
      timeoutMs: 120_000,
      intervalMs: 20,
      what: 'new haproxy.cfg on lb1',
    });
    running.child.kill('SIGKILL');
    const killed = await running.done;
    expect(killed.signal).toBe('SIGKILL');
    const atCut = await digests();
    // Written, not reloaded: the record of what is owed is there, the old configuration still runs.
    expect(await exists('lb1', PENDING)).toBe(true);
    expect(await listens('lb1', '127.0.0.1', 8404)).toBe(true);
    expect(await listens('lb1', '127.0.0.1', 8406)).toBe(false);
    expect(await keepalivedRuntime('lb1')).toMatch(/Rise = 3/);

    const check = await haka(['check', '--json'], { inventory: edited });
    expect(check.code, 'drift').toBe(2);
    const lb1 = (JSON.parse(check.stdout) as CheckJson).hosts.find((h) => h.host === 'lb1');
    expect(lb1?.changed).toBeGreaterThan(0);

    const refused = await haka(['install', '--yes'], { inventory: edited });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `/run/haka.lock is held by .* \\(pid ${running.child.pid}, haka install\\).* no longer runs on this machine.*--break-lock`,
      ),
    );
    expect(await listens('lb1', '127.0.0.1', 8406), 'a refused run changes nothing').toBe(false);

    const finish = await haka(['install', '--yes', '--break-lock'], { inventory: edited });
    expect(finish.code, finish.stdout + finish.stderr).toBe(0);
    // lb1 now runs the new configuration: HAProxy's stats moved to 8406, keepalived rises after 2.
    expect(await listens('lb1', '127.0.0.1', 8406)).toBe(true);
    expect(await listens('lb1', '127.0.0.1', 8404)).toBe(false);
    expect(await keepalivedRuntime('lb1')).toMatch(/Rise = 2/);
    expectWholeFiles(atCut, old, await digests());
    await expectConverged();
    expect((await haka(['check'], { inventory: edited })).code).toBe(0);
    figures('case 5 SIGKILL', { checkMs: check.ms, finishingRunMs: finish.ms });
  });
});
