// The system extension images on the jump host: a file, or a URL downloaded into haka's cache
// (load balancers may have no internet). Each one's sha256 must be the inventory's, and its
// extension-release is read here, so the planner can refuse an image that does not fit a host.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '../errors.js';
import { parseOsRelease } from '../facts/os-release.js';
import type { FlatcarSettings, SysextImageSource } from '../inventory/types.js';
import { extensionReleasePath } from './release-check.js';
import { readTarMember } from './tar.js';

export interface LocalImage extends SysextImageSource {
  /** The verified file on the jump host. */
  file: string;
  /** Its extension-release fields; null when they could not be read (see releaseError). */
  release: Record<string, string> | null;
  releaseError?: string;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function fetchInto(url: string, cacheDir: string, expected: string): Promise<string> {
  const file = join(cacheDir, `${expected}.image`);
  const cached = await readFile(file).catch(() => null);
  if (cached && sha256(cached) === expected) return file;
  const response = await fetch(url, { redirect: 'follow' });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  await mkdir(cacheDir, { recursive: true });
  await writeFile(`${file}.part`, Buffer.from(await response.arrayBuffer()), { mode: 0o644 });
  await rename(`${file}.part`, file);
  return file;
}

/** unsquashfs (squashfs-tools) reads one file out of a .raw image without mounting it. */
async function rawMember(file: string, member: string): Promise<string> {
  const { stdout } = await promisify(execFile)('unsquashfs', ['-cat', file, member], {
    maxBuffer: 1 << 20,
  });
  return stdout;
}

async function releaseOf(
  image: SysextImageSource,
  file: string,
  data: Buffer,
): Promise<Pick<LocalImage, 'release' | 'releaseError'>> {
  const member = extensionReleasePath(image.name);
  try {
    const text =
      image.format === 'tar'
        ? readTarMember(data, member)?.toString('utf8')
        : await rawMember(file, member);
    if (text === undefined || text === '')
      return { release: null, releaseError: `${member} is missing from ${file}` };
    return { release: Object.fromEntries(parseOsRelease(text)) };
  } catch (error) {
    return {
      release: null,
      releaseError: `cannot read ${member} from ${file}: ${(error as Error).message.split('\n')[0]}`,
    };
  }
}

function mismatch(image: SysextImageSource, file: string, actual: string): ConfigError {
  return new ConfigError([
    {
      file: image.source,
      line: null,
      field: `flatcar.images.${image.name}.sha256`,
      message: `${file} has sha256 ${actual}, the inventory requires ${image.sha256}; nothing was changed`,
      fix: 'check where the image came from, then correct the file or the sha256',
      severity: 'error',
    },
  ]);
}

export async function resolveImages(
  settings: FlatcarSettings,
  cacheDir: string,
): Promise<LocalImage[]> {
  return Promise.all(
    settings.images.map(async (image) => {
      const file = /^https?:\/\//.test(image.source)
        ? await fetchInto(image.source, cacheDir, image.sha256)
        : image.source;
      const data = await readFile(file);
      const actual = sha256(data);
      if (actual !== image.sha256) throw mismatch(image, file, actual);
      return { ...image, file, ...(await releaseOf(image, file, data)) };
    }),
  );
}
