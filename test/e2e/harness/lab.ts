// Typed access to the lab (lab/lab.sh) for end-to-end tests: its description, commands inside
// guests, resets, VIP holders, and HTTP(S) requests that may only go to lab addresses.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIPv4 } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type VipName = 'api' | 'ingress';
export type HostRole = 'lb' | 'backend' | 'flatcar' | 'bastion';
export type HostVariant = 'plain' | 'prebaked' | 'flatcar' | 'backend';

export interface LabHost {
  name: string;
  role: HostRole;
  address: string;
  netns: string;
  variant: HostVariant;
  /** SSH users with the lab key: root and `lab` (sudo) on Debian hosts, `core` (sudo) and root on flatcar. */
  users: string[];
}

export interface LabVip {
  address: string;
  prefix: number;
  virtualRouterId: number;
  ports: number[];
}

/** The parsed `.lab/lab.json` written by `lab.sh up`. */
export interface LabInfo {
  labId: number;
  bridge: string;
  subnet: string;
  gateway: string;
  aptRepo: string;
  stateDir: string;
  sshKey: string;
  knownHosts: string;
  inventory: string;
  hosts: LabHost[];
  vips: Record<VipName, LabVip>;
}

export interface ExecOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export interface HttpResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const LAB_SH = join(REPO_ROOT, 'lab', 'lab.sh');

export function labId(): number {
  const id = Number(process.env.LAB_ID ?? '0');
  if (!Number.isInteger(id) || id < 0 || id > 9)
    throw new Error(`LAB_ID must be 0..9, got ${process.env.LAB_ID}`);
  return id;
}

/** Where lab.sh writes inventory.yaml and lab.json for this LAB_ID. */
export function labOutDir(): string {
  const id = labId();
  return id === 0 ? join(REPO_ROOT, '.lab') : join(REPO_ROOT, '.lab', `lab${id}`);
}

export function labJsonPath(): string {
  return join(labOutDir(), 'lab.json');
}

/** Read fresh each call: a reset may change a host's variant. */
export function labInfo(): LabInfo {
  const path = labJsonPath();
  if (!existsSync(path)) throw new Error(`${path} not found: is the lab up? (make lab-up)`);
  return JSON.parse(readFileSync(path, 'utf8')) as LabInfo;
}

export function inventoryPath(): string {
  return labInfo().inventory;
}

export function labHost(name: string): LabHost {
  const host = labInfo().hosts.find((h) => h.name === name);
  if (!host) throw new Error(`no host '${name}' in lab ${labId()}`);
  return host;
}

/** Run lab.sh with arguments; resolves with the exit code instead of throwing. */
/**
 * lab.sh in a process group of its own: at the timeout the whole group is killed (lab.sh, nsenter
 * and the command inside the guest), so a guest that is rebooting cannot hold the call open; a
 * killed call is a result with code 124, like timeout(1).
 */
export function runLabSh(args: string[], timeoutMs = 10 * 60_000): Promise<ExecOutput> {
  return new Promise((done) => {
    const child = spawn(LAB_SH, args, {
      env: { ...process.env, LAB_ID: String(labId()) },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    const finish = (code: number): void => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString();
      done({
        code: timedOut ? 124 : code,
        stdout: Buffer.concat(out).toString(),
        stderr: timedOut
          ? `${stderr}lab.sh ${args[0] ?? ''}: killed after ${timeoutMs} ms\n`
          : stderr,
      });
    };
    child.on('error', () => finish(127));
    child.on('close', (code) => finish(code ?? 1));
  });
}

/** Run a command as root inside a guest (nsenter, no SSH). A non-zero exit is a result, not an error. */
export function labExec(host: string, cmd: string[], timeoutMs = 5 * 60_000): Promise<ExecOutput> {
  return runLabSh(['exec', host, '--', ...cmd], timeoutMs);
}

/** Bring hosts back to pristine (default: every LB and flatcar host), optionally switching LB variant. */
export async function resetLab(
  opts: { variant?: 'plain' | 'prebaked'; hosts?: string[] } = {},
): Promise<void> {
  const args = ['reset', ...(opts.variant ? [`--${opts.variant}`] : []), ...(opts.hosts ?? [])];
  const r = await runLabSh(args);
  if (r.code !== 0) throw new Error(`lab.sh ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
}

interface IpAddrJson {
  ifname: string;
  addr_info?: { family: string; local: string }[];
}

async function eth0Addresses(netns: string): Promise<string[]> {
  const out = await new Promise<string>((done, fail) => {
    execFile('ip', ['-n', netns, '-j', 'addr', 'show', 'dev', 'eth0'], (error, stdout) =>
      error ? fail(error) : done(stdout),
    );
  });
  const links = JSON.parse(out) as IpAddrJson[];
  return links.flatMap((l) =>
    (l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => a.local),
  );
}

/** Hosts (LB and flatcar) whose eth0 carries each VIP right now. */
export async function vipHolders(): Promise<Record<VipName, string[]>> {
  const info = labInfo();
  const candidates = info.hosts.filter((h) => h.role === 'lb' || h.role === 'flatcar');
  const addrs = await Promise.all(candidates.map((h) => eth0Addresses(h.netns)));
  const holders = (vip: VipName): string[] =>
    candidates.filter((_, i) => addrs[i]?.includes(info.vips[vip].address)).map((h) => h.name);
  return { api: holders('api'), ingress: holders('ingress') };
}

/** Tests may only send traffic to the lab (10.88.0.0/16); production addresses are strings only. */
export function assertLabAddress(address: string): void {
  const parts = address.split('.').map(Number);
  if (!isIPv4(address) || parts[0] !== 10 || parts[1] !== 88) {
    throw new Error(`refusing to connect to ${address}: not a lab address (10.88.0.0/16)`);
  }
}

type Target = string | { address: string };
const addressOf = (t: Target): string => (typeof t === 'string' ? t : t.address);

function get(
  tls: boolean,
  target: Target,
  port: number,
  path: string,
  timeoutMs: number,
): Promise<HttpResponse> {
  const host = addressOf(target);
  assertLabAddress(host);
  const request = tls ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    // Self-signed lab certificates: TLS is checked for a handshake, not for trust.
    const req = request(
      {
        host,
        port,
        path,
        method: 'GET',
        timeout: timeoutMs,
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, body, headers: res.headers }));
        res.on('error', fail);
      },
    );
    req.on('timeout', () =>
      req.destroy(
        new Error(
          `${tls ? 'https' : 'http'}://${host}:${port}${path}: timed out after ${timeoutMs} ms`,
        ),
      ),
    );
    req.on('error', fail);
    req.end();
  });
}

/** Plain HTTP GET from this machine to a lab address (a string or an object with `address`, e.g. a LabVip). */
export function httpGet(
  target: Target,
  port: number,
  path = '/',
  timeoutMs = 5000,
): Promise<HttpResponse> {
  return get(false, target, port, path, timeoutMs);
}

/** HTTPS GET (certificate not verified) from this machine to a lab address. */
export function tlsGet(
  target: Target,
  port: number,
  path = '/',
  timeoutMs = 5000,
): Promise<HttpResponse> {
  return get(true, target, port, path, timeoutMs);
}

/** Poll fn until it returns a value other than null/undefined/false; throws on timeout with the last error. */
export async function waitFor<T>(
  fn: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  opts: { timeoutMs: number; intervalMs?: number; what?: string },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const why = last instanceof Error ? `; last error: ${last.message}` : '';
      throw new Error(
        `timed out after ${opts.timeoutMs} ms waiting for ${opts.what ?? 'condition'}${why}`,
      );
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}
