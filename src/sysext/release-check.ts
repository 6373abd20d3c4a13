// Does a system extension image fit a host? systemd-sysext merges an image only when its
// extension-release ID is the host's (or _any) and its SYSEXT_LEVEL (else VERSION_ID) is the
// host's. Checked on the jump host before anything changes, so a wrong image is refused with the
// reason instead of failing half-way through a merge. PURE.
import type { OsFact } from '../facts/types.js';

export function extensionReleasePath(name: string): string {
  return `usr/lib/extension-release.d/extension-release.${name}`;
}

/** Why `release` (an image's extension-release fields) does not fit the host; null when it does. */
export function releaseMismatch(release: Record<string, string>, os: OsFact): string | null {
  const id = release.ID;
  if (id === undefined) return 'its extension-release has no ID';
  if (id === '_any') return null;
  if (id !== os.id) return `its extension-release says ID=${id}, the host is ID=${os.id}`;
  const level = release.SYSEXT_LEVEL;
  if (level !== undefined) {
    if (level === os.sysextLevel) return null;
    return `its extension-release says SYSEXT_LEVEL=${level}, the host has SYSEXT_LEVEL=${os.sysextLevel ?? '(none)'}`;
  }
  const version = release.VERSION_ID;
  if (version === undefined) return 'its extension-release has neither SYSEXT_LEVEL nor VERSION_ID';
  if (version === os.versionId) return null;
  return `its extension-release says VERSION_ID=${version}, the host has VERSION_ID=${os.versionId}`;
}
