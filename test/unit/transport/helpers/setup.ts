// Per-test temp dirs, keys and targets for the SSH transport tests. Only 127.0.0.1 is ever used.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectTarget } from '../../../../src/transport/types.js';
import { generateKeyPair, type KeyPair } from './ssh-server.js';

export interface Lab {
  dir: string;
  hostKey: KeyPair;
  clientKey: KeyPair;
  identityFile: string;
  knownHostsFile: string;
  cleanup(): void;
}

export function makeLab(): Lab {
  const dir = mkdtempSync(join(tmpdir(), 'haka-transport-'));
  const hostKey = generateKeyPair();
  const clientKey = generateKeyPair();
  const identityFile = join(dir, 'id_ed25519');
  writeFileSync(identityFile, clientKey.private, { mode: 0o600 });
  return {
    dir,
    hostKey,
    clientKey,
    identityFile,
    knownHostsFile: join(dir, 'known_hosts'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function target(
  lab: Lab,
  port: number,
  overrides: Partial<ConnectTarget> = {},
): ConnectTarget {
  return {
    name: 'lb-test',
    address: '127.0.0.1',
    port,
    user: 'root',
    identityFile: lab.identityFile,
    knownHostsFile: lab.knownHostsFile,
    connectTimeoutMs: 5000,
    acceptNewHostKeys: false,
    ...overrides,
  };
}

/** A loopback port with nothing listening (bound, read, released). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Accepts TCP connections and never says a word (no SSH banner). */
export async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets: import('node:net').Socket[] = [];
  const server: Server = createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
