// socat parses its own address syntax: `!!` joins two addresses (one may be SYSTEM:command),
// `,` adds options and `:` separates parameters. Shell quoting does not protect against that,
// so a socket path reaches socat only when it holds none of these characters.
import { InternalError } from '../errors.js';
import { MAX_SOCKET_PATH, PATTERNS } from '../inventory/schema.js';

const SOCKET_PATH = new RegExp(PATTERNS.hostPath, 'u');

/** `UNIX-CONNECT:/run/haproxy/haka.sock`; refuses any path the inventory schema would refuse. */
export function unixConnectAddress(path: string): string {
  if (path.length > MAX_SOCKET_PATH || !SOCKET_PATH.test(path))
    throw new InternalError(
      `refusing to hand socat the socket path ${JSON.stringify(path)}: only an absolute path of letters, digits, ., _, - and / is safe in a socat address`,
    );
  return `UNIX-CONNECT:${path}`;
}
