// An exclusive lock on the operator's machine (Node has no flock): a file created with O_EXCL that
// holds "HOST PID TOKEN", removed only by its owner. A lock is stale when its owner process is gone
// (same machine) or when it is older than any real hold. Breakers take turns through a second
// O_EXCL file and remove a stale lock only after checking it is still the very file judged stale
// (inode and mtime), so two runs that find the same stale lock never both hold it.
import { randomBytes } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';

export interface LockFileOptions {
  /** A lock older than this was left by a process that died while holding it (a hold lasts ms). */
  staleMs: number;
  /** Give up waiting for a live owner after this long. */
  waitMs: number;
}

export const LOCK_FILE_DEFAULTS: LockFileOptions = { staleMs: 30_000, waitMs: 60_000 };

interface Holder {
  host: string;
  pid: number;
}

function holderOf(text: string): Holder | null {
  const [host, pid] = text.trim().split(' ');
  return host && pid && /^[0-9]+$/.test(pid) ? { host, pid: Number(pid) } : null;
}

/** False only when the owner certainly is gone: a process of this machine that no longer exists. */
function ownerAlive(holder: Holder | null): boolean {
  if (!holder || holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** A break is held for microseconds; one left behind by a crash is cleared after this. */
const BREAK_STALE_MS = 10_000;

/**
 * Removes the stale lock `judged`, holding `PATH.break` (O_EXCL) so that breakers take turns:
 * only a breaker removes another's lock, and only after checking, under the break, that `path` is
 * still the very file judged stale. False when another run is breaking it right now.
 */
async function takeOver(path: string, judged: { ino: number; mtimeMs: number }): Promise<boolean> {
  const breakPath = `${path}.break`;
  try {
    await (await open(breakPath, 'wx', 0o600)).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const held = await stat(breakPath).catch(() => null);
    if (held && Date.now() - held.mtimeMs > BREAK_STALE_MS)
      await unlink(breakPath).catch(() => undefined);
    return false;
  }
  try {
    const now = await stat(path).catch(() => null);
    if (now && now.ino === judged.ino && now.mtimeMs === judged.mtimeMs) await unlink(path);
    return true;
  } finally {
    await unlink(breakPath).catch(() => undefined);
  }
}

export async function lockFile(
  path: string,
  options: LockFileOptions = LOCK_FILE_DEFAULTS,
): Promise<() => Promise<void>> {
  const tokenId = randomBytes(8).toString('hex');
  const token = `${hostname()} ${process.pid} ${tokenId}\n`;
  const deadline = Date.now() + options.waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(token);
      await handle.close();
      return async () => {
        if ((await readFile(path, 'utf8').catch(() => '')) === token)
          await unlink(path).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const held = await stat(path).catch(() => null);
    if (held) {
      const holder = holderOf(await readFile(path, 'utf8').catch(() => ''));
      // An empty file is a lock being written this instant: only its age can make it stale.
      if (Date.now() - held.mtimeMs > options.staleMs || (holder !== null && !ownerAlive(holder))) {
        if (await takeOver(path, held)) continue;
      }
    }
    if (Date.now() > deadline) {
      const holder = held ? holderOf(await readFile(path, 'utf8').catch(() => '')) : null;
      const by = holder ? ` by process ${holder.pid} on ${holder.host}` : '';
      throw new Error(`${path} has been held${by} for more than ${options.waitMs / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, Math.min(5 + attempt * 5, 50) + Math.random() * 10));
  }
}
