import { PREVIOUS_DIR } from '../../tasks/paths.js';

/** Pure: managed paths with a kept previous version, from `find PREVIOUS_DIR -type f`. */
export function previousFiles(findOutput: string): string[] {
  const paths = findOutput
    .split('\n')
    .filter((l) => l.startsWith(`${PREVIOUS_DIR}/`))
    .map((l) => l.slice(PREVIOUS_DIR.length).replace(/\.absent$/, ''));
  return [...new Set(paths)].sort();
}
