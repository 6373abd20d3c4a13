// Symbolic links at given paths, read as links (never followed): where each points, or that there
// is none. The last known good set keeps Flatcar's image links this way; following one would read
// a whole image (a .raw file) or a folder.
import { sh } from '../transport/sh.js';
import { factError, lines, type Fact } from './fact.js';

export function linksFact(paths: readonly string[]): Fact<Record<string, string | null>> {
  // Index, not path, on each line: the parser knows the paths; a target is the rest of its line.
  const command =
    paths.length > 0
      ? sh`i=0; for l in ${paths}; do if [ -L "$l" ]; then printf 'link %s %s\n' "$i" "$(readlink -- "$l")"; else printf 'none %s\n' "$i"; fi; i=$((i+1)); done`
      : sh`:`;
  return { name: 'links', command, parse: (output) => parseLinks(output, paths) };
}

export function parseLinks(
  output: string,
  paths: readonly string[],
): Record<string, string | null> {
  const found: Record<string, string | null> = {};
  for (const line of lines(output)) {
    const m = /^(link|none) (\d+)(?: (.+))?$/.exec(line);
    const path = m ? paths[Number(m[2])] : undefined;
    if (!m || path === undefined || (m[1] === 'link') !== (m[3] !== undefined))
      throw factError('links', `unexpected line: ${JSON.stringify(line.slice(0, 120))}`);
    found[path] = m[3] ?? null;
  }
  const missing = paths.filter((p) => !(p in found));
  if (missing.length > 0) throw factError('links', `no answer for ${missing.join(', ')}`);
  return found;
}
