// The ssh2 adapter: the only module that imports ssh2. Connects (optionally through a jump
// host), verifies the host key against known_hosts, logs in with a key or ssh-agent.
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pino, type Logger } from 'pino';
import ssh2, {
  Client,
  type ConnectConfig,
  type IdentityCallback,
  type ParsedKey,
  type OpenSSHAgent,
  type ServerHostKeyAlgorithm,
} from 'ssh2';

// CommonJS: Node's named-export detection misses these, so they come from the default export.
const { OpenSSHAgent: Agent, utils } = ssh2;
import { ConnectError } from '../errors.js';
import { describeHost, toConnectError, type ConnectContext } from './connect-errors.js';
import { HostKeyCheck } from './host-key-check.js';
import { readKnownHosts } from './known-hosts-file.js';
import { SshTransport } from './ssh-transport.js';
import type { ConnectTarget, Transport } from './types.js';

const KEEPALIVE_INTERVAL_MS = 15_000;
const KEEPALIVE_COUNT_MAX = 4;

const warnedPassphrase = new Set<string>();

interface Credentials {
  privateKey?: Buffer;
  agent?: string | OpenSSHAgent;
}

interface Endpoint extends ConnectContext {
  acceptNewHostKeys: boolean;
  identitiesOnly?: boolean;
}

/** Connect and log in to one host. Every failure is a ConnectError naming the host and its address. */
export async function connect(target: ConnectTarget, log?: Logger): Promise<Transport> {
  const hostLog = (log ?? pino({ level: 'silent' })).child({ host: target.name });
  const agentSocket = process.env.SSH_AUTH_SOCK;
  const endpoint: Endpoint = { ...target, name: target.name, agentSocket };
  // Without its own key a jump host is tried with the target's key (or the agent).
  const hops: Endpoint[] = (target.jumps ?? []).map((hop) => ({
    ...endpoint,
    ...hop,
    identityFile: hop.identityFile ?? target.identityFile,
    isJump: true,
  }));
  // Read the keys first: a missing or unusable key fails before any packet is sent.
  const credentials = await loadCredentials(endpoint, hostLog);
  const hopCredentials = await Promise.all(hops.map((hop) => loadCredentials(hop, hostLog)));
  const opened: Client[] = [];
  const endAll = (): void => {
    for (const c of opened.reverse()) c.end();
  };
  let sock: Readable | undefined;
  let client: Client;
  try {
    // Each hop is reached through the previous one (ProxyJump a,b: here → a → b → target).
    for (const [i, hop] of hops.entries()) {
      const jump = await openClient(hop, hopCredentials[i] as Credentials, sock, hostLog);
      opened.push(jump);
      sock = await forwardTo(jump, hops[i + 1] ?? endpoint);
    }
    client = await openClient(endpoint, credentials, sock, hostLog);
  } catch (err) {
    endAll();
    throw err;
  }
  hostLog.debug(
    { address: target.address, port: target.port, user: target.user, jumps: hops.length },
    'connected',
  );
  return new SshTransport({
    host: target.name,
    address: target.address,
    user: target.user,
    session: client,
    log: hostLog,
    onClose: endAll,
  });
}

// Key from identityFile, else the ssh-agent; nothing usable is an 'auth' error. A
// passphrase-protected key cannot be opened here (haka never asks for a passphrase): the agent
// is used instead, with a clear message.
async function loadCredentials(ep: Endpoint, log: Logger): Promise<Credentials> {
  const where = describeHost(ep);
  if (ep.identityFile) {
    let key: Buffer;
    try {
      key = await readFile(ep.identityFile);
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      throw new ConnectError(
        ep.name,
        'auth',
        `${where}: cannot read identity file ${ep.identityFile} (${why})`,
        { cause: err },
      );
    }
    const parsed = utils.parseKey(key);
    if (!(parsed instanceof Error) || !/passphrase|encrypted/i.test(parsed.message))
      return { privateKey: key };
    if (!ep.agentSocket) throw keyParseError(ep, parsed);
    // Said once per key and run, not once per host and jump host.
    if (!warnedPassphrase.has(ep.identityFile))
      log.warn(
        `identity file ${ep.identityFile} is passphrase-protected and haka never asks for a passphrase; using ssh-agent instead (load the key with: ssh-add ${ep.identityFile})`,
      );
    warnedPassphrase.add(ep.identityFile);
    return { agent: await agentFor(ep, log) };
  }
  if (ep.agentSocket) return { agent: ep.agentSocket };
  throw new ConnectError(
    ep.name,
    'auth',
    `${where}: no credentials for user '${ep.user}': set ssh.identityFile in the inventory (or IdentityFile in ~/.ssh/config) or start ssh-agent (SSH_AUTH_SOCK is unset)`,
  );
}

// IdentitiesOnly: offer only the agent key matching <identityFile>.pub, as ssh does.
async function agentFor(ep: Endpoint, log: Logger): Promise<string | OpenSSHAgent> {
  const socket = ep.agentSocket as string;
  if (!ep.identitiesOnly) return socket;
  const pub = await readFile(`${ep.identityFile}.pub`).catch(() => undefined);
  const wanted = pub === undefined ? undefined : utils.parseKey(pub);
  if (wanted === undefined || wanted instanceof Error) {
    log.warn(
      `${describeHost(ep)}: IdentitiesOnly is set but ${ep.identityFile}.pub is missing: every key of the agent may be offered`,
    );
    return socket;
  }
  const blob = wanted.getPublicSSH();
  return new (class extends Agent {
    override getIdentities(cb: IdentityCallback<ParsedKey>): void {
      super.getIdentities((err, keys) =>
        err
          ? cb(err)
          : cb(
              undefined,
              (keys ?? []).filter((k) => 'getPublicSSH' in k && k.getPublicSSH().equals(blob)),
            ),
      );
    }
  })(socket);
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
    ? ` haka never asks for a passphrase: start ssh-agent and load the key (ssh-add ${ep.identityFile}); haka then uses the agent.`
    : '';
  return new ConnectError(
    ep.name,
    'auth',
    `${describeHost(ep)}: cannot use identity file ${ep.identityFile}: ${message}.${hint}`,
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
