// connect(): host-key policy, authentication and network failures against an in-process server.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectError } from '../../../src/errors.js';
import { fingerprint, verifyHostKey } from '../../../src/transport/known-hosts.js';
import { connect } from '../../../src/transport/ssh.js';
import { sh } from '../../../src/transport/sh.js';
import { makeLab, silentServer, target, unusedPort, type Lab } from './helpers/setup.js';
import { generateKeyPair, publicBlob, startServer, type TestServer } from './helpers/ssh-server.js';

let lab: Lab;
let server: TestServer;

function trustServerKey(): void {
  const [type, b64] = lab.hostKey.public.trim().split(/\s+/);
  writeFileSync(lab.knownHostsFile, `# test\n[127.0.0.1]:${server.port} ${type} ${b64}\n`);
}

async function connectError(promise: Promise<unknown>): Promise<ConnectError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConnectError);
  return err as ConnectError;
}

beforeEach(async () => {
  lab = makeLab();
  server = await startServer({ hostKey: lab.hostKey, clientKey: lab.clientKey });
});

afterEach(async () => {
  await server.close();
  lab.cleanup();
});

describe('connect: host keys', () => {
  it('connects when known_hosts has the key, and runs a command', async () => {
    trustServerKey();
    const t = await connect(target(lab, server.port));
    const r = await t.exec(sh`echo connected`);
    expect(r.stdout).toBe('connected\n');
    await t.close();
  });

  it('refuses an unknown host key before any authentication', async () => {
    const err = await connectError(connect(target(lab, server.port)));
    expect(err.reason).toBe('host-key-unknown');
    expect(err.host).toBe('lb-test');
    expect(err.message).toContain('lb-test (127.0.0.1:');
    expect(err.message).toContain(lab.knownHostsFile);
    expect(err.message).toContain('--accept-new-host-keys');
    expect(err.message).toContain(fingerprint(publicBlob(lab.hostKey.public)));
    expect(server.auths).toEqual([]);
    expect(server.execs).toEqual([]);
  });

  it('refuses a changed host key, shows both fingerprints, sends nothing', async () => {
    const other = generateKeyPair();
    const [type, b64] = other.public.trim().split(/\s+/);
    writeFileSync(lab.knownHostsFile, `[127.0.0.1]:${server.port} ${type} ${b64}\n`);
    const err = await connectError(connect(target(lab, server.port, { acceptNewHostKeys: true })));
    expect(err.reason).toBe('host-key-mismatch');
    expect(err.message).toContain('possible MITM or reinstalled host');
    expect(err.message).toContain(fingerprint(publicBlob(other.public)));
    expect(err.message).toContain(fingerprint(publicBlob(lab.hostKey.public)));
    expect(err.message).toContain('NOTHING was sent');
    expect(err.message).toContain(`${lab.knownHostsFile}:1`);
    expect(server.auths).toEqual([]);
    // accept-new never overrides a mismatch
    expect(readFileSync(lab.knownHostsFile, 'utf8')).not.toContain(
      lab.hostKey.public.split(/\s+/)[1],
    );
  });

  it('refuses a key marked @revoked', async () => {
    const [type, b64] = lab.hostKey.public.trim().split(/\s+/);
    writeFileSync(lab.knownHostsFile, `@revoked [127.0.0.1]:${server.port} ${type} ${b64}\n`);
    const err = await connectError(connect(target(lab, server.port, { acceptNewHostKeys: true })));
    expect(err.reason).toBe('host-key-mismatch');
    expect(err.message).toContain('@revoked');
    expect(server.auths).toEqual([]);
  });

  it('with acceptNewHostKeys records the key (trust on first use), then trusts it', async () => {
    const file = join(lab.dir, 'fresh', 'known_hosts');
    const t = await connect(
      target(lab, server.port, { acceptNewHostKeys: true, knownHostsFile: file }),
    );
    await t.close();
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${server.port} ssh-ed25519 \\S+\\n$`));
    expect(verifyHostKey(text, '127.0.0.1', server.port, publicBlob(lab.hostKey.public))).toBe(
      'match',
    );
    const again = await connect(target(lab, server.port, { knownHostsFile: file }));
    await again.close();
  });
});

describe('connect: host key algorithms', () => {
  it('asks for the key type known_hosts has, so a host with several keys is not a mismatch', async () => {
    const ecdsa = ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 });
    const multi = await startServer({
      hostKey: lab.hostKey,
      extraHostKeys: [ecdsa],
      clientKey: lab.clientKey,
    });
    try {
      const [type, b64] = ecdsa.public.trim().split(/\s+/);
      expect(type).toBe('ecdsa-sha2-nistp256');
      writeFileSync(lab.knownHostsFile, `[127.0.0.1]:${multi.port} ${type} ${b64}\n`);
      const t = await connect(target(lab, multi.port));
      expect((await t.exec(sh`echo ok`)).stdout).toBe('ok\n');
      await t.close();
    } finally {
      await multi.close();
    }
  });
});

describe('connect: authentication and network', () => {
  it('reports a rejected client key as auth, naming user and key', async () => {
    trustServerKey();
    const wrong = generateKeyPair();
    const wrongFile = join(lab.dir, 'wrong_key');
    writeFileSync(wrongFile, wrong.private, { mode: 0o600 });
    const err = await connectError(
      connect(target(lab, server.port, { user: 'core', identityFile: wrongFile })),
    );
    expect(err.reason).toBe('auth');
    expect(err.message).toContain("user 'core'");
    expect(err.message).toContain(wrongFile);
    expect(err.message).toContain('lb-test (127.0.0.1:');
    expect(server.auths.some((a) => a.method === 'publickey' && a.user === 'core')).toBe(true);
  });

  it('reports a missing identity file as auth without connecting', async () => {
    trustServerKey();
    const err = await connectError(
      connect(target(lab, server.port, { identityFile: join(lab.dir, 'missing') })),
    );
    expect(err.reason).toBe('auth');
    expect(err.message).toContain('ENOENT');
    expect(server.connections).toHaveLength(0);
  });

  it('explains that a passphrase-protected key must go through ssh-agent', async () => {
    trustServerKey();
    const locked = ssh2.utils.generateKeyPairSync('ed25519', {
      passphrase: 'secret',
      cipher: 'aes256-ctr',
      rounds: 16,
    });
    const lockedFile = join(lab.dir, 'locked_key');
    writeFileSync(lockedFile, locked.private, { mode: 0o600 });
    const err = await connectError(connect(target(lab, server.port, { identityFile: lockedFile })));
    expect(err.reason).toBe('auth');
    expect(err.message).toContain('ssh-add');
    expect(server.connections).toHaveLength(0);
  }, 30_000); // bcrypt key derivation of the locked key takes seconds on a busy machine

  it('reports a refused connection as unreachable', async () => {
    const port = await unusedPort();
    const err = await connectError(connect(target(lab, port)));
    expect(err.reason).toBe('unreachable');
    expect(err.message).toContain(`lb-test (127.0.0.1:${port})`);
    expect(err.message).toContain('connection refused');
  });

  it('gives up on a server that never sends its banner, quickly', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const err = await connectError(connect(target(lab, silent.port, { connectTimeoutMs: 300 })));
      expect(err.reason).toBe('timeout');
      expect(err.message).toContain('300 ms');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await silent.close();
    }
  });
});

describe('connect: jump host', () => {
  it('reaches the target through a direct-tcpip channel on the jump host', async () => {
    const jumpKey = generateKeyPair();
    const jump = await startServer({
      hostKey: jumpKey,
      clientKey: lab.clientKey,
      allowForwarding: true,
    });
    try {
      trustServerKey();
      const [jt, jb] = jumpKey.public.trim().split(/\s+/);
      writeFileSync(lab.knownHostsFile, `[127.0.0.1]:${jump.port} ${jt} ${jb}\n`, { flag: 'a' });
      const t = await connect(
        target(lab, server.port, {
          jumps: [
            {
              address: '127.0.0.1',
              port: jump.port,
              user: 'jumper',
              identityFile: lab.identityFile,
              knownHostsFile: lab.knownHostsFile,
            },
          ],
        }),
      );
      const r = await t.exec(sh`echo via-jump`);
      expect(r.stdout).toBe('via-jump\n');
      expect(jump.forwards).toEqual([{ host: '127.0.0.1', port: server.port }]);
      expect(jump.auths.some((a) => a.user === 'jumper')).toBe(true);
      await t.close();
    } finally {
      await jump.close();
    }
  });

  it('follows a ProxyJump chain: each hop through the one before, each with its own user', async () => {
    const keys = [generateKeyPair(), generateKeyPair()];
    const [first, second] = await Promise.all(
      keys.map((hostKey) =>
        startServer({ hostKey, clientKey: lab.clientKey, allowForwarding: true }),
      ),
    );
    const hops = [first, second] as TestServer[];
    try {
      trustServerKey();
      hops.forEach((hop, i) => {
        const [kt, kb] = (keys[i] as { public: string }).public.trim().split(/\s+/);
        writeFileSync(lab.knownHostsFile, `[127.0.0.1]:${hop.port} ${kt} ${kb}\n`, { flag: 'a' });
      });
      const t = await connect(
        target(lab, server.port, {
          jumps: hops.map((hop, i) => ({
            address: '127.0.0.1',
            port: hop.port,
            user: `hop${i + 1}`,
            knownHostsFile: lab.knownHostsFile,
          })),
        }),
      );
      expect((await t.exec(sh`echo via-chain`)).stdout).toBe('via-chain\n');
      // The first hop opened a channel to the second, the second to the target.
      expect(hops[0]?.forwards).toEqual([{ host: '127.0.0.1', port: hops[1]?.port }]);
      expect(hops[1]?.forwards).toEqual([{ host: '127.0.0.1', port: server.port }]);
      expect(hops[0]?.auths.some((a) => a.user === 'hop1')).toBe(true);
      expect(hops[1]?.auths.some((a) => a.user === 'hop2')).toBe(true);
      await t.close();
    } finally {
      await Promise.all(hops.map((h) => h.close()));
    }
  });

  it('names the jump host when its key is unknown', async () => {
    const jump = await startServer({
      hostKey: generateKeyPair(),
      clientKey: lab.clientKey,
      allowForwarding: true,
    });
    try {
      trustServerKey();
      const err = await connectError(
        connect(
          target(lab, server.port, {
            jumps: [
              {
                address: '127.0.0.1',
                port: jump.port,
                user: 'jumper',
                knownHostsFile: lab.knownHostsFile,
              },
            ],
          }),
        ),
      );
      expect(err.reason).toBe('host-key-unknown');
      expect(err.message).toContain(`jump host 127.0.0.1:${jump.port} (for lb-test)`);
      expect(jump.auths).toEqual([]);
      expect(server.connections).toHaveLength(0);
    } finally {
      await jump.close();
    }
  });
});
