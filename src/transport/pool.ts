// Connect to many hosts at once with a bound on parallelism; one host's failure never aborts the others.
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { ConnectError } from '../errors.js';
import { connect } from './ssh.js';
import type { ConnectTarget, Transport } from './types.js';

export interface ConnectAllOptions {
  concurrency: number;
  log?: Logger;
  /** Replaceable for tests; defaults to the ssh2 adapter. */
  connectOne?: (target: ConnectTarget, log?: Logger) => Promise<Transport>;
}

/** Each target's Transport, or the ConnectError that explains why not, keyed by target name. */
export async function connectAll(
  targets: ConnectTarget[],
  opts: ConnectAllOptions,
): Promise<Map<string, Transport | ConnectError>> {
  const limit = pLimit(Math.max(1, opts.concurrency));
  const connectOne = opts.connectOne ?? connect;
  const results = await Promise.all(
    targets.map((target) =>
      limit(async (): Promise<[string, Transport | ConnectError]> => {
        try {
          return [target.name, await connectOne(target, opts.log)];
        } catch (err) {
          return [target.name, asConnectError(target, err)];
        }
      }),
    ),
  );
  return new Map(results);
}

function asConnectError(target: ConnectTarget, err: unknown): ConnectError {
  if (err instanceof ConnectError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ConnectError(
    target.name,
    'other',
    `${target.name} (${target.address}:${target.port}): connection failed: ${message}`,
    { cause: err },
  );
}
