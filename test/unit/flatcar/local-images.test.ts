// The jump-host side of Flatcar images: tar member reads, extension-release checks, sha256 refusal.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import type { OsFact } from '../../../src/facts/types.js';
import type { FlatcarSettings, SysextImageSource } from '../../../src/inventory/types.js';
import { resolveImages } from '../../../src/sysext/local-images.js';
import { releaseMismatch } from '../../../src/sysext/release-check.js';
import { readTarMember } from '../../../src/sysext/tar.js';
import { REPO } from '../tasks/support/fixtures.js';

const fixture = (name: string): string => join(REPO, 'fixtures/sysext', name);
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const RELEASE = 'usr/lib/extension-release.d/extension-release.haproxy';
const FLATCAR: OsFact = {
  id: 'flatcar',
  idLike: ['coreos'],
  versionId: '3975.2.0',
  prettyName: 'Flatcar Container Linux by Kinvolk 3975.2.0 (Oklo)',
  family: 'flatcar',
  sysextLevel: '1.0',
};

function settings(file: string, sha256 = sha(file)): FlatcarSettings {
  const image = (name: SysextImageSource['name']): SysextImageSource => ({
    name,
    source: file,
    sha256,
    version: '2.6.12',
    arch: 'x86-64',
    format: 'tar',
  });
  return { images: [image('haproxy')], rebootWindow: { start: 'Thu 04:00', lengthMinutes: 60 } };
}

/** The settings with the haproxy image taken from `source`. */
function fromSource(source: string, sha256 = sha(fixture('haproxy-level1.tar'))): FlatcarSettings {
  const base = settings(fixture('haproxy-level1.tar'), sha256);
  return { ...base, images: base.images.map((image) => ({ ...image, source })) };
}

describe('readTarMember', () => {
  it('reads a member of a GNU tar and of a ustar with ./ names', () => {
    const gnu = readTarMember(readFileSync(fixture('haproxy-level1.tar')), RELEASE);
    const ustar = readTarMember(readFileSync(fixture('haproxy-level2.tar')), RELEASE);
    expect(gnu?.toString()).toBe('ID=flatcar\nSYSEXT_LEVEL=1.0\n');
    expect(ustar?.toString()).toBe('ID=flatcar\nSYSEXT_LEVEL=2.0\n');
  });

  it('is null for a missing member and for a folder', () => {
    const tar = readFileSync(fixture('haproxy-level1.tar'));
    expect(
      readTarMember(tar, 'usr/lib/extension-release.d/extension-release.keepalived'),
    ).toBeNull();
    expect(readTarMember(tar, 'usr/lib/extension-release.d')).toBeNull();
  });
});

describe('releaseMismatch', () => {
  it('accepts the host ID with its SYSEXT_LEVEL, and _any', () => {
    expect(releaseMismatch({ ID: 'flatcar', SYSEXT_LEVEL: '1.0' }, FLATCAR)).toBeNull();
    expect(releaseMismatch({ ID: '_any' }, FLATCAR)).toBeNull();
    expect(releaseMismatch({ ID: 'flatcar', VERSION_ID: '3975.2.0' }, FLATCAR)).toBeNull();
  });

  it('names what does not match', () => {
    expect(releaseMismatch({ ID: 'flatcar', SYSEXT_LEVEL: '2.0' }, FLATCAR)).toBe(
      'its extension-release says SYSEXT_LEVEL=2.0, the host has SYSEXT_LEVEL=1.0',
    );
    expect(releaseMismatch({ ID: 'fedora', SYSEXT_LEVEL: '1.0' }, FLATCAR)).toMatch(
      /ID=fedora, the host is ID=flatcar/,
    );
    expect(releaseMismatch({ ID: 'flatcar', VERSION_ID: '4000.0.0' }, FLATCAR)).toMatch(
      /VERSION_ID=4000.0.0/,
    );
    expect(releaseMismatch({ ID: 'flatcar' }, FLATCAR)).toMatch(
      /neither SYSEXT_LEVEL nor VERSION_ID/,
    );
    expect(releaseMismatch({}, FLATCAR)).toMatch(/no ID/);
  });
});

