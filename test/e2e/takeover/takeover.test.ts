// Taking over load balancers another tool configured (the team's Ansible role: unicast VRRP, no
// HAProxy runtime API, its own notify scripts and sysctl file), with requests through both VIPs
// every 100 ms and the VIP holders sampled every 100 ms during every step.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  httpGet,
  inventoryPath,
  labInfo,
  labOutDir,
  tlsGet,
  vipHolders,
  waitFor,
} from '../harness/lab.js';
import { haka, inventoryVariant, type HakaRun } from '../support/haka.js';
import { figures } from '../safety/support/baseline.js';
import { keepalivedRuntime, listens } from '../safety/support/host-state.js';
import { bothVipsProbe, watchHolders } from '../safety/support/vip-watch.js';
import type { ProbeSummary } from '../safety/support/vip-probe.js';
import { ansibleCluster, foreignDigests, LBS } from './support/ansible-role.js';

interface Watched {
  run: HakaRun;
  probes: ProbeSummary;
  /** Every distinct { api: [...], ingress: [...] } seen while the command ran. */
  holders: string[];
}

/** Each run's structured log (info level) beside the lab inventory, to line failed probes up with it. */
async function watched(args: string[], inventory: string, name: string): Promise<Watched> {
  const log = join(labOutDir(), `takeover-${name.replace(/\W+/g, '-')}.log`);
  rmSync(log, { force: true }); // --log-file appends: one run per file
  const probe = bothVipsProbe();
  probe.start();
  const { value: run, seen } = await watchHolders(() =>
    haka([...args, '--log-file', log, '--log-level', 'info'], { inventory }),
  );
  return { run, probes: await probe.stop(), holders: [...seen] };
}

function report(name: string, w: Watched): void {
  figures(name, {
    requests: w.probes.attempts,
    failed: w.probes.failed,
    longestGapMs: w.probes.longestGapMs,
    runMs: w.run.ms,
    holders: w.holders.join(' '),
  });
  for (const f of w.probes.failures)
    figures(`${name} failed probe`, {
      target: f.target,
      at: new Date(f.startedAt).toISOString(),
      ms: f.ms,
      error: f.error ?? '',
    });
}

/** No sample ever saw a VIP on two hosts. */
function expectNoSplitBrain(w: Watched): void {
  for (const h of w.holders) {
    const holders = JSON.parse(h) as Record<string, string[]>;
    for (const [vip, on] of Object.entries(holders))
      expect(on.length, `${vip}: ${h}`).toBeLessThan(2);
  }
}

/** The role's files that `takeover.leftovers: adopt` removes. */
const ADOPTED = [
  '/etc/sysctl.d/99-haproxy-nonlocal-bind.conf',
  '/etc/keepalived/vip_master.sh',
  '/etc/keepalived/vip_backup.sh',
  '/etc/keepalived/vip_fault.sh',
];

const digests = async (): Promise<Record<string, Record<string, string>>> =>
  Object.fromEntries(await Promise.all(LBS.map(async (h) => [h, await foreignDigests(h)])));

