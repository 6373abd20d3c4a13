// Turn whatever went wrong while connecting into a ConnectError that says what, where and how to fix.
import { ConnectError } from '../errors.js';
import { fingerprint, keyTypeOfBlob, knownHostsName } from './known-hosts.js';
import type { HostKeyOutcome } from './host-key-check.js';

export interface ConnectContext {
  /** Inventory host name, reported as ConnectError.host. */
  name: string;
  address: string;
  port: number;
  user: string;
  identityFile?: string;
  agentSocket?: string;
  knownHostsFile: string;
  connectTimeoutMs: number;
  /** Set when this connection is the jump host in front of `name`. */
  isJump?: boolean;
}

type SshFailure = Error & { level?: string; code?: string | number };

/** "loadbalancer1 (10.17.3.12:22)" or "jump host 10.0.0.1:22 (for loadbalancer1)". */
export function describeHost(ctx: ConnectContext): string {
  return ctx.isJump
    ? `jump host ${ctx.address}:${ctx.port} (for ${ctx.name})`
    : `${ctx.name} (${ctx.address}:${ctx.port})`;
}

export function toConnectError(
  ctx: ConnectContext,
  error: unknown,
  hostKey: HostKeyOutcome | undefined,
): ConnectError {
  const err = (error instanceof Error ? error : new Error(String(error))) as SshFailure;
  const where = describeHost(ctx);
  const make = (reason: ConnectError['reason'], message: string): ConnectError =>
    new ConnectError(ctx.name, reason, message, { cause: err });

  if (hostKey && hostKey.status !== 'match' && !hostKey.recorded && hostKey.status !== 'unknown') {
    return make('host-key-mismatch', hostKeyMismatchMessage(ctx, hostKey));
  }
  if (hostKey && hostKey.status === 'unknown' && !hostKey.recorded && err.level === 'handshake') {
    return make('host-key-unknown', hostKeyUnknownMessage(ctx, hostKey));
  }
  switch (err.level) {
    case 'client-authentication':
      return make('auth', authMessage(ctx));
    case 'client-timeout':
      return make(
        'timeout',
        `${where}: no SSH handshake within ${ctx.connectTimeoutMs} ms (timeout). ` +
          `Check that the host is up, sshd listens on port ${ctx.port}, and no firewall drops the traffic.`,
      );
    case 'client-dns':
      return make('unreachable', `${where}: cannot resolve the address: ${err.message}`);
  }
  switch (err.code) {
    case 'ECONNREFUSED':
      return make(
        'unreachable',
        `${where}: connection refused: nothing listens on port ${ctx.port} (is sshd running?)`,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return make(
        'unreachable',
        `${where}: unreachable (${err.code}): no route to the host; check the address and the VPN/WireGuard link`,
      );
    case 'ETIMEDOUT':
      return make('timeout', `${where}: TCP connection timed out (${err.code})`);
  }
  return make('other', `${where}: SSH connection failed: ${err.message}`);
}

function authMessage(ctx: ConnectContext): string {
  const credentials = ctx.identityFile
    ? `the key ${ctx.identityFile}`
    : `the keys offered by ssh-agent (SSH_AUTH_SOCK=${ctx.agentSocket ?? 'unset'})`;
  return (
    `${describeHost(ctx)}: authentication failed for user '${ctx.user}' with ${credentials}: ` +
    `all authentication methods failed. Check that its public key is in ~${ctx.user}/.ssh/authorized_keys on the host ` +
    `and that the user name is right.`
  );
}

function hostKeyUnknownMessage(ctx: ConnectContext, hk: HostKeyOutcome): string {
  const type = keyTypeOfBlob(hk.offered);
  return (
    `${describeHost(ctx)}: host key not in known_hosts file ${ctx.knownHostsFile}; nothing was sent to the host. ` +
    `It offered ${type} ${fingerprint(hk.offered)}. Compare this fingerprint with the host's own ` +
    `(on its console: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then add it with ` +
    `'ssh-keyscan -p ${ctx.port} -t ${type} ${ctx.address} >> ${ctx.knownHostsFile}', ` +
    `or run haka with --accept-new-host-keys to trust it on first use.`
  );
}

function hostKeyMismatchMessage(ctx: ConnectContext, hk: HostKeyOutcome): string {
  const offered = `${keyTypeOfBlob(hk.offered)} ${fingerprint(hk.offered)}`;
  if (hk.status === 'revoked') {
    return (
      `${describeHost(ctx)}: the host offered ${offered}, a key marked @revoked in ${ctx.knownHostsFile}: ` +
      `possible MITM or compromised host. NOTHING was sent to the host (no authentication, no command).`
    );
  }
  const expected = hk.known
    .map((e) => `${e.keyType} ${fingerprint(e.key)} (${ctx.knownHostsFile}:${e.line})`)
    .join(', ');
  return (
    `${describeHost(ctx)}: HOST KEY MISMATCH: possible MITM or reinstalled host. ` +
    `Expected ${expected}; the host offered ${offered}. NOTHING was sent to the host (no authentication, no command). ` +
    `If it was reinstalled, verify the new fingerprint out of band, then remove the old entry with ` +
    `'ssh-keygen -R "${knownHostsName(ctx.address, ctx.port)}" -f ${ctx.knownHostsFile}'.`
  );
}
