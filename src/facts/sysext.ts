// systemd-sysext state (Flatcar): the links in /etc/extensions, the images under /opt/extensions
// with their sha256, and the extensions merged into /usr now with their extension-release fields.
// On a host without any of these (Debian, RHEL) every glob matches nothing: an empty fact.
import { sh } from '../transport/sh.js';
import { factError, lines, type Fact } from './fact.js';
import { parseOsRelease } from './os-release.js';
import type { SysextFact } from './types.js';

export const SYSEXT_LINK_DIR = '/etc/extensions';
export const SYSEXT_IMAGE_DIR = '/opt/extensions';
/** Where a merged extension's release file shows up (suffix = the extension's name). */
export const MERGED_RELEASE_DIR = '/usr/lib/extension-release.d';

export const sysextFact: Fact<SysextFact> = {
  name: 'sysext',
  // Names come from the host's own folders: printed, never interpreted. Each release file's
  // content is base64 on one line so nothing in it can look like a section line.
  command: sh`for l in ${SYSEXT_LINK_DIR}/*; do [ -L "$l" ] && printf 'link %s %s\n' "$l" "$(readlink -- "$l")"; done
for f in ${SYSEXT_IMAGE_DIR}/*/*.raw ${SYSEXT_IMAGE_DIR}/*/*.tar; do [ -f "$f" ] && [ ! -L "$f" ] && printf 'image %s\n' "$(sha256sum -- "$f")"; done
for r in ${MERGED_RELEASE_DIR}/extension-release.*; do [ -f "$r" ] && printf 'merged %s %s\n' "\${r##*/extension-release.}" "$(base64 -w0 < "$r")"; done
true`,
  parse: (output) => parseSysext(output),
};

export function parseSysext(output: string): SysextFact {
  const fact: SysextFact = { links: {}, images: {}, merged: {} };
  for (const line of lines(output)) {
    if (line === '') continue;
    const link = /^link (\/etc\/extensions\/\S+) (.*)$/.exec(line);
    const image = /^image ([0-9a-f]{64}) {2}(\/opt\/extensions\/\S+)$/.exec(line);
    const merged = /^merged (\S+) ([A-Za-z0-9+/=]*)$/.exec(line);
    if (link) fact.links[link[1] as string] = link[2] as string;
    else if (image) fact.images[image[2] as string] = image[1] as string;
    else if (merged) {
      const text = Buffer.from(merged[2] as string, 'base64').toString('utf8');
      fact.merged[merged[1] as string] = Object.fromEntries(parseOsRelease(text));
    } else throw factError('sysext', `unexpected line: ${JSON.stringify(line.slice(0, 120))}`);
  }
  return fact;
}
