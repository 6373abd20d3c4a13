// known_hosts parsing and matching. Hashed lines and fingerprints are checked against OpenSSH's
// own ssh-keygen, so the HMAC-SHA1 and SHA256 details are not just self-consistent.
import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  appendHostKey,
  fingerprint,
  keyTypeOfBlob,
  knownHostsName,
  lookupHostKeys,
  usesHashedNames,
  verifyHostKey,
} from '../../../src/transport/known-hosts.js';
import {
  readKnownHosts,
  recordHostKey,
  writeTarget,
} from '../../../src/transport/known-hosts-file.js';
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
  const entry = (host: string, key = blobA) => ({ host, port: 22, key });

  it('appends, keeps existing lines (also without a final newline), and serialises writers', async () => {
    const file = join(dir, 'sub', 'known_hosts');
    expect(await readKnownHosts(file)).toBe('');
    expect(await recordHostKey(file, entry('h0'))).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, readFileSync(file, 'utf8').trimEnd()); // no trailing newline
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => recordHostKey(file, entry(`h${i + 1}`))),
    );
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    for (let i = 0; i <= 10; i++)
      expect(verifyHostKey(lines.join('\n'), `h${i}`, 22, blobA)).toBe('match');
  });

  it('adds nothing when the file already has this key for the host (another run was first)', async () => {
    const file = join(dir, 'twice');
    expect(await recordHostKey(file, entry('h1'))).toBe(true);
    expect(await recordHostKey(file, entry('h1'))).toBe(false);
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(1);
  });

  it('writes through a symlink (also a chain, also a dangling one): the link stays a link', async () => {
    const real = join(dir, 'real-known-hosts');
    writeFileSync(real, `h0 ${fieldsA}\n`, { mode: 0o644 });
    symlinkSync(real, join(dir, 'link1'));
    symlinkSync('link1', join(dir, 'link2'));
    await recordHostKey(join(dir, 'link2'), entry('h1', blobB));
    expect(lstatSync(join(dir, 'link2')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'link1')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(`h0 ${fieldsA}\nh1 ${fieldsB}\n`);
    expect(statSync(real).mode & 0o777).toBe(0o644);
    expect(await writeTarget(join(dir, 'link2'))).toBe(realpathSync(real));

    mkdirSync(join(dir, 'managed'));
    symlinkSync(join(dir, 'managed', 'known_hosts'), join(dir, 'dangling'));
    await recordHostKey(join(dir, 'dangling'), entry('h2'));
    expect(lstatSync(join(dir, 'dangling')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'managed', 'known_hosts'), 'utf8')).toBe(`h2 ${fieldsA}\n`);
  });

  it('keeps the hashing style: hashed after ssh-keygen -H, plain otherwise; ssh-keygen -F finds both', async () => {
    const hashed = join(dir, 'style-hashed');
    writeFileSync(hashed, `10.1.1.1 ${fieldsA}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', hashed], { stdio: 'ignore' });
    await recordHostKey(hashed, { host: '10.1.1.2', port: 2222, key: blobB });
    const text = readFileSync(hashed, 'utf8');
    expect(text).not.toContain('10.1.1.');
    expect(
      text
        .trimEnd()
        .split('\n')
        .every((l) => l.startsWith('|1|')),
    ).toBe(true);
    const found = execFileSync('ssh-keygen', ['-F', '[10.1.1.2]:2222', '-f', hashed]).toString();
    expect(found).toContain(fieldsB);

    const plain = join(dir, 'style-plain');
    writeFileSync(plain, `# comment with |1| in it\n10.1.1.1 ${fieldsA}\n`);
    await recordHostKey(plain, { host: '10.1.1.2', port: 22, key: blobB });
    expect(readFileSync(plain, 'utf8')).toMatch(/\n10\.1\.1\.2 ssh-ed25519 /);
    expect(execFileSync('ssh-keygen', ['-F', '10.1.1.2', '-f', plain]).toString()).toContain(
      fieldsB,
    );
    expect(usesHashedNames('')).toBe(false);
  });

  it('loses no line when separate processes record keys at once (through the file and a link)', async () => {
    const file = join(dir, 'parallel', 'known_hosts');
    mkdirSync(dirname(file));
    writeFileSync(
      file,
      `|1|${Buffer.alloc(20, 1).toString('base64')}|${Buffer.alloc(20, 2).toString('base64')} ${fieldsA}\n`,
    );
    symlinkSync(file, join(dir, 'parallel', 'link'));
    const module = resolve('dist/src/transport/known-hosts-file.js');
    const PROCESSES = 6;
    const EACH = 15;
    const writer = (p: number) =>
      new Promise<void>((done, fail) => {
        const script = `const { recordHostKey } = await import(${JSON.stringify(module)});
          const key = Buffer.from(${JSON.stringify(blobB.toString('base64'))}, 'base64');
          for (let i = 0; i < ${EACH}; i++)
            await recordHostKey(process.argv[1], { host: 'p${p}-' + i, port: 22, key });`;
        const target = p % 2 === 0 ? file : join(dir, 'parallel', 'link');
        execFile(process.execPath, ['--input-type=module', '-e', script, target], (error) =>
          error ? fail(error) : done(),
        );
      });
    await Promise.all(Array.from({ length: PROCESSES }, (_, p) => writer(p)));
    const text = readFileSync(file, 'utf8');
    expect(lstatSync(join(dir, 'parallel', 'link')).isSymbolicLink()).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(1 + PROCESSES * EACH);
    for (let p = 0; p < PROCESSES; p++)
      for (let i = 0; i < EACH; i++)
        expect(verifyHostKey(text, `p${p}-${i}`, 22, blobB)).toBe('match');
    expect(existsSync(`${file}.haka-lock`)).toBe(false);
    // Six node processes: seconds on a busy machine, so not vitest's 5 s default.
  }, 60_000);
});
