// Reading and atomically extending a known_hosts file on the operator's machine.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/** The file's text, or '' when it does not exist yet. */
export async function readKnownHosts(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

// Parallel connections may accept new keys at once: serialise writers per file in this process,
// otherwise two read-modify-rename cycles would lose one of the lines.
const writers = new Map<string, Promise<void>>();

/** Append `line` by writing a temp file beside `file` and renaming it over (never half-written). */
export function appendKnownHostsLine(file: string, line: string): Promise<void> {
  const previous = writers.get(file) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => rewriteWithLine(file, line));
  writers.set(file, next);
  void next
    .finally(() => {
      if (writers.get(file) === next) writers.delete(file);
    })
    .catch(() => undefined);
  return next;
}

async function rewriteWithLine(file: string, line: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const current = await readKnownHosts(file);
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  const mode = await stat(file).then(
    (s) => s.mode & 0o7777,
    () => 0o600,
  );
  const temp = join(dirname(file), `.${basename(file)}.haka-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(current + separator + line, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  await rename(temp, file).catch(async (err: unknown) => {
    await unlink(temp).catch(() => undefined);
    throw err;
  });
}