describe('resolveImages', () => {
  it('verifies the sha256 and reads the extension-release of a directory image', async () => {
    const file = fixture('haproxy-level2.tar');
    const [image] = await resolveImages(settings(file), '/nonexistent-cache');
    expect(image?.file).toBe(file);
    expect(image?.release).toEqual({ ID: 'flatcar', SYSEXT_LEVEL: '2.0' });
  });

  it('refuses a file whose sha256 is not the inventory’s, naming both', async () => {
    const file = fixture('haproxy-level1.tar');
    const wrong = '0'.repeat(64);
    const run = resolveImages(settings(file, wrong), '/nonexistent-cache');
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow(`has sha256 ${sha(file)}, the inventory requires ${wrong}`);
  });

  describe('hostile sources are refused with the field named, without a hang', () => {
    const dir = mkdtempSync(join(tmpdir(), 'haka-images-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const limits = { maxBytes: 4096, downloadTimeoutMs: 1500 };
    const refused = async (source: string, says: RegExp, sha256 = '0'.repeat(64)) => {
      const run = resolveImages(fromSource(source, sha256), join(dir, 'cache'), limits);
      await expect(run).rejects.toBeInstanceOf(ConfigError);
      await expect(run).rejects.toThrow(/flatcar\.images\.haproxy\.(source|sha256)/);
      await expect(run).rejects.toThrow(says);
    };

    it('a FIFO, a link to /dev/zero, a folder, a missing file, a file over the limit', async () => {
      execFileSync('mkfifo', [join(dir, 'fifo.tar')]);
      symlinkSync('/dev/zero', join(dir, 'zero.tar'));
      mkdirSync(join(dir, 'folder.tar'));
      writeFileSync(join(dir, 'big.tar'), Buffer.alloc(8192));
      await refused(join(dir, 'fifo.tar'), /is a FIFO \(named pipe\), not a regular file/);
      await refused(join(dir, 'zero.tar'), /is a character device/);
      await refused(join(dir, 'folder.tar'), /is a folder/);
      await refused(join(dir, 'missing.tar'), /missing\.tar does not exist/);
      await refused(join(dir, 'big.tar'), /8192 bytes, more than the 4 KiB allowed/);
    });

    describe('downloads (a server on loopback)', () => {
      const tar = readFileSync(fixture('haproxy-level1.tar'));
      let base = '';
      const server = createServer((request, response) => {
        if (request.url === '/image.tar') response.end(tar);
        else if (request.url === '/endless.tar') {
          // No content-length and no end: only the byte limit stops the read.
          const chunk = Buffer.alloc(1024);
          const timer = setInterval(() => response.write(chunk), 1);
          response.on('close', () => clearInterval(timer));
        } else if (request.url === '/big.tar') {
          response.setHeader('content-length', '9999999');
          response.end();
        } else if (request.url === '/silent.tar') {
          // Headers never come: only the timeout ends it.
          request.on('close', () => response.destroy());
        } else {
          response.statusCode = 404;
          response.end();
        }
      });
      beforeAll(async () => {
        await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      afterAll(() => new Promise<void>((done) => server.close(() => done())));

      it('keeps a good download in the cache, and never a wrong one', async () => {
        const wrong = resolveImages(
          fromSource(`${base}/image.tar`, '1'.repeat(64)),
          join(dir, 'cache'),
          { ...limits, maxBytes: 1 << 20 },
        );
        await expect(wrong).rejects.toThrow(
          /image\.tar has sha256 .* the inventory requires 1{64}/,
        );
        expect(existsSync(join(dir, 'cache', `${'1'.repeat(64)}.image`))).toBe(false);
        const [image] = await resolveImages(fromSource(`${base}/image.tar`), join(dir, 'cache'), {
          ...limits,
          maxBytes: 1 << 20,
        });
        expect(image?.file).toBe(join(dir, 'cache', `${sha(fixture('haproxy-level1.tar'))}.image`));
        expect(image?.release).toEqual({ ID: 'flatcar', SYSEXT_LEVEL: '1.0' });
      });

      it('an endless body, a declared size over the limit, a silent server, a 404', async () => {
        await refused(`${base}/endless.tar`, /sent more than the 4 KiB allowed/);
        await refused(`${base}/big.tar`, /9999999 bytes, more than the 4 KiB allowed/);
        await refused(`${base}/silent.tar`, /no complete answer within 2 s/);
        await refused(`${base}/nothing.tar`, /HTTP 404/);
      });
    });
  });
});
