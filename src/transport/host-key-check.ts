// The host-key decision for one connection, taken during key exchange: before authentication,
// so a rejected host never sees a user name, a key signature or a command.
import type { Logger } from 'pino';
import {
  lookupHostKeys,
  verifyHostKey,
  type HostKeyStatus,
  type KnownHostEntry,
} from './known-hosts.js';
import { recordHostKey } from './known-hosts-file.js';

export interface HostKeyCheckInput {
  address: string;
  port: number;
  knownHostsFile: string;
  /** The known_hosts text, read before connecting. */
  knownHostsText: string;
  acceptNew: boolean;
  log: Logger;
}

export interface HostKeyOutcome {
  status: HostKeyStatus;
  offered: Buffer;
  /** Trusted keys known_hosts has for this host (for the mismatch message). */
  known: KnownHostEntry[];
  /** A new key accepted on first use and appended to known_hosts. */
  recorded: boolean;
}

// Server host-key algorithms in ssh2's default preference order, by the key type that offers them.
const ALGORITHMS_BY_KEY_TYPE: [string, string[]][] = [
  ['ssh-ed25519', ['ssh-ed25519']],
  ['ecdsa-sha2-nistp256', ['ecdsa-sha2-nistp256']],
  ['ecdsa-sha2-nistp384', ['ecdsa-sha2-nistp384']],
  ['ecdsa-sha2-nistp521', ['ecdsa-sha2-nistp521']],
  ['ssh-rsa', ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']],
];

export class HostKeyCheck {
  outcome: HostKeyOutcome | undefined;

  constructor(private readonly input: HostKeyCheckInput) {}

  /**
   * Like OpenSSH, ask the server for a key type known_hosts already has, so a host with several
   * keys is not reported as changed. Undefined: nothing known, use ssh2's defaults.
   */
  preferredAlgorithms(): string[] | undefined {
    const types = new Set(this.known().map((e) => e.keyType));
    const algorithms = ALGORITHMS_BY_KEY_TYPE.filter(([t]) => types.has(t)).flatMap(([, a]) => a);
    return algorithms.length > 0 ? algorithms : undefined;
  }

  /** ssh2 `hostVerifier`: receives the raw public key blob. */
  readonly verify = (key: Buffer, done: (accept: boolean) => void): void => {
    const { address, port, knownHostsFile, knownHostsText, acceptNew, log } = this.input;
    const status = verifyHostKey(knownHostsText, address, port, key);
    this.outcome = { status, offered: key, known: this.known(), recorded: false };
    if (status === 'match') return done(true);
    if (status !== 'unknown' || !acceptNew) return done(false);
    const outcome = this.outcome;
    recordHostKey(knownHostsFile, { host: address, port, key }).then(
      () => {
        outcome.recorded = true;
        log.info({ knownHostsFile }, 'new host key accepted and recorded (trust on first use)');
        done(true);
      },
      (err: Error) => {
        // Like OpenSSH: failing to record the key does not stop this connection.
        log.warn({ knownHostsFile, err: err.message }, 'new host key accepted but not recorded');
        done(true);
      },
    );
  };

  private known(): KnownHostEntry[] {
    const { knownHostsText, address, port } = this.input;
    return lookupHostKeys(knownHostsText, address, port).filter((e) => e.marker === null);
  }
}
