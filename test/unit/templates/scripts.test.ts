// keepalived's scripts, run for real: the check script against a real HAProxy rendered from the
// haproxy.cfg template (on loopback, with local backends), and as an unprivileged user;
// the notify script with a stand-in `logger`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vip } from '../../../src/inventory/types.js';
import { renderHaproxyCfg } from '../../../tasks/content/haproxy-cfg.js';
import { renderCheckScript, renderNotifyScript } from '../../../tasks/content/system-files.js';
import { SECRETS, loadInventory, TEMPLATES } from '../tasks/support/fixtures.js';
import { HAPROXY, tempDir, removeTempDirs } from './support.js';

afterAll(removeTempDirs);

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function runScript(path: string, vip: string, options: { asUser?: string } = {}): number | null {
  const argv = options.asUser
    ? ['runuser', ['-u', options.asUser, '--', 'bash', path, vip]]
    : ['bash', [path, vip]];
  return spawnSync(argv[0] as string, argv[1] as string[], { encoding: 'utf8', timeout: 10_000 }).status;
}

/** A TCP server on loopback standing in for a backend (accepts and closes). */
function backendServer(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy());
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: Server): number => (server.address() as AddressInfo).port;

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// The whole rendered haproxy.cfg on loopback: each VIP is 127.0.0.1 on a free port, its one
// backend a local TCP server (api: listening; ingress: a port nobody listens on), checks every 100 ms.
describe('check script against a real HAProxy health endpoint', () => {
  const dir = tempDir('haka-check-');
  let haproxy: ChildProcess | null = null;
  let apiBackend: Server;
  let script = '';

  beforeAll(async () => {
    chmodSync(dir, 0o755);
    apiBackend = await backendServer();
    const [port, apiPort, ingressPort, deadPort] = await Promise.all([
      freeLoopbackPort(),
      freeLoopbackPort(),
      freeLoopbackPort(),
      freeLoopbackPort(),
    ]);
    const endpoint = { address: '127.0.0.1', port, uri: '/haka-health' };
    const inventory = loadInventory('lab');
    inventory.haproxy.statsSocket = join(dir, 'haka.sock');
    delete inventory.haproxy.stats;
    const local = (vip: Vip, vipPort: number, to: number): void => {
      vip.address = '127.0.0.1';
      vip.ports = [vipPort];
      vip.backendPorts = { [vipPort]: to };
      vip.backends = [{ name: 'local', address: '127.0.0.1' }];
      vip.healthCheck = { ...vip.healthCheck, interval: '100ms', fall: 1, rise: 1 };
    };
    local(inventory.vips.api, apiPort as number, portOf(apiBackend));
    local(inventory.vips.ingress, ingressPort as number, deadPort as number);
    // Without `user haproxy`, so the test does not depend on that account.
    const config = renderHaproxyCfg(TEMPLATES, inventory, SECRETS, endpoint).replace(/^\s*(user|group) haproxy\n/gm, '');
    writeFileSync(join(dir, 'haproxy.cfg'), config);
    script = join(dir, 'haka-check-haproxy.sh');
    writeFileSync(script, renderCheckScript(TEMPLATES, inventory, endpoint), { mode: 0o755 });
    haproxy = spawn(HAPROXY, ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: 'ignore' });
    await until(() => runScript(script, 'api') === 0, 'the api check to pass');
    await until(() => runScript(script, 'ingress') !== 0, 'the ingress check to fail');
  });

  afterAll(() => {
    if (haproxy && haproxy.exitCode === null) haproxy.kill('SIGTERM');
    apiBackend.close();
  });

  it('exits 0 for a VIP whose backend is reachable, not for one whose backends are all down', () => {
    expect(runScript(script, 'api')).toBe(0);
    expect(runScript(script, 'ingress')).not.toBe(0);
  });

  it('works as an unprivileged user (keepalived runs it as the script user)', () => {
    expect(runScript(script, 'api', { asUser: 'nobody' })).toBe(0);
  });

  it('refuses an unknown VIP name', () => {
    expect(runScript(script, '../api')).not.toBe(0);
    expect(runScript(script, '')).not.toBe(0);
  });

  it('fails for a VIP once its last backend stops answering', async () => {
    await new Promise((r) => apiBackend.close(r));
    await until(() => runScript(script, 'api') !== 0, 'the api check to fail');
  });

  it('fails once HAProxy is gone', async () => {
    const exited = new Promise((r) => haproxy?.once('exit', r));
    haproxy?.kill('SIGTERM');
    await exited;
    expect(runScript(script, 'api')).not.toBe(0);
    expect(runScript(script, 'api', { asUser: 'nobody' })).not.toBe(0);
  });
});

describe('check script when nothing listens', () => {
  it('fails (connection refused) within its timeout', async () => {
    const port = await freeLoopbackPort();
    const dir = tempDir('haka-check-');
    const script = join(dir, 'check.sh');
    writeFileSync(script, renderCheckScript(TEMPLATES, loadInventory('lab'), { address: '127.0.0.1', port, uri: '/haka-health' }));
    const started = Date.now();
    expect(runScript(script, 'api')).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('notify script', () => {
  const dir = tempDir('haka-notify-');
  const stateDir = join(dir, 'vrrp');
  const bin = join(dir, 'bin');
  const logged = join(dir, 'logged');
  const script = join(dir, 'haka-notify.sh');

  beforeAll(() => {
    mkdirSync(stateDir);
    mkdirSync(bin);
    writeFileSync(join(bin, 'logger'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${logged}'\n`, { mode: 0o755 });
    writeFileSync(script, renderNotifyScript(TEMPLATES, loadInventory('lab'), stateDir), { mode: 0o755 });
  });

  const notify = (...args: string[]) =>
    spawnSync('sh', [script, ...args], { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: 'utf8' });

  it('records the state of each instance and logs the transition', () => {
    expect(notify('INSTANCE', 'API', 'MASTER', '150').status).toBe(0);
    expect(notify('INSTANCE', 'INGRESS', 'BACKUP', '100').status).toBe(0);
    expect(readFileSync(join(stateDir, 'API'), 'utf8')).toBe('MASTER\n');
    expect(readFileSync(join(stateDir, 'INGRESS'), 'utf8')).toBe('BACKUP\n');
    expect(readFileSync(logged, 'utf8')).toContain('-t haka-vrrp -- INSTANCE API is now MASTER (priority 150)');
  });

  it('overwrites the state on the next transition', () => {
    notify('INSTANCE', 'API', 'FAULT', '90');
    expect(readFileSync(join(stateDir, 'API'), 'utf8')).toBe('FAULT\n');
  });

  it('never writes outside its folder, and still exits 0', () => {
    expect(notify('INSTANCE', '../escape', 'MASTER', '1').status).toBe(0);
    expect(existsSync(join(dir, 'escape'))).toBe(false);
  });

  it('exits 0 and logs when it cannot write its state', () => {
    const r = spawnSync('sh', [renderToFile(dir, join(dir, 'missing-dir')), 'INSTANCE', 'API', 'MASTER', '1'], {
      env: { PATH: `${bin}:/usr/bin:/bin` },
    });
    expect(r.status).toBe(0);
    expect(readFileSync(logged, 'utf8')).toContain('cannot record the state of API');
  });
});

function renderToFile(dir: string, stateDir: string): string {
  const path = join(dir, 'notify-missing.sh');
  writeFileSync(path, renderNotifyScript(TEMPLATES, loadInventory('lab'), stateDir), { mode: 0o755 });
  return path;
}
