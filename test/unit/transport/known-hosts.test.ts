// known_hosts parsing and matching. Hashed lines and fingerprints are checked against OpenSSH's
// own ssh-keygen, so the HMAC-SHA1 and SHA256 details are not just self-consistent.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appendHostKey,
  fingerprint,
  keyTypeOfBlob,
  knownHostsName,
  lookupHostKeys,
  verifyHostKey,
} from '../../../src/transport/known-hosts.js';
import { appendKnownHostsLine, readKnownHosts } from '../../../src/transport/known-hosts-file.js';
import { generateKeyPair, publicBlob } from './helpers/ssh-server.js';

const dir = mkdtempSync(join(tmpdir(), 'haka-known-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const keyA = generateKeyPair();
const keyB = generateKeyPair();
const blobA = publicBlob(keyA.public);
const blobB = publicBlob(keyB.public);
const fieldsA = keyA.public.trim().split(/\s+/).slice(0, 2).join(' ');
const fieldsB = keyB.public.trim().split(/\s+/).slice(0, 2).join(' ');

describe('lookup and verify', () => {
  it('matches plain names, comma lists and [host]:port; skips comments and blank lines', () => {
    const text = [
      '# a comment',
      '',
      `lb1,10.17.3.12 ${fieldsA} operator@laptop`,
      `[10.17.3.13]:2222 ${fieldsB}`,
      `   # indented comment`,
    ].join('\n');
    expect(verifyHostKey(text, '10.17.3.12', 22, blobA)).toBe('match');
    expect(verifyHostKey(text, 'LB1', 22, blobA)).toBe('match');
    expect(verifyHostKey(text, '10.17.3.12', 2222, blobA)).toBe('unknown');
    expect(verifyHostKey(text, '10.17.3.13', 2222, blobB)).toBe('match');
    expect(verifyHostKey(text, '10.17.3.13', 22, blobB)).toBe('unknown');
    expect(lookupHostKeys(text, '10.17.3.12', 22)).toMatchObject([
      { line: 3, marker: null, keyType: 'ssh-ed25519' },
    ]);
  });

  it('reports a different key for a known host as mismatch', () => {
    const text = `10.17.3.12 ${fieldsA}\n`;
    expect(verifyHostKey(text, '10.17.3.12', 22, blobB)).toBe('mismatch');
  });

  it('treats @revoked as reject and ignores @cert-authority', () => {
    const text = `@revoked 10.17.3.12 ${fieldsA}\n@cert-authority *.example ${fieldsB}\n10.17.3.12 ${fieldsA}\n`;
    expect(verifyHostKey(text, '10.17.3.12', 22, blobA)).toBe('revoked');
    expect(verifyHostKey(text, 'lb.example', 22, blobB)).toBe('unknown');
  });

  it('honours wildcards and negation', () => {
    const text = `10.17.3.*,!10.17.3.99 ${fieldsA}\n`;
    expect(verifyHostKey(text, '10.17.3.12', 22, blobA)).toBe('match');
    expect(verifyHostKey(text, '10.17.3.99', 22, blobA)).toBe('unknown');
  });

  it('matches hashed entries written by ssh-keygen -H (plain and [host]:port)', () => {
    const file = join(dir, 'hashed');
    writeFileSync(file, `10.17.3.12 ${fieldsA}\n[10.17.5.20]:2222 ${fieldsB}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('10.17.');
    expect(text).toMatch(/^\|1\|/);
    expect(verifyHostKey(text, '10.17.3.12', 22, blobA)).toBe('match');
    expect(verifyHostKey(text, '10.17.5.20', 2222, blobB)).toBe('match');
    expect(verifyHostKey(text, '10.17.5.20', 2222, blobA)).toBe('mismatch');
    expect(verifyHostKey(text, '10.17.5.20', 22, blobB)).toBe('unknown');
  });

  it('skips malformed lines instead of failing', () => {
    const text = `garbage\n@bogus host ${fieldsA}\nhost ssh-ed25519 !!notbase64!!\n10.1.1.1 ${fieldsA}\n`;
    expect(verifyHostKey(text, 'host', 22, blobA)).toBe('unknown');
    expect(verifyHostKey(text, '10.1.1.1', 22, blobA)).toBe('match');
  });
});

describe('helpers', () => {
  it('fingerprint equals what ssh-keygen -l prints', () => {
    const file = join(dir, 'key.pub');
    writeFileSync(file, keyA.public);
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', file]).toString();
    expect(printed.split(/\s+/)[1]).toBe(fingerprint(blobA));
  });

  it('reads the key type from the blob and builds lookup names', () => {
    expect(keyTypeOfBlob(blobA)).toBe('ssh-ed25519');
    expect(knownHostsName('10.17.3.12', 22)).toBe('10.17.3.12');
    expect(knownHostsName('LB1', 2222)).toBe('[lb1]:2222');
  });

  it('appendHostKey lines are found again, plain and hashed, and ssh-keygen -F agrees', () => {
    const plain = appendHostKey('10.17.3.12', 2222, blobA);
    expect(plain).toBe(`[10.17.3.12]:2222 ${fieldsA}\n`);
    const hashed = appendHostKey('10.17.3.12', 22, blobB, { hashSalt: Buffer.alloc(20, 7) });
    expect(hashed.startsWith('|1|')).toBe(true);
    const text = plain + hashed;
    expect(verifyHostKey(text, '10.17.3.12', 2222, blobA)).toBe('match');
    expect(verifyHostKey(text, '10.17.3.12', 22, blobB)).toBe('match');
    const file = join(dir, 'appended');
    writeFileSync(file, text);
    const found = execFileSync('ssh-keygen', ['-F', '10.17.3.12', '-f', file]).toString();
    expect(found).toContain(hashed.trim());
  });
});

describe('known_hosts file', () => {
  it('appends atomically, keeps existing lines, and serialises parallel writers', async () => {
    const file = join(dir, 'sub', 'known_hosts');
    expect(await readKnownHosts(file)).toBe('');
    await appendKnownHostsLine(file, appendHostKey('h0', 22, blobA));
    writeFileSync(file, readFileSync(file, 'utf8').trimEnd()); // no trailing newline
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        appendKnownHostsLine(file, appendHostKey(`h${i + 1}`, 22, blobA)),
      ),
    );
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    for (let i = 0; i <= 10; i++)
      expect(verifyHostKey(lines.join('\n'), `h${i}`, 22, blobA)).toBe('match');
  });
});