describe('takeover of an Ansible-configured cluster', () => {
  let unicast: string;
  let original: Record<string, Record<string, string>>;

  beforeAll(async () => {
    await ansibleCluster();
    original = await digests();
    unicast = inventoryVariant(inventoryPath(), 'takeover-unicast', (doc) => {
      (doc.keepalived as Record<string, unknown>).unicast = true;
      // The role's sysctl file and notify scripts are removed, and come back with uninstall.
      doc.takeover = { leftovers: 'adopt' };
    });
  });

  it('mismatched transport (inventory defaults: multicast): refused with the value to set, nothing changed', async () => {
    const w = await watched(['install', '--yes'], inventoryPath(), 'mismatched transport');
    report('mismatched transport', w);
    expect(w.run.code).toBe(1);
    expect(w.run.stdout).toContain(
      'VIP api and ingress transport: lb1, lb2, lb3 run unicast to its peers, the inventory multicast (224.0.0.18)',
    );
    expect(w.run.stdout).toContain(
      'to take over the running cluster, set keepalived.unicast: true',
    );
    expect(w.run.stdout).toMatch(/hosts\.lb1\.priority: \{ api: 150, ingress: 150 \}/);
    expect(await digests()).toEqual(original);
    expectNoSplitBrain(w);
    expect(w.probes.failures).toEqual([]);
  });

  it('matching inventory (unicast: true): takeover with no failed request, then in sync', async () => {
    const w = await watched(['install', '--yes'], unicast, 'takeover');
    report('takeover', w);
    expect(w.run.code, w.run.stdout + w.run.stderr).toBe(0);
    expectNoSplitBrain(w);
    expect(w.probes.failures).toEqual([]);
    expect((await haka(['check'], { inventory: unicast })).code).toBe(0);
    expect(await vipHolders()).toEqual({ api: ['lb1'], ingress: ['lb1'] });
    // The role's haproxy.cfg has no runtime API: the health before the change was read from what
    // each host shows (VIPs held, VIP ports and servers reachable from it).
    const before = readFileSync(join(labOutDir(), 'takeover-takeover.log'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('health before the change (no runtime API)'))
      .map((l) => JSON.parse(l) as { host: string; before: string });
    expect(before.map((b) => b.host).sort()).toEqual(['lb1', 'lb2', 'lb3']);
    expect(before.find((b) => b.host === 'lb1')?.before).toBe(
      'holds api and ingress; VIP ports answering from it 3/3; servers reachable from it: be_api_6443 2/2, be_ingress_80 2/2, be_ingress_443 2/2',
    );
    // The role's other files are listed as found, each with what haka does to it; adopted, the
    // sysctl file and notify scripts are gone from every host (uninstall's step puts them back).
    for (const path of ADOPTED)
      expect(w.run.stdout).toContain(
        `found on lb1, lb2, lb3: ${path}, another tool's; removed (takeover.leftovers: adopt), its original kept; uninstall puts it back`,
      );
    for (const [host, files] of Object.entries(await digests()))
      for (const path of ADOPTED) expect(files[path], `${host} ${path}`).toBe('absent');
    expect(w.run.stdout).toContain(
      "found on lb1, lb2, lb3: /etc/systemd/system/keepalived.service.d/override.conf, another tool's; replaced by haka's, its original kept; uninstall puts it back",
    );
    // HAProxy 2.6 in master-worker mode passes its sockets on reload: no handover was planned.
    expect(w.run.stdout).not.toContain('handover:');
    // The track files (what a handover and `haka drill` move VIPs with) are loaded after the
    // first reload from the role's config, which is not a start of keepalived.
    for (const h of LBS)
      expect(await keepalivedRuntime(h), h).toMatch(/haka_drill_api[\s\S]*haka_drill_ingress/);
  });

  it('uninstall: the role files come back byte for byte and run; the VIPs answer', async () => {
    const w = await watched(['uninstall', '--yes'], unicast, 'uninstall');
    report('uninstall', w);
    expect(w.run.code, w.run.stdout + w.run.stderr).toBe(0);
    expect(await digests()).toEqual(original);
    expectNoSplitBrain(w);
    expect(w.probes.failures).toEqual([]);
    // The services run the role's configuration again, not only its files.
    for (const h of LBS) {
      expect(await listens(h, '127.0.0.1', 8405), `${h} haka health endpoint`).toBe(false);
      const runtime = await keepalivedRuntime(h);
      expect(runtime, h).toMatch(/chk_haproxy/);
      expect(runtime, h).not.toMatch(/haka_check_/);
    }
    expect((await httpGet(labInfo().vips.ingress, 80)).status).toBe(200);
  });

  it('a forced failure during the takeover rolls back; the VIPs answer within 2 s of the end', async () => {
    // Nothing listens on 8080 on the backends: the first reloaded host fails its health gate.
    const broken = inventoryVariant(unicast, 'takeover-broken', (doc) => {
      (
        (doc.vips as Record<string, Record<string, unknown>>).ingress as Record<string, unknown>
      ).ports = [80, 443, 8080];
    });
    const w = await watched(['install', '--yes'], broken, 'rollback during takeover');
    const ended = Date.now();
    const { vips } = labInfo();
    await waitFor(
      async () =>
        (await httpGet(vips.ingress, 80, '/', 500)).status === 200 &&
        (await tlsGet(vips.api, 6443, '/', 500)).status === 200,
      { timeoutMs: 10_000, intervalMs: 50, what: 'both VIPs to answer' },
    );
    const answeredAfterMs = Date.now() - ended;
    report('rollback during takeover', w);
    figures('rollback during takeover', { vipsAnsweredAfterMs: answeredAfterMs });
    expect(w.run.code).toBe(1);
    expect(w.run.stdout).toMatch(/rolled back to the previous files: health check failed on lb3/);
    expect(w.run.stdout).toMatch(/VIP api: re-announced by lb1 \(gratuitous ARP on eth0\)/);
    expect(answeredAfterMs).toBeLessThan(2000);
    expectNoSplitBrain(w);
    expect(w.probes.failures).toEqual([]);
    // Rolled back to the role's files, the adopted ones included.
    expect(await digests()).toEqual(original);
  });
});
