// Rolling reloads on real hosts: the VIPs keep answering while every host reloads (case 1), and a
// VIP holder that fails mid-run stops the roll with a clear report, after which a re-run converges
// (case 2).
import { beforeAll, describe, expect, it } from 'vitest';
import { labExec, vipHolders, waitFor } from '../harness/lab.js';
import { haka } from '../support/haka.js';
import { edits, figures, freshBaseline, lb1HoldsBothVips, variant } from './support/baseline.js';
import { activeStates, exists, keepalivedRuntime, LBS, PENDING } from './support/host-state.js';
import { recap, statuses } from './support/recap.js';
import { startHaka } from './support/run.js';
import { bothVipsProbe, watchHolders } from './support/vip-watch.js';

/** MainPIDs of both services and HAProxy's worker PIDs. */
async function pids(host: string): Promise<{ main: string; workers: string }> {
  const main = await labExec(host, [
    'systemctl',
    'show',
    '-p',
    'MainPID',
    '--value',
    'haproxy.service',
    'keepalived.service',
  ]);
  const workers = await labExec(host, ['pgrep', '-d,', '-u', 'haproxy', '-x', 'haproxy']);
  return { main: main.stdout.trim(), workers: workers.stdout.trim() };
}

/** Hosts in the order their first handler ran, from haka's structured log (stderr, --log-format json). */
function handlerOrder(stderr: string): string[] {
  const hosts: string[] = [];
  for (const line of stderr.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; host?: string };
    if (entry.msg === 'handler' && entry.host && !hosts.includes(entry.host))
      hosts.push(entry.host);
  }
  return hosts;
}

