// Reads the operator's files (the inventory, `file:` secrets) with limits: a regular file only,
// at most `maxBytes`, UTF-8. A FIFO or device is refused without blocking: it is opened with
// O_NONBLOCK and checked with fstat on the same descriptor (no window between check and read).
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export interface BoundedText {
  text: string;
  /** Permission bits (e.g. 0o600), for warnings about secrets others can read. */
  mode: number;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes / 1024} KiB`;
}

export interface BoundedBytes {
  data: Buffer;
  /** Permission bits (e.g. 0o600), for warnings about secrets others can read. */
  mode: number;
}

/** Throws an Error whose message says what is wrong (never the content). */
export function readBoundedBytes(path: string, maxBytes: number): BoundedBytes {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error(`${path} is ${kindOf(stats)}, not a regular file`);
    if (stats.size > maxBytes)
      throw new Error(
        `${path} is ${stats.size} bytes, more than the ${sizeText(maxBytes)} allowed`,
      );
    // Read in chunks up to the limit: fstat's size can be wrong (a file that grows, /proc files).
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1 << 20, maxBytes + 1 - length));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > maxBytes)
        throw new Error(`${path} is more than the ${sizeText(maxBytes)} allowed`);
    }
    const buffer = Buffer.concat(chunks, length);
    return { data: buffer, mode: stats.mode & 0o777 };
  } finally {
    closeSync(fd);
  }
}

/** Throws an Error whose message says what is wrong (never the content). */
export function readBoundedText(path: string, maxBytes: number): BoundedText {
  const { data, mode } = readBoundedBytes(path, maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new Error(`${path} is not UTF-8 text`);
  }
  return { text, mode };
}
