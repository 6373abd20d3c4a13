// Pure parser and matcher for OpenSSH known_hosts (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT").
// No I/O here: the caller reads the file and appends the line built by appendHostKey.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type KnownHostMarker = 'revoked' | 'cert-authority' | null;

export interface KnownHostEntry {
  /** 1-based line number in the file, for messages. */
  line: number;
  marker: KnownHostMarker;
  keyType: string;
  /** The raw public key blob (base64-decoded third field). */
  key: Buffer;
}

export type HostKeyStatus = 'match' | 'mismatch' | 'unknown' | 'revoked';

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** The key type stored inside a public key blob (its first SSH string), e.g. 'ssh-ed25519'. */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return '';
  const len = blob.readUInt32BE(0);
  if (len > blob.length - 4) return '';
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** SHA256 fingerprint as OpenSSH prints it: `SHA256:` + unpadded base64. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Every entry that applies to host:port, in file order; @cert-authority lines are ignored. */
export function lookupHostKeys(text: string, host: string, port: number): KnownHostEntry[] {
  const name = knownHostsName(host, port);
  const found: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const parsed = parseLine(raw, index + 1);
    if (!parsed || parsed.entry.marker === 'cert-authority') return;
    if (hostFieldMatches(parsed.hosts, name)) found.push(parsed.entry);
  });
  return found;
}

/** Judge an offered host key against known_hosts. A known host offering another key type is a mismatch. */
export function verifyHostKey(
  text: string,
  host: string,
  port: number,
  offered: Buffer,
): HostKeyStatus {
  const entries = lookupHostKeys(text, host, port);
  const sameKey = (e: KnownHostEntry): boolean =>
    e.key.length === offered.length && timingSafeEqual(e.key, offered);
  if (entries.some((e) => e.marker === 'revoked' && sameKey(e))) return 'revoked';
  const trusted = entries.filter((e) => e.marker === null);
  if (trusted.some((e) => e.keyType === keyTypeOfBlob(offered) && sameKey(e))) return 'match';
  return trusted.length > 0 ? 'mismatch' : 'unknown';
}

/**
 * The known_hosts line (with trailing newline) that records `key` for host:port.
 * `hashSalt` (20 random bytes) produces a hashed `|1|salt|hash` host field like HashKnownHosts.
 */
export function appendHostKey(
  host: string,
  port: number,
  key: Buffer,
  options: { hashSalt?: Buffer; comment?: string } = {},
): string {
  const name = knownHostsName(host, port);
  const hostField = options.hashSalt ? hashHostName(name, options.hashSalt) : name;
  const comment = options.comment ? ` ${options.comment}` : '';
  return `${hostField} ${keyTypeOfBlob(key)} ${key.toString('base64')}${comment}\n`;
}

/**
 * True when the file's entries hide host names (`|1|...`, ssh's HashKnownHosts or ssh-keygen -H):
 * a line added to such a file is hashed too, so it does not give away the host it names.
 */
export function usesHashedNames(text: string): boolean {
  return text
    .split(/\r?\n/)
    .some((raw, index) => parseLine(raw, index + 1)?.hosts.startsWith('|1|'));
}

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))` as ssh-keygen -H writes it. */
export function hashHostName(name: string, salt: Buffer): string {
  const mac = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${mac}`;
}

interface ParsedLine {
  hosts: string;
  entry: KnownHostEntry;
}

function parseLine(raw: string, line: number): ParsedLine | null {
  const text = raw.trim();
  if (text === '' || text.startsWith('#')) return null;
  const fields = text.split(/\s+/);
  let marker: KnownHostMarker = null;
  if (fields[0]?.startsWith('@')) {
    const m = fields.shift();
    if (m === '@revoked') marker = 'revoked';
    else if (m === '@cert-authority') marker = 'cert-authority';
    else return null; // unknown marker: OpenSSH skips the line
  }
  const [hosts, keyType, keyB64] = fields;
  if (!hosts || !keyType || !keyB64 || !/^[A-Za-z0-9+/]+=*$/.test(keyB64)) return null;
  return { hosts, entry: { line, marker, keyType, key: Buffer.from(keyB64, 'base64') } };
}

function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) return hashedMatches(field, name);
  let positive = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      if (globMatches(pattern.slice(1), name)) return false; // a negated match wins
    } else if (globMatches(pattern, name)) {
      positive = true;
    }
  }
  return positive;
}

function hashedMatches(field: string, name: string): boolean {
  const [, , saltB64, hashB64] = field.split('|');
  if (!saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = createHmac('sha1', Buffer.from(saltB64, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

// OpenSSH patterns: `*` any run, `?` one character; matched case-insensitively.
function globMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase();
  if (!p.includes('*') && !p.includes('?')) return p === name;
  const re = p
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(name);
}