describe('rolling reloads on 3 hosts', () => {
  let inventory: string;

  beforeAll(async () => {
    inventory = await freshBaseline();
  });

  it('case 1: both VIPs answer every probe while HAProxy and keepalived reload on all hosts', async () => {
    const edited = variant(inventory, 'continuity', edits.timeoutAndRise('2h', 3));
    const before = new Map(await Promise.all(LBS.map(async (h) => [h, await pids(h)] as const)));
    const probe = bothVipsProbe();
    probe.start();
    const { value: run, seen } = await watchHolders(() =>
      haka(['install', '--yes', '--log-level', 'info', '--log-format', 'json'], {
        inventory: edited,
      }),
    );
    const summary = await probe.stop();
    figures('case 1 VIP continuity', {
      probes: summary.attempts,
      failed: summary.failed,
      longestGapMs: summary.longestGapMs,
      slowestProbeMs: summary.slowestMs,
      installMs: run.ms,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // Non-holders first, the holder last; reloads, not restarts: the main PIDs stay, HAProxy's workers are new.
    expect(handlerOrder(run.stderr)).toEqual(['lb3', 'lb2', 'lb1']);
    for (const h of LBS) {
      const after = await pids(h);
      expect(after.main, h).toBe(before.get(h)?.main);
      expect(after.workers, h).not.toBe(before.get(h)?.workers);
      expect(await keepalivedRuntime(h), h).toMatch(/Rise = 3/);
    }
    // The VIPs never moved, and no probe through them failed.
    expect([...seen]).toEqual([JSON.stringify({ api: ['lb1'], ingress: ['lb1'] })]);
    expect(summary.failures.map((f) => `${f.target}: ${f.error}`)).toEqual([]);
    // Each probe fails after 2 s, so 0 failed already bounds every stall; the longest gap between
    // answers is a figure (332 ms on a quiet CI run, 1920 ms with 0 failed at load 19, when a slow
    // probe's own latency dominates it). Beyond the probe timeout plus its interval, answers stopped.
    expect(summary.longestGapMs).toBeLessThan(3000);
  });

  it('a keepalived drop-in change (new script user) reloads keepalived: the VIPs never move', async () => {
    // Case 1's values plus a new script user: only keepalived's files and its drop-in differ.
    const edited = variant(inventory, 'script-user', (doc) => {
      edits.timeoutAndRise('2h', 3)(doc);
      (doc.keepalived as Record<string, unknown>).scriptUser = 'haka_vrrp';
    });
    const plan = await haka(['check', '--diff'], { inventory: edited });
    expect(plan.stdout).toContain('+ExecStartPre=+/usr/bin/install -d -o haka_vrrp');
    expect(plan.stdout).toMatch(/handlers: daemon-reload, reload keepalived/);
    const before = new Map(await Promise.all(LBS.map(async (h) => [h, await pids(h)] as const)));
    const probe = bothVipsProbe();
    probe.start();
    const { value: run, seen } = await watchHolders(() =>
      haka(['install', '--yes'], { inventory: edited }),
    );
    const summary = await probe.stop();
    figures('drop-in change', {
      probes: summary.attempts,
      failed: summary.failed,
      longestGapMs: summary.longestGapMs,
      installMs: run.ms,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const h of LBS) expect((await pids(h)).main, h).toBe(before.get(h)?.main);
    expect([...seen]).toEqual([JSON.stringify({ api: ['lb1'], ingress: ['lb1'] })]);
    expect(summary.failures.map((f) => `${f.target}: ${f.error}`)).toEqual([]);
    // keepalived runs its check script as the new user now (the check passes, or lb1 would lose the VIPs).
    const conf = await labExec('lb1', [
      'grep',
      '-x',
      '    script_user haka_vrrp',
      '/etc/keepalived/keepalived.conf',
    ]);
    expect(conf.code).toBe(0);
  });

  it('case 2: keepalived stopped on the holder mid-run: the VIP moves, the roll stops, a re-run converges', async () => {
    const edited = variant(inventory, 'holder-failure', edits.timeoutAndRise('3h', 2));
    const running = startHaka(['install', '--yes'], edited);
    // lb3 reloads first. The moment it enters its health gate haka is paused (SIGSTOP) while lb2
    // idles as a backup: the holder fails and its VIPs move, then haka goes on. Its gate waits
    // health polls of 200 ms, too short to fail the holder in by watching the hosts from outside.
    await running.stderrLine(/ lb3: health gate$/);
    running.child.kill('SIGSTOP');
    let movedMs: number;
    try {
      const stoppedAt = Date.now();
      await labExec('lb1', ['systemctl', 'stop', 'keepalived.service']);
      movedMs = await waitFor(
        async () => {
          const h = await vipHolders();
          return h.api.join() === 'lb2' && h.ingress.join() === 'lb2'
            ? Date.now() - stoppedAt
            : null;
        },
        { timeoutMs: 15_000, intervalMs: 20, what: 'both VIPs on lb2' },
      );
    } finally {
      running.child.kill('SIGCONT');
    }
    const run = await running.done;
    const out = run.stdout;
    expect(run.code, out + run.stderr).toBe(1);
    // The report says what happened where, and where the VIPs are now.
    expect(out).toMatch(/STATE AFTER THE FAILED RUN/);
    expect(out).toMatch(/VIP api: held by lb2/);
    expect(statuses(out)).toEqual({ lb3: 'changed', lb2: 'failed', lb1: 'failed' });
    for (const h of ['lb1', 'lb2'])
      expect(recap(out).get(h)?.message).toMatch(
        /^not reloaded: the roll stopped after lb3: lb1 \(not reloaded by this run\): keepalived.service is (inactive|deactivating); its new files are in place and its reloads are recorded as pending/,
      );
    // lb2 and lb1: new files in place, reloads owed; lb1's keepalived left as the failure left it.
    for (const h of ['lb1', 'lb2']) {
      expect(await exists(h, PENDING), h).toBe(true);
      expect(
        (
          await labExec(h, ['grep', '-c', 'timeout client 3h', '/etc/haproxy/haproxy.cfg'])
        ).stdout.trim(),
      ).toBe('1');
    }
    expect(await keepalivedRuntime('lb2'), 'lb2 still runs the old track settings').toMatch(
      /Rise = 3/,
    );
    expect(await activeStates('lb1')).toBe('active inactive');
    expect(await vipHolders()).toEqual({ api: ['lb2'], ingress: ['lb2'] });

    const check = await haka(['check'], { inventory: edited });
    expect(check.code, 'pending reloads are drift').toBe(2);
    const rerun = await haka(['install', '--yes'], { inventory: edited });
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    await lb1HoldsBothVips();
    for (const h of LBS) {
      expect(await activeStates(h), h).toBe('active active');
      expect(await exists(h, PENDING), h).toBe(false);
    }
    expect((await haka(['check'], { inventory: edited })).code).toBe(0);
    figures('case 2 holder failure', {
      vipMoveMs: movedMs,
      failedRunMs: run.ms,
      rerunMs: rerun.ms,
    });
  });
});
