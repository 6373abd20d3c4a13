// Applying system extension changes (Flatcar). An image travels over SFTP into the run's upload
// folder, its sha256 is checked on the host, and only then is it put under /opt/extensions
// (a directory image unpacked first, then swapped in); links are replaced atomically; a merge is
// Flatcar's own: restart systemd-sysext and ensure-sysext, then create the images' users.
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type { SysextChange, SysextImageChange } from '../plan/types.js';
import { sh, type Shell } from '../transport/sh.js';
import type { Transport } from '../transport/types.js';
import { must } from '../transport/must.js';
import { SYSEXT_LINK_DIR } from '../facts/sysext.js';

const NEW = '.haka-new';

function placeCommand(change: SysextImageChange, upload: string): Shell {
  const folder = posix.dirname(change.path);
  const verify = sh`printf '%s  %s\n' ${change.sha256} ${upload} | sha256sum -c --status || { echo ${`sha256 of the uploaded ${change.name} image is not ${change.sha256}: nothing placed`} >&2; exit 3; }`;
  const dir = change.unpackedTo;
  const unpack = dir
    ? sh` && rm -rf ${dir + NEW} && mkdir ${dir + NEW} && tar -xf ${upload} -C ${dir + NEW} && rm -rf ${dir} && mv ${dir + NEW} ${dir}`
    : sh``;
  return sh`${verify}; mkdir -p ${folder}${unpack} && install -m 0644 ${upload} ${change.path + NEW} && mv -f ${change.path + NEW} ${change.path} && rm -f ${upload}`;
}

function deleteCommand(change: SysextImageChange): Shell {
  const dir = change.unpackedTo ? sh` && rm -rf ${change.unpackedTo}` : sh``;
  const folder = posix.dirname(change.path);
  return sh`rm -f ${change.path}${dir} && { rmdir ${folder} ${posix.dirname(folder)} 2>/dev/null || true; }`;
}

export const MERGE = sh`systemctl restart systemd-sysext.service ensure-sysext.service && systemctl daemon-reload && systemd-sysusers`;
/**
 * With no extension left, systemd-sysext.service's start conditions fail (and ensure-sysext with
 * it): unmerge directly, then let systemd forget the images' units.
 */
export const UNMERGE = sh`systemd-sysext refresh && systemctl daemon-reload`;

/** After links were put back: merge what they name, or unmerge when none is left. */
export const REMERGE = sh`if [ -n "$(ls -A ${SYSEXT_LINK_DIR} 2>/dev/null)" ]; then ${MERGE}; else ${UNMERGE}; fi`;

export const isImageLink = (path: string): boolean => path.startsWith(`${SYSEXT_LINK_DIR}/`);

export function linkCommand(link: string, target: string | null): Shell {
  if (target === null) return sh`rm -f ${link}`;
  return sh`mkdir -p ${posix.dirname(link)} && ln -sfn ${target} ${link + NEW} && mv -Tf ${link + NEW} ${link}`;
}

export async function applySysext(
  transport: Transport,
  change: SysextChange,
  uploadDir: () => Promise<string>,
): Promise<void> {
  switch (change.kind) {
    case 'sysext-image': {
      if (change.action === 'delete') {
        await must(transport, deleteCommand(change), { timeoutMs: 120_000 });
        return;
      }
      if (!change.source) throw new Error(`internal: image ${change.path} has no source`);
      const upload = `${await uploadDir()}/${change.name}-image`;
      await transport.upload(upload, await readFile(change.source), 0o644);
      await must(transport, placeCommand(change, upload), { timeoutMs: 300_000 });
      return;
    }
    case 'sysext-link': {
      const dirs = change.target === null ? (change.removeEmptyDirs ?? []) : [];
      const rmdirs =
        dirs.length > 0 ? sh` && for d in ${dirs}; do rmdir "$d" 2>/dev/null || true; done` : sh``;
      await must(transport, sh`${linkCommand(change.link, change.target)}${rmdirs}`);
      return;
    }
    case 'sysext-refresh':
      await must(transport, change.merged.length > 0 ? MERGE : UNMERGE, { timeoutMs: 120_000 });
  }
}
