// The ssh2 adapter: the only module that imports ssh2. Connects (optionally through a jump
// host), verifies the host key against known_hosts, logs in with a key or ssh-agent.
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { Client, type ConnectConfig, type ServerHostKeyAlgorithm } from 'ssh2';
import { ConnectError } from '../errors.js';
import { toConnectError, type ConnectContext } from './connect-errors.js';
import { HostKeyCheck } from './host-key-check.js';
import { readKnownHosts } from './known-hosts-file.js';
import { SshTransport } from './ssh-transport.js';
import type { ConnectTarget, Transport } from './types.js';

const KEEPALIVE_INTERVAL_MS = 15_000;
const KEEPALIVE_COUNT_MAX = 4;

interface Credentials {
  privateKey?: Buffer;
  agent?: string;
}

interface Endpoint extends ConnectContext {
  acceptNewHostKeys: boolean;
}

/** Connect and log in to one host. Every failure is a ConnectError naming the host and its address. */
export async function connect(target: ConnectTarget, log?: Logger): Promise<Transport> {
  const hostLog = (log ?? pino({ level: 'silent' })).child({ host: target.name });
  const endpoint: Endpoint = {
    ...target,
    name: target.name,
    agentSocket: process.env.SSH_AUTH_SOCK,
  };
  // Read the key first: a missing or unusable key fails before any packet is sent.
  const credentials = await loadCredentials(endpoint);
  let jump: Client | undefined;
  let sock: Readable | undefined;
  if (target.jump) {
    const jumpEndpoint: Endpoint = {
      ...endpoint,
      ...target.jump,
      // Without its own key the jump host is tried with the target's key (or the agent).
      identityFile: target.jump.identityFile ?? target.identityFile,
      isJump: true,
    };
    jump = await openClient(jumpEndpoint, await loadCredentials(jumpEndpoint), undefined, hostLog);
    sock = await forwardTo(jump, endpoint).catch((err: unknown) => {
      jump?.end();
      throw err;
    });
  }
  const client = await openClient(endpoint, credentials, sock, hostLog).catch((err: unknown) => {
    jump?.end();
    throw err;
  });
  hostLog.debug({ address: target.address, port: target.port, user: target.user }, 'connected');
  return new SshTransport({
    host: target.name,
    address: target.address,
    user: target.user,
    session: client,
    log: hostLog,
    onClose: () => jump?.end(),
  });
}

// Key from identityFile (passphrase-less), else the ssh-agent; nothing usable is an 'auth' error.
async function loadCredentials(ep: Endpoint): Promise<Credentials> {
  const where = ep.isJump
    ? `jump host ${ep.address} (for ${ep.name})`
    : `${ep.name} (${ep.address})`;
  if (ep.identityFile) {
    try {
      return { privateKey: await readFile(ep.identityFile) };
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new ConnectError(
        ep.name,
        'auth',
        `${where}: cannot read identity file ${ep.identityFile} (${why})`,
        {
          cause: err,
        },
      );
    }
  }
  if (ep.agentSocket) return { agent: ep.agentSocket };
  throw new ConnectError(
    ep.name,
    'auth',
    `${where}: no credentials for user '${ep.user}': set ssh.identityFile in the inventory or start ssh-agent (SSH_AUTH_SOCK is unset)`,
  );
}

function openClient(
  ep: Endpoint,
  credentials: Credentials,
  sock: Readable | undefined,
  log: Logger,
): Promise<Client> {
  return readKnownHosts(ep.knownHostsFile).then(
    (knownHostsText) =>
      new Promise<Client>((resolve, reject) => {
        const check = new HostKeyCheck({
          address: ep.address,
          port: ep.port,
          knownHostsFile: ep.knownHostsFile,
          knownHostsText,
          acceptNew: ep.acceptNewHostKeys,
          log,
        });
        const client = new Client();
        let settled = false;
        const fail = (err: unknown): void => {
          if (settled) return;
          settled = true;
          client.end();
          reject(err instanceof ConnectError ? err : toConnectError(ep, err, check.outcome));
        };
        client.once('ready', () => {
          settled = true;
          client.removeListener('error', fail);
          client.on('error', () => undefined); // later errors are reported by the transport
          resolve(client);
        });
        client.on('error', fail);
        client.once('close', () =>
          fail(new Error('the server closed the connection during login')),
        );
        const config: ConnectConfig = {
          host: ep.address,
          port: ep.port,
          username: ep.user,
          readyTimeout: ep.connectTimeoutMs,
          keepaliveInterval: KEEPALIVE_INTERVAL_MS,
          keepaliveCountMax: KEEPALIVE_COUNT_MAX,
          hostVerifier: check.verify,
          ...credentials,
          ...(sock ? { sock } : {}),
        };
        const serverHostKey = check.preferredAlgorithms();
        if (serverHostKey)
          config.algorithms = { serverHostKey: serverHostKey as ServerHostKeyAlgorithm[] };
        try {
          client.connect(config);
        } catch (err) {
          fail(keyParseError(ep, err));
        }
      }),
    (err: unknown) => {
      throw new ConnectError(
        ep.name,
        'other',
        `cannot read known_hosts file ${ep.knownHostsFile}: ${String(err)}`,
        {
          cause: err,
        },
      );
    },
  );
}

// ssh2 throws synchronously on a key it cannot use; the usual cause is a passphrase.
function keyParseError(ep: Endpoint, err: unknown): ConnectError {
  const message = err instanceof Error ? err.message : String(err);
  const hint = /passphrase|encrypted/i.test(message)
    ? ` haka reads only passphrase-less keys: load it into ssh-agent (ssh-add ${ep.identityFile}) and remove identityFile from the inventory.`
    : '';
  return new ConnectError(
    ep.name,
    'auth',
    `${ep.name} (${ep.address}): cannot use identity file ${ep.identityFile}: ${message}.${hint}`,
    {
      cause: err,
    },
  );
}

// A direct-tcpip channel from the jump host to the target, used as the target connection's socket.
function forwardTo(jump: Client, ep: Endpoint): Promise<Readable> {
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(
        new ConnectError(
          ep.name,
          'timeout',
          `${ep.name} (${ep.address}:${ep.port}): the jump host could not connect within ${ep.connectTimeoutMs} ms`,
        ),
      );
    }, ep.connectTimeoutMs);
    jump.forwardOut('127.0.0.1', 0, ep.address, ep.port, (err, stream) => {
      clearTimeout(timer);
      if (timedOut) return stream?.destroy(); // too late: the caller has given up
      if (!err) return resolve(stream);
      const reason = (err as Error & { reason?: number }).reason === 2 ? 'unreachable' : 'other';
      reject(
        new ConnectError(
          ep.name,
          reason,
          `${ep.name} (${ep.address}:${ep.port}): the jump host could not open a connection to it: ${err.message}`,
          {
            cause: err,
          },
        ),
      );
    });
  });
}
