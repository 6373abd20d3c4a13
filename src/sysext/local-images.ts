// The system extension images on the jump host: a file, or a URL downloaded into haka's cache
// (load balancers may have no internet). Each one's sha256 must be the inventory's, and its
// extension-release is read here, so the planner can refuse an image that does not fit a host.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '../errors.js';
import { readBoundedBytes, sizeText } from '../inventory/bounded-read.js';
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

/** Far above any system extension image (tens of MiB); an image is held in memory to hash it. */
export const MAX_IMAGE_BYTES = 256 * 1024 * 1024;
/** A download that has not finished by then is abandoned (nothing is cached). */
export const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000;

export interface ImageLimits {
  maxBytes: number;
  downloadTimeoutMs: number;
}
const LIMITS: ImageLimits = { maxBytes: MAX_IMAGE_BYTES, downloadTimeoutMs: DOWNLOAD_TIMEOUT_MS };

/** The body, at most `maxBytes`, read as it arrives: a server cannot make haka hold more. */
async function boundedBody(response: Response, url: string, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes)
    throw new Error(`${url} is ${declared} bytes, more than the ${sizeText(maxBytes)} allowed`);
  const chunks: Uint8Array[] = [];
  let length = 0;
  if (response.body)
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      length += chunk.length;
      if (length > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw new Error(`${url} sent more than the ${sizeText(maxBytes)} allowed`);
      }
      chunks.push(chunk);
    }
  return Buffer.concat(chunks, length);
}

/**
 * Downloads into the cache; only a file with the expected sha256 is ever kept there. Returns the
 * cached file with its verified bytes, so they are not read and hashed a second time.
 */
async function fetchInto(
  image: SysextImageSource,
  cacheDir: string,
  limits: ImageLimits,
): Promise<{ file: string; data: Buffer }> {
  const file = join(cacheDir, `${image.sha256}.image`);
  try {
    const cached = readBoundedBytes(file, limits.maxBytes).data;
    if (sha256(cached) === image.sha256) return { file, data: cached };
  } catch {
    // not cached yet, or not usable: download it again
  }
  const url = image.source;
  let response: Response;
  try {
    response = await fetch(url, {
      redirect: 'follow',
      signal: AbortSignal.timeout(limits.downloadTimeoutMs),
    });
  } catch (error) {
    throw new Error(`GET ${url}: ${downloadFailure(error, limits)}`, { cause: error });
  }
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  const data = await boundedBody(response, url, limits.maxBytes).catch((error: unknown) => {
    throw new Error(`GET ${url}: ${downloadFailure(error, limits)}`, { cause: error });
  });
  const actual = sha256(data);
  if (actual !== image.sha256) throw mismatch(image, url, actual);
  await mkdir(cacheDir, { recursive: true });
  await writeFile(`${file}.part`, data, { mode: 0o644 });
  await rename(`${file}.part`, file);
  return { file, data };
}

function downloadFailure(error: unknown, limits: ImageLimits): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return `no complete answer within ${Math.round(limits.downloadTimeoutMs / 1000)} s`;
  return e.cause?.code ?? e.cause?.message ?? e.message;
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
  return new ConfigError(
    [
      {
        file: image.source,
        line: null,
        field: `flatcar.images.${image.name}.sha256`,
        message: `${file} has sha256 ${actual}, the inventory requires ${image.sha256}; nothing was changed`,
        fix: 'check where the image came from, then correct the file or the sha256',
        severity: 'error',
      },
    ],
    'Flatcar image',
  );
}

/** Where an image comes from cannot be used: said against the inventory's field, never a stack. */
function unusable(image: SysextImageSource, why: string): ConfigError {
  return new ConfigError(
    [
      {
        file: image.source,
        line: null,
        field: `flatcar.images.${image.name}.source`,
        message: `${why}; nothing was changed`,
        fix: 'point source at the image file (or a URL that serves it) and check the sha256',
        severity: 'error',
      },
    ],
    'Flatcar image',
  );
}

async function verifiedImage(
  image: SysextImageSource,
  cacheDir: string,
  limits: ImageLimits,
): Promise<LocalImage> {
  let file: string;
  let data: Buffer;
  try {
    if (/^https?:\/\//.test(image.source))
      ({ file, data } = await fetchInto(image, cacheDir, limits));
    else {
      file = image.source;
      data = readBoundedBytes(file, limits.maxBytes).data;
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const e = error as NodeJS.ErrnoException;
    throw unusable(image, e.code === 'ENOENT' ? `${image.source} does not exist` : e.message);
  }
  const actual = sha256(data);
  if (actual !== image.sha256) throw mismatch(image, file, actual);
  return { ...image, file, ...(await releaseOf(image, file, data)) };
}

export async function resolveImages(
  settings: FlatcarSettings,
  cacheDir: string,
  limits: ImageLimits = LIMITS,
): Promise<LocalImage[]> {
  return Promise.all(settings.images.map((image) => verifiedImage(image, cacheDir, limits)));
}
