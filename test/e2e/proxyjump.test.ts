// The operator's path through a jump host: from a network namespace whose only route is to the
// lab bastion (bh1), haka reaches the load balancers named by ssh_config aliases with ProxyJump,
// and a passphrase-protected key is used through ssh-agent.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haka, inventoryVariant } from './support/haka.js';
import { inventoryPath, labExec, labHost, labId, labInfo, runLabSh } from './harness/lab.js';

const LBS = ['lb1', 'lb2', 'lb3'];
const OPERATOR_NETNS = `hk${labId()}-op`;

interface CheckJson {
  plan: { hosts: { host: string }[]; inSync: boolean };
  outcomes?: { host: string; status: string }[];
}

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((done) => {
    execFile(cmd, args, { env: { ...process.env, ...env } }, (error) =>
      done(error ? Number(error.code ?? 1) : 0),
    );
  });
}

/** sshd's log lines on `host` since `since` (Unix seconds). */
async function sshdLog(host: string, since: number): Promise<string> {
  const out = await labExec(host, ['journalctl', '-u', 'ssh', '--since', `@${since}`, '-o', 'cat']);
  return out.stdout;
}

describe('ssh_config and ProxyJump through the lab bastion', () => {
  let dir: string;
  let config: string;
  let aliased: string;
  let agent: ChildProcess | undefined;

  /** An ssh_config naming the LBs lab-lbN, each reached through the bastion; key and known_hosts for all. */
  function writeConfig(path: string, identityFile: string): void {
    const info = labInfo();
    const lines = [
      '# lab: the load balancers by alias, only through the bastion',
      'Host lab-bastion',
      `  HostName ${labHost('bh1').address}`,
      '  User lab',
      ...LBS.flatMap((lb) => [`Host lab-${lb}`, `  HostName ${labHost(lb).address}`]),
      'Host lab-lb*',
      '  User root',
      '  ProxyJump lab-bastion',
      'Host *',
      `  IdentityFile ${identityFile}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${info.knownHosts}`,
    ];
    writeFileSync(path, `${lines.join('\n')}\n`);
  }

  beforeAll(async () => {
    const up = await runLabSh(['bastion', 'up']);
    expect(up.code, up.stderr).toBe(0);
    const inventory = inventoryPath();
    dir = dirname(inventory);
    config = join(dir, 'ssh_config-bastion');
    writeConfig(config, labInfo().sshKey);
    // No ssh settings of its own: user, key and known_hosts come from ssh_config.
    aliased = inventoryVariant(inventory, 'inventory-aliases', (doc) => {
      delete doc.ssh;
      const hosts = doc.hosts as Record<string, Record<string, unknown>>;
      for (const lb of LBS) (hosts[lb] as Record<string, unknown>).ssh = { host: `lab-${lb}` };
    });
  });

  afterAll(async () => {
    if (agent?.pid) process.kill(agent.pid);
    await runLabSh(['bastion', 'down']);
  });

  it('cannot reach the load balancers directly from the operator namespace', async () => {
    const direct = await haka(['check', '--json'], {
      inventory: inventoryPath(),
      netns: OPERATOR_NETNS,
    });
    expect(direct.code).toBe(1);
    // --json stays one JSON document even when no host answers.
    const json = JSON.parse(direct.stdout) as CheckJson;
    expect(json.plan.hosts).toEqual([]);
    expect(json.plan.inSync).toBe(false);
    expect(direct.stdout + direct.stderr).toMatch(/unreachable/i);
    const human = await haka(['check'], { inventory: inventoryPath(), netns: OPERATOR_NETNS });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('check: 0 host(s), no changes, 3 not reached');
  });

  it('checks every load balancer by its alias through the bastion, settings from ssh_config', async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const log = join(dir, 'proxyjump.log');
    rmSync(log, { force: true });
    const run = await haka(['check', '--json', '-F', config, '-v', '--log-file', log], {
      inventory: aliased,
      netns: OPERATOR_NETNS,
    });
    expect([0, 2], run.stdout + run.stderr).toContain(run.code);
    const json = JSON.parse(run.stdout) as CheckJson;
    expect(json.plan.hosts.map((h) => h.host).sort()).toEqual(LBS);
    // -v says where every setting came from.
    const origins = readFileSync(log, 'utf8');
    const bastion = labHost('bh1').address;
    for (const lb of LBS) {
      expect(origins).toContain(
        `${lb}: connect to ${labHost(lb).address} (from ${config}, for lab-${lb}); VRRP uses ${labHost(lb).address}`,
      );
      expect(origins).toMatch(new RegExp(`${lb}: .*user root \\(from ${config}\\)`));
      expect(origins).toMatch(
        new RegExp(`${lb}: .*via lab@${bastion.replace(/\./g, '\\.')}:22 \\(from ${config}\\)`),
      );
    }
    // The load balancers saw the login come from the bastion's address, and the bastion saw lab.
    for (const lb of LBS)
      expect(await sshdLog(lb, since)).toMatch(
        new RegExp(`Accepted publickey for root from ${bastion.replace(/\./g, '\\.')} `),
      );
    expect(await sshdLog('bh1', since)).toMatch(/Accepted publickey for lab from /);
  });

  it('uses ssh-agent for a passphrase-protected key, and says how when no agent runs', async () => {
    const key = join(dir, 'id_passphrase');
    copyFileSync(labInfo().sshKey, key);
    copyFileSync(`${labInfo().sshKey}.pub`, `${key}.pub`);
    expect(await run('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'lab passphrase', '-f', key])).toBe(
      0,
    );
    const withPassphrase = join(dir, 'ssh_config-passphrase');
    writeConfig(withPassphrase, key);

    const noAgent = await haka(['check', '--json', '-F', withPassphrase], {
      inventory: aliased,
      netns: OPERATOR_NETNS,
      env: { SSH_AUTH_SOCK: '' },
    });
    expect(noAgent.code).toBe(1);
    expect(noAgent.stdout + noAgent.stderr).toMatch(/never asks for a passphrase.*ssh-add/);

    const socket = join(dir, 'agent.sock');
    rmSync(socket, { force: true });
    agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    for (let i = 0; i < 50 && !existsSync(socket); i++)
      await new Promise((r) => setTimeout(r, 100));
    // The agent holds the same identity (added from the unencrypted lab key).
    expect(await run('ssh-add', ['-q', labInfo().sshKey], { SSH_AUTH_SOCK: socket })).toBe(0);

    const viaAgent = await haka(['check', '--json', '-F', withPassphrase], {
      inventory: aliased,
      netns: OPERATOR_NETNS,
      env: { SSH_AUTH_SOCK: socket },
    });
    expect([0, 2], viaAgent.stdout + viaAgent.stderr).toContain(viaAgent.code);
    expect((JSON.parse(viaAgent.stdout) as CheckJson).plan.hosts).toHaveLength(3);
    // One plain line for the key (not one per host and jump host), never a JSON log record.
    const said = viaAgent.stderr.match(
      /^haka: warning: lb\d: identity file .* is passphrase-protected and haka never asks for a passphrase; using ssh-agent instead/gm,
    );
    expect(said, viaAgent.stderr).toHaveLength(1);
    expect(viaAgent.stderr).not.toMatch(/^\{/m);
  });
});
