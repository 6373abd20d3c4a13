// Reading and extending a known_hosts file on the operator's machine. A new key is appended as
// one line under a lock file beside the real file (so parallel haka runs never lose a line), to
// the file a symlink points at (a managed ~/.ssh/known_hosts stays a link), hashed when the file's
// entries are hashed (HashKnownHosts), and not at all when an equal entry arrived meanwhile.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { appendHostKey, usesHashedNames, verifyHostKey } from './known-hosts.js';
import { lockFile } from './local-lock-file.js';

/** The file's text, or '' when it does not exist yet. */
export async function readKnownHosts(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

export interface NewHostKey {
  host: string;
  port: number;
  key: Buffer;
}

// One writer per file in this process (no spinning on our own lock); the lock file covers others.
const writers = new Map<string, Promise<boolean>>();

/**
 * Record `entry` in `file` (trust on first use). True when a line was appended, false when the
 * file already had this very key for the host (another run recorded it first).
 */
export function recordHostKey(file: string, entry: NewHostKey): Promise<boolean> {
  const previous = writers.get(file) ?? Promise.resolve(false);
  const next = previous.catch(() => false).then(() => appendUnderLock(file, entry));
  writers.set(file, next);
  void next
    .finally(() => {
      if (writers.get(file) === next) writers.delete(file);
    })
    .catch(() => undefined);
  return next;
}

/** Where a write to `file` lands: through every symlink, also a dangling one (at most 40, as the kernel). */
export async function writeTarget(file: string): Promise<string> {
  let path = resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return await realpath(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const link = await lstat(path).catch(() => null);
    // Missing: the file is created here (its folder is resolved, the name stays).
    if (!link?.isSymbolicLink())
      return resolve(await realpathOrSelf(dirname(path)), basename(path));
    path = resolve(dirname(path), await readlink(path));
  }
  throw Object.assign(new Error(`${file}: too many levels of symbolic links`), { code: 'ELOOP' });
}

async function realpathOrSelf(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

async function appendUnderLock(file: string, entry: NewHostKey): Promise<boolean> {
  const target = await writeTarget(file);
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const release = await lockFile(`${target}.haka-lock`);
  try {
    // Read again under the lock: the text read before connecting may be old by now.
    const current = await readKnownHosts(target);
    if (verifyHostKey(current, entry.host, entry.port, entry.key) === 'match') return false;
    const line = appendHostKey(entry.host, entry.port, entry.key, {
      hashSalt: usesHashedNames(current) ? randomBytes(20) : undefined,
    });
    const separator = current === '' || current.endsWith('\n') ? '' : '\n';
    // O_APPEND through the path: a symlink is followed, never replaced; one write, then fsync.
    const handle = await open(target, 'a', 0o600);
    try {
      await handle.write(separator + line);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } finally {
    await release();
  }
}
