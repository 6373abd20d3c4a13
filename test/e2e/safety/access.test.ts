// Who may touch the hosts, and what happens when one cannot be reached: a second run is refused
// by the host lock, a stale lock needs --break-lock (case 7); an unreachable host does not stop
// the others from converging (case 6); a changed host key is refused before authentication (case 8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labExec, vipHolders, waitFor } from '../harness/lab.js';
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
  serviceProcesses,
  stagedLeftovers,
} from './support/host-state.js';
import { recap, statuses } from './support/recap.js';
import { startHaka } from './support/run.js';

async function sh(host: string, script: string): Promise<string> {
  const r = await labExec(host, ['sh', '-c', script]);
  if (r.code !== 0) throw new Error(`${host}: ${script}: exit ${r.code}: ${r.stderr}`);
  return r.stdout;
}

async function expectClean(): Promise<void> {
  for (const h of LBS) {
    expect(await exists(h, LOCK), `${h} lock`).toBe(false);
    expect(await exists(h, PENDING), `${h} pending`).toBe(false);
    expect(await stagedLeftovers(h), h).toEqual([]);
    expect(await activeStates(h), h).toBe('active active');
  }
}

describe('access to the hosts', () => {
  let inventory: string;

  beforeAll(async () => {
    inventory = await freshBaseline();
  });

  afterAll(async () => {
    // Whatever happened, leave sshd running with its real keys for the next file.
    await labExec('lb1', ['systemctl', 'start', 'ssh.service']);
    await labExec('lb3', [
      'sh',
      '-c',
      'if [ -d /root/keys-save ]; then cp -p /root/keys-save/* /etc/ssh/ && rm -rf /root/keys-save && systemctl restart ssh.service; fi',
    ]);
  });

  it('case 7: a second run is refused by the lock and the first completes; a stale lock needs --break-lock', async () => {
    const first = variant(inventory, 'first', edits.timeoutAndRise('2h', 3));
    const second = variant(inventory, 'second', edits.statsBind('127.0.0.1:8407'));
    const running = startHaka(['install', '--yes'], first);
    await waitFor(async () => (await Promise.all(LBS.map((h) => exists(h, LOCK)))).every(Boolean), {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: 'the first run to hold every lock',
    });
    const refused = await haka(['install', '--yes'], { inventory: second });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(
        `another haka run holds /run/haka.lock: \\S+@\\S+ \\(pid ${running.child.pid}, haka install\\) since \\S+\\. Nothing was changed`,
      ),
    );
    const done = await running.done;
    expect(done.code, done.stdout + done.stderr).toBe(0);
    // The first run's configuration, nothing of the second's, nothing left behind.
    for (const h of LBS) {
      expect(await keepalivedRuntime(h), h).toMatch(/Rise = 3/);
      expect(await listens(h, '127.0.0.1', 8407), h).toBe(false);
    }
    expect((await haka(['check'], { inventory: first })).code).toBe(0);
    await expectClean();

    // A lock left by a run on another machine three hours ago: reported as stale, kept, not broken.
    const startedAt = new Date(Date.now() - 3 * 3600_000).toISOString();
    const lock = JSON.stringify({
      owner: 'ops@jumphost',
      pid: 4242,
      command: 'install',
      startedAt,
    });
    await sh('lb2', `printf '%s\\n' '${lock}' > ${LOCK}`);
    const filesBefore = await Promise.all(LBS.map(async (h) => digest(await managedFiles(h))));
    const stale = await haka(['install', '--yes'], { inventory: second });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(
      `lb2: /run/haka.lock is held by ops@jumphost (pid 4242, haka install) since ${startedAt}, but it was taken 180 minutes ago: the lock looks stale. Nothing was changed. If no haka run is active on these hosts, re-run with --break-lock.`,
    );
    expect(await Promise.all(LBS.map(async (h) => digest(await managedFiles(h))))).toEqual(
      filesBefore,
    );
    expect((await sh('lb2', `cat ${LOCK}`)).trim()).toBe(lock);
    const broken = await haka(['install', '--yes', '--break-lock'], { inventory: second });
    expect(broken.code, broken.stdout + broken.stderr).toBe(0);
    for (const h of LBS) expect(await listens(h, '127.0.0.1', 8407), h).toBe(true);
    await expectClean();
    figures('case 7 lock', {
      refusedMs: refused.ms,
      firstRunMs: done.ms,
      staleRefusedMs: stale.ms,
    });
  });

  it('case 6: with the holder unreachable (sshd stopped) the others converge, the recap says why', async () => {
    const edited = variant(inventory, 'unreachable', edits.timeoutAndRise('3h', 4));
    await sh('lb1', 'systemctl stop ssh.service');
    const lb1Files = digest(await managedFiles('lb1'));
    const lb1Processes = await serviceProcesses('lb1');
    const run = await haka(['install', '--yes'], { inventory: edited });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(statuses(run.stdout)).toEqual({ lb1: 'unreachable', lb2: 'changed', lb3: 'changed' });
    expect(recap(run.stdout).get('lb1')?.message).toMatch(
      /^lb1 \(10\.88\.\d+\.11:22\): connection refused: nothing listens on port 22 \(is sshd running\?\)$/,
    );
    for (const h of ['lb2', 'lb3']) expect(await keepalivedRuntime(h), h).toMatch(/Rise = 4/);
    expect(digest(await managedFiles('lb1'))).toEqual(lb1Files);
    expect(await serviceProcesses('lb1')).toBe(lb1Processes);
    // The holder was out of sight, yet still held and served the VIPs: nothing moved them.
    expect(await vipHolders()).toEqual({ api: ['lb1'], ingress: ['lb1'] });

    await sh('lb1', 'systemctl start ssh.service');
    const rerun = await haka(['install', '--yes'], { inventory: edited });
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(await keepalivedRuntime('lb1')).toMatch(/Rise = 4/);
    await lb1HoldsBothVips();
    await expectClean();
    figures('case 6 unreachable host', { runMs: run.ms, rerunMs: rerun.ms });
  });

  it('case 8: a changed host key is refused before authentication; nothing reaches that host', async () => {
    const edited = variant(inventory, 'host-key', edits.timeoutAndRise('4h', 5));
    const lb3Files = digest(await managedFiles('lb3'));
    const since = (await sh('lb3', 'date +%s')).trim();
    await sh(
      'lb3',
      'mkdir -p /root/keys-save && cp -p /etc/ssh/ssh_host_* /root/keys-save/ && rm -f /etc/ssh/ssh_host_* && ssh-keygen -A >/dev/null && systemctl restart ssh.service',
    );
    const run = await haka(['install', '--yes'], { inventory: edited });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(statuses(run.stdout)).toEqual({ lb1: 'changed', lb2: 'changed', lb3: 'refused' });
    expect(recap(run.stdout).get('lb3')?.message).toMatch(
      /^lb3 \(10\.88\.\d+\.13:22\): HOST KEY MISMATCH: possible MITM or reinstalled host\. Expected .* NOTHING was sent to the host/,
    );
    expect(digest(await managedFiles('lb3'))).toEqual(lb3Files);
    expect(await keepalivedRuntime('lb3')).not.toMatch(/Rise = 5/);
    // sshd saw haka's connection end during the key exchange: no authentication, let alone a command.
    // journald may write sshd's line a moment after haka has exited (seen on a loaded machine).
    const disconnected = /Disconnected from 10\.88\.\d+\.1 port \d+ \[preauth\]/;
    const journal = (): Promise<string> =>
      sh('lb3', `journalctl -u ssh.service --since @${since} --no-pager -o cat`);
    const log = await waitFor(
      async () => {
        const text = await journal();
        return disconnected.test(text) ? text : null;
      },
      { timeoutMs: 15_000, intervalMs: 500, what: "sshd's [preauth] disconnect in its journal" },
    ).catch(async () => journal());
    expect(log).toMatch(disconnected);
    expect(log).not.toMatch(/Accepted|session opened/);

    await sh(
      'lb3',
      'cp -p /root/keys-save/* /etc/ssh/ && rm -rf /root/keys-save && systemctl restart ssh.service',
    );
    const rerun = await haka(['install', '--yes'], { inventory: edited });
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
    expect(await keepalivedRuntime('lb3')).toMatch(/Rise = 5/);
    await expectClean();
    figures('case 8 host key', { runMs: run.ms, rerunMs: rerun.ms });
  });
});
