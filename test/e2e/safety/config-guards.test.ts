// What stands between a bad configuration and production: validation before anything is replaced
// (case 3), an automatic rollback when the new configuration makes a host unhealthy (case 4),
// and `haka rollback` on demand.
import { beforeAll, describe, expect, it } from 'vitest';
import { httpGet, labExec, labInfo } from '../harness/lab.js';
import { haka } from '../support/haka.js';
import { recap, statuses } from './support/recap.js';
import { edits, figures, freshBaseline, lb1HoldsBothVips, variant } from './support/baseline.js';
import {
  activeStates,
  digest,
  exists,
  keepalivedRuntime,
  LBS,
  LOCK,
  managedFiles,
  PENDING,
  previousSet,
  serviceProcesses,
  stagedLeftovers,
} from './support/host-state.js';

type Snapshot = { files: Record<string, string>; processes: string; previous: string[] };

async function snapshot(): Promise<Map<string, Snapshot>> {
  const entries = await Promise.all(
    LBS.map(async (h) => {
      const [files, processes, previous] = await Promise.all([
        managedFiles(h),
        serviceProcesses(h),
        previousSet(h),
      ]);
      return [h, { files: digest(files), processes, previous }] as const;
    }),
  );
  return new Map(entries);
}

/** Backends HAProxy runs right now, from its runtime API (not from the file). */
async function runningBackends(host: string): Promise<string[]> {
  const r = await labExec(host, [
    'sh',
    '-c',
    "echo 'show stat' | socat stdio UNIX-CONNECT:/run/haproxy/haka.sock | cut -d, -f1 | sort -u",
  ]);
  return r.stdout.split('\n').filter((l) => l.startsWith('be_'));
}

async function expectNoRunState(): Promise<void> {
  for (const h of LBS) {
    expect(await stagedLeftovers(h), h).toEqual([]);
    expect(await exists(h, PENDING), `${h} pending`).toBe(false);
    expect(await exists(h, LOCK), `${h} lock`).toBe(false);
    expect(await activeStates(h), h).toBe('active active');
  }
}

