// The jump-host side of Flatcar images: tar member reads, extension-release checks, sha256 refusal.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
});