describe('configuration guards on 3 hosts', () => {
  let inventory: string;
  let baseline: Map<string, Snapshot>;

  beforeAll(async () => {
    inventory = await freshBaseline();
    baseline = await snapshot();
  });

  it('case 3: a config HAProxy rejects changes no host, and the error quotes haproxy -c', async () => {
    // Passes haka's schema (a time with a unit) but overflows HAProxy's timer; the keepalived
    // change in the same run is valid, and must not be applied either.
    const edited = variant(inventory, 'invalid', edits.timeoutAndRise('99999d', 3));
    const run = await haka(['install', '--yes'], { inventory: edited });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(statuses(run.stdout)).toEqual({ lb1: 'failed', lb2: 'failed', lb3: 'failed' });
    for (const [h, row] of recap(run.stdout)) {
      expect(row.message, h).toMatch(
        /^haproxy rejected the new \/etc\/haproxy\/haproxy.cfg; the current file and service were left untouched:\n/,
      );
      expect(row.message, h).toContain("timer overflow in argument '99999d' to 'timeout client'");
    }
    expect(await snapshot()).toEqual(baseline);
    await expectNoRunState();
    expect((await haka(['check'], { inventory })).code).toBe(0);
    figures('case 3 invalid config', { installMs: run.ms });
  });

  it('case 4: a change that leaves a backend without a server UP is rolled back everywhere', async () => {
    // Nothing listens on port 8080 on the backends: the new backend can never come UP.
    const edited = variant(inventory, 'dead-port', edits.ingressPorts([80, 443, 8080]));
    const run = await haka(['install', '--yes'], { inventory: edited });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(statuses(run.stdout)).toEqual({
      lb1: 'rolled-back',
      lb2: 'rolled-back',
      lb3: 'rolled-back',
    });
    for (const [h, row] of recap(run.stdout))
      expect(row.message, h).toBe(
        'rolled back to the previous files: health check failed on lb3 after the change: backend be_ingress_8080 has no server UP',
      );
    const after = await snapshot();
    for (const h of LBS) expect(after.get(h)?.files, h).toEqual(baseline.get(h)?.files);
    // lb3 was reloaded with the bad file and reloaded again with the good one; lb2 and lb1 were
    // stopped before their reloads, so their processes were never touched.
    expect(await runningBackends('lb3')).toEqual([
      'be_api_6443',
      'be_ingress_443',
      'be_ingress_80',
    ]);
    expect(after.get('lb3')?.processes).not.toEqual(baseline.get('lb3')?.processes);
    for (const h of ['lb1', 'lb2'])
      expect(after.get(h)?.processes, h).toEqual(baseline.get(h)?.processes);
    await expectNoRunState();
    await lb1HoldsBothVips();
    expect((await httpGet(labInfo().vips.ingress, 80)).status).toBe(200);
    expect((await haka(['check'], { inventory })).code).toBe(0);
    figures('case 4 failed health', { installWithRollbackMs: run.ms });
  });

  it('haka rollback puts back the files of the last change (first on one host, then all) and stays healthy', async () => {
    // Dropping a port removes servers that were UP: on purpose, so not a failed health check.
    const edited = variant(
      inventory,
      'to-roll-back',
      edits.timeoutAndRise('2h', 3),
      edits.ingressPorts([80]),
    );
    const install = await haka(['install', '--yes'], { inventory: edited });
    expect(install.code, install.stdout + install.stderr).toBe(0);
    for (const h of LBS)
      expect(await runningBackends(h), h).toEqual(['be_api_6443', 'be_ingress_80']);
    const changed = await snapshot();
    for (const h of LBS) {
      expect(changed.get(h)?.files, h).not.toEqual(baseline.get(h)?.files);
      expect(changed.get(h)?.previous, h).toEqual([
        '/etc/haproxy/haproxy.cfg',
        '/etc/keepalived/keepalived.conf',
      ]);
    }

    // The rollback is a plan: --check --json shows exactly what would come back, changes nothing.
    const planned = await haka(['rollback', '--check', '--json', '--limit', 'lb3'], { inventory });
    expect(planned.code, planned.stdout + planned.stderr).toBe(2);
    const shown = JSON.parse(planned.stdout) as {
      plan: {
        command: string;
        hosts: { host: string; handlers: string[]; tasks: { changes: { path: string }[] }[] }[];
      };
    };
    expect(shown.plan.command).toBe('rollback');
    expect(shown.plan.hosts.map((h) => h.host)).toEqual(['lb3']);
    const restored = shown.plan.hosts[0]?.tasks.flatMap((t) => t.changes.map((c) => c.path));
    expect(restored).toEqual([
      '/etc/haproxy/haproxy.cfg',
      '/etc/keepalived/keepalived.conf',
      '/var/lib/haka/last-run.json',
    ]);
    expect(shown.plan.hosts[0]?.handlers).toEqual(['reload haproxy', 'reload keepalived']);
    expect((await snapshot()).get('lb3')?.files).toEqual(changed.get('lb3')?.files);

    const one = await haka(['rollback', '--yes', '--limit', 'lb3'], { inventory });
    expect(one.code, one.stdout + one.stderr).toBe(0);
    expect((await snapshot()).get('lb3')?.files).toEqual(baseline.get('lb3')?.files);
    expect((await snapshot()).get('lb1')?.files).toEqual(changed.get('lb1')?.files);

    const all = await haka(['rollback', '--yes', '--json'], { inventory });
    expect(all.code, all.stdout + all.stderr).toBe(0);
    // lb3 was rolled back already: its second rollback changes nothing (idempotent).
    const report = JSON.parse(all.stdout) as { hosts: { host: string; status: string }[] };
    expect(Object.fromEntries(report.hosts.map((h) => [h.host, h.status]))).toEqual({
      lb1: 'changed',
      lb2: 'changed',
      lb3: 'ok',
    });
    const after = await snapshot();
    for (const h of LBS) {
      expect(after.get(h)?.files, h).toEqual(baseline.get(h)?.files);
      expect(await keepalivedRuntime(h), h).toMatch(/Rise = 2/);
      expect(await runningBackends(h), h).toEqual([
        'be_api_6443',
        'be_ingress_443',
        'be_ingress_80',
      ]);
    }
    await expectNoRunState();
    await lb1HoldsBothVips();
    expect((await haka(['check'], { inventory })).code).toBe(0);
    expect((await haka(['check'], { inventory: edited })).code).toBe(2);
    figures('rollback on demand', { limitedMs: one.ms, allMs: all.ms });
  });
});
